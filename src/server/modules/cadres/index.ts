// Cadre services (干部之家): a cadre's own record with care records and correction requests, the
// organization department's cadre records and correction queue, and the 容错澄清 workflow whose
// decisions give the derived figure RCCQ_JS. Other modules use only what is exported here.
import './derived-sources';

export { cadreRoutes } from './cadres.routes';
export { seedCadresDemo, type CadresDemoAccount } from './demo';
