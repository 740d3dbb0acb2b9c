// Talent services (人才服务): programmes with eligibility rules, applications by personal
// accounts with their documents, the employer → talent office → committee review, and the
// subsidy payment ledger whose totals feed indicators. Other modules use only what is exported here.
import './derived-sources';

export { talentRoutes } from './talent.routes';
export { seedTalentDemo } from './demo';
export { housingRoutes, seedHousingDemo } from './housing';
