import { eq, sql } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import type { DbOrTx, Tx } from '../../db/client';
import { inScope, requirePermission } from '../../access';
import { AppError, badRequest, fieldError, versionConflict, type FieldIssue } from '../../errors';
import { recordAudit } from '../audit';
import { findUnitsByIds, getUnitInScope } from '../org';
import { personSummaries } from '../people';
import { RECORD_KIND_ZH, type RecordKind } from '../../../shared/ledger';
import { checkAttributes } from './attributes';
import { categoryFor } from './categories.service';
import { activities, activityPeople, caseEvents, cases, honours, projectFunds, projectMilestones, projects } from './ledger.table';
import type { ActivityInput, CaseInput, HonourInput, ProjectInput } from './ledger.schema';
import { auditSensitiveRead, recordInScope, recordRow } from './records.service';
import { caseActions, caseEventsOf } from './cases.workflow';
import { attachmentsOf } from './attachments.service';

export type RecordInput = ActivityInput | CaseInput | ProjectInput | HonourInput;

const addDays = (date: string, days: number) => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);

/** Everything wrong with a record at once, so a form can mark every field. */
class Issues {
  list: FieldIssue[] = [];
  add(path: string, message: string) {
    this.list.push({ path, message });
  }
  throwIfAny() {
    if (this.list.length) throw badRequest('ledger.invalid', this.list[0].message, this.list);
  }
}

/** Checks what all kinds share and returns the clean attributes and the unit the record counts for. */
async function checkCommon(db: DbOrTx, actor: Actor, kind: RecordKind, input: RecordInput, issues: Issues, isNew: boolean) {
  const category = await categoryFor(db, actor.tenantId, kind, input.categoryId).catch((e: AppError) => {
    issues.add('categoryId', e.message);
    return null;
  });
  if (category?.archived && isNew) issues.add('categoryId', `类别“${category.name}”已停用，请选择其他类别`);
  // A unit outside the subtree is refused outright, not listed among the form's issues.
  const unit = await getUnitInScope(db, actor, input.orgUnitId ?? actor.orgUnitId).catch(() => {
    throw fieldError('ledger.unit_out_of_scope', 'orgUnitId', '单位不存在或不在您的管辖范围内');
  });
  const attrs = category ? await checkAttributes(db, [...category.inheritedAttributes, ...category.attributes], input.attributes, actor.scopePath) : { values: {}, issues: [] };
  attrs.issues.forEach((i) => issues.add(i.path, i.message));
  return { category, unit, attributes: attrs.values };
}

// ---------------------------------------------------------------- activities

async function activityValues(db: DbOrTx, actor: Actor, input: ActivityInput, isNew: boolean) {
  const issues = new Issues();
  const { unit, attributes } = await checkCommon(db, actor, 'activity', input, issues, isNew);
  if (input.endedOn && input.endedOn < input.heldOn) issues.add('endedOn', '结束日期不能早于活动日期');
  const people = input.personIds?.length ? await personSummaries(db, input.personIds) : [];
  for (const id of input.personIds ?? []) {
    const p = people.find((x) => x.id === id);
    if (!p || !inScope(actor, p.path)) issues.add('personIds', `参加人员（编号 ${id}）不存在或不在您的管辖范围内`);
  }
  issues.throwIfAny();
  return {
    values: {
      categoryId: input.categoryId,
      orgUnitId: unit.id,
      title: input.title,
      notes: input.notes ?? null,
      attributes,
      heldOn: input.heldOn,
      endedOn: input.endedOn ?? null,
      place: input.place ?? null,
      participants: input.participants ?? (input.personIds?.length || null),
      audience: input.audience ?? null,
      team: input.team ?? null,
      outcomes: input.outcomes ?? null,
    },
    unit,
  };
}

async function setActivityPeople(tx: DbOrTx, id: number, personIds: number[] | undefined) {
  if (!personIds) return;
  await tx.delete(activityPeople).where(eq(activityPeople.activityId, id));
  if (personIds.length) await tx.insert(activityPeople).values([...new Set(personIds)].map((personId) => ({ activityId: id, personId })));
}

// ---------------------------------------------------------------- cases

