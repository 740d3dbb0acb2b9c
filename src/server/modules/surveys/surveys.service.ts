import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { escapeLike } from '../../db/like';
import { badRequest, conflict, fieldError, notFound, versionConflict, type FieldIssue } from '../../errors';
import { recordAudit } from '../audit';
import { findUnitsByIds, unitIdsUnder, unitNameOf, unitPathOf, unitsOfTypesUnder } from '../org';
import { SURVEY_MODE_ZH, SURVEY_STATUS_ZH, type SurveyMode, type SurveyQuestion } from '../../../shared/surveys';
import type { SurveyCreate, SurveyUpdate } from './surveys.schema';
import { surveyTargets, surveyTokens, surveys } from './surveys.table';
import { newTargetCode, publicPath } from './tokens';

/**
 * Questionnaires and their targets, as the units that run them manage them. Access follows
 * docs/decisions/002: an account manages (manage:surveys) the surveys whose owner unit lies in its
 * subtree; it reads (read:assessment) those, plus any survey past its draft that asks about a unit
 * in its subtree — and then only those units' targets and answers. A survey outside answers 404.
 */

export type SurveyStatus = keyof typeof SURVEY_STATUS_ZH;
type SurveyRow = typeof surveys.$inferSelect;

export interface LoadedSurvey {
  row: SurveyRow;
  ownerPath: string;
  ownerName: string;
  /** The owner unit lies in the actor's subtree (so every target does too). */
  owns: boolean;
}

const notFoundError = () => notFound('survey.not_found', '问卷不存在或不在您的管辖范围内');
export const iso = (d: Date | string | null | undefined): string | null => (d == null ? null : new Date(d).toISOString());

/** Loads a survey the actor may see ('read') or change ('manage'); 404 otherwise. */
export async function surveyFor(db: DbOrTx, actor: Actor, id: number, mode: 'read' | 'manage', lock = false): Promise<LoadedSurvey> {
  const q = db
    .select({ row: surveys, ownerPath: unitPathOf('"surveys"."owner_unit_id"'), ownerName: unitNameOf('"surveys"."owner_unit_id"') })
    .from(surveys)
    .where(and(eq(surveys.id, id), eq(surveys.tenantId, actor.tenantId), sql`${surveys.archivedAt} is null`));
  const [found] = lock ? await q.for('update') : await q;
  if (!found) throw notFoundError();
  const owns = found.ownerPath.startsWith(actor.scopePath);
  if (mode === 'manage' && !owns) throw notFoundError();
  if (!owns) {
    if (found.row.status === 'draft') throw notFoundError();
    const [any] = await queryRows<{ id: number }>(db, sql`select id from survey_targets where survey_id = ${id} and org_unit_id in ${unitIdsUnder(actor.scopePath)} limit 1`);
    if (!any) throw notFoundError();
  }
  return { ...found, owns };
}

/** An int[] literal for `= any(…::int[])`. */
const pgIntArray = (ids: readonly number[]) => `{${ids.join(',')}}`;

const canManage = (actor: Actor, s: Pick<LoadedSurvey, 'owns'>) => s.owns && actor.permissions.includes('manage:surveys');

function summary(actor: Actor, s: LoadedSurvey) {
  const r = s.row;
  return {
    id: r.id,
    title: r.title,
    intro: r.intro,
    period: r.period,
    mode: r.mode as SurveyMode,
    modeName: SURVEY_MODE_ZH[r.mode as SurveyMode],
    status: r.status as SurveyStatus,
    statusName: SURVEY_STATUS_ZH[r.status as SurveyStatus],
    ownerUnitId: r.ownerUnitId,
    ownerName: s.ownerName,
    canManage: canManage(actor, s),
    version: r.version,
    createdAt: iso(r.createdAt)!,
    updatedAt: iso(r.updatedAt)!,
  };
}

