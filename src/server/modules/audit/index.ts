export { recordAudit, listAuditEvents, lastActorOf, type AuditInput } from './audit.service';
export { auditRoutes } from './audit.routes';
