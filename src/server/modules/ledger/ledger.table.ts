import { sql } from 'drizzle-orm';
import { bigint, boolean, customType, date, index, integer, jsonb, numeric, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { AttributeDef } from '../../../shared/ledger';

/** Full-text column: bigrams of the Chinese text, built by `lizhou_bigrams` (migration 0007). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const searchOf = (expr: string) => sql.raw(`array_to_tsvector(lizhou_bigrams(${expr}))`);
const money = (name: string) => numeric(name, { precision: 16, scale: 2, mode: 'number' });

/**
 * One category tree per record kind (活动/事项/项目/荣誉), edited by admins. A category carries
 * the extra attributes its records have, and for cases the SLA in days and whether it is
 * sensitive (党员违纪: visible to few, every read logged). `path` is the chain of ids
 * (".3.17.") so a filter on a category includes its descendants.
 */
export const ledgerCategories = pgTable(
  'ledger_categories',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    kind: text('kind').notNull(), // 'activity' | 'case' | 'project' | 'honour'
    parentId: integer('parent_id'),
    path: text('path').notNull().default(''),
    code: text('code').notNull(),
    name: text('name').notNull(),
    attributes: jsonb('attributes').$type<AttributeDef[]>().notNull().default([]),
    slaDays: integer('sla_days'),
    sensitive: boolean('sensitive').notNull().default(false),
    sortOrder: integer('sort_order').notNull().default(0),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ledger_categories_code_key').on(t.tenantId, t.kind, t.code), index('ledger_categories_path_idx').on(t.tenantId, t.kind, t.path)],
);

/** Columns every record kind has: who it belongs to, what it is, extra attributes, search. */
const common = () => ({
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  tenantId: text('tenant_id').notNull(),
  categoryId: integer('category_id').notNull(),
  /** The unit the record counts for: organizer, handler, owner or credited recipient. */
  orgUnitId: integer('org_unit_id').notNull(),
  title: text('title').notNull(),
  notes: text('notes'),
  attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
  createdBy: integer('created_by'),
  archivedAt: timestamp('archived_at', { withTimezone: true }),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * 活动: a lecture, training, on-site office event, service, themed event, study session, article…
 * A city's or province's database may partition it by year of `held_on` (and cases by
 * `registered_on`): `lizhou partition-ledger`, src/server/ops/ledger-partitions.sql. The code
 * reads and writes both shapes alike.
 */
export const activities = pgTable(
  'activities',
  {
    ...common(),
    heldOn: date('held_on').notNull(),
    endedOn: date('ended_on'),
    place: text('place'),
    participants: integer('participants'),
    /** 宣讲: audience size; 稿件: readers are not counted, so null. */
    audience: integer('audience'),
    /** 宣讲团 / team that ran it. */
    team: text('team'),
    outcomes: text('outcomes'),
    search: tsvector('search').generatedAlwaysAs(searchOf(`coalesce(title, '') || ' ' || coalesce(team, '') || ' ' || coalesce(place, '') || ' ' || coalesce(outcomes, '') || ' ' || coalesce(notes, '')`)),
  },
  (t) => [
    index('activities_tenant_date_idx').on(t.tenantId, t.heldOn.desc(), t.id.desc()),
    index('activities_unit_date_idx').on(t.orgUnitId, t.heldOn.desc()),
    // Covering (category, held_on) INCLUDE (org_unit_id) for derived counts: migration 0008.
    index('activities_category_date_idx').on(t.categoryId, t.heldOn),
    index('activities_search_idx').using('gin', t.search),
  ],
);

/** People who took part in an activity (attendance). */
export const activityPeople = pgTable(
  'activity_people',
  {
    activityId: integer('activity_id').notNull(),
    personId: integer('person_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.activityId, t.personId] }), index('activity_people_person_idx').on(t.personId)],
);

/**
 * 事项: a ticket with a handler and a deadline. `registrarUnitId` registered it and closes it
 * (销号) after verifying; `orgUnitId` is the unit handling it now (交办 moves it down the tree).
 * Status: registered → assigned → in_progress → resolved → closed, or back to in_progress when
 * returned (退回) by the registrar.
 */
export const cases = pgTable(
  'cases',
  {
    ...common(),
    registrarUnitId: integer('registrar_unit_id').notNull(),
    status: text('status').notNull().default('registered'),
    registeredOn: date('registered_on').notNull(),
    dueOn: date('due_on'),
    /** Who raised it: an enterprise, a resident, a delegate. */
    requester: text('requester'),
    /** The on-site office event (现场集中办公) it came from, if any. */
    sourceActivityId: integer('source_activity_id'),
    resolution: text('resolution'),
    resolvedOn: date('resolved_on'),
    closedOn: date('closed_on'),
    search: tsvector('search').generatedAlwaysAs(searchOf(`coalesce(title, '') || ' ' || coalesce(requester, '') || ' ' || coalesce(resolution, '') || ' ' || coalesce(notes, '')`)),
  },
  (t) => [
    index('cases_tenant_date_idx').on(t.tenantId, t.registeredOn.desc(), t.id.desc()),
    index('cases_unit_status_idx').on(t.orgUnitId, t.status, t.dueOn),
    index('cases_registrar_idx').on(t.registrarUnitId, t.status),
    index('cases_category_closed_idx').on(t.categoryId, t.closedOn),
    index('cases_category_registered_idx').on(t.categoryId, t.registeredOn),
    // Deleting a (partitioned) activity checks that no case came from it: by index.
    index('cases_source_activity_idx').on(t.sourceActivityId).where(sql`source_activity_id is not null`),
    index('cases_search_idx').using('gin', t.search),
  ],
);

/** The workflow trail of a case: every 交办, progress note, 办结, 销号 and 退回 with who and when. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer('case_id').notNull(),
    action: text('action').notNull(), // register | assign | progress | resolve | close | return
    fromUnitId: integer('from_unit_id'),
    toUnitId: integer('to_unit_id'),
    note: text('note'),
    actorUserId: integer('actor_user_id'),
    actorName: text('actor_name').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.at)],
);

/**
 * 项目: owner unit, partner units (联建), investment (totals kept in step with the funding
 * lines, so sums over projects read one row each), milestones and progress.
 */
export const projects = pgTable(
  'projects',
  {
    ...common(),
    partnerUnitIds: integer('partner_unit_ids').array().notNull().default(sql`'{}'::integer[]`),
    status: text('status').notNull().default('planned'), // planned | in_progress | completed | suspended
    startedOn: date('started_on').notNull(),
    plannedEndOn: date('planned_end_on'),
    completedOn: date('completed_on'),
    progress: smallint('progress').notNull().default(0),
    plannedInvestment: money('planned_investment').notNull().default(0),
    actualInvestment: money('actual_investment').notNull().default(0),
    search: tsvector('search').generatedAlwaysAs(searchOf(`coalesce(title, '') || ' ' || coalesce(notes, '')`)),
  },
  (t) => [
    index('projects_tenant_date_idx').on(t.tenantId, t.startedOn.desc(), t.id.desc()),
    index('projects_unit_idx').on(t.orgUnitId, t.startedOn),
    index('projects_category_idx').on(t.categoryId, t.startedOn),
    index('projects_search_idx').using('gin', t.search),
  ],
);

/** A project's investment by funding source (财政, 社会资本, 村集体, 乡贤捐资…), in 元. */
export const projectFunds = pgTable(
  'project_funds',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    projectId: integer('project_id').notNull(),
    source: text('source').notNull(),
    planned: money('planned').notNull().default(0),
    actual: money('actual').notNull().default(0),
  },
  (t) => [uniqueIndex('project_funds_source_key').on(t.projectId, t.source)],
);

export const projectMilestones = pgTable(
  'project_milestones',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    projectId: integer('project_id').notNull(),
    name: text('name').notNull(),
    plannedOn: date('planned_on'),
    doneOn: date('done_on'),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [index('project_milestones_project_idx').on(t.projectId)],
);

/**
 * 荣誉: an award to a person or a unit. `orgUnitId` is the unit credited — the recipient unit,
 * or the person's unit when awarded — so honours count up the tree like everything else.
 */
export const honours = pgTable(
  'honours',
  {
    ...common(),
    level: text('level').notNull(), // national | provincial | city | county
    issuer: text('issuer'),
    awardedOn: date('awarded_on').notNull(),
    recipientType: text('recipient_type').notNull(), // person | unit
    recipientPersonId: integer('recipient_person_id'),
    search: tsvector('search').generatedAlwaysAs(searchOf(`coalesce(title, '') || ' ' || coalesce(issuer, '') || ' ' || coalesce(notes, '')`)),
  },
  (t) => [
    index('honours_tenant_date_idx').on(t.tenantId, t.awardedOn.desc(), t.id.desc()),
    index('honours_unit_idx').on(t.orgUnitId, t.awardedOn),
    index('honours_category_idx').on(t.categoryId, t.awardedOn),
    index('honours_search_idx').using('gin', t.search),
  ],
);

/** A file attached to a record (photo, PDF). Bytes live in the file store under `storage_key`. */
export const attachments = pgTable(
  'attachments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text('tenant_id').notNull(),
    recordKind: text('record_kind').notNull(),
    recordId: integer('record_id').notNull(),
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    uploadedBy: integer('uploaded_by'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('attachments_record_idx').on(t.recordKind, t.recordId)],
);

export type CategoryRow = typeof ledgerCategories.$inferSelect;
export type ActivityRow = typeof activities.$inferSelect;
export type CaseRow = typeof cases.$inferSelect;
export type ProjectRow = typeof projects.$inferSelect;
export type HonourRow = typeof honours.$inferSelect;
export type AttachmentRow = typeof attachments.$inferSelect;
