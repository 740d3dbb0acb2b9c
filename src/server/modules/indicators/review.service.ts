import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { badRequest, conflict, fieldError, forbidden, notFound, versionConflict } from '../../errors';
import { escapeLike } from '../../db/like';
import { lastActorOf, recordAudit } from '../audit';
import { findUnitsByIds } from '../org';
import { getForm } from './form.service';
import { indicatorValueHistory, indicatorValues } from './indicators.table';
import { taskInTenant, SUBMISSION_STATUS_ZH, type SubmissionStatus } from './tasks.service';
import { taskSubmissions } from './tasks.table';

export type ReviewAction = 'approve' | 'return' | 'unapprove' | 'reopen';

export interface ReviewInput {
  action: ReviewAction;
  version: number;
  reason?: string | null;
  /** Per-field reasons for a return, shown to the filler next to each field. */
  fieldReasons?: { indicatorId: number; reason: string }[];
}

const ACTION_ZH: Record<ReviewAction, string> = { approve: '审核通过', return: '退回修改', unapprove: '撤销审核', reopen: '退回更正' };
const FROM: Record<ReviewAction, SubmissionStatus> = { approve: 'submitted', return: 'submitted', unapprove: 'approved', reopen: 'approved' };

/**
 * Review by a level above the unit. Approval goes level by level: a unit is approved only once
 * every reporting unit below it in the task is. Unapproving or reopening a unit also withdraws
 * the approval of every reporting unit above it, whose sign-off covered this one.
 */
