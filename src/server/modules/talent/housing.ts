// Talent apartments (人才公寓) and the overseas recruitment pipeline (海外引才): what the talent
// module's index exports of them. Importing this registers their derived indicator sources.
import './housing.derived';

export { housingRoutes } from './housing.routes';
export { seedHousingDemo } from './housing.demo';
