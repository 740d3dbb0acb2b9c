import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { AppError, badRequest, notFound, versionConflict, type FieldIssue } from '../../errors';
import { escapeLike } from '../../db/like';
import { readSheet, writeSheet, type RowIssue } from '../../xlsx';
import { recordAudit } from '../audit';
import { orgUnits, type OrgUnitRow } from '../org';
import { derivedSource, assignToReporters } from './derived';
import { versionFor, loadDefinitions } from './definitions.service';
import { indicatorValueHistory, indicatorValues, indicators, type IndicatorValueRow } from './indicators.table';
import { parsePeriod, periodCode, periodLabel, previousPeriod } from '../../../shared/periods';
import { SUBMISSION_STATUS_ZH, assertTaskOpen, taskInTenant, type SubmissionStatus } from './tasks.service';
import { collectionTasks, taskIndicators, taskSubmissions, type CollectionTaskRow, type TaskSubmissionRow } from './tasks.table';
import { checkValue, outlierWarnings, parseFigure, siblingMedian } from './validation';

const EDITABLE: SubmissionStatus[] = ['not_started', 'draft', 'returned'];

export interface FormField {
  indicatorId: number;
  code: string;
  name: string;
  unit: string;
  valueKind: 'integer' | 'decimal';
  minValue: number | null;
  maxValue: number | null;
  notAbove: string | null;
  required: boolean;
  source: 'entered' | 'derived';
  derivationLabel: string | null;
  value: number | null;
  comment: string | null;
  returnReason: string | null;
  /** Set when another task owns this figure for the unit and period: shown, not asked again. */
  ownerTask: { id: number; title: string } | null;
  editable: boolean;
  approvedValue: number | null;
  changesSinceSignoff: number;
  historyCount: number;
  previous: { label: string; value: number } | null;
  siblingMedian: number | null;
  warnings: string[];
}

/** One item of a task for one unit: its figure, last period's, the siblings', its owner, its history. */
interface FormItem {
  indicatorId: number;
  required: number;
  code: string;
  stored: IndicatorValueRow | null;
  /** Last period's approved figure. */
  previous: number | null;
  /** The task that owns the figure: the saved figure's, else the earliest task asking this unit for it. */
  owner: { taskId: number; title: string } | null;
  /** The other units under the same parent: their figures this period. */
  siblings: number[] | null;
  historyCount: number;
}

/**
 * The task, the unit (within the actor's scope) with its parent's name, and the unit's submission:
 * one query, where it took four.
 */
async function loadHeader(db: DbOrTx, actor: Actor, taskId: number, unitId: number) {
  const parent = alias(orgUnits, 'parent_unit');
  const [row] = await db
    .select({ task: collectionTasks, unit: orgUnits, parentName: parent.name, submission: taskSubmissions })
    .from(collectionTasks)
    .leftJoin(orgUnits, eq(orgUnits.id, unitId))
    .leftJoin(parent, eq(parent.id, orgUnits.parentId))
    .leftJoin(taskSubmissions, and(eq(taskSubmissions.taskId, collectionTasks.id), eq(taskSubmissions.orgUnitId, unitId)))
    .where(and(eq(collectionTasks.id, taskId), eq(collectionTasks.tenantId, actor.tenantId)));
  if (!row) throw notFound('task.not_found', '填报任务不存在');
  if (!row.unit || !row.unit.path.startsWith(actor.scopePath)) throw notFound('task.unit_not_found', '该单位不在您的管辖范围内');
  if (!row.submission) throw notFound('task.not_assigned', '该单位不在本任务的填报范围内');
  return { task: row.task, unit: row.unit, parentName: row.parentName, submission: row.submission };
}

