import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { attachment } from '../../http';
import { XLSX_MIME } from '../../xlsx';
import { AuditFilterSchema, AuditQuerySchema } from './audit.schema';
import { auditWorkbook, exportAuditEvents, listAuditEvents } from './audit.service';

/** Read-only by design: there is no route that changes or deletes an audit event. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/audit/events',
    { config: { permission: 'read:audit' }, schema: { tags: ['audit'], summary: '审计日志', querystring: AuditQuerySchema } },
    (req) => listAuditEvents(app.ctx, req.actor(), req.query),
  );
  // GET like every read: the export appends its own audit event, but changes nothing.
  app.get(
    '/api/audit/events/export',
    { config: { permission: 'read:audit' }, schema: { tags: ['audit'], summary: '导出审计日志 (.xlsx)；筛选条件同列表，单次至多10万条', querystring: AuditFilterSchema } },
    async (req, reply) => {
      const rows = await exportAuditEvents(app.ctx, req.actor(), req.query);
      const file = await auditWorkbook(rows);
      return reply.header('content-type', XLSX_MIME).header('content-disposition', attachment('审计日志.xlsx')).send(file);
    },
  );
};
