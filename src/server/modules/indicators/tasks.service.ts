import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { badRequest, fieldError, notFound, versionConflict } from '../../errors';
import { escapeLike } from '../../db/like';
import { recordAudit } from '../audit';
import { accountsOfUnits } from '../auth';
import { findUnitsByIds, unitNameOf, unitPathOf, unitsOfTypesUnder } from '../org';
import { ORG_TYPE_ZH, type OrgType } from '../../../shared/org-types';
import { PERIOD_TYPE_ZH } from './definitions.service';
import { indicators } from './indicators.table';
import { parsePeriod, periodLabel } from '../../../shared/periods';
import { collectionTasks, taskIndicators, taskSubmissions, type CollectionTaskRow } from './tasks.table';

/** Timestamps from raw SQL as ISO 8601 strings, like the rest of the API. */
const iso = (col: ReturnType<typeof sql>) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const SUBMISSION_STATUS_ZH = { not_started: '未开始', draft: '草稿', submitted: '已报送', returned: '已退回', approved: '已审核' } as const;
export type SubmissionStatus = keyof typeof SUBMISSION_STATUS_ZH;

export interface TaskCreate {
  title: string;
  period: string;
  deadline: string;
  indicatorIds: number[];
  unitTypes?: string[];
  unitIds?: number[];
  note?: string | null;
}

/**
 * Issues a task: the indicators (all of one period type, collected rather than computed), the
 * period, and one submission per reporting unit. A figure already asked for by another task
 * for the same unit and period stays with that task — the new form shows it read-only.
 */
export async function createTask(ctx: AppContext, actor: Actor, input: TaskCreate) {
  requirePermission(actor, 'issue:tasks');
  const period = parsePeriod(input.period);
  if (!period) throw fieldError('task.period_format', 'period', '期次格式应为 2022、2022H1、2022Q3 或 2022-07');
  const deadline = new Date(input.deadline);
  if (Number.isNaN(deadline.getTime())) throw fieldError('task.deadline', 'deadline', '请填写截止时间');
  if (!input.indicatorIds.length) throw fieldError('task.no_indicators', 'indicatorIds', '请至少选择一个指标');
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.select().from(indicators).where(and(eq(indicators.tenantId, actor.tenantId), inArray(indicators.id, input.indicatorIds)));
    if (rows.length !== new Set(input.indicatorIds).size) throw fieldError('task.unknown_indicator', 'indicatorIds', '所选指标不存在');
    for (const r of rows) {
      if (r.archivedAt) throw fieldError('task.archived_indicator', 'indicatorIds', `指标「${r.name}」已停用`);
      if (r.periodType !== period.type) throw fieldError('task.period_type', 'indicatorIds', `指标「${r.name}」是${PERIOD_TYPE_ZH[r.periodType as keyof typeof PERIOD_TYPE_ZH]}指标，与期次 ${input.period} 不一致`);
    }
    const computed = await queryRows<{ id: number; name: string }>(
      tx,
      sql`select i.id, i.name from indicators i where i.id in (${sql.join(rows.map((r) => sql`${r.id}`), sql`, `)})
          and (select v.aggregation->>'kind' from indicator_versions v where v.indicator_id = i.id and v.effective_from <= ${input.period} order by v.version_no desc limit 1) in ('ratio', 'formula')`,
    );
    if (computed.length) throw fieldError('task.computed_indicator', 'indicatorIds', `「${computed.map((c) => c.name).join('、')}」由其他指标计算得出，无需填报`);

    let units = input.unitIds?.length ? await findUnitsByIds(tx, [...new Set(input.unitIds)]) : await unitsOfTypesUnder(tx, actor.scopePath, input.unitTypes ?? []);
    units = units.filter((u) => !u.archivedAt);
    if (input.unitIds?.length && units.length !== new Set(input.unitIds).size) throw fieldError('task.unknown_unit', 'unitIds', '所选单位不存在或已撤销');
    if (units.some((u) => !u.path.startsWith(actor.scopePath))) throw fieldError('task.out_of_scope', 'unitIds', '只能向本辖区内的单位下发任务');
    if (!units.length) throw fieldError('task.no_units', 'unitTypes', '没有符合条件的填报单位');

    const [task] = await tx
      .insert(collectionTasks)
      .values({ tenantId: actor.tenantId, title: input.title, period: input.period, deadline, issuerUnitId: actor.orgUnitId, issuedBy: actor.displayName, note: input.note ?? null })
      .returning();
    await tx.insert(taskIndicators).values(input.indicatorIds.map((id, i) => ({ taskId: task.id, indicatorId: id, position: i + 1 })));
    for (let i = 0; i < units.length; i += 1000) {
      await tx.insert(taskSubmissions).values(units.slice(i, i + 1000).map((u) => ({ tenantId: actor.tenantId, taskId: task.id, orgUnitId: u.id })));
    }
    const [{ overlaps }] = await queryRows<{ overlaps: number }>(
      tx,
      sql`select count(*)::int as overlaps from task_submissions s join task_indicators ti on ti.task_id = s.task_id
          join collection_tasks t on t.id = s.task_id
          where t.id <> ${task.id} and t.tenant_id = ${actor.tenantId} and t.period = ${input.period}
            and s.org_unit_id in (select org_unit_id from task_submissions where task_id = ${task.id})
            and ti.indicator_id in (select indicator_id from task_indicators where task_id = ${task.id})`,
    );
    await recordAudit(tx, actor, {
      action: 'task.create',
      entityType: 'collection_task',
      entityId: task.id,
      orgUnitId: actor.orgUnitId,
      orgPath: actor.scopePath,
      summary: `下发填报任务「${task.title}」（${input.period}，${rows.length} 项指标，${units.length} 个单位）`,
      after: input,
    });
    return { id: task.id, units: units.length, indicators: rows.length, overlaps };
  });
}