/** Every item of the task for the unit, in the task's order, with what its field shows: one query. */
async function loadItems(db: DbOrTx, actor: Actor, task: CollectionTaskRow, unit: OrgUnitRow): Promise<FormItem[]> {
  const last = alias(indicatorValues, 'last_value');
  const item = taskIndicators.indicatorId;
  return db
    .select({
      indicatorId: item,
      required: taskIndicators.required,
      code: indicators.code,
      stored: indicatorValues,
      previous: last.approvedValue,
      // A saved figure's task owns it; an unsaved one is owned by the earliest task asking this unit for it.
      owner: sql<FormItem['owner']>`case when ${indicatorValues.id} is not null
          then (select json_build_object('taskId', t.id, 'title', t.title) from collection_tasks t where t.id = ${indicatorValues.taskId})
          else (select json_build_object('taskId', t.id, 'title', t.title)
                from collection_tasks t join task_indicators o on o.task_id = t.id join task_submissions s on s.task_id = t.id and s.org_unit_id = ${unit.id}
                where t.tenant_id = ${actor.tenantId} and t.period = ${task.period} and o.indicator_id = ${item} order by t.id limit 1) end`,
      siblings: sql<number[] | null>`(select json_agg(coalesce(sv.value, sv.approved_value)) from indicator_values sv join org_units so on so.id = sv.org_unit_id
          where so.parent_id = ${unit.parentId ?? 0} and so.id <> ${unit.id} and sv.period = ${task.period} and sv.indicator_id = ${item}
            and coalesce(sv.value, sv.approved_value) is not null)`,
      historyCount: sql<number>`(select count(*)::int from indicator_value_history h where h.value_id = ${indicatorValues.id})`,
    })
    .from(taskIndicators)
    .innerJoin(indicators, eq(indicators.id, item))
    .leftJoin(indicatorValues, and(eq(indicatorValues.indicatorId, item), eq(indicatorValues.orgUnitId, unit.id), eq(indicatorValues.period, task.period)))
    .leftJoin(last, and(eq(last.indicatorId, item), eq(last.orgUnitId, unit.id), eq(last.period, periodCode(previousPeriod(parsePeriod(task.period)!)))))
    .where(eq(taskIndicators.taskId, task.id))
    .orderBy(asc(taskIndicators.position));
}

const figuresBy = (items: FormItem[]) => new Map(items.flatMap((i) => (i.stored ? [[i.indicatorId, i.stored] as const] : [])));

/**
 * Everything a form needs, loaded in one place for reading and saving: three queries (the
 * definitions come from the cache). Saving locks the submission before it reads the figures.
 */
async function loadForm(db: DbOrTx, actor: Actor, taskId: number, unitId: number, lock = false) {
  const header = await loadHeader(db, actor, taskId, unitId);
  let submission = header.submission;
  if (lock) [submission] = await db.select().from(taskSubmissions).where(eq(taskSubmissions.id, submission.id)).for('update');
  const defs = await loadDefinitions(db, actor.tenantId);
  const items = await loadItems(db, actor, header.task, header.unit);
  return { ...header, submission, defs, items, valueOf: figuresBy(items) };
}

type Loaded = Awaited<ReturnType<typeof loadForm>>;

/** Figures the registry or ledger can supply, credited to the nearest reporting unit. */
async function derivedValues(db: DbOrTx, f: Loaded): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  const derived = f.items.map((i) => f.defs.get(i.code)!.row).filter((r) => r.source === 'derived' && r.derivation);
  if (!derived.length) return out;
  const reporters = await queryRows<{ id: number }>(
    db,
    sql`select s.org_unit_id as id from task_submissions s join org_units o on o.id = s.org_unit_id where s.task_id = ${f.task.id} and o.path like ${escapeLike(f.unit.path) + '%'}`,
  );
  const period = parsePeriod(f.task.period)!;
  for (const r of derived) {
    const src = derivedSource(r.derivation!);
    if (!src) continue;
    const def = f.defs.get(r.code)!;
    const rows = await src.compute(db, f.unit.path, period, versionFor(def, f.task.period).recordQuery);
    out.set(r.id, assignToReporters(rows, new Set(reporters.map((x) => x.id))).get(f.unit.id) ?? 0);
  }
  return out;
}

/** What a form's fields are built from besides its items: last period's label, derived figures. */
interface FieldContext {
  prevLabel: string;
  derived: Map<number, number>;
  editableStatus: boolean;
}

const editableFor = (actor: Actor, f: Loaded) => EDITABLE.includes(f.submission.status as SubmissionStatus) && !f.task.closedAt && actor.permissions.includes('fill:tasks');

