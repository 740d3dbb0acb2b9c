import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** A collection task (填报任务): indicators for one period, sent to a set of units with a deadline. */
export const collectionTasks = pgTable(
  'collection_tasks',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    title: text('title').notNull(),
    period: text('period').notNull(),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    issuerUnitId: integer('issuer_unit_id').notNull(),
    issuedBy: text('issued_by').notNull(),
    note: text('note'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('collection_tasks_tenant_idx').on(t.tenantId, t.period)],
);

export const taskIndicators = pgTable(
  'task_indicators',
  {
    taskId: integer('task_id').notNull(),
    indicatorId: integer('indicator_id').notNull(),
    position: integer('position').notNull(),
    required: integer('required').notNull().default(1),
  },
  (t) => [uniqueIndex('task_indicators_key').on(t.taskId, t.indicatorId)],
);

/**
 * One unit's part in a task: not_started → draft → submitted → approved, or → returned (and
 * back to submitted). An approved submission locks its figures; the reviewer may reopen it.
 */
export const taskSubmissions = pgTable(
  'task_submissions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    taskId: integer('task_id').notNull(),
    orgUnitId: integer('org_unit_id').notNull(),
    status: text('status').notNull().default('not_started'),
    returnReason: text('return_reason'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: text('submitted_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: text('reviewed_by'),
    /** Times the approval was reopened for correction. */
    reopenCount: integer('reopen_count').notNull().default(0),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('task_submissions_key').on(t.taskId, t.orgUnitId),
    index('task_submissions_unit_idx').on(t.orgUnitId, t.status),
    // The cockpit's open-task counter reads a county's unapproved forms, not a province's forms.
    index('task_submissions_open_idx').on(t.tenantId, t.taskId).where(sql`status <> 'approved'`),
  ],
);

export type CollectionTaskRow = typeof collectionTasks.$inferSelect;
export type TaskSubmissionRow = typeof taskSubmissions.$inferSelect;
