// Every module's tables, for drizzle-kit and the typed client. Modules import only their own.
export * from '../modules/org/org.table';
export * from '../modules/people/people.table';
export * from '../modules/auth/auth.table';
export * from '../modules/audit/audit.table';
export * from '../modules/indicators/indicators.table';
export * from '../modules/indicators/tasks.table';
export * from '../modules/mobilization/mobilization.table';
export * from '../modules/mobilization/dispatch.table';
export * from '../modules/ledger/ledger.table';
export * from '../modules/assessment/assessment.table';
export * from '../modules/surveys/surveys.table';
export * from '../modules/reports/reports.table';
export * from '../modules/cockpit/cockpit.table';
export * from '../modules/maps/maps.table';
export * from '../modules/digest/digest.table';
