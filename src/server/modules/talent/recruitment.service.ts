import { sql, type SQL } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { escapeLike } from '../../db/like';
import { inScope, requirePermission } from '../../access';
import { conflict, fieldError, notFound, versionConflict } from '../../errors';
import { RECRUITMENT_LEVEL_ZH, RECRUITMENT_PATH, RECRUITMENT_STAGES, RECRUITMENT_STAGE_ZH, type RecruitmentLevel, type RecruitmentStage } from '../../../shared/talent';
import { recordAudit } from '../audit';
import { getUnitInScope, unitIdsUnder, unitNameOf, unitPathOf } from '../org';
import { personSummaries } from '../people';
import { todayCst } from './apartments.service';
import type { CandidateCreate, CandidateListQuery, CandidateUpdate, StageMove } from './housing.schema';

/**
 * The overseas recruitment pipeline (海外引才): candidates of a year's round for a national or
 * provincial programme move 申报 → 初审通过 → 入围答辩 → 入选, one stage at a time, or stop with
 * 未入选 at whatever stage they had reached (kept in `stopped_at`). Every move is an append-only
 * event with its date and note. A candidate belongs to their employer: visible and editable
 * where the employer unit is in scope.
 *
 * "Reached a stage" counts the candidate who stopped there: one who failed the defence still
 * reached 入围答辩. Pass rates divide those who reached a stage by those who reached the one
 * before it (复审通过率 = 入围答辩 ÷ 初审通过).
 */

const FINAL: RecruitmentStage[] = ['selected', 'not_selected'];

/** Where a candidate got to on the path: their stage, or for 未入选 the stage they stopped at. */
export const reachedSql = sql.raw(`coalesce(rc.stopped_at, rc.stage)`);

interface CandidateRow {
  id: number;
  year: number;
  name: string;
  personId: number | null;
  field: string;
  employerUnitId: number;
  employerName: string;
  path: string;
  level: RecruitmentLevel;
  stage: RecruitmentStage;
  stoppedAt: RecruitmentStage | null;
  version: number;
  createdBy: string;
  createdAt: string;
  lastMovedOn: string | null;
}

const selectCandidate = sql`select rc.id, rc.year, rc.name, rc.person_id as "personId", rc.field, rc.employer_unit_id as "employerUnitId",
  ${unitNameOf('"rc"."employer_unit_id"')} as "employerName", ${unitPathOf('"rc"."employer_unit_id"')} as path, rc.level, rc.stage, rc.stopped_at as "stoppedAt",
  rc.version, rc.created_by as "createdBy", rc.created_at as "createdAt",
  (select max(e.moved_on)::text from recruitment_stage_events e where e.candidate_id = rc.id) as "lastMovedOn"
  from recruitment_candidates rc`;

function shape({ path: _path, ...r }: CandidateRow) {
  const reached = r.stoppedAt ?? r.stage;
  const i = RECRUITMENT_PATH.indexOf(reached as (typeof RECRUITMENT_PATH)[number]);
  return {
    ...r,
    levelName: RECRUITMENT_LEVEL_ZH[r.level],
    stageName: r.stage === 'not_selected' ? `未入选（止于${RECRUITMENT_STAGE_ZH[r.stoppedAt!]}）` : RECRUITMENT_STAGE_ZH[r.stage],
    final: FINAL.includes(r.stage),
    /** The stages a move may go to now (empty once final). */
    nextStages: FINAL.includes(r.stage) ? [] : ([RECRUITMENT_PATH[i + 1], 'not_selected'] as RecruitmentStage[]),
  };
}

async function candidateInScope(db: DbOrTx, actor: Actor, id: number, lock = false): Promise<CandidateRow> {
  const [row] = await queryRows<CandidateRow & { tenantId: string }>(db, sql`${selectCandidate} where rc.id = ${id} and rc.tenant_id = ${actor.tenantId} ${lock ? sql`for update of rc` : sql``}`);
  if (!row || !inScope(actor, row.path)) throw notFound('recruitment.not_found', '候选人不存在或不在您的管辖范围内');
  return row;
}

