/**
 * The cadre's record as a whole: 干部之家 (a person's own view) and the organization department's
 * list and detail. Dispatches and honours come from the mobilization and ledger modules; the
 * record's 容错记录 shows each case's decision in force.
 */
import { sql } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { notFound } from '../../errors';
import { recordAudit } from '../audit';
import { getUnitInScope } from '../org';
import { dispatchesOfPerson } from '../mobilization';
import { honoursOfPerson } from '../ledger';
import type { CadreDetail, CadreHome, CadreListItem, CareerEntry } from '../../../shared/cadres';
import type { CadreListQuery } from './cadres.schema';
import { careOf } from './care.service';
import { entriesOf, entryById, trainingByYear } from './career.service';
import { correctionsOf } from './corrections.service';
import { recordsOf } from './fault-tolerance.service';
import { cadresUnder, postsOf, type ProfileRow } from '../people';
import { cadreInScope, ownPerson } from './scope';

const profileDto = ({ path: _p, tenantId: _t, isCadre: _c, ...p }: ProfileRow) => p;

async function recordParts(db: DbOrTx, p: ProfileRow) {
  const career = await entriesOf(db, p.personId);
  return {
    profile: profileDto(p),
    isCadre: p.isCadre,
    posts: await postsOf(db, p.personId),
    career,
    training: trainingByYear(career),
    dispatches: await dispatchesOfPerson(db, p.personId),
    honours: await honoursOfPerson(db, p.personId),
    faultTolerance: await recordsOf(db, p.personId),
    corrections: await correctionsOf(db, p.personId),
  };
}

/** 干部之家: the signed-in person's own record, care records and requests included. */
export async function myHome(ctx: AppContext, actor: Actor): Promise<CadreHome> {
  const p = await ownPerson(ctx.db, actor);
  return { ...(await recordParts(ctx.db, p)), care: await careOf(ctx.db, p.personId) };
}

/** One entry of the person's own career record; 404 for anyone else's. */
export async function myEntry(ctx: AppContext, actor: Actor, id: number): Promise<CareerEntry> {
  const p = await ownPerson(ctx.db, actor);
  const e = await entryById(ctx.db, id);
  if (!e || e.personId !== p.personId) throw notFound('cadres.entry_not_found', '履历条目不存在');
  return e;
}

/**
 * A cadre's record for the department. Its 容错记录 is part of it, so reading a record that has
 * fault-tolerance cases is logged like reading the cases.
 */
export async function cadreDetail(ctx: AppContext, actor: Actor, personId: number): Promise<CadreDetail> {
  return ctx.db.transaction(async (tx) => {
    const p = await cadreInScope(tx, actor, personId);
    const parts = await recordParts(tx, p);
    if (parts.faultTolerance.length) {
      await recordAudit(tx, actor, {
        action: 'cadres.ft_read',
        entityType: 'person',
        entityId: personId,
        orgUnitId: p.orgUnitId,
        orgPath: p.path,
        summary: `查看「${p.name}」的干部档案（含容错记录 ${parts.faultTolerance.length} 件）`,
        after: { caseIds: parts.faultTolerance.map((f) => f.caseId) },
      });
    }
    return { ...parts, pendingCorrections: parts.corrections.filter((c) => c.status === 'pending').length };
  });
}

/**
 * Current cadres of the subtree (or of `orgUnitId`'s), filtered by name, with their post and
 * rank, training hours of `year` (default: the latest year anyone on the page trained) and the
 * latest evaluation grade.
 */
export async function listCadres(ctx: AppContext, actor: Actor, q: CadreListQuery) {
  requirePermission(actor, 'manage:cadres');
  const base = await getUnitInScope(ctx.db, actor, q.orgUnitId ?? actor.orgUnitId);
  const { rows, total } = await cadresUnder(ctx.db, actor.tenantId, base.path, q.q, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  const ids = rows.map((r) => r.personId);
  const idList = ids.length ? sql.join(ids.map((id) => sql`${id}`), sql`, `) : sql`null`;
  const hours = await queryRows<{ personId: number; year: number; hours: number }>(
    ctx.db,
    sql`select e.person_id as "personId", extract(year from e.start_date)::int as year, sum(e.hours)::float8 as hours from cadre_career_entries e
        where e.kind = 'training' and e.person_id in (${idList}) group by 1, 2`,
  );
  const year = q.year ?? (hours.length ? Math.max(...hours.map((h) => h.year)) : Number(new Date().getFullYear()));
  const grades = await queryRows<{ personId: number; grade: string }>(
    ctx.db,
    sql`select distinct on (e.person_id) e.person_id as "personId", e.grade from cadre_career_entries e
        where e.kind = 'evaluation' and e.person_id in (${idList}) order by e.person_id, e.start_date desc, e.id desc`,
  );
  const pending = await queryRows<{ personId: number; n: number }>(
    ctx.db,
    sql`select c.person_id as "personId", count(*)::int as n from cadre_corrections c where c.status = 'pending' and c.person_id in (${idList}) group by 1`,
  );
  const hoursOf = new Map(hours.filter((h) => h.year === year).map((h) => [h.personId, Math.round(h.hours * 10) / 10]));
  const gradeOf = new Map(grades.map((g) => [g.personId, g.grade]));
  const pendingOf = new Map(pending.map((p) => [p.personId, p.n]));
  const items: CadreListItem[] = rows.map(({ path: _p, postUnitId: _u, ...r }) => ({
    ...r,
    trainingHours: hoursOf.get(r.personId) ?? 0,
    latestGrade: gradeOf.get(r.personId) ?? null,
    pendingCorrections: pendingOf.get(r.personId) ?? 0,
  }));
  return { items, total, page: q.page, pageSize: q.pageSize, year, unitName: base.name };
}

/** The whole filtered list for .xlsx export; the bulk read of personal data is logged. */
export async function cadresForExport(ctx: AppContext, actor: Actor, q: CadreListQuery) {
  const list = await listCadres(ctx, actor, { ...q, page: 1, pageSize: 100_000 });
  await ctx.db.transaction((tx) =>
    recordAudit(tx, actor, {
      action: 'cadres.export',
      entityType: 'person',
      orgUnitId: actor.orgUnitId,
      orgPath: actor.scopePath,
      summary: `导出干部名单 ${list.items.length} 人（${list.unitName}，脱敏）`,
      after: { orgUnitId: q.orgUnitId ?? null, q: q.q ?? null },
    }),
  );
  return list;
}