/** A survey as the list shows it, with counts over the targets in the actor's subtree. */
export async function listSurveys(ctx: AppContext, actor: Actor, q: { status?: SurveyStatus; q?: string }) {
  requirePermission(actor, 'read:assessment');
  // Written so that no subquery runs once per survey: the subtree's units are read once, and the
  // counts are one grouped pass over the page's surveys. Plans then stay cheap even when the
  // statistics lag behind the data (PGlite has no autovacuum; a correlated subplan that scanned
  // the unit table once per survey took seconds).
  const rows = await queryRows<{
    id: number;
    title: string;
    period: string | null;
    mode: SurveyMode;
    status: SurveyStatus;
    version: number;
    createdAt: Date;
    updatedAt: Date;
    ownerUnitId: number;
    ownerName: string;
    ownerPath: string;
  }>(
    ctx.db,
    sql`with scope_units as materialized ${unitIdsUnder(actor.scopePath)}
        select s.id, s.title, s.period, s.mode, s.status, s.version, s.created_at as "createdAt", s.updated_at as "updatedAt", s.owner_unit_id as "ownerUnitId",
          ${unitNameOf('"s"."owner_unit_id"')} as "ownerName", ${unitPathOf('"s"."owner_unit_id"')} as "ownerPath"
        from surveys s
        where s.tenant_id = ${actor.tenantId} and s.archived_at is null
          and (s.owner_unit_id in (select id from scope_units)
               or (s.status <> 'draft' and s.id in (select t.survey_id from survey_targets t where t.org_unit_id in (select id from scope_units))))
          ${q.status ? sql`and s.status = ${q.status}` : sql``}
          ${q.q ? sql`and s.title like ${'%' + escapeLike(q.q) + '%'}` : sql``}
        order by s.created_at desc, s.id desc
        limit 500`,
  );
  // A survey owned inside the subtree has all its targets there; others count the subtree's only.
  const ids = pgIntArray(rows.map((r) => r.id));
  const owned = pgIntArray(rows.filter((r) => r.ownerPath.startsWith(actor.scopePath)).map((r) => r.id));
  const counts = async (table: 'survey_targets' | 'survey_responses') =>
    new Map(
      (
        await queryRows<{ id: number; n: number }>(
          ctx.db,
          sql`select x.survey_id as id, count(*)::int as n from ${sql.identifier(table)} x
              where x.survey_id = any(${ids}::int[]) and (x.survey_id = any(${owned}::int[]) or x.org_unit_id in ${unitIdsUnder(actor.scopePath)})
              group by x.survey_id`,
        )
      ).map((c) => [c.id, c.n]),
    );
  const [targetCounts, responseCounts] = rows.length ? [await counts('survey_targets'), await counts('survey_responses')] : [new Map<number, number>(), new Map<number, number>()];
  const manage = actor.permissions.includes('manage:surveys');
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    period: r.period,
    mode: r.mode,
    modeName: SURVEY_MODE_ZH[r.mode],
    status: r.status,
    statusName: SURVEY_STATUS_ZH[r.status],
    ownerUnitId: r.ownerUnitId,
    ownerName: r.ownerName,
    targets: targetCounts.get(r.id) ?? 0,
    responses: responseCounts.get(r.id) ?? 0,
    canManage: manage && r.ownerPath.startsWith(actor.scopePath),
    version: r.version,
    createdAt: iso(r.createdAt)!,
    updatedAt: iso(r.updatedAt)!,
  }));
}

export interface TargetInfo {
  targetId: number;
  orgUnitId: number;
  unitName: string;
  unitCode: string;
  parentName: string | null;
  code: string;
  link: string;
  responses: number;
  /** Mean of the answer sheets' satisfaction (each sheet's mean rating, 1–5); null without ratings. */
  satisfaction: number | null;
  tokensIssued: number;
  tokensUsed: number;
}

