import { doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { SurveyQuestion } from '../../../shared/surveys';

/**
 * A public questionnaire (群众评价) aimed at units: each target unit gets its own link and QR
 * code; respondents answer without an account. `mode` says how ballot stuffing is held back:
 * 'token' — every answer needs a one-time token printed or sent by the unit; 'device' — an open
 * link, limited per device and rate-limited per address, with bursts reported.
 */
export const surveys = pgTable('surveys', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  tenantId: text('tenant_id').notNull(),
  /** The unit that runs it (targets must lie under it). */
  ownerUnitId: integer('owner_unit_id').notNull(),
  title: text('title').notNull(),
  intro: text('intro'),
  questions: jsonb('questions').$type<SurveyQuestion[]>().notNull(),
  mode: text('mode').notNull().default('token'), // 'token' | 'device'
  status: text('status').notNull().default('draft'), // 'draft' | 'open' | 'closed'
  /** The period its results are written for (e.g. 2022) when they become indicator values. */
  period: text('period'),
  createdBy: integer('created_by'),
  archivedAt: timestamp('archived_at', { withTimezone: true }),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A unit the survey asks about, with the code in its public link (/s/<code>) and QR code. */
export const surveyTargets = pgTable(
  'survey_targets',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    surveyId: integer('survey_id').notNull(),
    orgUnitId: integer('org_unit_id').notNull(),
    code: text('code').notNull(),
  },
  (t) => [uniqueIndex('survey_targets_unit_key').on(t.surveyId, t.orgUnitId), uniqueIndex('survey_targets_code_key').on(t.code)],
);

/** One-time answer tokens: the salt is kept so a batch can be printed again; the hash is looked up. */
export const surveyTokens = pgTable(
  'survey_tokens',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    surveyId: integer('survey_id').notNull(),
    targetId: integer('target_id').notNull(),
    salt: text('salt').notNull(),
    tokenHash: text('token_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('survey_tokens_hash_key').on(t.tokenHash), index('survey_tokens_target_idx').on(t.targetId, t.usedAt)],
);

/** One anonymous answer sheet: no account, no address kept — only keyed hashes for abuse checks. */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    surveyId: integer('survey_id').notNull(),
    targetId: integer('target_id').notNull(),
    orgUnitId: integer('org_unit_id').notNull(),
    answers: jsonb('answers').$type<Record<string, unknown>>().notNull(),
    /** Mean of the 1–5 rating answers, null when none was rated. */
    satisfaction: doublePrecision('satisfaction'),
    tokenId: integer('token_id'),
    deviceHash: text('device_hash'),
    ipHash: text('ip_hash'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('survey_responses_target_idx').on(t.surveyId, t.orgUnitId),
    index('survey_responses_time_idx').on(t.surveyId, t.createdAt),
    uniqueIndex('survey_responses_token_key').on(t.tokenId),
    index('survey_responses_device_idx').on(t.surveyId, t.deviceHash),
  ],
);
