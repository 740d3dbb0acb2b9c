// Reports (年度综述): figure claims extracted from text, fact-checked against the indicators.
// Other modules use only what is exported here.
export { reportRoutes } from './reports.routes';
export { extractClaims } from './extract';
export { factCheck, type FactCheckReport, type CheckedClaim } from './factcheck';
