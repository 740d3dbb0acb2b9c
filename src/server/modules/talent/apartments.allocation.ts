import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { inScope, requirePermission } from '../../access';
import { badRequest, conflict, notFound } from '../../errors';
import { TALENT_TIERS, type AllocationResultRow, type ProgrammeRules, type TalentTier } from '../../../shared/talent';
import { recordAudit } from '../audit';
import { findUnitsByIds, unitIdsUnder, unitPathOf } from '../org';
import { personSummaries } from '../people';
import { FLAT_ORDER, flatLabel, reservationsOf } from './apartments.service';
import type { AllocationConfirm, AllocationPreview } from './housing.schema';

/**
 * Allocation of talent apartments by a published rule (按规则配租): the approved applications of
 * an apartment programme that have no flat yet are ranked by score (the programme's score for
 * the applicant's tier, or the score recorded on the application), then by when they were
 * submitted, then by application number; each in turn gets the free flat of the programme's area
 * in estate/building/room order — the one closest to the area they asked for, if they asked.
 *
 * A preview shows the ranking and the flats and carries a token; confirming recomputes the plan
 * under row locks (the programme's row, then every free flat of the pool) and refuses if it is
 * not the one previewed, so two allocations running at once can never give a flat twice: the
 * second waits for the first, finds its flats reserved and is told to preview again. The run is
 * kept with its rule text and the whole ordered result, for anyone with access to check.
 */

interface Programme {
  id: number;
  code: string;
  name: string;
  kind: string;
  ownerUnitId: number;
  ownerPath: string;
  rules: ProgrammeRules;
}

async function programmeInScope(db: DbOrTx, actor: Actor, id: number, lock = false): Promise<Programme> {
  const [p] = await queryRows<Programme & { tenantId: string }>(
    db,
    sql`select p.id, p.tenant_id as "tenantId", p.code, p.name, p.kind, p.owner_unit_id as "ownerUnitId", ${unitPathOf('"p"."owner_unit_id"')} as "ownerPath", p.rules
        from talent_programmes p where p.id = ${id} ${lock ? sql`for update of p` : sql``}`,
  );
  if (!p || p.tenantId !== actor.tenantId || !inScope(actor, p.ownerPath)) throw notFound('apartment_allocation.programme_not_found', '人才政策不存在或不在您的管辖范围内');
  if (p.kind !== 'apartment') throw badRequest('apartment_allocation.not_apartment', `「${p.name}」不是人才公寓政策，不能分配房源`);
  return p;
}

/**
 * The flats a programme gives out lie in its area: the county, town or street its owning unit
 * belongs to (a county department's programme covers the county, a town's its town).
 */
async function programmeArea(db: DbOrTx, p: Programme) {
  const ids = p.ownerPath.split('.').filter(Boolean).map(Number);
  const units = await findUnitsByIds(db, ids);
  const byId = new Map(units.map((u) => [u.id, u]));
  for (const id of [...ids].reverse()) {
    const u = byId.get(id);
    if (u && ['county', 'town', 'street'].includes(u.type)) return u;
  }
  return byId.get(ids[0])!;
}

const scoreOf = (rules: ProgrammeRules, tier: string | null, recorded: number | null) => recorded ?? (tier ? (rules.scores?.[tier as TalentTier] ?? 0) : 0);

/** The published rule in words, as stored with the run. */
function ruleText(p: Programme, areaName: string, estate: string | null | undefined) {
  const tiers = TALENT_TIERS.filter((t) => p.rules.scores?.[t] != null).map((t) => `${t}类${p.rules.scores[t]}分`);
  return [
    `「${p.name}」房源分配规则：`,
    '一、分配对象为审核通过、尚未分配房源的申请；',
    `二、按评分从高到低排序，评分按人才层次计：${tiers.length ? tiers.join('、') : '未设定（均为0分）'}（申请已记录评分的以记录为准）；`,
    '三、评分相同的，按申请提交时间先后排序；提交时间也相同的，按申请编号排序；',
    `四、房源为${areaName}${estate ? `「${estate}」` : '各小区'}的全部空置房源，按小区、楼栋、房号顺序排列；`,
    '五、按排序依次分配：填写了意向面积的，分配面积最接近意向面积的房源（同样接近的取顺序在前者）；未填写的，分配顺序中的第一套；房源分完后，其余申请继续轮候。',
  ].join('\n');
}

