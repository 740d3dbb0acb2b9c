import { boolean, doublePrecision, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { SchemeDefinition } from '../../../shared/assessment';
import type { StoredBreakdown } from './score';

/**
 * A scoring scheme (考评方案) over the units of given types under one unit: all villages and
 * communities of the county, all towns, the branches of an industry… The rules live in
 * versions; editing a scheme adds a version, so a published result keeps the rules it used.
 */
export const schemes = pgTable(
  'schemes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(), // SchemeKind
    description: text('description'),
    /** The cohort: units of these types under this unit. */
    scopeUnitId: integer('scope_unit_id').notNull(),
    unitTypes: text('unit_types').array().notNull(),
    periodType: text('period_type').notNull(),
    currentVersionNo: integer('current_version_no').notNull().default(1),
    createdBy: integer('created_by'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('schemes_code_key').on(t.tenantId, t.code)],
);

/** One version of a scheme's rules; never changed once written. */
export const schemeVersions = pgTable(
  'scheme_versions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    schemeId: integer('scheme_id').notNull(),
    versionNo: integer('version_no').notNull(),
    definition: jsonb('definition').$type<SchemeDefinition>().notNull(),
    note: text('note'),
    createdBy: integer('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('scheme_versions_key').on(t.schemeId, t.versionNo)],
);

/**
 * A published result: the league table of a scheme for a period, frozen. Rows and summary are
 * written once (a trigger refuses updates and deletes), so later corrections to figures or
 * records do not move it. A later publication for the same period supersedes it in views.
 */
export const schemeResults = pgTable(
  'scheme_results',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    schemeId: integer('scheme_id').notNull(),
    versionId: integer('version_id').notNull(),
    period: text('period').notNull(),
    title: text('title').notNull(),
    /** Items, adjustments, vetoes, grades and cohort as used, with labels, for reading the rows. */
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
    /** Random slug of the public page (no login); null when not public. */
    publicSlug: text('public_slug'),
    publishedBy: integer('published_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('scheme_results_scheme_idx').on(t.schemeId, t.period, t.id), uniqueIndex('scheme_results_slug_key').on(t.publicSlug)],
);

export const schemeResultRows = pgTable(
  'scheme_result_rows',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    resultId: integer('result_id').notNull(),
    orgUnitId: integer('org_unit_id').notNull(),
    unitPath: text('unit_path').notNull(),
    unitName: text('unit_name').notNull(),
    parentName: text('parent_name'),
    rank: integer('rank').notNull(),
    total: doublePrecision('total').notNull(),
    grade: text('grade'),
    vetoed: boolean('vetoed').notNull().default(false),
    /** Rank change against the previous period's publication (positive = moved up). */
    rankChange: integer('rank_change'),
    /** Every item's raw value, normalized score, weight and points; adjustments; vetoes. */
    breakdown: jsonb('breakdown').$type<StoredBreakdown>().notNull(),
  },
  (t) => [uniqueIndex('scheme_result_rows_key').on(t.resultId, t.orgUnitId), index('scheme_result_rows_rank_idx').on(t.resultId, t.rank)],
);

/**
 * An incentive pool (激励奖金) allocated over a published result: tiers (top N fixed amounts)
 * or in proportion to the score above a floor, in whole yuan adding up to the pool exactly.
 */
export const incentivePools = pgTable(
  'incentive_pools',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    resultId: integer('result_id').notNull(),
    name: text('name').notNull(),
    amount: numeric('amount', { precision: 16, scale: 0, mode: 'number' }).notNull(),
    method: text('method').notNull(), // PoolMethod
    /** Tiers ({fromRank, toRank, amountEach}) or the floor score. */
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    allocations: jsonb('allocations').$type<{ orgUnitId: number; unitName: string; parentName?: string | null; rank: number; total: number; amount: number; basis?: string }[]>().notNull(),
    createdBy: integer('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('incentive_pools_result_idx').on(t.resultId)],
);