export async function taskInTenant(db: DbOrTx, actor: Actor, id: number): Promise<CollectionTaskRow> {
  const [t] = await db.select().from(collectionTasks).where(and(eq(collectionTasks.id, id), eq(collectionTasks.tenantId, actor.tenantId)));
  if (!t) throw notFound('task.not_found', '填报任务不存在');
  return t;
}

/** Status counts of a task's submissions inside a subtree. */
async function countsUnder(db: DbOrTx, taskIds: number[], path: string) {
  if (!taskIds.length) return new Map<number, Record<string, number>>();
  const rows = await queryRows<{ taskId: number; status: string; n: number; overdue: number }>(
    db,
    sql`select s.task_id as "taskId", s.status, count(*)::int as n,
          count(*) filter (where t.deadline < now() and s.status in ('not_started', 'draft', 'returned'))::int as overdue
        from task_submissions s join collection_tasks t on t.id = s.task_id
        where s.task_id in (${sql.join(taskIds.map((i) => sql`${i}`), sql`, `)}) and ${unitPathOf('"s"."org_unit_id"')} like ${escapeLike(path) + '%'}
        group by s.task_id, s.status`,
  );
  const out = new Map<number, Record<string, number>>();
  for (const r of rows) {
    const c = out.get(r.taskId) ?? { total: 0, overdue: 0, not_started: 0, draft: 0, submitted: 0, returned: 0, approved: 0 };
    c[r.status] = r.n;
    c.total += r.n;
    c.overdue += r.overdue;
    out.set(r.taskId, c);
  }
  return out;
}

const taskDto = (t: CollectionTaskRow, counts?: Record<string, number>) => ({
  id: t.id,
  title: t.title,
  period: t.period,
  periodLabel: periodLabel(parsePeriod(t.period)!),
  deadline: t.deadline.toISOString(),
  overdue: t.deadline < new Date(),
  issuedBy: t.issuedBy,
  issuerUnitId: t.issuerUnitId,
  note: t.note,
  createdAt: t.createdAt.toISOString(),
  closed: t.closedAt != null,
  version: t.version,
  counts: counts ?? { total: 0, overdue: 0, not_started: 0, draft: 0, submitted: 0, returned: 0, approved: 0 },
});