async function employerFor(db: DbOrTx, actor: Actor, id: number) {
  return getUnitInScope(db, actor, id).catch(() => {
    throw fieldError('recruitment.employer_out_of_scope', 'employerUnitId', '用人单位不存在或不在您的管辖范围内');
  });
}

async function checkPerson(db: DbOrTx, actor: Actor, personId: number | null | undefined) {
  if (!personId) return null;
  const [p] = await personSummaries(db, [personId]);
  if (!p || !inScope(actor, p.path)) throw fieldError('recruitment.person_out_of_scope', 'personId', '人员不存在或不在您的管辖范围内');
  return p;
}

export async function listCandidates(ctx: AppContext, actor: Actor, q: CandidateListQuery) {
  requirePermission(actor, 'manage:talent');
  const base = await getUnitInScope(ctx.db, actor, q.employerUnitId ?? actor.orgUnitId);
  const where: SQL[] = [sql`rc.tenant_id = ${actor.tenantId}`, sql`rc.employer_unit_id in ${unitIdsUnder(base.path)}`];
  if (q.year) where.push(sql`rc.year = ${q.year}`);
  if (q.level) where.push(sql`rc.level = ${q.level}`);
  if (q.stage) where.push(sql`rc.stage = ${q.stage}`);
  if (q.q) where.push(sql`(rc.name like ${`%${escapeLike(q.q)}%`} or rc.field like ${`%${escapeLike(q.q)}%`})`);
  const cond = sql.join(where, sql` and `);
  const rows = await queryRows<CandidateRow>(
    ctx.db,
    sql`${selectCandidate} where ${cond} order by rc.year desc, array_position(array['selected','defence','screened','applied','not_selected'], rc.stage), rc.level, rc.id
        limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const [{ total }] = await queryRows<{ total: number }>(ctx.db, sql`select count(*)::int as total from recruitment_candidates rc where ${cond}`);
  return { items: rows.map(shape), total, page: q.page, pageSize: q.pageSize };
}

/** A candidate with every stage move, oldest first. */
export async function getCandidate(ctx: AppContext, actor: Actor, id: number) {
  requirePermission(actor, 'manage:talent');
  return candidateDetail(ctx.db, actor, id);
}

async function candidateDetail(db: DbOrTx, actor: Actor, id: number) {
  const row = await candidateInScope(db, actor, id);
  const events = await queryRows<{ id: number; fromStage: RecruitmentStage | null; toStage: RecruitmentStage; movedOn: string; note: string | null; movedBy: string; createdAt: string }>(
    db,
    sql`select id, from_stage as "fromStage", to_stage as "toStage", moved_on::text as "movedOn", note, moved_by as "movedBy", created_at as "createdAt"
        from recruitment_stage_events where candidate_id = ${id} order by id`,
  );
  const [person] = row.personId ? await personSummaries(db, [row.personId]) : [];
  return {
    ...shape(row),
    personName: person?.name ?? null,
    events: events.map((e) => ({ ...e, fromName: e.fromStage ? RECRUITMENT_STAGE_ZH[e.fromStage] : null, toName: RECRUITMENT_STAGE_ZH[e.toStage] })),
  };
}

/** Registers a candidate at 申报, with the application as the first stage event. */
export async function createCandidate(ctx: AppContext, actor: Actor, input: CandidateCreate) {
  requirePermission(actor, 'manage:talent');
  if (input.appliedOn > todayCst()) throw fieldError('recruitment.future', 'appliedOn', '申报日期不能晚于今天');
  return ctx.db.transaction(async (tx) => {
    const employer = await employerFor(tx, actor, input.employerUnitId);
    await checkPerson(tx, actor, input.personId);
    const [row] = await queryRows<{ id: number }>(
      tx,
      sql`insert into recruitment_candidates (tenant_id, year, name, person_id, field, employer_unit_id, level, stage, created_by)
          values (${actor.tenantId}, ${input.year}, ${input.name}, ${input.personId ?? null}, ${input.field}, ${employer.id}, ${input.level}, 'applied', ${actor.displayName}) returning id`,
    );
    await tx.execute(sql`insert into recruitment_stage_events (candidate_id, from_stage, to_stage, moved_on, note, moved_by) values (${row.id}, null, 'applied', ${input.appliedOn}, ${input.note ?? null}, ${actor.displayName})`);
    await recordAudit(tx, actor, {
      action: 'recruitment.create',
      entityType: 'recruitment_candidate',
      entityId: row.id,
      orgUnitId: employer.id,
      orgPath: employer.path,
      summary: `登记${input.year}年${RECRUITMENT_LEVEL_ZH[input.level]}海外引才申报人「${input.name}」（${employer.name}，${input.field}）`,
      after: input,
    });
    return shape(await candidateInScope(tx, actor, row.id));
  });
}

/** Corrects a candidate's particulars (not their stage, which moves only by events). */
export async function updateCandidate(ctx: AppContext, actor: Actor, id: number, input: CandidateUpdate) {
  requirePermission(actor, 'manage:talent');
  return ctx.db.transaction(async (tx) => {
    const c = await candidateInScope(tx, actor, id, true);
    if (c.version !== input.version) throw versionConflict('recruitment.version_conflict', shape(c));
    const employer = input.employerUnitId && input.employerUnitId !== c.employerUnitId ? await employerFor(tx, actor, input.employerUnitId) : null;
    if (input.personId !== undefined) await checkPerson(tx, actor, input.personId);
    const next = { name: input.name ?? c.name, field: input.field ?? c.field, level: input.level ?? c.level, employerUnitId: employer?.id ?? c.employerUnitId, personId: input.personId === undefined ? c.personId : input.personId };
    await tx.execute(
      sql`update recruitment_candidates set name = ${next.name}, field = ${next.field}, level = ${next.level}, employer_unit_id = ${next.employerUnitId}, person_id = ${next.personId},
            version = version + 1, updated_at = now() where id = ${id}`,
    );
    await recordAudit(tx, actor, {
      action: 'recruitment.update',
      entityType: 'recruitment_candidate',
      entityId: id,
      orgUnitId: next.employerUnitId,
      orgPath: employer?.path ?? c.path,
      summary: `修改海外引才候选人「${next.name}」的信息`,
      before: { name: c.name, field: c.field, level: c.level, employerUnitId: c.employerUnitId, personId: c.personId },
      after: next,
    });
    return shape(await candidateInScope(tx, actor, id));
  });
}

/**
 * Moves a candidate one stage along the path, or to 未入选 (recording where they stopped). The
 * order is enforced: no stage may be skipped, a final result (入选/未入选) is not moved again, and
 * a move is not dated before the previous one.
 */
export async function moveCandidate(ctx: AppContext, actor: Actor, id: number, input: StageMove) {
  requirePermission(actor, 'manage:talent');
  return ctx.db.transaction(async (tx) => {
    const c = await candidateInScope(tx, actor, id, true);
    if (c.version !== input.version) throw versionConflict('recruitment.version_conflict', shape(c));
    if (FINAL.includes(c.stage)) throw conflict('recruitment.final', `「${c.name}」已${c.stage === 'selected' ? '入选' : '确定未入选'}，结果不能再变更`);
    const i = RECRUITMENT_PATH.indexOf(c.stage as (typeof RECRUITMENT_PATH)[number]);
    const next = RECRUITMENT_PATH[i + 1];
    if (input.toStage !== 'not_selected' && input.toStage !== next) {
      throw fieldError('recruitment.stage_order', 'toStage', `当前环节为「${RECRUITMENT_STAGE_ZH[c.stage]}」，只能进入「${RECRUITMENT_STAGE_ZH[next]}」或记为「未入选」，不能跳过环节`);
    }
    if (c.lastMovedOn && input.movedOn < c.lastMovedOn) throw fieldError('recruitment.move_before_last', 'movedOn', `日期不能早于上一环节的日期（${c.lastMovedOn}）`);
    if (input.movedOn > todayCst()) throw fieldError('recruitment.future', 'movedOn', '日期不能晚于今天');
    const stoppedAt = input.toStage === 'not_selected' ? c.stage : null;
    await tx.execute(sql`insert into recruitment_stage_events (candidate_id, from_stage, to_stage, moved_on, note, moved_by) values (${id}, ${c.stage}, ${input.toStage}, ${input.movedOn}, ${input.note ?? null}, ${actor.displayName})`);
    await tx.execute(sql`update recruitment_candidates set stage = ${input.toStage}, stopped_at = ${stoppedAt}, version = version + 1, updated_at = now() where id = ${id}`);
    await recordAudit(tx, actor, {
      action: 'recruitment.move',
      entityType: 'recruitment_candidate',
      entityId: id,
      orgUnitId: c.employerUnitId,
      orgPath: c.path,
      summary: `「${c.name}」${RECRUITMENT_STAGE_ZH[c.stage]} → ${input.toStage === 'not_selected' ? `未入选（止于${RECRUITMENT_STAGE_ZH[c.stage]}）` : RECRUITMENT_STAGE_ZH[input.toStage]}（${input.movedOn}）`,
      after: input,
    });
    return candidateDetail(tx, actor, id);
  });
}

const pct = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 10 : null);

/**
 * Stage counts and pass rates per year and level in the actor's area. Counts are of candidates
 * who reached each stage (those who stopped there included); rates as in RECRUITMENT_RATES.
 */
export async function recruitmentRates(ctx: AppContext, actor: Actor, q: { from?: number; to?: number }) {
  requirePermission(actor, 'manage:talent');
  const rows = await queryRows<{ year: number; level: RecruitmentLevel; applied: number; screened: number; defence: number; selected: number; notSelected: number; open: number }>(
    ctx.db,
    sql`select rc.year, rc.level, count(*)::int as applied,
          (count(*) filter (where ${reachedSql} in ('screened', 'defence', 'selected')))::int as screened,
          (count(*) filter (where ${reachedSql} in ('defence', 'selected')))::int as defence,
          (count(*) filter (where rc.stage = 'selected'))::int as selected,
          (count(*) filter (where rc.stage = 'not_selected'))::int as "notSelected",
          (count(*) filter (where rc.stage not in ('selected', 'not_selected')))::int as open
        from recruitment_candidates rc
        where rc.tenant_id = ${actor.tenantId} and rc.employer_unit_id in ${unitIdsUnder(actor.scopePath)}
          ${q.from ? sql`and rc.year >= ${q.from}` : sql``} ${q.to ? sql`and rc.year <= ${q.to}` : sql``}
        group by rc.year, rc.level order by rc.year desc, rc.level`,
  );
  const withRates = <T extends { applied: number; screened: number; defence: number; selected: number }>(r: T) => ({
    ...r,
    screenRate: pct(r.screened, r.applied),
    reviewRate: pct(r.defence, r.screened),
    defenceRate: pct(r.selected, r.defence),
  });
  const years = [...new Set(rows.map((r) => r.year))];
  return {
    definitions: {
      reached: '“达到”某环节的人数包括在该环节止步（未入选）的候选人',
      screenRate: '初审通过率 = 初审通过人数 ÷ 申报人数',
      reviewRate: '复审通过率 = 入围答辩人数 ÷ 初审通过人数',
      defenceRate: '答辩通过率 = 入选人数 ÷ 入围答辩人数',
    },
    rows: rows.map((r) => withRates({ ...r, levelName: RECRUITMENT_LEVEL_ZH[r.level] })),
    totals: years.map((year) => {
      const ys = rows.filter((r) => r.year === year);
      const sum = (k: 'applied' | 'screened' | 'defence' | 'selected' | 'notSelected' | 'open') => ys.reduce((s, r) => s + r[k], 0);
      return withRates({ year, applied: sum('applied'), screened: sum('screened'), defence: sum('defence'), selected: sum('selected'), notSelected: sum('notSelected'), open: sum('open') });
    }),
  };
}

/** The board: how many candidates of the year stand at each stage now, per level. */
export async function recruitmentBoard(ctx: AppContext, actor: Actor, year: number) {
  requirePermission(actor, 'manage:talent');
  const rows = await queryRows<{ stage: RecruitmentStage; level: RecruitmentLevel; n: number }>(
    ctx.db,
    sql`select rc.stage, rc.level, count(*)::int as n from recruitment_candidates rc
        where rc.tenant_id = ${actor.tenantId} and rc.year = ${year} and rc.employer_unit_id in ${unitIdsUnder(actor.scopePath)} group by rc.stage, rc.level`,
  );
  const years = await queryRows<{ year: number }>(
    ctx.db,
    sql`select distinct rc.year from recruitment_candidates rc where rc.tenant_id = ${actor.tenantId} and rc.employer_unit_id in ${unitIdsUnder(actor.scopePath)} order by rc.year desc`,
  );
  const reachedRows = await queryRows<{ reached: RecruitmentStage; level: RecruitmentLevel; n: number }>(
    ctx.db,
    sql`select ${reachedSql} as reached, rc.level, count(*)::int as n from recruitment_candidates rc
        where rc.tenant_id = ${actor.tenantId} and rc.year = ${year} and rc.employer_unit_id in ${unitIdsUnder(actor.scopePath)} group by 1, 2`,
  );
  const n = (stage: RecruitmentStage, level?: RecruitmentLevel) => rows.filter((r) => r.stage === stage && (!level || r.level === level)).reduce((s, r) => s + r.n, 0);
  // Reached a stage: got there or further along the path (those who stopped there included).
  const reached = (stage: RecruitmentStage, level: RecruitmentLevel) => {
    if (stage === 'not_selected') return n(stage, level);
    const from = RECRUITMENT_PATH.indexOf(stage as (typeof RECRUITMENT_PATH)[number]);
    return reachedRows.filter((r) => r.level === level && RECRUITMENT_PATH.indexOf(r.reached as (typeof RECRUITMENT_PATH)[number]) >= from).reduce((s, r) => s + r.n, 0);
  };
  return {
    year,
    years: years.map((y) => y.year),
    stages: RECRUITMENT_STAGES.map((s) => ({
      stage: s,
      name: RECRUITMENT_STAGE_ZH[s],
      count: n(s),
      national: n(s, 'national'),
      provincial: n(s, 'provincial'),
      reached: { national: reached(s, 'national'), provincial: reached(s, 'provincial') },
    })),
  };
}

/** Per-unit counts of candidates of rounds ending in [from, to] who reached `stage`, by level, for derived indicators. */
export async function recruitmentReachedPerUnit(db: DbOrTx, underPath: string, fromDate: string, toDate: string, level: RecruitmentLevel, stages: RecruitmentStage[]) {
  // A round is credited at the end of its year, so a year's figure sums correctly over any range.
  return queryRows<{ path: string; value: number }>(
    db,
    sql`select ${unitPathOf('"rc"."employer_unit_id"')} as path, count(*)::int as value from recruitment_candidates rc
        where make_date(rc.year, 12, 31) between ${fromDate}::date and ${toDate}::date and rc.level = ${level}
          and ${reachedSql} in (${sql.join(stages.map((s) => sql`${s}`), sql`, `)}) and rc.employer_unit_id in ${unitIdsUnder(underPath)}
        group by rc.employer_unit_id`,
  );
}