async function fieldContext(db: DbOrTx, actor: Actor, f: Loaded): Promise<FieldContext> {
  const period = parsePeriod(f.task.period)!;
  const prev = previousPeriod(period);
  const prevLabel = period.type === 'year' ? `上年（${periodLabel(prev)}）` : `上期（${periodLabel(prev)}）`;
  const editableStatus = editableFor(actor, f);
  const derived = editableStatus ? await derivedValues(db, f) : new Map<number, number>();
  return { prevLabel, derived, editableStatus };
}

function buildFields(f: Loaded, c: FieldContext): FormField[] {
  const { prevLabel, derived, editableStatus } = c;
  return f.items.map((item) => {
    const def = f.defs.get(item.code)!;
    const v = versionFor(def, f.task.period);
    const stored = item.stored;
    const owner = stored ? (stored.taskId ?? 0) : (item.owner?.taskId ?? f.task.id);
    const ownedHere = owner === f.task.id;
    const isDerived = def.row.source === 'derived';
    const value = isDerived && ownedHere && editableStatus ? (derived.get(item.indicatorId) ?? null) : (stored?.value ?? null);
    const previous = item.previous != null ? { label: prevLabel, value: item.previous } : null;
    const sib = siblingMedian(item.siblings ?? []);
    return {
      indicatorId: item.indicatorId,
      code: item.code,
      name: def.row.name,
      unit: def.row.unit,
      valueKind: v.valueKind as 'integer' | 'decimal',
      minValue: v.minValue,
      maxValue: v.maxValue,
      notAbove: v.notAbove,
      required: item.required === 1,
      source: def.row.source as 'entered' | 'derived',
      derivationLabel: isDerived ? (derivedSource(def.row.derivation ?? '')?.label ?? null) : null,
      value,
      comment: stored?.comment ?? null,
      returnReason: stored?.returnReason ?? null,
      ownerTask: ownedHere ? null : { id: owner, title: owner ? (item.owner?.title ?? stored?.taskId?.toString() ?? '') : '其他来源' },
      editable: editableStatus && ownedHere && !isDerived,
      approvedValue: stored?.approvedValue ?? null,
      changesSinceSignoff: stored?.changesSinceSignoff ?? 0,
      historyCount: stored ? item.historyCount : 0,
      previous,
      siblingMedian: sib,
      // Figures the system supplies are not the filler's to explain.
      warnings: value == null || isDerived ? [] : outlierWarnings(value, previous, sib, def.row.unit),
    };
  });
}

async function fieldsOf(db: DbOrTx, actor: Actor, f: Loaded): Promise<FormField[]> {
  return buildFields(f, await fieldContext(db, actor, f));
}

function submissionDto(s: TaskSubmissionRow) {
  return {
    status: s.status as SubmissionStatus,
    statusName: SUBMISSION_STATUS_ZH[s.status as SubmissionStatus],
    returnReason: s.returnReason,
    submittedAt: s.submittedAt?.toISOString() ?? null,
    submittedBy: s.submittedBy,
    reviewedAt: s.reviewedAt?.toISOString() ?? null,
    reviewedBy: s.reviewedBy,
    reopenCount: s.reopenCount,
    version: s.version,
  };
}

/** What the actor may do with this form: fill it, or review it as a level above. */
function abilities(actor: Actor, f: Loaded) {
  const status = f.submission.status as SubmissionStatus;
  const above = f.unit.path.startsWith(actor.scopePath) && f.unit.path !== actor.scopePath;
  const review = actor.permissions.includes('review:tasks') && above;
  return {
    canFill: actor.permissions.includes('fill:tasks') && EDITABLE.includes(status) && !f.task.closedAt,
    canApprove: review && status === 'submitted',
    canReturn: review && status === 'submitted',
    canReopen: review && status === 'approved',
    canUnapprove: review && status === 'approved',
  };
}

function formView(actor: Actor, f: Loaded, fields: FormField[]) {
  return {
    task: { id: f.task.id, title: f.task.title, period: f.task.period, periodLabel: periodLabel(parsePeriod(f.task.period)!), deadline: f.task.deadline.toISOString(), overdue: f.task.deadline < new Date(), note: f.task.note },
    unit: { id: f.unit.id, name: f.unit.name, type: f.unit.type, parentName: f.parentName ?? null },
    submission: submissionDto(f.submission),
    ...abilities(actor, f),
    fields,
  };
}

