import { eq, sql, type SQL } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { inScope, requirePermission } from '../../access';
import { conflict, fieldError, notFound, versionConflict } from '../../errors';
import { DISPATCH_FRONTS, DISPATCH_FRONT_ZH, type DispatchFront } from '../../../shared/mobilization';
import { recordAudit } from '../audit';
import { getUnitInScope, unitIdsUnder, unitNameOf, unitPathOf } from '../org';
import { personSummaries } from '../people';
import { dispatches, type DispatchRow } from './dispatch.table';
import type { DispatchCreate, DispatchEnd, DispatchListQuery } from './mobilization.schema';

/**
 * Cadre dispatch (一线派驻). A posting belongs to the unit the cadre is posted to: it is visible
 * and editable where that unit is in scope. Postings of one person that overlap in time are
 * allowed (a cadre may serve two fronts part-time) but always flagged.
 */
const lastDay = (alias: string) => sql.raw(`coalesce(coalesce(${alias}.ended_early_on, ${alias}.end_date), 'infinity'::date)`);
const overlapping = (a: string, b: string) => sql`(${sql.raw(`${a}.start_date`)} <= ${lastDay(b)} and ${sql.raw(`${b}.start_date`)} <= ${lastDay(a)})`;

/** Today in China Standard Time, YYYY-MM-DD. */
export const todayCst = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

const STATUS_ZH = { planned: '待派驻', active: '在岗', ended: '已结束' } as const;

interface DispatchListRow {
  id: number;
  personId: number;
  front: DispatchFront;
  postedUnitId: number;
  postedUnitName: string;
  postedTo: string | null;
  role: string;
  startDate: string;
  endDate: string | null;
  endedEarlyOn: string | null;
  endReason: string | null;
  note: string | null;
  createdBy: string;
  version: number;
  overlaps: boolean;
}

const selectList = sql`select d.id, d.person_id as "personId", d.front, d.posted_unit_id as "postedUnitId", ${unitNameOf('"d"."posted_unit_id"')} as "postedUnitName",
  d.posted_to as "postedTo", d.role, d.start_date::text as "startDate", d.end_date::text as "endDate", d.ended_early_on::text as "endedEarlyOn", d.end_reason as "endReason",
  d.note, d.created_by as "createdBy", d.version,
  exists (select 1 from dispatches o where o.person_id = d.person_id and o.id <> d.id and ${overlapping('o', 'd')}) as overlaps
  from dispatches d`;

async function shape(db: DbOrTx, rows: DispatchListRow[]) {
  const people = new Map((await personSummaries(db, rows.map((r) => r.personId))).map((p) => [p.id, p]));
  const today = todayCst();
  return rows.map((r) => {
    const last = r.endedEarlyOn ?? r.endDate;
    const status = r.startDate > today ? 'planned' : last && last < today ? 'ended' : 'active';
    const p = people.get(r.personId);
    return { ...r, name: p?.name ?? '', phoneMasked: p?.phoneMasked ?? null, homeUnitName: p?.orgUnitName ?? '', frontName: DISPATCH_FRONT_ZH[r.front], lastDay: last, status, statusName: STATUS_ZH[status] };
  });
}

async function dispatchInScope(db: DbOrTx, actor: Actor, id: number): Promise<DispatchRow & { path: string }> {
  const [row] = await db.select({ d: dispatches, path: unitPathOf('"dispatches"."posted_unit_id"') }).from(dispatches).where(eq(dispatches.id, id));
  if (!row || row.d.tenantId !== actor.tenantId || !inScope(actor, row.path)) throw notFound('dispatch.not_found', '派驻记录不存在或不在您的管辖范围内');
  return { ...row.d, path: row.path };
}

/** Other postings of `personId` overlapping [start, last]: shown as warnings, never blocking. */
async function overlapsFor(db: DbOrTx, personId: number, start: string, last: string | null, exceptId?: number) {
  const rows = await queryRows<DispatchListRow>(
    db,
    sql`${selectList} where d.person_id = ${personId} and d.id <> ${exceptId ?? 0}
          and d.start_date <= coalesce(${last}::date, 'infinity'::date) and ${start}::date <= ${lastDay('d')} order by d.start_date`,
  );
  return (await shape(db, rows)).map((r) => ({
    dispatchId: r.id,
    front: r.front,
    frontName: r.frontName,
    postedUnitName: r.postedUnitName,
    role: r.role,
    startDate: r.startDate,
    lastDay: r.lastDay,
    message: `该干部 ${r.startDate} 至 ${r.lastDay ?? '今'} 已派驻「${r.postedUnitName}」（${r.frontName}，${r.role}），时间重叠`,
  }));
}

