// Reports (年度综述): summaries generated from templates with every figure traced to its source,
// drafts with their history and exports, figure claims extracted from text and fact-checked
// against the indicators, old summaries imported as figures. Other modules use only what is
// exported here.
export { reportRoutes } from './reports.routes';
export { summaryRoutes } from './summaries.routes';
export { extractClaims } from './extract';
export { factCheck, rootUnit, type FactCheckReport, type CheckedClaim } from './factcheck';
export { generateSummary, documentOf, documentText, parseDocumentText } from './generate';
export { resolveContext } from './resolve';
export { seedReportsDemo } from './demo';