export async function getForm(ctx: AppContext, actor: Actor, taskId: number, unitId: number) {
  requirePermission(actor, 'read:indicators');
  const f = await loadForm(ctx.db, actor, taskId, unitId);
  return formView(actor, f, await fieldsOf(ctx.db, actor, f));
}

export interface FormInput {
  version: number;
  submit: boolean;
  values: { indicatorId: number; value: number | null; comment?: string | null }[];
}

/**
 * Saves a draft or submits. Everything is checked first — types, ranges, part ≤ whole, required
 * figures and, on submit, that every outlier carries a comment — and nothing is written unless
 * all of it passes. Derived figures are frozen into the form at submission.
 */
export async function saveForm(ctx: AppContext, actor: Actor, taskId: number, unitId: number, input: FormInput) {
  requirePermission(actor, 'fill:tasks');
  return ctx.db.transaction(async (tx) => {
    const f = await loadForm(tx, actor, taskId, unitId, true);
    assertTaskOpen(f.task);
    if (f.submission.version !== input.version) throw versionConflict('task.version_conflict', submissionDto(f.submission));
    if (!EDITABLE.includes(f.submission.status as SubmissionStatus)) {
      throw badRequest('task.locked', f.submission.status === 'approved' ? '数据已审核锁定，如需更正请联系审核单位退回修改' : '已报送，等待审核中，不能修改');
    }
    const context = await fieldContext(tx, actor, f);
    const fields = buildFields(f, context);
    const byId = new Map(fields.map((x) => [x.indicatorId, x]));
    const issues: FieldIssue[] = [];
    const incoming = new Map<number, { value: number | null; comment: string | null }>();
    for (const v of input.values) {
      const field = byId.get(v.indicatorId);
      const path = `values.${v.indicatorId}`;
      if (!field) {
        issues.push({ path, message: '该指标不在本任务中' });
        continue;
      }
      if (!field.editable) {
        if (v.value !== field.value) issues.push({ path, message: field.ownerTask ? `该项已在「${field.ownerTask.title}」中填报，无需重复填写` : '该项由系统自动生成，不能手工修改' });
        continue;
      }
      incoming.set(v.indicatorId, { value: v.value, comment: v.comment?.trim() || null });
    }
    const current = (id: number) => (incoming.has(id) ? incoming.get(id)!.value : (byId.get(id)?.value ?? null));
    const warnings: Record<number, string[]> = {};
    for (const field of fields) {
      const path = `values.${field.indicatorId}`;
      const value = current(field.indicatorId);
      if (value == null) {
        if (input.submit && field.required && field.editable) issues.push({ path, message: `请填写「${field.name}」` });
        continue;
      }
      if (!field.editable) continue;
      const err = checkValue(field, value);
      if (err) {
        issues.push({ path, message: err });
        continue;
      }
      if (field.notAbove) {
        const whole = fields.find((x) => x.code === field.notAbove);
        const wholeValue = whole ? current(whole.indicatorId) : await storedValue(tx, actor, field.notAbove, unitId, f.task.period);
        const wholeName = whole?.name ?? f.defs.get(field.notAbove)?.row.name ?? field.notAbove;
        if (wholeValue != null && value > wholeValue) issues.push({ path, message: `不能大于「${wholeName}」（${wholeValue}）` });
      }
      const w = outlierWarnings(value, field.previous, field.siblingMedian, field.unit);
      if (w.length) {
        warnings[field.indicatorId] = w;
        const comment = incoming.get(field.indicatorId)?.comment ?? field.comment;
        if (input.submit && !comment) issues.push({ path, message: `${w.join('；')}。请核实，如数据无误请在“说明”中注明原因` });
      }
    }
    if (issues.length) throw badRequest(input.submit ? 'task.invalid_submission' : 'task.invalid_values', `有 ${issues.length} 项需要修改，未保存`, issues);

    const writes: { field: FormField; value: number | null; comment: string | null; source: string }[] = [];
    for (const field of fields) {
      if (field.editable && incoming.has(field.indicatorId)) writes.push({ field, ...incoming.get(field.indicatorId)!, source: 'entered' });
      else if (input.submit && field.source === 'derived' && !field.ownerTask && EDITABLE.includes(f.submission.status as SubmissionStatus)) writes.push({ field, value: field.value, comment: null, source: 'derived' });
    }
    for (const w of writes) await writeValue(tx, actor, f, w.field.indicatorId, w.value, w.comment, w.source, input.submit);
    if (input.submit) {
      await tx.execute(sql`update indicator_values set return_reason = null where task_id = ${taskId} and org_unit_id = ${unitId}`);
    }
    const now = new Date();
    const [submission] = await tx
      .update(taskSubmissions)
      .set(
        input.submit
          ? { status: 'submitted', submittedAt: now, submittedBy: actor.displayName, returnReason: null, version: f.submission.version + 1, updatedAt: now }
          : { status: 'draft', version: f.submission.version + 1, updatedAt: now },
      )
      .where(eq(taskSubmissions.id, f.submission.id))
      .returning();
    await recordAudit(tx, actor, {
      action: input.submit ? 'task.submit' : 'task.save',
      entityType: 'task_submission',
      entityId: f.submission.id,
      orgUnitId: unitId,
      orgPath: f.unit.path,
      summary: `${input.submit ? '报送' : '保存草稿'}「${f.task.title}」：${f.unit.name}`,
      after: { values: writes.map((w) => ({ code: w.field.code, value: w.value, comment: w.comment })) },
    });
    // The answer is the form as saved, built from what this transaction loaded and wrote: only the
    // items (figures and their history) are read again, since the rest of a form does not change here.
    const items = await loadItems(tx, actor, f.task, f.unit);
    const saved: Loaded = { ...f, submission, items, valueOf: figuresBy(items) };
    return formView(actor, saved, buildFields(saved, { ...context, editableStatus: editableFor(actor, saved) }));
  });
}