export async function listDispatches(ctx: AppContext, actor: Actor, q: DispatchListQuery) {
  requirePermission(actor, 'read:mobilization');
  const base = await getUnitInScope(ctx.db, actor, q.orgUnitId ?? actor.orgUnitId);
  const where: SQL[] = [sql`d.tenant_id = ${actor.tenantId}`, sql`d.posted_unit_id in ${unitIdsUnder(base.path)}`];
  if (q.front) where.push(sql`d.front = ${q.front}`);
  if (q.personId) where.push(sql`d.person_id = ${q.personId}`);
  if (q.activeOn) where.push(sql`d.start_date <= ${q.activeOn}::date and ${lastDay('d')} >= ${q.activeOn}::date`);
  if (q.from) where.push(sql`${lastDay('d')} >= ${q.from}::date`);
  if (q.to) where.push(sql`d.start_date <= ${q.to}::date`);
  if (q.overlapsOnly === 'true') where.push(sql`exists (select 1 from dispatches o where o.person_id = d.person_id and o.id <> d.id and ${overlapping('o', 'd')})`);
  const cond = sql.join(where, sql` and `);
  const rows = await queryRows<DispatchListRow>(ctx.db, sql`${selectList} where ${cond} order by d.start_date desc, d.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`);
  const [{ total }] = await queryRows<{ total: number }>(ctx.db, sql`select count(*)::int as total from dispatches d where ${cond}`);
  return { items: await shape(ctx.db, rows), total, page: q.page, pageSize: q.pageSize };
}

export async function getDispatch(ctx: AppContext, actor: Actor, id: number) {
  requirePermission(actor, 'read:mobilization');
  await dispatchInScope(ctx.db, actor, id);
  const rows = await queryRows<DispatchListRow>(ctx.db, sql`${selectList} where d.id = ${id}`);
  const [d] = await shape(ctx.db, rows);
  return { ...d, overlapsWith: await overlapsFor(ctx.db, d.personId, d.startDate, d.lastDay, d.id) };
}

/** Posts a cadre; answers the posting and warnings for any overlapping posting of the same person. */
export async function createDispatch(ctx: AppContext, actor: Actor, input: DispatchCreate) {
  requirePermission(actor, 'manage:mobilization');
  return ctx.db.transaction(async (tx) => {
    const unit = await getUnitInScope(tx, actor, input.postedUnitId).catch(() => {
      throw fieldError('dispatch.unit_out_of_scope', 'postedUnitId', '派驻单位不存在或不在您的管辖范围内');
    });
    const [p] = await personSummaries(tx, [input.personId]);
    if (!p || !inScope(actor, p.path)) throw fieldError('dispatch.person_out_of_scope', 'personId', '人员不存在或不在您的管辖范围内');
    if (p.archived) throw fieldError('dispatch.person_archived', 'personId', `「${p.name}」已在人员库中停用`);
    const warnings = await overlapsFor(tx, p.id, input.startDate, input.endDate ?? null);
    const [row] = await tx
      .insert(dispatches)
      .values({
        tenantId: actor.tenantId,
        personId: p.id,
        front: input.front,
        postedUnitId: unit.id,
        postedTo: input.postedTo ?? null,
        role: input.role,
        startDate: input.startDate,
        endDate: input.endDate ?? null,
        note: input.note ?? null,
        createdBy: actor.displayName,
      })
      .returning();
    await recordAudit(tx, actor, {
      action: 'dispatch.create',
      entityType: 'dispatch',
      entityId: row.id,
      orgUnitId: unit.id,
      orgPath: unit.path,
      summary: `派驻「${p.name}」到「${unit.name}」（${DISPATCH_FRONT_ZH[input.front]}，${input.role}，${input.startDate} 起）${warnings.length ? `，与 ${warnings.length} 条派驻时间重叠` : ''}`,
      after: input,
    });
    const [d] = await shape(tx, await queryRows<DispatchListRow>(tx, sql`${selectList} where d.id = ${row.id}`));
    return { dispatch: d, warnings };
  });
}

