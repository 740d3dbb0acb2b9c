import { z } from 'zod';
import { CASE_STATUSES, HONOUR_LEVELS, PROJECT_STATUSES, RECORD_KINDS } from './ledger';

/** A record query as the API accepts it (see RecordQuery); the ledger checks it against the categories. */
export const RecordQuerySchema = z.object({
  kind: z.enum(RECORD_KINDS),
  measure: z.enum(['count', 'sum']),
  field: z.string().max(40).nullable().optional(),
  categoryCode: z.string().min(1, '请选择台账类别').max(30),
  dateBasis: z.string().max(20),
  statuses: z.array(z.enum([...CASE_STATUSES, ...PROJECT_STATUSES])).max(10).nullable().optional(),
  levels: z.array(z.enum(HONOUR_LEVELS)).max(4).nullable().optional(),
  attribute: z.object({ key: z.string().max(40), value: z.string().max(100) }).nullable().optional(),
});