async function storedValue(db: DbOrTx, actor: Actor, code: string, unitId: number, period: string): Promise<number | null> {
  const [r] = await queryRows<{ value: number | null }>(
    db,
    sql`select coalesce(v.value, v.approved_value) as value from indicator_values v join indicators i on i.id = v.indicator_id
        where i.tenant_id = ${actor.tenantId} and i.code = ${code} and v.org_unit_id = ${unitId} and v.period = ${period}`,
  );
  return r?.value ?? null;
}

/** Writes one figure and, when it changed, its history entry: one statement either way. */
async function writeValue(tx: DbOrTx, actor: Actor, f: Loaded, indicatorId: number, value: number | null, comment: string | null, source: string, submit: boolean) {
  const existing: IndicatorValueRow | undefined = f.valueOf.get(indicatorId);
  const action = submit ? 'submit' : 'save';
  if (!existing) {
    await tx.execute(sql`
      with v as (
        insert into indicator_values (tenant_id, indicator_id, org_unit_id, period, value, comment, source, task_id, entered_by)
        values (${actor.tenantId}, ${indicatorId}, ${f.unit.id}, ${f.task.period}, ${value}::float8, ${comment}, ${source}, ${f.task.id}, ${actor.displayName})
        returning id)
      insert into indicator_value_history (tenant_id, value_id, action, old_value, new_value, actor_name)
      select ${actor.tenantId}, v.id, ${action}, null, ${value}::float8, ${actor.displayName} from v`);
    return;
  }
  if (existing.value === value && existing.comment === comment && existing.source === source) return;
  const update = sql`update indicator_values set value = ${value}::float8, comment = ${comment}, source = ${source}, entered_by = ${actor.displayName}, updated_at = now() where id = ${existing.id}`;
  if (existing.value === value) {
    await tx.execute(update);
    return;
  }
  await tx.execute(sql`
    with v as (${update} returning id)
    insert into indicator_value_history (tenant_id, value_id, action, old_value, new_value, actor_name)
    select ${actor.tenantId}, v.id, ${action}, ${existing.value}::float8, ${value}::float8, ${actor.displayName} from v`);
}