/** Ends a posting before its planned end (or closes an open-ended one), with a reason. */
export async function endDispatch(ctx: AppContext, actor: Actor, id: number, input: DispatchEnd) {
  requirePermission(actor, 'manage:mobilization');
  return ctx.db.transaction(async (tx) => {
    const d = await dispatchInScope(tx, actor, id);
    if (d.version !== input.version) throw versionConflict('dispatch.version_conflict', d);
    if (d.endedEarlyOn) throw conflict('dispatch.already_ended', `该派驻已于 ${d.endedEarlyOn} 结束`);
    if (input.endedOn < d.startDate) throw fieldError('dispatch.end_before_start', 'endedOn', '结束日期不能早于开始日期');
    if (d.endDate && input.endedOn >= d.endDate) throw fieldError('dispatch.not_early', 'endedOn', `计划 ${d.endDate} 结束，提前结束日期应早于该日`);
    await tx.update(dispatches).set({ endedEarlyOn: input.endedOn, endReason: input.reason, version: d.version + 1, updatedAt: new Date() }).where(eq(dispatches.id, id));
    await recordAudit(tx, actor, { action: 'dispatch.end', entityType: 'dispatch', entityId: id, orgUnitId: d.postedUnitId, orgPath: d.path, summary: `提前结束派驻（${input.endedOn}）：${input.reason}`, before: { endDate: d.endDate }, after: input });
    const [row] = await shape(tx, await queryRows<DispatchListRow>(tx, sql`${selectList} where d.id = ${id}`));
    return row;
  });
}

/** Postings and distinct cadres per front for a year (postings overlapping it), in the actor's subtree. */
export async function dispatchStats(ctx: AppContext, actor: Actor, year: number) {
  requirePermission(actor, 'read:mobilization');
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const today = todayCst();
  const where = sql`d.tenant_id = ${actor.tenantId} and d.posted_unit_id in ${unitIdsUnder(actor.scopePath)} and d.start_date <= ${to}::date and ${lastDay('d')} >= ${from}::date`;
  const rows = await queryRows<{ front: DispatchFront; postings: number; people: number; activeNow: number }>(
    ctx.db,
    sql`select d.front, count(*)::int as postings, count(distinct d.person_id)::int as people,
          (count(*) filter (where d.start_date <= ${today}::date and ${lastDay('d')} >= ${today}::date))::int as "activeNow"
        from dispatches d where ${where} group by d.front`,
  );
  const [all] = await queryRows<{ people: number; postings: number; overlapping: number }>(
    ctx.db,
    sql`select count(distinct d.person_id)::int as people, count(*)::int as postings,
          count(distinct d.person_id) filter (where exists (select 1 from dispatches o where o.person_id = d.person_id and o.id <> d.id and ${overlapping('o', 'd')}))::int as overlapping
        from dispatches d where ${where}`,
  );
  const byFront = new Map(rows.map((r) => [r.front, r]));
  return {
    year,
    /** Distinct cadres posted in the year — the "抽调380余名优秀干部" figure. */
    people: all.people,
    postings: all.postings,
    peopleWithOverlaps: all.overlapping,
    fronts: DISPATCH_FRONTS.map((f) => ({ front: f, frontName: DISPATCH_FRONT_ZH[f], postings: byFront.get(f)?.postings ?? 0, people: byFront.get(f)?.people ?? 0, activeNow: byFront.get(f)?.activeNow ?? 0 })),
  };
}

/** Every pair of overlapping postings of one person, both inside the actor's subtree. */
export async function dispatchOverlaps(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'read:mobilization');
  const pairs = await queryRows<{ a: number; b: number }>(
    ctx.db,
    sql`select a.id as a, b.id as b from dispatches a join dispatches b on b.person_id = a.person_id and b.id > a.id and ${overlapping('a', 'b')}
        where a.tenant_id = ${actor.tenantId} and a.posted_unit_id in ${unitIdsUnder(actor.scopePath)} and b.posted_unit_id in ${unitIdsUnder(actor.scopePath)}
        order by a.person_id, a.id, b.id limit 1000`,
  );
  const ids = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
  const rows = ids.length ? await shape(ctx.db, await queryRows<DispatchListRow>(ctx.db, sql`${selectList} where d.id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`)) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return pairs.map((p) => {
    const a = byId.get(p.a)!;
    const b = byId.get(p.b)!;
    const from = a.startDate > b.startDate ? a.startDate : b.startDate;
    const ends = [a.lastDay, b.lastDay].filter((x): x is string => x != null).sort();
    return { personId: a.personId, name: a.name, from, to: ends[0] ?? null, first: a, second: b };
  });
}
