export { recordAudit, listAuditEvents, type AuditInput } from './audit.service';
export { auditRoutes } from './audit.routes';
