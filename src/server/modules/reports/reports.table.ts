import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { GeneratedSummary, TemplateDefinition } from '../../../shared/reports';

/** A department's summary template (sections of paragraphs with slots); optimistic locking by `version`. */
export const reportTemplates = pgTable(
  'report_templates',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    dept: text('dept').notNull(), // ReportDept
    /** The unit whose summaries it writes (the county for the departments'); it and units above see it. */
    ownerUnitId: integer('owner_unit_id').notNull(),
    name: text('name').notNull(),
    definition: jsonb('definition').$type<TemplateDefinition>().notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [uniqueIndex('report_templates_name_key').on(t.ownerUnitId, t.dept, t.name)],
);

/** A summary for a department, unit and year; its text lives in revisions, the latest current. */
export const reportDrafts = pgTable(
  'report_drafts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    dept: text('dept').notNull(),
    year: integer('year').notNull(),
    orgUnitId: integer('org_unit_id').notNull(),
    templateId: integer('template_id'),
    title: text('title').notNull(),
    version: integer('version').notNull().default(1),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('report_drafts_year_idx').on(t.tenantId, t.year, t.dept)],
);

/**
 * Every state a draft's text has been in, never changed afterwards: a generated revision keeps
 * the figures with their sources; an edited one the text as saved, with the writer's note.
 */
export const reportDraftRevisions = pgTable(
  'report_draft_revisions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    draftId: integer('draft_id').notNull(),
    revisionNo: integer('revision_no').notNull(),
    kind: text('kind').notNull(), // RevisionKind
    text: text('text').notNull(),
    generated: jsonb('generated').$type<GeneratedSummary>(),
    note: text('note').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('report_draft_revisions_key').on(t.draftId, t.revisionNo)],
);
