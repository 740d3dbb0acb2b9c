// Work ledger (台账): activities, cases with their close-out workflow, projects and honours, each
// with an admin-edited category tree and extra attributes, attachments, full-text search, and
// record queries that derived indicators count or sum. Other modules use only what is exported here.
import './record-query';

export { ledgerRoutes } from './ledger.routes';
export { seedCategories, categoryCatalog, queryReachesSensitive } from './categories.service';
export { runRecordQuery, recordQueryTotal, topRecords, describeRecordQuery, describeRecordQueryNamed, checkRecordQuery } from './record-query';
export { overdueCasesPerUnit } from './cases.workflow';
export { seedLedgerDemo } from './demo';
export { caseCounters, honourSummary, newlyOverdueCases } from './counters.service';
