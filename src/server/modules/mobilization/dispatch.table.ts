import { date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * A cadre posted to a front (一线派驻): who, which front (四个一线), which unit they serve in and in
 * what role, from when to when. Ending early keeps the planned end date for the record.
 */
export const dispatches = pgTable(
  'dispatches',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    personId: integer('person_id').notNull(),
    /** 'transformation' | 'urban_renewal' | 'investment' | 'grassroots' */
    front: text('front').notNull(),
    postedUnitId: integer('posted_unit_id').notNull(),
    /** Where exactly, in words: a task force, enterprise or project (e.g. 五金产业大脑专班). */
    postedTo: text('posted_to'),
    role: text('role').notNull(),
    startDate: date('start_date').notNull(),
    /** Planned last day; null while open-ended. */
    endDate: date('end_date'),
    /** Actual last day when the posting ended before its planned end. */
    endedEarlyOn: date('ended_early_on'),
    endReason: text('end_reason'),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('dispatches_person_idx').on(t.personId, t.startDate),
    index('dispatches_tenant_front_idx').on(t.tenantId, t.front, t.startDate),
    index('dispatches_posted_unit_idx').on(t.postedUnitId),
  ],
);

export type DispatchRow = typeof dispatches.$inferSelect;
