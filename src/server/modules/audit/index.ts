export { recordAudit, listAuditEvents, lastActorOf, entityHistory, type AuditInput } from './audit.service';
export { auditRoutes } from './audit.routes';