async function caseValues(db: DbOrTx, actor: Actor, input: CaseInput, isNew: boolean) {
  const issues = new Issues();
  const { category, unit, attributes } = await checkCommon(db, actor, 'case', input, issues, isNew);
  if (category?.sensitive && !actor.permissions.includes('read:sensitive-cases')) issues.add('categoryId', '您没有登记该类敏感事项的权限');
  const dueOn = input.dueOn ?? (category?.slaDays ? addDays(input.registeredOn, category.slaDays) : null);
  if (dueOn && dueOn < input.registeredOn) issues.add('dueOn', '办理期限不能早于登记日期');
  if (input.sourceActivityId) {
    try {
      await recordInScope(db, actor, 'activity', input.sourceActivityId);
    } catch {
      issues.add('sourceActivityId', '来源活动不存在或不在您的管辖范围内');
    }
  }
  issues.throwIfAny();
  return {
    values: { categoryId: input.categoryId, title: input.title, notes: input.notes ?? null, attributes, registeredOn: input.registeredOn, dueOn, requester: input.requester ?? null, sourceActivityId: input.sourceActivityId ?? null },
    unit,
  };
}

// ---------------------------------------------------------------- projects

async function projectValues(db: DbOrTx, actor: Actor, input: ProjectInput, isNew: boolean) {
  const issues = new Issues();
  const { unit, attributes } = await checkCommon(db, actor, 'project', input, issues, isNew);
  const partners = [...new Set(input.partnerUnitIds ?? [])];
  const found = await findUnitsByIds(db, partners);
  partners.forEach((id, i) => {
    if (!found.some((u) => u.id === id)) issues.add(`partnerUnitIds.${i}`, `联建单位（编号 ${id}）不存在`);
  });
  if (unit && partners.includes(unit.id)) issues.add('partnerUnitIds', '联建单位不能是项目的牵头单位本身');
  if (input.status === 'completed' && !input.completedOn) issues.add('completedOn', '已完工的项目请填写完工日期');
  if (input.completedOn && input.completedOn < input.startedOn) issues.add('completedOn', '完工日期不能早于开工日期');
  if (input.plannedEndOn && input.plannedEndOn < input.startedOn) issues.add('plannedEndOn', '计划完工日期不能早于开工日期');
  const sources = new Set<string>();
  (input.funds ?? []).forEach((f, i) => {
    if (sources.has(f.source)) issues.add(`funds.${i}.source`, `资金来源“${f.source}”重复`);
    sources.add(f.source);
  });
  issues.throwIfAny();
  const funds = input.funds ?? [];
  // Totals are kept to the cent in step with the funding lines.
  const total = (k: 'planned' | 'actual') => Math.round(funds.reduce((s, f) => s + f[k] * 100, 0)) / 100;
  return {
    values: {
      categoryId: input.categoryId,
      orgUnitId: unit.id,
      title: input.title,
      notes: input.notes ?? null,
      attributes,
      partnerUnitIds: partners,
      status: input.status ?? 'planned',
      startedOn: input.startedOn,
      plannedEndOn: input.plannedEndOn ?? null,
      completedOn: input.completedOn ?? null,
      progress: input.status === 'completed' ? 100 : (input.progress ?? 0),
      plannedInvestment: total('planned'),
      actualInvestment: total('actual'),
    },
    unit,
  };
}

async function setProjectParts(tx: DbOrTx, id: number, input: Partial<ProjectInput>) {
  if (input.funds) {
    await tx.delete(projectFunds).where(eq(projectFunds.projectId, id));
    if (input.funds.length) await tx.insert(projectFunds).values(input.funds.map((f) => ({ projectId: id, source: f.source, planned: f.planned, actual: f.actual })));
  }
  if (input.milestones) {
    await tx.delete(projectMilestones).where(eq(projectMilestones.projectId, id));
    if (input.milestones.length) await tx.insert(projectMilestones).values(input.milestones.map((m, i) => ({ projectId: id, name: m.name, plannedOn: m.plannedOn ?? null, doneOn: m.doneOn ?? null, sortOrder: i })));
  }
}

// ---------------------------------------------------------------- honours