/** The survey's targets inside the actor's subtree, in unit-code order, with their counts. */
export async function targetsOf(db: DbOrTx, actor: Actor, surveyId: number): Promise<TargetInfo[]> {
  const rows = await db.select().from(surveyTargets).where(eq(surveyTargets.surveyId, surveyId));
  if (!rows.length) return [];
  const units = new Map((await findUnitsByIds(db, rows.map((r) => r.orgUnitId))).map((u) => [u.id, u]));
  const parents = new Map((await findUnitsByIds(db, [...new Set([...units.values()].map((u) => u.parentId).filter((x): x is number => x != null))])).map((u) => [u.id, u.name]));
  const counts = await queryRows<{ targetId: number; n: number; satisfaction: number | null }>(
    db,
    sql`select target_id as "targetId", count(*)::int as n, avg(satisfaction) as satisfaction from survey_responses where survey_id = ${surveyId} group by target_id`,
  );
  const tokens = await queryRows<{ targetId: number; issued: number; used: number }>(
    db,
    sql`select target_id as "targetId", count(*)::int as issued, count(used_at)::int as used from survey_tokens where survey_id = ${surveyId} group by target_id`,
  );
  const countOf = new Map(counts.map((c) => [c.targetId, c]));
  const tokensOf = new Map(tokens.map((c) => [c.targetId, c]));
  return rows
    .filter((r) => units.get(r.orgUnitId)?.path.startsWith(actor.scopePath))
    .map((r) => {
      const u = units.get(r.orgUnitId)!;
      const c = countOf.get(r.id);
      const sat = c?.satisfaction;
      return {
        targetId: r.id,
        orgUnitId: r.orgUnitId,
        unitName: u.name,
        unitCode: u.code,
        parentName: u.parentId ? (parents.get(u.parentId) ?? null) : null,
        code: r.code,
        link: publicPath(r.code),
        responses: c?.n ?? 0,
        satisfaction: sat == null ? null : Number(sat),
        tokensIssued: tokensOf.get(r.id)?.issued ?? 0,
        tokensUsed: tokensOf.get(r.id)?.used ?? 0,
      };
    })
    .sort((a, b) => (a.unitCode < b.unitCode ? -1 : a.unitCode > b.unitCode ? 1 : 0));
}

/** Everything the detail page shows: the survey, its questions, and its targets with counts. */
export async function getSurvey(ctx: AppContext, actor: Actor, id: number) {
  requirePermission(actor, 'read:assessment');
  const s = await surveyFor(ctx.db, actor, id, 'read');
  const targets = await targetsOf(ctx.db, actor, id);
  return {
    ...summary(actor, s),
    questions: s.row.questions,
    targets,
    totals: {
      targets: targets.length,
      responses: targets.reduce((a, t) => a + t.responses, 0),
      tokensIssued: targets.reduce((a, t) => a + t.tokensIssued, 0),
      tokensUsed: targets.reduce((a, t) => a + t.tokensUsed, 0),
    },
  };
}

/**
 * The target units wanted: the units named, each under the owner unit, plus every village and
 * community under the units in `villagesUnderIds`. Every unit at fault is reported at once.
 */
async function resolveTargets(db: DbOrTx, owner: { path: string; name: string }, unitIds: readonly number[], villagesUnderIds: readonly number[]): Promise<number[]> {
  const units = new Map((await findUnitsByIds(db, [...new Set([...unitIds, ...villagesUnderIds])])).map((u) => [u.id, u]));
  const issues: FieldIssue[] = [];
  const check = (field: string, list: readonly number[]) =>
    list.forEach((id, i) => {
      const u = units.get(id);
      if (!u || !u.path.startsWith(owner.path)) issues.push({ path: `${field}.${i}`, message: `${u ? `「${u.name}」` : '所选单位'}不在主办单位（${owner.name}）的范围内` });
      else if (u.archivedAt) issues.push({ path: `${field}.${i}`, message: `「${u.name}」已撤销，不能作为评价对象` });
    });
  check('targetUnitIds', unitIds);
  check('villagesUnderIds', villagesUnderIds);
  if (issues.length) throw badRequest('survey.target_out_of_scope', issues[0].message, issues);
  const wanted = new Set(unitIds);
  for (const id of villagesUnderIds) for (const v of await unitsOfTypesUnder(db, units.get(id)!.path, ['village', 'community'])) wanted.add(v.id);
  return [...wanted];
}