export async function reviewSubmission(ctx: AppContext, actor: Actor, taskId: number, unitId: number, input: ReviewInput) {
  requirePermission(actor, 'review:tasks');
  const reason = input.reason?.trim() || null;
  await ctx.db.transaction(async (tx) => {
    const task = await taskInTenant(tx, actor, taskId);
    const [unit] = await findUnitsByIds(tx, [unitId]);
    if (!unit || !unit.path.startsWith(actor.scopePath)) throw notFound('task.unit_not_found', '该单位不在您的管辖范围内');
    if (unit.path === actor.scopePath) throw forbidden('task.self_review', '不能审核本单位自己报送的数据，应由上级单位审核');
    const [s] = await tx.select().from(taskSubmissions).where(and(eq(taskSubmissions.taskId, taskId), eq(taskSubmissions.orgUnitId, unitId))).for('update');
    if (!s) throw notFound('task.not_assigned', '该单位不在本任务的填报范围内');
    if (s.version !== input.version) throw versionConflict('task.version_conflict', { status: s.status, version: s.version });
    if (s.status !== FROM[input.action]) {
      throw badRequest('task.invalid_transition', `当前状态为「${SUBMISSION_STATUS_ZH[s.status as SubmissionStatus]}」，不能${ACTION_ZH[input.action]}`);
    }
    if (input.action !== 'approve' && !reason) throw fieldError('task.reason_required', 'reason', `请填写${ACTION_ZH[input.action]}的原因`);

    if (input.action === 'approve') {
      // Four eyes: whoever filled a form in on a unit's behalf cannot also sign it off.
      if ((await lastActorOf(tx, 'task_submission', s.id, ['task.submit'])) === actor.userId) {
        throw forbidden('task.own_submission', '您代为报送了这份数据，须由其他审核人审核');
      }
      const pending = await queryRows<{ name: string; status: string }>(
        tx,
        sql`select o.name, s.status from task_submissions s join org_units o on o.id = s.org_unit_id
            where s.task_id = ${taskId} and o.path like ${escapeLike(unit.path) + '%'} and o.id <> ${unitId} and s.status <> 'approved' order by o.path limit 20`,
      );
      if (pending.length) {
        throw conflict('task.children_not_approved', `下级单位尚未全部审核通过：${pending.map((p) => `${p.name}（${SUBMISSION_STATUS_ZH[p.status as SubmissionStatus]}）`).join('、')}`, { pending });
      }
    }

    const now = new Date();
    const next: SubmissionStatus = input.action === 'approve' ? 'approved' : input.action === 'unapprove' ? 'submitted' : 'returned';
    await tx
      .update(taskSubmissions)
      .set({
        status: next,
        reviewedAt: now,
        reviewedBy: actor.displayName,
        returnReason: input.action === 'approve' ? null : reason,
        reopenCount: input.action === 'reopen' ? s.reopenCount + 1 : s.reopenCount,
        version: s.version + 1,
        updatedAt: now,
      })
      .where(eq(taskSubmissions.id, s.id));

    const values = await tx.select().from(indicatorValues).where(and(eq(indicatorValues.taskId, taskId), eq(indicatorValues.orgUnitId, unitId)));
    if (input.action === 'approve') {
      for (const v of values) {
        const changed = v.approvedValue != null && v.approvedValue !== v.value;
        await tx
          .update(indicatorValues)
          .set({ approvedValue: v.value, approvedAt: now, approvedBy: actor.displayName, changesSinceSignoff: v.changesSinceSignoff + (changed ? 1 : 0), returnReason: null })
          .where(eq(indicatorValues.id, v.id));
      }
    } else if (input.action === 'return') {
      const known = new Set(values.map((v) => v.indicatorId));
      for (const fr of input.fieldReasons ?? []) {
        if (!known.has(fr.indicatorId)) continue;
        await tx.update(indicatorValues).set({ returnReason: fr.reason.trim() || null }).where(and(eq(indicatorValues.taskId, taskId), eq(indicatorValues.orgUnitId, unitId), eq(indicatorValues.indicatorId, fr.indicatorId)));
      }
    }
    if (values.length) {
      const reasonOf = new Map((input.fieldReasons ?? []).map((r) => [r.indicatorId, r.reason]));
      await tx.insert(indicatorValueHistory).values(
        values.map((v) => ({ tenantId: actor.tenantId, valueId: v.id, action: input.action, oldValue: v.approvedValue, newValue: v.value, reason: reasonOf.get(v.indicatorId) ?? reason, actorName: actor.displayName })),
      );
    }
    let withdrawn: string[] = [];
    if (input.action === 'unapprove' || input.action === 'reopen') withdrawn = await withdrawAncestors(tx, taskId, unit.path, unitId, actor.displayName);

    await recordAudit(tx, actor, {
      action: `task.${input.action}`,
      entityType: 'task_submission',
      entityId: s.id,
      orgUnitId: unitId,
      orgPath: unit.path,
      summary: `${ACTION_ZH[input.action]}「${task.title}」：${unit.name}${reason ? `，原因：${reason}` : ''}${withdrawn.length ? `；同时撤销上级审核：${withdrawn.join('、')}` : ''}`,
      before: { status: s.status },
      after: { status: next, reason, fieldReasons: input.fieldReasons ?? [] },
    });
  });
  return getForm(ctx, actor, taskId, unitId);
}

/** Approved reporting units above `path` in the task go back to "submitted" for re-review. */
async function withdrawAncestors(tx: DbOrTx, taskId: number, path: string, unitId: number, actorName: string): Promise<string[]> {
  const ancestorIds = path.split('.').filter(Boolean).map(Number).filter((id) => id !== unitId);
  if (!ancestorIds.length) return [];
  const rows = await tx
    .update(taskSubmissions)
    .set({ status: 'submitted', reviewedAt: new Date(), reviewedBy: actorName, version: sql`${taskSubmissions.version} + 1`, updatedAt: new Date() })
    .where(and(eq(taskSubmissions.taskId, taskId), inArray(taskSubmissions.orgUnitId, ancestorIds), eq(taskSubmissions.status, 'approved')))
    .returning({ orgUnitId: taskSubmissions.orgUnitId });
  const units = await findUnitsByIds(tx, rows.map((r) => r.orgUnitId));
  return units.map((u) => u.name);
}
