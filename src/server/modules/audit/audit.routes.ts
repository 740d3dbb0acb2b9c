import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditQuerySchema } from './audit.schema';
import { listAuditEvents } from './audit.service';

/** Read-only by design: there is no route that changes or deletes an audit event. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/audit/events',
    { config: { permission: 'read:audit' }, schema: { tags: ['audit'], summary: '审计日志', querystring: AuditQuerySchema } },
    (req) => listAuditEvents(app.ctx, req.actor(), req.query),
  );
};
