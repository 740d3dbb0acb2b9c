export { recordAudit, listAuditEvents, lastActorOf, entityHistory, exportAuditEvents, archiveAuditEvents, auditWorkbook, MIN_AUDIT_RETENTION_DAYS, type AuditInput } from './audit.service';
export { AuditFilterSchema } from './audit.schema';
export { auditRoutes } from './audit.routes';