interface Waiting {
  id: number;
  personId: number;
  tier: string | null;
  form: Record<string, string>;
  score: number | null;
  submittedAt: string | null;
}

interface FreeFlat {
  id: number;
  estate: string;
  building: string;
  unitNo: string;
  area: number;
}

/**
 * The allocation a programme would make now: its waiting applications in rule order, each with
 * the flat it would get. `lock` takes row locks on the free flats (inside the confirming
 * transaction). Exported for the authorization matrix's fixtures, which need a preview token.
 */
export async function allocationPlan(db: DbOrTx, p: Programme, estate: string | null | undefined, lock = false) {
  const area = await programmeArea(db, p);
  const tenantId = area.tenantId;
  const reserved = new Set([...(await reservationsOf(db, tenantId)).values()].map((r) => r.applicationId));
  const waiting = (
    await queryRows<Waiting>(
      db,
      sql`select a.id, a.person_id as "personId", a.tier, a.form, a.score::float8 as score, a.submitted_at as "submittedAt"
          from talent_applications a
          where a.programme_id = ${p.id} and a.status = 'approved'
            and not exists (select 1 from apartment_contracts c where c.application_id = a.id)`,
    )
  ).filter((a) => !reserved.has(a.id));
  const people = new Map((await personSummaries(db, waiting.map((w) => w.personId))).map((x) => [x.id, x]));
  const time = (s: string | null) => (s ? new Date(s).getTime() : Number.POSITIVE_INFINITY);
  const ranked = waiting
    .map((w) => ({ ...w, points: scoreOf(p.rules, w.tier, w.score) }))
    .sort((a, b) => b.points - a.points || time(a.submittedAt) - time(b.submittedAt) || a.id - b.id);

  const flats = await queryRows<FreeFlat>(
    db,
    sql`select a.id, a.estate, a.building, a.unit_no as "unitNo", a.area::float8 as area from apartments a
        where a.tenant_id = ${tenantId} and a.status = 'free' and a.org_unit_id in ${unitIdsUnder(area.path)} ${estate ? sql`and a.estate = ${estate}` : sql``}
          and not exists (select 1 from apartment_contracts c where c.apartment_id = a.id and c.terminated_on is null)
        order by ${FLAT_ORDER} ${lock ? sql`for update of a` : sql``}`,
  );
  const left = [...flats];
  const rows: AllocationResultRow[] = ranked.map((w, i) => {
    const requested = Number(w.form?.area);
    const wants = Number.isFinite(requested) && requested > 0 ? requested : null;
    let pick = -1;
    if (left.length) {
      if (wants == null) pick = 0;
      else left.forEach((f, k) => (pick < 0 || Math.abs(f.area - wants) < Math.abs(left[pick].area - wants) ? (pick = k) : null));
    }
    const flat = pick >= 0 ? left.splice(pick, 1)[0] : null;
    const prev = ranked[i - 1];
    const notes: string[] = [];
    if (prev && prev.points === w.points) notes.push(`与第 ${i} 名同为 ${w.points} 分，按提交时间排在其后`);
    if (flat && wants != null) notes.push(`按意向面积 ${wants}㎡ 分配最接近的房源`);
    if (!flat) notes.push('空置房源已分完，继续轮候');
    return {
      rank: i + 1,
      applicationId: w.id,
      personName: people.get(w.personId)?.name ?? '',
      score: w.points,
      submittedAt: w.submittedAt ? new Date(w.submittedAt).toISOString() : '',
      apartmentId: flat?.id ?? null,
      apartmentLabel: flat ? flatLabel(flat) : null,
      tier: w.tier,
      requestedArea: wants,
      apartmentArea: flat?.area ?? null,
      note: notes.join('；') || null,
    };
  });
  const token = createHash('sha256')
    .update(JSON.stringify([p.id, estate ?? null, rows.map((r) => [r.applicationId, r.score, r.apartmentId])]))
    .digest('hex')
    .slice(0, 32);
  return { area, rows, freeFlats: flats.length, token, ruleText: ruleText(p, area.name, estate) };
}