/** Adds targets with fresh random codes; a code already taken (40 bits: rare) is drawn again. */
async function addTargets(db: DbOrTx, surveyId: number, unitIds: readonly number[]) {
  let left = [...unitIds];
  for (let attempt = 0; left.length && attempt < 5; attempt++) {
    for (let i = 0; i < left.length; i += 1000) {
      const chunk = left.slice(i, i + 1000);
      await db.insert(surveyTargets).values(chunk.map((orgUnitId) => ({ surveyId, orgUnitId, code: newTargetCode() }))).onConflictDoNothing();
    }
    const have = new Set((await db.select({ orgUnitId: surveyTargets.orgUnitId }).from(surveyTargets).where(eq(surveyTargets.surveyId, surveyId))).map((r) => r.orgUnitId));
    left = left.filter((id) => !have.has(id));
  }
  if (left.length) throw new Error('could not draw unique survey target codes');
}

/** Creates a draft survey owned by the account's unit (or a unit under it). */
export async function createSurvey(ctx: AppContext, actor: Actor, input: SurveyCreate) {
  requirePermission(actor, 'manage:surveys');
  const id = await ctx.db.transaction(async (tx) => {
    const [owner] = await findUnitsByIds(tx, [input.ownerUnitId ?? actor.orgUnitId]);
    if (!owner || !owner.path.startsWith(actor.scopePath)) throw fieldError('survey.owner_out_of_scope', 'ownerUnitId', '主办单位不在您的管辖范围内');
    const unitIds = await resolveTargets(tx, owner, input.targetUnitIds ?? [], input.villagesUnderIds ?? []);
    const [row] = await tx
      .insert(surveys)
      .values({ tenantId: actor.tenantId, ownerUnitId: owner.id, title: input.title, intro: input.intro || null, questions: input.questions, mode: input.mode, period: input.period || null, createdBy: actor.userId })
      .returning();
    await addTargets(tx, row.id, unitIds);
    await recordAudit(tx, actor, {
      action: 'survey.create',
      entityType: 'survey',
      entityId: row.id,
      orgUnitId: owner.id,
      orgPath: owner.path,
      summary: `新建问卷《${row.title}》（${SURVEY_MODE_ZH[input.mode]}，${input.questions.length} 道题，${unitIds.length} 个评价对象）`,
      after: { title: row.title, mode: row.mode, period: row.period, questions: input.questions.length, targets: unitIds.length },
    });
    return row.id;
  });
  return getSurvey(ctx, actor, id);
}

/** Questions as content, whatever order jsonb keeps their keys in. */
const questionsKey = (qs: readonly SurveyQuestion[]) => JSON.stringify(qs.map((q) => [q.key, q.type, q.label, q.options ?? [], q.required]));

/**
 * Edits a survey. A draft changes freely; once it has been opened its questions and mode are fixed
 * (answers already given must keep their meaning) and targets can only be added.
 */