async function honourValues(db: DbOrTx, actor: Actor, input: HonourInput, isNew: boolean) {
  const issues = new Issues();
  let personUnit: number | null = null;
  if (input.recipientType === 'person') {
    const [p] = input.recipientPersonId ? await personSummaries(db, [input.recipientPersonId]) : [];
    if (!input.recipientPersonId) issues.add('recipientPersonId', '请选择获得荣誉的人员');
    else if (!p || !inScope(actor, p.path)) issues.add('recipientPersonId', '人员不存在或不在您的管辖范围内');
    else personUnit = p.orgUnitId;
  }
  // A person's honour counts for their unit unless another is named.
  const { unit, attributes } = await checkCommon(db, actor, 'honour', { ...input, orgUnitId: input.orgUnitId ?? personUnit ?? undefined }, issues, isNew);
  issues.throwIfAny();
  return {
    values: {
      categoryId: input.categoryId,
      orgUnitId: unit.id,
      title: input.title,
      notes: input.notes ?? null,
      attributes,
      level: input.level,
      issuer: input.issuer ?? null,
      awardedOn: input.awardedOn,
      recipientType: input.recipientType,
      recipientPersonId: input.recipientType === 'person' ? input.recipientPersonId! : null,
    },
    unit,
  };
}

// ---------------------------------------------------------------- create and update

const TABLES = { activity: activities, case: cases, project: projects, honour: honours } as const;

async function valuesFor(db: DbOrTx, actor: Actor, kind: RecordKind, input: RecordInput, isNew: boolean) {
  switch (kind) {
    case 'activity':
      return activityValues(db, actor, input as ActivityInput, isNew);
    case 'case':
      return caseValues(db, actor, input as CaseInput, isNew);
    case 'project':
      return projectValues(db, actor, input as ProjectInput, isNew);
    case 'honour':
      return honourValues(db, actor, input as HonourInput, isNew);
  }
}

/** Checks a new record as `insertRecord` would, without writing; throws the field errors. */
export const checkRecord = (db: DbOrTx, actor: Actor, kind: RecordKind, input: RecordInput) => valuesFor(db, actor, kind, input, true);

/** Inserts one record (and its parts) inside `tx`; used by the API and by imports (which audit once per file). */
export async function insertRecord(tx: Tx, actor: Actor, kind: RecordKind, input: RecordInput, opts: { audit?: boolean } = {}): Promise<number> {
  const { values, unit } = await valuesFor(tx, actor, kind, input, true);
  const base = { ...values, tenantId: actor.tenantId, createdBy: actor.userId };
  let id: number;
  if (kind === 'case') {
    // A new case is handled by the unit that registered it until it is assigned (交办).
    [{ id }] = await tx.insert(cases).values({ ...(base as typeof cases.$inferInsert), orgUnitId: unit.id, registrarUnitId: unit.id, status: 'registered' }).returning({ id: cases.id });
    await tx.insert(caseEvents).values({ caseId: id, action: 'register', toUnitId: unit.id, actorUserId: actor.userId, actorName: actor.displayName });
  } else {
    [{ id }] = await tx.insert(TABLES[kind] as typeof activities).values(base as typeof activities.$inferInsert).returning({ id: activities.id });
  }
  if (kind === 'activity') await setActivityPeople(tx, id, (input as ActivityInput).personIds);
  if (kind === 'project') await setProjectParts(tx, id, input as ProjectInput);
  if (opts.audit !== false) await recordAudit(tx, actor, { action: `ledger.${kind}_create`, entityType: kind, entityId: id, orgUnitId: unit.id, orgPath: unit.path, summary: `登记${RECORD_KIND_ZH[kind]}「${input.title}」`, after: input });
  return id;
}

export async function createRecord(ctx: AppContext, actor: Actor, kind: RecordKind, input: RecordInput) {
  requirePermission(actor, 'write:ledger');
  return ctx.db.transaction(async (tx) => {
    const id = await insertRecord(tx, actor, kind, input);
    return recordRow(tx, kind, id);
  });
}

/** The stored record as an input, so a partial update can be merged over it and checked whole. */
async function currentInput(db: DbOrTx, kind: RecordKind, id: number): Promise<RecordInput & Record<string, unknown>> {
  const [row] = await db.select().from(TABLES[kind] as typeof activities).where(eq((TABLES[kind] as typeof activities).id, id));
  const r = row as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { ...r };
  delete out.search;
  if (kind === 'activity') out.personIds = undefined;
  if (kind === 'case') out.orgUnitId = r.registrarUnitId;
  // Investment totals are recomputed from the funding lines: an update that leaves them out keeps them.
  if (kind === 'project') {
    out.funds = (await db.select().from(projectFunds).where(eq(projectFunds.projectId, id)).orderBy(projectFunds.id)).map((f) => ({ source: f.source, planned: f.planned, actual: f.actual }));
    out.milestones = (await db.select().from(projectMilestones).where(eq(projectMilestones.projectId, id)).orderBy(projectMilestones.sortOrder)).map((m) => ({ name: m.name, plannedOn: m.plannedOn, doneOn: m.doneOn }));
  }
  return out as never;
}