/** The preview token of a programme's allocation as it stands, for the authorization matrix's fixtures. */
export async function allocationTokenFor(db: DbOrTx, programmeId: number, estate: string | null) {
  const [p] = await queryRows<Programme>(db, sql`select p.id, p.code, p.name, p.kind, p.owner_unit_id as "ownerUnitId", ${unitPathOf('"p"."owner_unit_id"')} as "ownerPath", p.rules from talent_programmes p where p.id = ${programmeId}`);
  return (await allocationPlan(db, p, estate)).token;
}

const programmeInfo = (p: Programme) => ({ id: p.id, code: p.code, name: p.name });

/** What confirming would do now; writes nothing. */
export async function previewAllocation(ctx: AppContext, actor: Actor, input: AllocationPreview) {
  requirePermission(actor, 'manage:talent');
  const p = await programmeInScope(ctx.db, actor, input.programmeId);
  const plan = await allocationPlan(ctx.db, p, input.estate);
  return {
    programme: programmeInfo(p),
    areaName: plan.area.name,
    estate: input.estate ?? null,
    ruleText: plan.ruleText,
    freeFlats: plan.freeFlats,
    waiting: plan.rows.length,
    allocated: plan.rows.filter((r) => r.apartmentId != null).length,
    rows: plan.rows,
    previewToken: plan.token,
  };
}

/** Runs the previewed allocation in one transaction: reserves the flats and publishes the run. */
export async function confirmAllocation(ctx: AppContext, actor: Actor, input: AllocationConfirm) {
  requirePermission(actor, 'manage:talent');
  const id = await ctx.db.transaction(async (tx) => {
    const p = await programmeInScope(tx, actor, input.programmeId, true);
    const plan = await allocationPlan(tx, p, input.estate, true);
    if (plan.token !== input.previewToken) throw conflict('apartment_allocation.preview_stale', '排名或空置房源在预览后已发生变化（可能有人同时进行了分配），请重新预览后再确认');
    const given = plan.rows.filter((r) => r.apartmentId != null).map((r) => r.apartmentId!);
    if (!given.length) throw conflict('apartment_allocation.nothing_to_allocate', plan.rows.length ? '没有空置房源可分配' : '没有等待分配的申请');
    const reserved = await queryRows<{ id: number }>(
      tx,
      sql`update apartments set status = 'reserved', version = version + 1, updated_at = now()
          where id in (${sql.join(given.map((g) => sql`${g}`), sql`, `)}) and status = 'free' returning id`,
    );
    // The flats were locked and checked free above; a shortfall means the rule above was bypassed.
    if (reserved.length !== given.length) throw conflict('apartment_allocation.preview_stale', '部分房源已不再空置，请重新预览后再确认');
    const [run] = await queryRows<{ id: number }>(
      tx,
      sql`insert into apartment_allocations (tenant_id, programme_id, rule_text, results, published, ran_by)
          values (${actor.tenantId}, ${p.id}, ${plan.ruleText}, ${JSON.stringify(plan.rows)}::jsonb, true, ${actor.displayName}) returning id`,
    );
    await recordAudit(tx, actor, {
      action: 'apartment.allocate',
      entityType: 'apartment_allocation',
      entityId: run.id,
      orgUnitId: p.ownerUnitId,
      orgPath: p.ownerPath,
      summary: `按规则分配「${p.name}」房源：${plan.rows.length} 份申请，分配 ${given.length} 套${input.estate ? `（${input.estate}）` : ''}`,
      after: { programmeId: p.id, estate: input.estate ?? null, results: plan.rows.map((r) => ({ rank: r.rank, applicationId: r.applicationId, apartmentId: r.apartmentId })) },
    });
    return run.id;
  });
  return getAllocation(ctx, actor, id);
}

interface RunRow {
  id: number;
  programmeId: number;
  programmeName: string;
  programmeCode: string;
  ownerPath: string;
  ruleText: string;
  results: AllocationResultRow[];
  published: boolean;
  ranBy: string;
  createdAt: string;
}

const selectRun = sql`select al.id, al.programme_id as "programmeId", p.name as "programmeName", p.code as "programmeCode", ${unitPathOf('"p"."owner_unit_id"')} as "ownerPath",
  al.rule_text as "ruleText", al.results, al.published, al.ran_by as "ranBy", al.created_at as "createdAt"
  from apartment_allocations al join talent_programmes p on p.id = al.programme_id`;