export async function updateSurvey(ctx: AppContext, actor: Actor, id: number, input: SurveyUpdate) {
  requirePermission(actor, 'manage:surveys');
  await ctx.db.transaction(async (tx) => {
    const s = await surveyFor(tx, actor, id, 'manage', true);
    const r = s.row;
    if (r.version !== input.version) throw versionConflict('survey.version_conflict', summary(actor, s));
    const draft = r.status === 'draft';
    if (!draft && input.questions && questionsKey(input.questions) !== questionsKey(r.questions)) {
      throw conflict('survey.questions_locked', '问卷已开始收集，题目不能再修改（标题、说明和期次仍可修改，评价对象可以增加）');
    }
    if (!draft && input.mode && input.mode !== r.mode) throw conflict('survey.mode_locked', '问卷已开始收集，答题方式不能再修改');
    let added = 0;
    let removed = 0;
    if (input.targetUnitIds || input.villagesUnderIds) {
      const wanted = new Set(await resolveTargets(tx, { path: s.ownerPath, name: s.ownerName }, input.targetUnitIds ?? [], input.villagesUnderIds ?? []));
      const current = await tx.select({ id: surveyTargets.id, orgUnitId: surveyTargets.orgUnitId }).from(surveyTargets).where(eq(surveyTargets.surveyId, id));
      const have = new Set(current.map((c) => c.orgUnitId));
      const gone = current.filter((c) => !wanted.has(c.orgUnitId));
      if (gone.length && !draft) throw conflict('survey.targets_locked', '问卷已开始收集，评价对象只能增加，不能移除');
      if (gone.length) {
        // A draft has no answers yet; tokens printed for a removed target go with it.
        await tx.delete(surveyTokens).where(inArray(surveyTokens.targetId, gone.map((g) => g.id)));
        await tx.delete(surveyTargets).where(inArray(surveyTargets.id, gone.map((g) => g.id)));
      }
      const toAdd = [...wanted].filter((u) => !have.has(u));
      await addTargets(tx, id, toAdd);
      added = toAdd.length;
      removed = gone.length;
    }
    const next = {
      title: input.title ?? r.title,
      intro: input.intro === undefined ? r.intro : input.intro || null,
      questions: input.questions ?? r.questions,
      mode: input.mode ?? r.mode,
      period: input.period === undefined ? r.period : input.period || null,
    };
    await tx.update(surveys).set({ ...next, version: r.version + 1, updatedAt: new Date() }).where(eq(surveys.id, id));
    await recordAudit(tx, actor, {
      action: 'survey.update',
      entityType: 'survey',
      entityId: id,
      orgUnitId: r.ownerUnitId,
      orgPath: s.ownerPath,
      summary: `修改问卷《${next.title}》${added ? `，增加 ${added} 个评价对象` : ''}${removed ? `，移除 ${removed} 个评价对象` : ''}`,
      before: { title: r.title, period: r.period, mode: r.mode, questions: r.questions.length },
      after: { title: next.title, period: next.period, mode: next.mode, questions: next.questions.length, added, removed },
    });
  });
  return getSurvey(ctx, actor, id);
}

const TRANSITIONS: Record<'open' | 'closed', { from: SurveyStatus[]; verb: string }> = {
  open: { from: ['draft', 'closed'], verb: '开始收集' },
  closed: { from: ['open'], verb: '结束收集' },
};

/** Opens a survey for answers (from a draft, or again after closing it) or closes it. */
export async function setSurveyStatus(ctx: AppContext, actor: Actor, id: number, version: number, to: 'open' | 'closed') {
  requirePermission(actor, 'manage:surveys');
  await ctx.db.transaction(async (tx) => {
    const s = await surveyFor(tx, actor, id, 'manage', true);
    const r = s.row;
    if (r.version !== version) throw versionConflict('survey.version_conflict', summary(actor, s));
    const t = TRANSITIONS[to];
    if (!t.from.includes(r.status as SurveyStatus)) throw conflict('survey.invalid_transition', `问卷当前为「${SURVEY_STATUS_ZH[r.status as SurveyStatus]}」，不能${t.verb}`);
    if (to === 'open') {
      const [{ n }] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from survey_targets where survey_id = ${id}`);
      if (!n) throw badRequest('survey.no_targets', '请先选择评价对象，再开始收集');
      if (!r.questions.length) throw badRequest('survey.no_questions', '请先添加题目，再开始收集');
    }
    await tx.update(surveys).set({ status: to, version: r.version + 1, updatedAt: new Date() }).where(eq(surveys.id, id));
    await recordAudit(tx, actor, {
      action: to === 'open' ? 'survey.open' : 'survey.close',
      entityType: 'survey',
      entityId: id,
      orgUnitId: r.ownerUnitId,
      orgPath: s.ownerPath,
      summary: `${t.verb}：问卷《${r.title}》`,
      before: { status: r.status },
      after: { status: to },
    });
  });
  return getSurvey(ctx, actor, id);
}