export async function updateRecord(ctx: AppContext, actor: Actor, kind: RecordKind, id: number, input: Partial<RecordInput> & { version: number }) {
  requirePermission(actor, 'write:ledger');
  return ctx.db.transaction(async (tx) => {
    const row = await recordInScope(tx, actor, kind, id);
    // Cases are edited by the registering side; handlers work through the workflow.
    const editable = kind === 'case' ? row.registrarPath != null && inScope(actor, row.registrarPath) : inScope(actor, row.path);
    if (!editable) throw fieldError('ledger.not_editable', 'version', '只有登记单位可以修改事项内容，承办单位请通过办理流程填写');
    const before = await currentInput(tx, kind, id);
    if (kind === 'case' && (before as { status?: string }).status === 'closed') throw badRequest('ledger.case_closed', '事项已销号，不能再修改');
    if (row.version !== input.version) throw versionConflict('ledger.version_conflict', await recordRow(tx, kind, id));
    const merged = { ...before, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) } as RecordInput;
    const { values } = await valuesFor(tx, actor, kind, merged, false);
    const table = TABLES[kind] as typeof activities;
    // Cases keep their handler: case values carry no org_unit_id.
    await tx
      .update(table)
      .set({ ...(values as object), version: sql`${table.version} + 1`, updatedAt: new Date() } as never)
      .where(eq(table.id, id));
    if (kind === 'activity') await setActivityPeople(tx, id, (input as Partial<ActivityInput>).personIds);
    if (kind === 'project') await setProjectParts(tx, id, input as Partial<ProjectInput>);
    const changed = Object.fromEntries(Object.keys(input).filter((k) => k !== 'version').map((k) => [k, (before as Record<string, unknown>)[k]]));
    await recordAudit(tx, actor, { action: `ledger.${kind}_update`, entityType: kind, entityId: id, orgUnitId: row.orgUnitId, orgPath: row.path, summary: `修改${RECORD_KIND_ZH[kind]}「${merged.title}」`, before: changed, after: input });
    return recordRow(tx, kind, id);
  });
}

/** A record with its parts: attendance, funding lines and milestones, workflow trail, files. */
export async function recordDetail(ctx: AppContext, actor: Actor, kind: RecordKind, id: number) {
  requirePermission(actor, 'read:ledger');
  const row = await recordInScope(ctx.db, actor, kind, id);
  const item = await recordRow(ctx.db, kind, id);
  const extra: Record<string, unknown> = {};
  if (kind === 'activity') {
    const ids = (await ctx.db.select({ personId: activityPeople.personId }).from(activityPeople).where(eq(activityPeople.activityId, id))).map((r) => r.personId);
    extra.people = (await personSummaries(ctx.db, ids)).map((p) => ({ id: p.id, name: p.name, orgUnitName: p.orgUnitName }));
  }
  if (kind === 'project') {
    extra.funds = (await ctx.db.select().from(projectFunds).where(eq(projectFunds.projectId, id)).orderBy(projectFunds.id)).map((f) => ({ source: f.source, planned: f.planned, actual: f.actual }));
    extra.milestones = (await ctx.db.select().from(projectMilestones).where(eq(projectMilestones.projectId, id)).orderBy(projectMilestones.sortOrder)).map((m) => ({ name: m.name, plannedOn: m.plannedOn, doneOn: m.doneOn }));
    const partners = await findUnitsByIds(ctx.db, (item.partnerUnitIds as number[]) ?? []);
    extra.partners = partners.map((u) => ({ id: u.id, name: u.name }));
  }
  if (kind === 'case') {
    extra.events = await caseEventsOf(ctx.db, id);
    extra.actions = caseActions(actor, item, row);
  }
  extra.files = await attachmentsOf(ctx.db, kind, id);
  const canEdit = actor.permissions.includes('write:ledger') && (kind === 'case' ? row.registrarPath != null && inScope(actor, row.registrarPath) && item.status !== 'closed' : inScope(actor, row.path));
  await auditSensitiveRead(ctx.db, actor, kind, [item]);
  return { ...item, ...extra, canEdit };
}
