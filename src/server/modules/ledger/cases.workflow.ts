import { eq, sql } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx, type Tx } from '../../db/client';
import { inScope, requirePermission } from '../../access';
import { badRequest, fieldError, forbidden, versionConflict } from '../../errors';
import { escapeLike } from '../../db/like';
import { recordAudit } from '../audit';
import { findUnitsByIds, getUnitInScope, unitNameOf, unitPathOf } from '../org';
import { CASE_STATUS_ZH, DUE_SOON_DAYS, OPEN_CASE_STATUSES, type CaseStatus } from '../../../shared/ledger';
import { caseEvents, cases } from './ledger.table';
import { recordInScope, recordRow, todayCst } from './records.service';

/**
 * The case workflow (登记 → 交办 → 办理 → 办结 → 销号, or 退回). Two sides act on a case: the
 * handling side — accounts whose subtree holds the unit handling it now — and the registering
 * side, whose subtree holds the unit that registered it. Handlers assign down their own subtree,
 * note progress and resolve; the registering side assigns, verifies and closes (销号) or returns
 * it with a reason. A county account sees both sides of a case it assigned to a town.
 */
export type CaseAction = 'assign' | 'progress' | 'resolve' | 'close' | 'return';
export const CASE_ACTION_ZH: Record<CaseAction, string> = { assign: '交办', progress: '办理进展', resolve: '办结', close: '销号', return: '退回' };

const ACTIVE: readonly string[] = OPEN_CASE_STATUSES;

interface CaseState {
  path: string;
  registrarPath?: string;
}

/** Which workflow steps the actor may take on the case now. */
export function caseActions(actor: Actor, item: { status?: unknown } & Record<string, unknown>, row: CaseState): CaseAction[] {
  if (!actor.permissions.includes('write:ledger')) return [];
  const status = item.status as string;
  const handler = inScope(actor, row.path);
  const registrar = row.registrarPath != null && inScope(actor, row.registrarPath);
  const out: CaseAction[] = [];
  if (ACTIVE.includes(status) && (handler || registrar)) out.push('assign');
  if (ACTIVE.includes(status) && handler) out.push('progress', 'resolve');
  if (status === 'resolved' && registrar) out.push('close', 'return');
  return out;
}

async function load(tx: Tx, actor: Actor, id: number, version: number, action: CaseAction) {
  requirePermission(actor, 'write:ledger');
  const row = await recordInScope<{ status: string }>(tx, actor, 'case', id);
  const [locked] = await tx.select().from(cases).where(eq(cases.id, id)).for('update');
  if (locked.version !== version) throw versionConflict('ledger.version_conflict', await recordRow(tx, 'case', id));
  const allowed = caseActions(actor, { status: locked.status }, { path: row.path, registrarPath: row.registrarPath });
  if (!allowed.includes(action)) {
    const status = CASE_STATUS_ZH[locked.status as CaseStatus] ?? locked.status;
    if (['close', 'return'].includes(action) && locked.status === 'resolved') throw forbidden('ledger.case_not_registrar', '只有登记（交办）单位可以销号或退回');
    if (['progress', 'resolve'].includes(action) && ACTIVE.includes(locked.status)) throw forbidden('ledger.case_not_handler', '只有承办单位可以填写办理进展或办结');
    throw badRequest('ledger.case_wrong_state', `事项当前状态为“${status}”，不能${CASE_ACTION_ZH[action]}`);
  }
  return { row, c: locked };
}

async function step(tx: Tx, actor: Actor, id: number, action: CaseAction, set: Partial<typeof cases.$inferInsert>, event: { from?: number | null; to?: number | null; note?: string | null }, path: string, summary: string) {
  await tx
    .update(cases)
    .set({ ...set, version: sql`${cases.version} + 1`, updatedAt: new Date() } as never)
    .where(eq(cases.id, id));
  await tx.insert(caseEvents).values({ caseId: id, action, fromUnitId: event.from ?? null, toUnitId: event.to ?? null, note: event.note ?? null, actorUserId: actor.userId, actorName: actor.displayName });
  await recordAudit(tx, actor, { action: `ledger.case_${action}`, entityType: 'case', entityId: id, orgUnitId: set.orgUnitId ?? null, orgPath: path, summary, after: { ...event, ...set } });
  return recordRow(tx, 'case', id);
}

/** 交办: hand the case to a unit — by the registering side to any unit in its subtree, by the handler down its own. */
export async function assignCase(ctx: AppContext, actor: Actor, id: number, input: { version: number; unitId: number; note?: string | null; dueOn?: string | null }) {
  return ctx.db.transaction(async (tx) => {
    const { row, c } = await load(tx, actor, id, input.version, 'assign');
    const target = await getUnitInScope(tx, actor, input.unitId).catch(() => {
      throw fieldError('ledger.assign_out_of_scope', 'unitId', '承办单位不存在或不在您的管辖范围内');
    });
    const registrar = row.registrarPath != null && inScope(actor, row.registrarPath);
    if (!registrar && !(target.path.startsWith(row.path) && target.id !== c.orgUnitId)) throw fieldError('ledger.assign_not_below', 'unitId', '承办单位只能把事项交办给本单位的下级单位');
    if (target.id === c.orgUnitId) throw fieldError('ledger.assign_same', 'unitId', '事项已由该单位承办');
    if (input.dueOn && !registrar) throw fieldError('ledger.due_registrar_only', 'dueOn', '只有登记单位可以调整办理期限');
    if (input.dueOn && input.dueOn < c.registeredOn) throw fieldError('ledger.due_before_registered', 'dueOn', '办理期限不能早于登记日期');
    return step(tx, actor, id, 'assign', { orgUnitId: target.id, status: 'assigned', dueOn: input.dueOn ?? c.dueOn }, { from: c.orgUnitId, to: target.id, note: input.note }, target.path, `交办事项给「${target.name}」`);
  });
}