/** Tasks that reach the actor's subtree, newest first, with progress counted inside it. */
export async function listTasks(ctx: AppContext, actor: Actor, q: { q?: string; period?: string } = {}) {
  requirePermission(actor, 'read:indicators');
  const filters = [q.q ? sql` and t.title like ${'%' + escapeLike(q.q) + '%'}` : sql``, q.period ? sql` and t.period = ${q.period}` : sql``];
  // The newest 200: older ones are found by title or period.
  const tasks = await queryRows<{ id: number }>(
    ctx.db,
    sql`select t.id from collection_tasks t where t.tenant_id = ${actor.tenantId}${filters[0]}${filters[1]} and (
          ${unitPathOf('"t"."issuer_unit_id"')} like ${escapeLike(actor.scopePath) + '%'}
          or exists (select 1 from task_submissions s where s.task_id = t.id and ${unitPathOf('"s"."org_unit_id"')} like ${escapeLike(actor.scopePath) + '%'}))
        order by t.created_at desc, t.id desc limit 200`,
  );
  const ids = tasks.map((t) => t.id);
  const rows = ids.length ? await ctx.db.select().from(collectionTasks).where(inArray(collectionTasks.id, ids)) : [];
  const counts = await countsUnder(ctx.db, ids, actor.scopePath);
  return rows.sort((a, b) => b.id - a.id).map((t) => taskDto(t, counts.get(t.id)));
}

/** The actor's own unit's submissions to fill, and submissions of its direct children to review. */
export async function myTasks(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'read:indicators');
  const fill = await queryRows<{ taskId: number; status: string; returnReason: string | null; version: number; submittedAt: string | null }>(
    ctx.db,
    sql`select s.task_id as "taskId", s.status, s.return_reason as "returnReason", s.version, ${iso(sql`s.submitted_at`)} as "submittedAt"
        from task_submissions s join collection_tasks t on t.id = s.task_id
        where s.org_unit_id = ${actor.orgUnitId} and t.closed_at is null order by t.deadline`,
  );
  const review = actor.permissions.includes('review:tasks')
    ? await queryRows<{ taskId: number; unitId: number; unitName: string; submittedAt: string }>(
        ctx.db,
        sql`select s.task_id as "taskId", s.org_unit_id as "unitId", ${unitNameOf('"s"."org_unit_id"')} as "unitName", ${iso(sql`s.submitted_at`)} as "submittedAt"
            from task_submissions s join org_units o on o.id = s.org_unit_id
            where s.status = 'submitted' and o.parent_id = ${actor.orgUnitId} and s.tenant_id = ${actor.tenantId} order by s.submitted_at`,
      )
    : [];
  const ids = [...new Set([...fill.map((f) => f.taskId), ...review.map((r) => r.taskId)])];
  const tasks = ids.length ? await ctx.db.select().from(collectionTasks).where(inArray(collectionTasks.id, ids)) : [];
  const byId = new Map(tasks.map((t) => [t.id, taskDto(t)]));
  return {
    unitId: actor.orgUnitId,
    fill: fill.map((f) => ({ ...f, task: byId.get(f.taskId)!, statusName: SUBMISSION_STATUS_ZH[f.status as SubmissionStatus] })),
    review: review.map((r) => ({ ...r, task: byId.get(r.taskId)! })),
  };
}

export async function getTask(ctx: AppContext, actor: Actor, id: number) {
  requirePermission(actor, 'read:indicators');
  const t = await taskInTenant(ctx.db, actor, id);
  const list = await ctx.db
    .select({ id: indicators.id, code: indicators.code, name: indicators.name, unit: indicators.unit, source: indicators.source })
    .from(taskIndicators)
    .innerJoin(indicators, eq(indicators.id, taskIndicators.indicatorId))
    .where(eq(taskIndicators.taskId, id))
    .orderBy(asc(taskIndicators.position));
  const counts = await countsUnder(ctx.db, [id], actor.scopePath);
  if (!counts.get(id) && !(await findUnitsByIds(ctx.db, [t.issuerUnitId]))[0]?.path.startsWith(actor.scopePath)) throw notFound('task.not_found', '填报任务不存在');
  return { ...taskDto(t, counts.get(id)), indicators: list };
}

/**
 * The live progress board: every reporting unit in the actor's subtree with its status; overdue
 * ones flagged. Sorted so what needs chasing comes first.
 */