/** Every change to one figure, oldest first: what it was, what it became, who, when, why. */
export async function valueHistory(ctx: AppContext, actor: Actor, taskId: number, unitId: number, indicatorId: number) {
  requirePermission(actor, 'read:indicators');
  const f = await loadForm(ctx.db, actor, taskId, unitId);
  const v = f.valueOf.get(indicatorId);
  if (!v) return [];
  const rows = await ctx.db.select().from(indicatorValueHistory).where(eq(indicatorValueHistory.valueId, v.id)).orderBy(asc(indicatorValueHistory.id));
  return rows.map((r) => ({ action: r.action, oldValue: r.oldValue, newValue: r.newValue, reason: r.reason, actorName: r.actorName, at: r.at.toISOString() }));
}

const TEMPLATE_COLUMNS = [
  { key: 'code', header: '指标编码', width: 16 },
  { key: 'name', header: '指标名称', width: 36 },
  { key: 'unit', header: '计量单位', width: 10 },
  { key: 'value', header: '数值', width: 14 },
  { key: 'comment', header: '说明', width: 40 },
  { key: 'hint', header: '填写提示', width: 40 },
];

/** The form as a sheet, pre-filled with what is saved (and derived figures), for offline filling. */
export async function formTemplate(ctx: AppContext, actor: Actor, taskId: number, unitId: number) {
  const form = await getForm(ctx, actor, taskId, unitId);
  const rows = form.fields.map((x) => ({
    code: x.code,
    name: x.name,
    unit: x.unit,
    value: x.value ?? '',
    comment: x.comment ?? '',
    hint: !x.editable
      ? x.ownerTask
        ? `已在「${x.ownerTask.title}」中填报，无需填写`
        : x.source === 'derived'
          ? `自动生成（${x.derivationLabel ?? '台账'}），无需填写`
          : '不可修改'
      : [x.valueKind === 'integer' ? '整数' : '数字', x.minValue != null ? `≥${x.minValue}` : '', x.maxValue != null ? `≤${x.maxValue}` : '', x.required ? '必填' : ''].filter(Boolean).join('，'),
  }));
  const file = await writeSheet(form.unit.name.slice(0, 28) || '填报表', TEMPLATE_COLUMNS, rows, ['code', 'value']);
  return { file, name: `${form.task.title}-${form.unit.name}.xlsx` };
}

/**
 * Fills the form from an uploaded sheet as a draft. All-or-nothing: one bad cell and nothing is
 * saved; every problem is reported by Excel row and column.
 */
export async function uploadForm(ctx: AppContext, actor: Actor, taskId: number, unitId: number, file: Buffer, version: number) {
  requirePermission(actor, 'fill:tasks');
  const form = await getForm(ctx, actor, taskId, unitId);
  const rows = await readSheet(file, TEMPLATE_COLUMNS, ['code', 'value']);
  const byCode = new Map(form.fields.map((x) => [x.code, x]));
  const issues: RowIssue[] = [];
  const lineOf = new Map<number, number>();
  const values: FormInput['values'] = [];
  for (const r of rows) {
    const field = byCode.get(r.values.code);
    if (!field) {
      issues.push({ line: r.line, column: '指标编码', message: `指标编码「${r.values.code}」不在本任务中` });
      continue;
    }
    if (lineOf.has(field.indicatorId)) {
      issues.push({ line: r.line, column: '指标编码', message: `与第 ${lineOf.get(field.indicatorId)} 行重复` });
      continue;
    }
    lineOf.set(field.indicatorId, r.line);
    if (!field.editable) continue;
    const parsed = parseFigure(r.values.value);
    if (parsed === 'invalid') {
      issues.push({ line: r.line, column: '数值', message: `「${r.values.value}」不是数字` });
      continue;
    }
    values.push({ indicatorId: field.indicatorId, value: parsed, comment: r.values.comment || null });
  }
  if (!issues.length) {
    try {
      const saved = await saveForm(ctx, actor, taskId, unitId, { version, submit: false, values });
      return { applied: values.length, issues, form: saved };
    } catch (e) {
      if (!(e instanceof AppError) || !Array.isArray(e.details)) throw e;
      for (const d of e.details as FieldIssue[]) {
        const id = Number(d.path.split('.')[1]);
        issues.push({ line: lineOf.get(id) ?? 0, column: '数值', message: d.message });
      }
    }
  }
  issues.sort((a, b) => a.line - b.line);
  return { applied: 0, issues, form: await getForm(ctx, actor, taskId, unitId) };
}