export async function progressCase(ctx: AppContext, actor: Actor, id: number, input: { version: number; note: string }) {
  return ctx.db.transaction(async (tx) => {
    const { row, c } = await load(tx, actor, id, input.version, 'progress');
    return step(tx, actor, id, 'progress', { status: 'in_progress' }, { from: c.orgUnitId, note: input.note }, row.path, '填写办理进展');
  });
}

export async function resolveCase(ctx: AppContext, actor: Actor, id: number, input: { version: number; resolution: string }) {
  return ctx.db.transaction(async (tx) => {
    const { row, c } = await load(tx, actor, id, input.version, 'resolve');
    return step(tx, actor, id, 'resolve', { status: 'resolved', resolution: input.resolution, resolvedOn: todayCst() }, { from: c.orgUnitId, note: input.resolution }, row.path, '办结事项');
  });
}

/** 销号: the registering side verifies the resolution and closes the case. */
export async function closeCase(ctx: AppContext, actor: Actor, id: number, input: { version: number; note?: string | null }) {
  return ctx.db.transaction(async (tx) => {
    const { row, c } = await load(tx, actor, id, input.version, 'close');
    return step(tx, actor, id, 'close', { status: 'closed', closedOn: todayCst() }, { from: c.orgUnitId, note: input.note }, row.path, '核实后销号');
  });
}

/** 退回: the resolution does not hold; back to the handler with the reason, deadline unchanged. */
export async function returnCase(ctx: AppContext, actor: Actor, id: number, input: { version: number; reason: string }) {
  return ctx.db.transaction(async (tx) => {
    const { row, c } = await load(tx, actor, id, input.version, 'return');
    return step(tx, actor, id, 'return', { status: 'in_progress', resolvedOn: null }, { to: c.orgUnitId, note: input.reason }, row.path, `退回重办：${input.reason}`);
  });
}

export async function caseEventsOf(db: DbOrTx, id: number) {
  return queryRows<{ id: number; action: string; fromUnitName: string | null; toUnitName: string | null; note: string | null; actorName: string; at: string }>(
    db,
    sql`select e.id, e.action, ${unitNameOf('"e"."from_unit_id"')} as "fromUnitName", ${unitNameOf('"e"."to_unit_id"')} as "toUnitName", e.note, e.actor_name as "actorName", e.at
        from case_events e where e.case_id = ${id} order by e.at, e.id`,
  );
}

/**
 * Open cases per handling unit under a unit (default: the account's), with how many are past
 * their deadline and how many expire within DUE_SOON_DAYS — the 超期 list a leader chases.
 */
export async function overdueByUnit(ctx: AppContext, actor: Actor, unitId?: number) {
  requirePermission(actor, 'read:ledger');
  const unit = unitId ? await getUnitInScope(ctx.db, actor, unitId) : (await findUnitsByIds(ctx.db, [actor.orgUnitId]))[0];
  const today = todayCst();
  const hidden = actor.permissions.includes('read:sensitive-cases') ? sql`true` : sql`not exists (select 1 from ledger_categories lc where lc.id = c.category_id and lc.sensitive)`;
  const rows = await queryRows<{ unitId: number; unitName: string; path: string; open: number; overdue: number; dueSoon: number; oldestDue: string | null }>(
    ctx.db,
    sql`select c.org_unit_id as "unitId", ${unitNameOf('"c"."org_unit_id"')} as "unitName", ${unitPathOf('"c"."org_unit_id"')} as path, count(*)::int as open,
          count(*) filter (where c.due_on < ${today}::date)::int as overdue,
          count(*) filter (where c.due_on >= ${today}::date and c.due_on <= ${today}::date + ${DUE_SOON_DAYS}::int)::int as "dueSoon",
          min(c.due_on) filter (where c.due_on < ${today}::date) as "oldestDue"
        from cases c
        where c.tenant_id = ${actor.tenantId} and c.archived_at is null and ${sql.raw(`c.status in (${OPEN_CASE_STATUSES.map((s) => `'${s}'`).join(', ')})`)}
          and c.org_unit_id in (select id from org_units where path like ${escapeLike(unit.path) + '%'}) and ${hidden}
        group by c.org_unit_id
        order by overdue desc, open desc`,
  );
  return { unit: { id: unit.id, name: unit.name }, today, items: rows.map(({ path: _p, ...r }) => r) };
}


/**
 * Cases each unit handled late in a period: the deadline fell in [fromDate, toDate], had passed
 * by `today`, and the case was not resolved by it. Per handling unit, as (path, count) rows for
 * assessment penalties (超期扣分). Sensitive categories are left out: a penalty must not reveal them.
 */
export async function overdueCasesPerUnit(db: DbOrTx, tenantId: string, underPath: string, fromDate: string, toDate: string, today = todayCst()) {
  return queryRows<{ path: string; value: number }>(
    db,
    sql`select o.path, x.n::float8 as value from (
          select c.org_unit_id, count(*) as n from cases c
          where c.tenant_id = ${tenantId} and c.archived_at is null and c.due_on >= ${fromDate}::date and c.due_on <= ${toDate}::date and c.due_on < ${today}::date
            and (c.resolved_on is null or c.resolved_on > c.due_on)
            and not exists (select 1 from ledger_categories lc where lc.id = c.category_id and lc.sensitive)
          group by c.org_unit_id) x
        join org_units o on o.id = x.org_unit_id where o.path like ${escapeLike(underPath) + '%'}`,
  );
}
