import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { AllocationResultRow, ProgrammeRules } from '../../../shared/talent';

/**
 * Talent programmes (人才政策): a housing subsidy (购房补助), an apartment scheme (人才公寓), or
 * another award, each with eligibility rules, amounts, required documents and an open period.
 */
export const talentProgrammes = pgTable(
  'talent_programmes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(), // ProgrammeKind: housing_subsidy | apartment | other
    ownerUnitId: integer('owner_unit_id').notNull(),
    rules: jsonb('rules').$type<ProgrammeRules>().notNull(),
    opensOn: date('opens_on').notNull(),
    closesOn: date('closes_on'),
    version: integer('version').notNull().default(1),
    updatedBy: text('updated_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('talent_programmes_code_key').on(t.tenantId, t.code)],
);

/**
 * One person's application to one programme. Kept as a draft until submitted; then reviewed by
 * the employer, the talent office and the committee (talent_reviews). At most one live
 * application per person and programme (withdrawn ones excepted).
 */
export const talentApplications = pgTable(
  'talent_applications',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    programmeId: integer('programme_id').notNull(),
    personId: integer('person_id').notNull(),
    /** The employer (an org unit, usually an enterprise); scope of the employer's review. */
    employerUnitId: integer('employer_unit_id'),
    tier: text('tier'), // TalentTier: A…E
    education: text('education'), // Education: college | bachelor | master | doctor
    /** Years working in the county, as declared and checked by the employer. */
    yearsInCounty: integer('years_in_county'),
    /** The programme's own fields (house address, purchase contract number, requested area…). */
    form: jsonb('form').$type<Record<string, string>>().notNull().default({}),
    status: text('status').notNull().default('draft'), // ApplicationStatus
    /** The step waiting for a decision: employer | office | committee; null when none is. */
    pendingStep: text('pending_step'),
    /** Allocation score under the programme's published rule (apartments). */
    score: numeric('score', { precision: 8, scale: 2, mode: 'number' }),
    /** The subsidy granted (元) by the committee's decision. */
    grantedAmount: numeric('granted_amount', { precision: 14, scale: 2, mode: 'number' }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('talent_applications_one_live_key').on(t.programmeId, t.personId).where(sql`status <> 'withdrawn'`),
    index('talent_applications_status_idx').on(t.tenantId, t.programmeId, t.status),
    index('talent_applications_employer_idx').on(t.employerUnitId),
  ],
);

/** Documents uploaded with an application (学历证书, 劳动合同, 购房合同…), stored by content hash. */
export const talentApplicationFiles = pgTable(
  'talent_application_files',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    applicationId: integer('application_id').notNull(),
    /** Which required document this is (the programme's document key). */
    docKey: text('doc_key').notNull(),
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('talent_application_files_app_idx').on(t.applicationId)],
);

/** Each review decision on an application, append-only: employer → talent office → committee. */
export const talentReviews = pgTable(
  'talent_reviews',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    applicationId: integer('application_id').notNull(),
    step: text('step').notNull(), // ReviewStep: employer | office | committee
    decision: text('decision').notNull(), // approve | reject | return
    reason: text('reason'),
    reviewerId: integer('reviewer_id').notNull(),
    reviewerName: text('reviewer_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('talent_reviews_app_idx').on(t.applicationId, t.id)],
);

/**
 * Subsidy payments (发放台账), append-only: a correction is a negative row that names the one it
 * reverses. Totals per programme and period feed indicators ("半年发放人才购房补助1.2亿元").
 */
export const talentPayments = pgTable(
  'talent_payments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    programmeId: integer('programme_id').notNull(),
    applicationId: integer('application_id').notNull(),
    amount: numeric('amount', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    paidOn: date('paid_on').notNull(),
    /** The bank or treasury voucher number. */
    reference: text('reference').notNull(),
    reversesId: integer('reverses_id'),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('talent_payments_programme_idx').on(t.tenantId, t.programmeId, t.paidOn), index('talent_payments_app_idx').on(t.applicationId)],
);

/** Talent apartments (人才公寓): the inventory, one row per flat. */
export const apartments = pgTable(
  'apartments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    /** The town or street where the estate is. */
    orgUnitId: integer('org_unit_id').notNull(),
    estate: text('estate').notNull(),
    building: text('building').notNull(),
    unitNo: text('unit_no').notNull(),
    area: numeric('area', { precision: 7, scale: 2, mode: 'number' }).notNull(),
    status: text('status').notNull().default('free'), // ApartmentStatus: free | reserved | rented | sold
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('apartments_flat_key').on(t.tenantId, t.estate, t.building, t.unitNo), index('apartments_status_idx').on(t.tenantId, t.status)],
);

/** A flat's contract with a talent: sale, rent or free rent (免费租住), with its dates. */
export const apartmentContracts = pgTable(
  'apartment_contracts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    apartmentId: integer('apartment_id').notNull(),
    personId: integer('person_id').notNull(),
    applicationId: integer('application_id'),
    kind: text('kind').notNull(), // ContractKind: sale | rent | free_rent
    signedOn: date('signed_on').notNull(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    terminatedOn: date('terminated_on'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('apartment_contracts_apartment_idx').on(t.apartmentId), index('apartment_contracts_signed_idx').on(t.tenantId, t.kind, t.signedOn)],
);

/**
 * An allocation run of an apartment programme under its published rule (score, then application
 * time): the ordered result is kept, so anyone can check who got which flat and why.
 */
export const apartmentAllocations = pgTable('apartment_allocations', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  tenantId: text('tenant_id').notNull(),
  programmeId: integer('programme_id').notNull(),
  ruleText: text('rule_text').notNull(),
  results: jsonb('results').$type<AllocationResultRow[]>().notNull(),
  published: boolean('published').notNull().default(true),
  ranBy: text('ran_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Overseas recruitment (海外引才) candidates, each at a stage: 申报 → 初审 → 答辩 → 入选 or 未入选. */
export const recruitmentCandidates = pgTable(
  'recruitment_candidates',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    year: integer('year').notNull(),
    name: text('name').notNull(),
    /** The registry entry once the candidate has one (they often do not while abroad). */
    personId: integer('person_id'),
    field: text('field').notNull(),
    employerUnitId: integer('employer_unit_id').notNull(),
    /** The programme level applied for: national | provincial. */
    level: text('level').notNull(),
    stage: text('stage').notNull().default('applied'), // RecruitmentStage
    /** For a candidate who did not pass, the stage they stopped at. */
    stoppedAt: text('stopped_at'),
    version: integer('version').notNull().default(1),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('recruitment_candidates_year_idx').on(t.tenantId, t.year, t.stage)],
);

/** Each stage move of a candidate, with its date and note; append-only. */
export const recruitmentStageEvents = pgTable(
  'recruitment_stage_events',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    candidateId: integer('candidate_id').notNull(),
    fromStage: text('from_stage'),
    toStage: text('to_stage').notNull(),
    movedOn: date('moved_on').notNull(),
    note: text('note'),
    movedBy: text('moved_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('recruitment_stage_events_candidate_idx').on(t.candidateId, t.id)],
);

export type ProgrammeRow = typeof talentProgrammes.$inferSelect;
export type ApplicationRow = typeof talentApplications.$inferSelect;
export type ApartmentRow = typeof apartments.$inferSelect;
export type CandidateRow = typeof recruitmentCandidates.$inferSelect;
