import { z } from 'zod';

export const AuditFilterSchema = z.object({
  action: z.string().max(64).optional(),
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  actor: z.string().max(64).optional(),
  q: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
});
export const AuditQuerySchema = AuditFilterSchema.extend({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditFilter = z.infer<typeof AuditFilterSchema>;
export type AuditQuery = z.infer<typeof AuditQuerySchema>;
