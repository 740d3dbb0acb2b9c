import { date, index, integer, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * A cadre's career record (干部履历) beyond what other modules already hold: posts and ranks held,
 * training (with hours), annual evaluations. Dispatches (一线派驻) and honours are read from the
 * mobilization and ledger modules, never copied here.
 */
export const cadreCareerEntries = pgTable(
  'cadre_career_entries',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    personId: integer('person_id').notNull(),
    kind: text('kind').notNull(), // CareerEntryKind: post | rank | training | evaluation
    title: text('title').notNull(),
    /** The unit the entry belongs to (post unit, training organizer), if any. */
    orgUnitId: integer('org_unit_id'),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    /** Training hours (学时) for a training entry. */
    hours: numeric('hours', { precision: 7, scale: 1, mode: 'number' }),
    /** An evaluation's grade: 优秀 / 称职 / 基本称职 / 不称职. */
    grade: text('grade'),
    note: text('note'),
    version: integer('version').notNull().default(1),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('cadre_career_person_idx').on(t.personId, t.startDate)],
);

/** A cadre's request to correct an entry of their record; the organization department answers it. */
export const cadreCorrections = pgTable(
  'cadre_corrections',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    personId: integer('person_id').notNull(),
    /** What is wrong: 'career:<id>', 'dispatch:<id>', 'honour:<id>', 'profile' or 'other'. */
    subject: text('subject').notNull(),
    subjectLabel: text('subject_label').notNull(),
    requested: text('requested').notNull(),
    reason: text('reason'),
    status: text('status').notNull().default('pending'), // pending | accepted | rejected
    response: text('response'),
    handledBy: text('handled_by'),
    handledAt: timestamp('handled_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('cadre_corrections_person_idx').on(t.personId), index('cadre_corrections_status_idx').on(t.tenantId, t.status)],
);

/** Care records (关心关爱): visits, talks, health checks, hardship help; seen by the cadre and the organization department only. */
export const careRecords = pgTable(
  'care_records',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    personId: integer('person_id').notNull(),
    kind: text('kind').notNull(), // CareKind: visit | talk | health_check | hardship | other
    occurredOn: date('occurred_on').notNull(),
    /** Who cared: the visiting leader or office, as written. */
    byWhom: text('by_whom').notNull(),
    summary: text('summary').notNull(),
    followUp: text('follow_up'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('care_records_person_idx').on(t.personId, t.occurredOn)],
);

/** 容错澄清: a cadre's case from application through investigation to the committee's decision. */
export const faultToleranceCases = pgTable(
  'fault_tolerance_cases',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    personId: integer('person_id').notNull(),
    /** The cadre's unit when the case was opened; scope follows it. */
    orgUnitId: integer('org_unit_id').notNull(),
    /** tolerance (容错免责) | clarification (澄清正名): what was applied for. */
    requestKind: text('request_kind').notNull(),
    matter: text('matter').notNull(),
    appliedOn: date('applied_on').notNull(),
    /** Who applied: the cadre, their unit, or the department on its own motion. */
    applicant: text('applicant').notNull(),
    status: text('status').notNull().default('applied'), // applied | investigating | decided
    investigation: text('investigation'),
    investigatedBy: text('investigated_by'),
    investigatedOn: date('investigated_on'),
    version: integer('version').notNull().default(1),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('fault_tolerance_person_idx').on(t.personId), index('fault_tolerance_unit_idx').on(t.tenantId, t.orgUnitId)],
);

/**
 * The committee's decisions on a case, append-only (a trigger refuses UPDATE and DELETE): a
 * changed decision is a new row that names the one it supersedes and why. The latest row is in force.
 */
export const faultToleranceDecisions = pgTable(
  'fault_tolerance_decisions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer('case_id').notNull(),
    outcome: text('outcome').notNull(), // tolerated | clarified | not_applicable
    grounds: text('grounds').notNull(),
    committee: text('committee').notNull(),
    decidedOn: date('decided_on').notNull(),
    supersedesId: integer('supersedes_id'),
    changeReason: text('change_reason'),
    decidedBy: text('decided_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('fault_tolerance_decisions_case_idx').on(t.caseId, t.id)],
);

export type CareerEntryRow = typeof cadreCareerEntries.$inferSelect;
export type CorrectionRow = typeof cadreCorrections.$inferSelect;
export type CareRecordRow = typeof careRecords.$inferSelect;
export type FaultToleranceCaseRow = typeof faultToleranceCases.$inferSelect;
export type FaultToleranceDecisionRow = typeof faultToleranceDecisions.$inferSelect;