export async function taskProgress(ctx: AppContext, actor: Actor, id: number) {
  const task = await getTask(ctx, actor, id);
  const rows = await queryRows<{
    unitId: number;
    unitName: string;
    unitType: string;
    parentName: string | null;
    status: SubmissionStatus;
    submittedAt: string | null;
    reviewedAt: string | null;
    reviewedBy: string | null;
    returnReason: string | null;
    reopenCount: number;
    filled: number;
    version: number;
  }>(
    ctx.db,
    sql`select s.org_unit_id as "unitId", o.name as "unitName", o.type as "unitType", ${unitNameOf('"o"."parent_id"')} as "parentName",
          s.status, ${iso(sql`s.submitted_at`)} as "submittedAt", ${iso(sql`s.reviewed_at`)} as "reviewedAt", s.reviewed_by as "reviewedBy", s.return_reason as "returnReason",
          s.reopen_count as "reopenCount", s.version,
          (select count(*)::int from indicator_values v where v.task_id = s.task_id and v.org_unit_id = s.org_unit_id and v.value is not null) as filled
        from task_submissions s join org_units o on o.id = s.org_unit_id
        where s.task_id = ${id} and o.path like ${escapeLike(actor.scopePath) + '%'}
        order by o.path`,
  );
  const now = new Date();
  const order: Record<SubmissionStatus, number> = { returned: 0, not_started: 1, draft: 2, submitted: 3, approved: 4 };
  const units = rows
    .map((r) => ({
      ...r,
      unitTypeName: ORG_TYPE_ZH[r.unitType as OrgType] ?? r.unitType,
      statusName: SUBMISSION_STATUS_ZH[r.status],
      overdue: new Date(task.deadline) < now && ['not_started', 'draft', 'returned'].includes(r.status),
    }))
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || order[a.status] - order[b.status]);
  const c = task.counts;
  return { task, approvedShare: c.total ? c.approved / c.total : 0, submittedShare: c.total ? (c.submitted + c.approved) / c.total : 0, units };
}

/** Units that still owe their figures, with the accounts to contact and a message to send. */
export async function taskReminders(ctx: AppContext, actor: Actor, id: number) {
  const { task, units } = await taskProgress(ctx, actor, id);
  const owing = units.filter((u) => ['not_started', 'draft', 'returned'].includes(u.status));
  const accounts = await accountsOfUnits(ctx.db, owing.map((u) => u.unitId));
  const deadline = new Date(task.deadline).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  return {
    message: `【丽州提醒】请于 ${deadline} 前完成「${task.title}」（${task.periodLabel}）的填报${owing.some((u) => u.overdue) ? '，目前已逾期' : ''}。登录丽州 → 我的任务 即可填写。`,
    units: owing.map((u) => ({
      unitId: u.unitId,
      unitName: u.unitName,
      parentName: u.parentName,
      statusName: u.statusName,
      overdue: u.overdue,
      returnReason: u.returnReason,
      contacts: accounts.filter((a) => a.orgUnitId === u.unitId).map((a) => a.displayName),
    })),
  };
}

export function assertTaskOpen(t: CollectionTaskRow) {
  if (t.closedAt) throw badRequest('task.closed', '该任务已结束，不能再修改');
}

/**
 * Ends a task (no more filling; reviews of what was submitted may still finish) or opens it
 * again. Only the issuing level may do either.
 */
export async function setTaskClosed(ctx: AppContext, actor: Actor, id: number, input: { version: number; closed: boolean }) {
  requirePermission(actor, 'issue:tasks');
  await ctx.db.transaction(async (tx) => {
    const t = await taskInTenant(tx, actor, id);
    const [issuer] = await findUnitsByIds(tx, [t.issuerUnitId]);
    if (!issuer || !issuer.path.startsWith(actor.scopePath)) throw notFound('task.not_found', '填报任务不存在');
    if (t.version !== input.version) throw versionConflict('task.version_conflict', taskDto(t));
    const [updated] = await tx
      .update(collectionTasks)
      .set({ closedAt: input.closed ? new Date() : null, version: t.version + 1 })
      .where(and(eq(collectionTasks.id, id), eq(collectionTasks.version, input.version)))
      .returning();
    if (!updated) throw versionConflict('task.version_conflict', taskDto(t));
    await recordAudit(tx, actor, {
      action: input.closed ? 'task.close' : 'task.reopen_task',
      entityType: 'collection_task',
      entityId: id,
      orgUnitId: issuer.id,
      orgPath: issuer.path,
      summary: `${input.closed ? '结束' : '重新开放'}填报任务「${t.title}」`,
    });
  });
  return getTask(ctx, actor, id);
}
