import { doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Aggregation } from './aggregate';
import type { RecordQuery } from '../../../shared/ledger';

/**
 * An indicator (指标): what is measured. The parts that decide a figure's meaning — aggregation,
 * range, cross-field rule — live in `indicator_versions`, each effective from a period, so a
 * changed formula applies from then on and never rewrites figures already published.
 */
export const indicators = pgTable(
  'indicators',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    unit: text('unit').notNull(),
    /** Owning county department (组织部…); null for county-wide indicators. */
    departmentId: integer('department_id'),
    direction: text('direction').notNull(), // 'higher' | 'lower'
    periodType: text('period_type').notNull(), // 'month' | 'quarter' | 'half' | 'year'
    /** 'entered' by units, or 'derived' from records by a registered source (`derivation`). */
    source: text('source').notNull().default('entered'),
    derivation: text('derivation'),
    description: text('description'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('indicators_tenant_code_key').on(t.tenantId, t.code)],
);

export const indicatorVersions = pgTable(
  'indicator_versions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    indicatorId: integer('indicator_id').notNull(),
    versionNo: integer('version_no').notNull(),
    /** First period (a code of the indicator's period type) this definition applies to. */
    effectiveFrom: text('effective_from').notNull(),
    aggregation: jsonb('aggregation').$type<Aggregation>().notNull(),
    valueKind: text('value_kind').notNull(), // 'integer' | 'decimal'
    minValue: doublePrecision('min_value'),
    maxValue: doublePrecision('max_value'),
    /** Cross-field rule: this figure may not exceed the same unit's figure for that indicator. */
    notAbove: text('not_above'),
    /** For indicators derived from ledger records: what to count or sum (see shared/ledger RecordQuery). */
    recordQuery: jsonb('record_query').$type<RecordQuery>(),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('indicator_versions_no_key').on(t.indicatorId, t.versionNo), uniqueIndex('indicator_versions_from_key').on(t.indicatorId, t.effectiveFrom)],
);

/**
 * One figure (指标值) per indicator, unit and period — never two, so no unit reports the same
 * figure for two tasks. `value` is the working figure; `approved_value` the last signed-off one,
 * which is what published aggregates read, so reopening a figure does not pull it from reports
 * until the correction is approved.
 */
export const indicatorValues = pgTable(
  'indicator_values',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    indicatorId: integer('indicator_id').notNull(),
    orgUnitId: integer('org_unit_id').notNull(),
    period: text('period').notNull(),
    value: doublePrecision('value'),
    /** 'entered' | 'derived' | 'imported' */
    source: text('source').notNull().default('entered'),
    /** The task the figure was collected in; null for figures loaded outside a task. */
    taskId: integer('task_id'),
    /** The filler's explanation, required when the figure triggered an outlier warning. */
    comment: text('comment'),
    /** Why the reviewer returned this field, shown next to it until it is resubmitted. */
    returnReason: text('return_reason'),
    approvedValue: doublePrecision('approved_value'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    approvedBy: text('approved_by'),
    /** Times the signed-off figure changed after its first approval (each needs a reopen). */
    changesSinceSignoff: integer('changes_since_signoff').notNull().default(0),
    enteredBy: text('entered_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('indicator_values_key').on(t.indicatorId, t.orgUnitId, t.period),
    index('indicator_values_indicator_period_idx').on(t.indicatorId, t.period),
    index('indicator_values_task_idx').on(t.taskId, t.orgUnitId),
  ],
);

/** Every change to a figure, append-only: entered, corrected, approved, reopened. */
export const indicatorValueHistory = pgTable(
  'indicator_value_history',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    valueId: integer('value_id').notNull(),
    action: text('action').notNull(), // 'save' | 'submit' | 'approve' | 'return' | 'unapprove' | 'reopen'
    oldValue: doublePrecision('old_value'),
    newValue: doublePrecision('new_value'),
    reason: text('reason'),
    actorName: text('actor_name').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('indicator_value_history_value_idx').on(t.valueId)],
);

/** Target (目标值) for an indicator, unit and period. */
export const indicatorTargets = pgTable(
  'indicator_targets',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    indicatorId: integer('indicator_id').notNull(),
    orgUnitId: integer('org_unit_id').notNull(),
    period: text('period').notNull(),
    target: doublePrecision('target').notNull(),
    version: integer('version').notNull().default(1),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('indicator_targets_key').on(t.indicatorId, t.orgUnitId, t.period)],
);

/** External standing (兄弟县市对比): e.g. rank 1 of Jinhua's 9 county-level units. */
export const peerBenchmarks = pgTable(
  'peer_benchmarks',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    indicatorId: integer('indicator_id').notNull(),
    orgUnitId: integer('org_unit_id').notNull(),
    period: text('period').notNull(),
    peerGroup: text('peer_group').notNull(),
    rank: integer('rank').notNull(),
    peerCount: integer('peer_count').notNull(),
    value: doublePrecision('value'),
    sourceTitle: text('source_title').notNull(),
    sourceRef: text('source_ref'),
    sourceDate: text('source_date'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('peer_benchmarks_indicator_idx').on(t.indicatorId, t.period)],
);

export type IndicatorRow = typeof indicators.$inferSelect;
export type IndicatorVersionRow = typeof indicatorVersions.$inferSelect;
export type IndicatorValueRow = typeof indicatorValues.$inferSelect;