/** Published allocation runs of programmes in the actor's area, newest first. */
export async function listAllocations(ctx: AppContext, actor: Actor, q: { programmeId?: number }) {
  requirePermission(actor, 'manage:talent');
  const rows = await queryRows<RunRow>(
    ctx.db,
    sql`${selectRun} where al.tenant_id = ${actor.tenantId} and p.owner_unit_id in ${unitIdsUnder(actor.scopePath)} ${q.programmeId ? sql`and al.programme_id = ${q.programmeId}` : sql``}
        order by al.id desc limit 200`,
  );
  return rows.map(({ results, ownerPath: _o, ...r }) => ({ ...r, applications: results.length, allocated: results.filter((x) => x.apartmentId != null).length }));
}

/**
 * One run as published — rule text and ordered result — with where each allocated flat stands
 * now: contract signed, still reserved (待签约), or released.
 */
export async function getAllocation(ctx: AppContext, actor: Actor, id: number) {
  requirePermission(actor, 'manage:talent');
  const [run] = await queryRows<RunRow & { tenantId: string }>(ctx.db, sql`${selectRun} where al.id = ${id}`);
  if (!run || !inScope(actor, run.ownerPath)) throw notFound('apartment_allocation.not_found', '分配记录不存在或不在您的管辖范围内');
  const appIds = run.results.map((r) => r.applicationId);
  const signed = appIds.length
    ? await queryRows<{ applicationId: number; apartmentId: number; signedOn: string; kind: string }>(
        ctx.db,
        sql`select application_id as "applicationId", apartment_id as "apartmentId", signed_on::text as "signedOn", kind from apartment_contracts where application_id in (${sql.join(appIds.map((a) => sql`${a}`), sql`, `)})`,
      )
    : [];
  const held = await reservationsOf(ctx.db, actor.tenantId, run.results.filter((r) => r.apartmentId != null).map((r) => r.apartmentId!));
  const rows = run.results.map((r) => {
    const contract = signed.find((s) => s.applicationId === r.applicationId && s.apartmentId === r.apartmentId);
    const h = r.apartmentId != null ? held.get(r.apartmentId) : undefined;
    const state = r.apartmentId == null ? 'waiting' : contract ? 'signed' : h && h.allocationId === run.id && h.applicationId === r.applicationId ? 'reserved' : 'released';
    const stateName = { waiting: '轮候', signed: `已签约（${contract?.signedOn ?? ''}）`, reserved: '已预留，待签约', released: '已释放' }[state];
    return { ...r, state, stateName };
  });
  const { ownerPath: _o, ...rest } = run;
  return { ...rest, results: rows };
}

/** Apartment programmes in the actor's area and how many approved applications wait for a flat. */
export async function apartmentProgrammes(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'manage:talent');
  const programmes = await queryRows<Programme & { opensOn: string; closesOn: string | null }>(
    ctx.db,
    sql`select p.id, p.code, p.name, p.kind, p.owner_unit_id as "ownerUnitId", ${unitPathOf('"p"."owner_unit_id"')} as "ownerPath", p.rules,
          p.opens_on::text as "opensOn", p.closes_on::text as "closesOn"
        from talent_programmes p where p.tenant_id = ${actor.tenantId} and p.kind = 'apartment' and p.owner_unit_id in ${unitIdsUnder(actor.scopePath)} order by p.opens_on desc, p.id desc`,
  );
  const reserved = new Set([...(await reservationsOf(ctx.db, actor.tenantId)).values()].map((r) => r.applicationId));
  const out = [];
  for (const p of programmes) {
    const apps = await queryRows<{ id: number }>(
      ctx.db,
      sql`select a.id from talent_applications a where a.programme_id = ${p.id} and a.status = 'approved' and not exists (select 1 from apartment_contracts c where c.application_id = a.id)`,
    );
    const area = await programmeArea(ctx.db, p);
    out.push({ id: p.id, code: p.code, name: p.name, opensOn: p.opensOn, closesOn: p.closesOn, areaName: area.name, scores: p.rules.scores ?? {}, waiting: apps.filter((a) => !reserved.has(a.id)).length });
  }
  return out;
}
