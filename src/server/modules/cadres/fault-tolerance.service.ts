/**
 * 容错澄清: a cadre's application (容错免责 or 澄清正名) is registered, investigated, and decided by
 * the committee — tolerated, clarified, or not applicable, with the grounds. A decision is never
 * edited: changing it appends a decision naming the one it supersedes and why (the table's
 * trigger refuses UPDATE and DELETE), and the latest is in force. Only manage:cadres works here,
 * and every read — list or case — is audit-logged. The outcome in force shows on the cadre's
 * record (容错记录) so it is weighed in appointments and honours.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { escapeLike } from '../../db/like';
import { inScope, requirePermission } from '../../access';
import { conflict, fieldError, notFound, versionConflict } from '../../errors';
import { recordAudit } from '../audit';
import { getUnitInScope, unitIdsUnder, unitNameOf, unitPathOf } from '../org';
import { personSummaries, profileOf } from '../people';
import { FT_OUTCOME_ZH, FT_RECORD_NOTE, FT_REQUEST_KIND_ZH, FT_STATUS_ZH, type FtCase, type FtCaseDetail, type FtDecision, type FtRecord } from '../../../shared/cadres';
import { faultToleranceCases, faultToleranceDecisions } from './cadres.table';
import type { FtCreate, FtDecisionInput, FtInvestigation, FtListQuery } from './cadres.schema';
import { todayCst } from './scope';

const selectDecisions = sql`select d.id, d.case_id as "caseId", d.outcome, d.grounds, d.committee, d.decided_on::text as "decidedOn", d.supersedes_id as "supersedesId",
  d.change_reason as "changeReason", d.decided_by as "decidedBy", d.created_at as "createdAt" from fault_tolerance_decisions d`;

type DecisionRow = Omit<FtDecision, 'outcomeName'> & { caseId: number };
const shapeDecision = ({ caseId: _c, ...d }: DecisionRow): FtDecision => ({ ...d, outcomeName: FT_OUTCOME_ZH[d.outcome], createdAt: new Date(d.createdAt).toISOString() });

/** The decision in force of each case: the latest one appended. */
async function decisionsInForce(db: DbOrTx, caseIds: number[]): Promise<Map<number, FtDecision>> {
  if (!caseIds.length) return new Map();
  const rows = await queryRows<DecisionRow>(
    db,
    sql`${selectDecisions} where d.id in (select max(x.id) from fault_tolerance_decisions x where x.case_id in (${sql.join(caseIds.map((id) => sql`${id}`), sql`, `)}) group by x.case_id)`,
  );
  return new Map(rows.map((r) => [r.caseId, shapeDecision(r)]));
}

const selectCases = sql`select c.id, c.person_id as "personId", c.org_unit_id as "orgUnitId", ${unitNameOf('"c"."org_unit_id"')} as "orgUnitName", ${unitPathOf('"c"."org_unit_id"')} as path,
  c.request_kind as "requestKind", c.matter, c.applicant, c.applied_on::text as "appliedOn", c.status, c.investigation, c.investigated_by as "investigatedBy",
  c.investigated_on::text as "investigatedOn", c.version, c.created_by as "createdBy", c.tenant_id as "tenantId" from fault_tolerance_cases c`;

type CaseRow = Omit<FtCase, 'personName' | 'requestKindName' | 'statusName' | 'decision'> & { path: string; tenantId: string };

async function shapeCases(db: DbOrTx, rows: CaseRow[]): Promise<(FtCase & { path: string })[]> {
  const people = new Map((await personSummaries(db, rows.map((r) => r.personId))).map((p) => [p.id, p.name]));
  const decisions = await decisionsInForce(db, rows.map((r) => r.id));
  return rows.map(({ tenantId: _t, ...r }) => ({
    ...r,
    personName: people.get(r.personId) ?? '',
    requestKindName: FT_REQUEST_KIND_ZH[r.requestKind],
    statusName: FT_STATUS_ZH[r.status],
    decision: decisions.get(r.id) ?? null,
  }));
}

/** The case if its unit is in the actor's subtree; 404 otherwise. */
async function caseInScope(db: DbOrTx, actor: Actor, id: number): Promise<FtCase & { path: string }> {
  requirePermission(actor, 'manage:cadres');
  const [row] = await queryRows<CaseRow>(db, sql`${selectCases} where c.id = ${id}`);
  if (!row || row.tenantId !== actor.tenantId || !inScope(actor, row.path)) throw notFound('cadres.case_not_found', '容错澄清案件不存在或不在您的管辖范围内');
  return (await shapeCases(db, [row]))[0];
}

const strip = <T extends { path: string }>({ path: _p, ...rest }: T): Omit<T, 'path'> => rest;

/** Cases in the actor's subtree, newest application first. The read is logged with the cases shown. */
export async function listCases(ctx: AppContext, actor: Actor, q: FtListQuery) {
  requirePermission(actor, 'manage:cadres');
  return ctx.db.transaction(async (tx) => {
    const where: SQL[] = [sql`c.tenant_id = ${actor.tenantId}`, sql`c.org_unit_id in ${unitIdsUnder(actor.scopePath)}`];
    if (q.status) where.push(sql`c.status = ${q.status}`);
    if (q.outcome) where.push(sql`(select d.outcome from fault_tolerance_decisions d where d.case_id = c.id order by d.id desc limit 1) = ${q.outcome}`);
    if (q.q) {
      const like = `%${escapeLike(q.q)}%`;
      where.push(sql`(c.matter like ${like} or c.applicant like ${like} or exists (select 1 from persons p where p.id = c.person_id and p.name like ${like}))`);
    }
    const cond = sql.join(where, sql` and `);
    const rows = await queryRows<CaseRow>(tx, sql`${selectCases} where ${cond} order by c.applied_on desc, c.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`);
    const [{ total }] = await queryRows<{ total: number }>(tx, sql`select count(*)::int as total from fault_tolerance_cases c where ${cond}`);
    const items = await shapeCases(tx, rows);
    if (items.length) {
      await recordAudit(tx, actor, {
        action: 'cadres.ft_read',
        entityType: 'fault_tolerance_case',
        orgUnitId: actor.orgUnitId,
        orgPath: actor.scopePath,
        summary: `查看容错澄清案件列表 ${items.length} 件（编号 ${items.map((i) => i.id).join('、')}）`,
        after: { caseIds: items.map((i) => i.id) },
      });
    }
    return { items: items.map(strip), total, page: q.page, pageSize: q.pageSize };
  });
}

async function detailOf(db: DbOrTx, c: FtCase & { path: string }): Promise<FtCaseDetail> {
  const decisions = (await queryRows<DecisionRow>(db, sql`${selectDecisions} where d.case_id = ${c.id} order by d.id`)).map(shapeDecision);
  return { ...strip(c), decisions };
}

/** One case with its decisions, oldest first; logged. */
export async function getCase(ctx: AppContext, actor: Actor, id: number): Promise<FtCaseDetail> {
  return ctx.db.transaction(async (tx) => {
    const c = await caseInScope(tx, actor, id);
    await recordAudit(tx, actor, { action: 'cadres.ft_read', entityType: 'fault_tolerance_case', entityId: id, orgUnitId: c.orgUnitId, orgPath: c.path, summary: `查看「${c.personName}」的容错澄清案件（编号 ${id}）` });
    return detailOf(tx, c);
  });
}

export async function openCase(ctx: AppContext, actor: Actor, input: FtCreate): Promise<FtCaseDetail> {
  requirePermission(actor, 'manage:cadres');
  return ctx.db.transaction(async (tx) => {
    const p = await profileOf(tx, input.personId);
    if (!p || p.tenantId !== actor.tenantId || !inScope(actor, p.path)) throw fieldError('cadres.person_out_of_scope', 'personId', '人员不存在或不在您的管辖范围内');
    if (!p.isCadre) throw fieldError('cadres.not_a_cadre', 'personId', `「${p.name}」在人员库中没有干部身份`);
    const unit = await getUnitInScope(tx, actor, input.orgUnitId ?? p.orgUnitId).catch(() => {
      throw fieldError('cadres.unit_out_of_scope', 'orgUnitId', '所属单位不存在或不在您的管辖范围内');
    });
    if (input.appliedOn > todayCst()) throw fieldError('cadres.applied_in_future', 'appliedOn', '申请日期不能晚于今天');
    const [row] = await tx
      .insert(faultToleranceCases)
      .values({ tenantId: actor.tenantId, personId: p.personId, orgUnitId: unit.id, requestKind: input.requestKind, matter: input.matter, appliedOn: input.appliedOn, applicant: input.applicant, createdBy: actor.displayName })
      .returning({ id: faultToleranceCases.id });
    // The matter stays out of the audit log: the log is read more widely than the case.
    await recordAudit(tx, actor, {
      action: 'cadres.ft_open',
      entityType: 'fault_tolerance_case',
      entityId: row.id,
      orgUnitId: unit.id,
      orgPath: unit.path,
      summary: `登记「${p.name}」的容错澄清申请（${FT_REQUEST_KIND_ZH[input.requestKind]}，${input.appliedOn}）`,
      after: { personId: p.personId, requestKind: input.requestKind, appliedOn: input.appliedOn, applicant: input.applicant },
    });
    return detailOf(tx, await caseInScope(tx, actor, row.id));
  });
}

/** Bumps the case's version, checked in the statement (two clerks saving at once: one wins, one sees 409). */
async function bump(tx: DbOrTx, c: FtCase, expected: number, set: Partial<typeof faultToleranceCases.$inferInsert>) {
  const written = await tx
    .update(faultToleranceCases)
    .set({ ...set, version: expected + 1 })
    .where(and(eq(faultToleranceCases.id, c.id), eq(faultToleranceCases.version, expected)))
    .returning({ id: faultToleranceCases.id });
  if (!written.length) throw versionConflict('cadres.case_version_conflict', c);
}

export async function recordInvestigation(ctx: AppContext, actor: Actor, id: number, input: FtInvestigation): Promise<FtCaseDetail> {
  return ctx.db.transaction(async (tx) => {
    const c = await caseInScope(tx, actor, id);
    if (c.version !== input.version) throw versionConflict('cadres.case_version_conflict', strip(c));
    if (c.status === 'decided') throw conflict('cadres.case_decided', '该案件已作出决定，调查核实情况不能再修改');
    if (input.investigatedOn < c.appliedOn) throw fieldError('cadres.investigated_before_applied', 'investigatedOn', `调查完成日期不能早于申请日期 ${c.appliedOn}`);
    if (input.investigatedOn > todayCst()) throw fieldError('cadres.investigated_in_future', 'investigatedOn', '调查完成日期不能晚于今天');
    await bump(tx, strip(c) as FtCase, input.version, { status: 'investigating', investigation: input.investigation, investigatedBy: input.investigatedBy, investigatedOn: input.investigatedOn });
    await recordAudit(tx, actor, {
      action: 'cadres.ft_investigation',
      entityType: 'fault_tolerance_case',
      entityId: id,
      orgUnitId: c.orgUnitId,
      orgPath: c.path,
      summary: `登记「${c.personName}」容错澄清案件（编号 ${id}）的调查核实情况（${input.investigatedBy}，${input.investigatedOn}）`,
    });
    return detailOf(tx, await caseInScope(tx, actor, id));
  });
}

/**
 * The committee's decision. The first needs the investigation recorded; a later one changes the
 * decision in force — it must say why, may not be dated before it, and is appended, never edited.
 */
export async function decide(ctx: AppContext, actor: Actor, id: number, input: FtDecisionInput): Promise<FtCaseDetail> {
  return ctx.db.transaction(async (tx) => {
    const c = await caseInScope(tx, actor, id);
    if (c.version !== input.version) throw versionConflict('cadres.case_version_conflict', strip(c));
    if (c.status === 'applied') throw conflict('cadres.not_investigated', '请先登记调查核实情况，再作出决定');
    const previous = c.decision;
    const reason = input.changeReason?.trim() || null;
    if (previous && !reason) throw fieldError('cadres.change_reason_required', 'changeReason', '变更已生效的决定，须写明变更理由');
    if (previous && input.decidedOn < previous.decidedOn) throw fieldError('cadres.decided_before_previous', 'decidedOn', `决定日期不能早于原决定日期 ${previous.decidedOn}`);
    if (input.decidedOn < c.appliedOn) throw fieldError('cadres.decided_before_applied', 'decidedOn', `决定日期不能早于申请日期 ${c.appliedOn}`);
    if (input.decidedOn > todayCst()) throw fieldError('cadres.decided_in_future', 'decidedOn', '决定日期不能晚于今天');
    const [row] = await tx
      .insert(faultToleranceDecisions)
      .values({ caseId: id, outcome: input.outcome, grounds: input.grounds, committee: input.committee, decidedOn: input.decidedOn, supersedesId: previous?.id ?? null, changeReason: previous ? reason : null, decidedBy: actor.displayName })
      .returning({ id: faultToleranceDecisions.id });
    await bump(tx, strip(c) as FtCase, input.version, { status: 'decided' });
    await recordAudit(tx, actor, {
      action: previous ? 'cadres.ft_decision_change' : 'cadres.ft_decision',
      entityType: 'fault_tolerance_case',
      entityId: id,
      orgUnitId: c.orgUnitId,
      orgPath: c.path,
      summary: previous
        ? `变更「${c.personName}」容错澄清案件（编号 ${id}）的决定：${previous.outcomeName} → ${FT_OUTCOME_ZH[input.outcome]}（${input.committee}，${input.decidedOn}）；理由：${reason}`
        : `「${c.personName}」容错澄清案件（编号 ${id}）作出决定：${FT_OUTCOME_ZH[input.outcome]}（${input.committee}，${input.decidedOn}）`,
      before: previous ? { decisionId: previous.id, outcome: previous.outcome, decidedOn: previous.decidedOn } : undefined,
      after: { decisionId: row.id, outcome: input.outcome, decidedOn: input.decidedOn, committee: input.committee },
    });
    return detailOf(tx, await caseInScope(tx, actor, id));
  });
}

/** A cadre's cases as they stand on the record (容错记录): the decision in force and its grounds. */
export async function recordsOf(db: DbOrTx, personId: number): Promise<FtRecord[]> {
  const rows = await queryRows<CaseRow>(db, sql`${selectCases} where c.person_id = ${personId} order by c.applied_on desc, c.id desc`);
  const decisions = await decisionsInForce(db, rows.map((r) => r.id));
  return rows.map((r) => {
    const d = decisions.get(r.id) ?? null;
    return {
      caseId: r.id,
      requestKindName: FT_REQUEST_KIND_ZH[r.requestKind],
      matter: r.matter,
      appliedOn: r.appliedOn,
      status: r.status,
      statusName: FT_STATUS_ZH[r.status],
      outcome: d?.outcome ?? null,
      outcomeName: d?.outcomeName ?? null,
      grounds: d?.grounds ?? null,
      committee: d?.committee ?? null,
      decidedOn: d?.decidedOn ?? null,
      note: d ? FT_RECORD_NOTE[d.outcome] : null,
    };
  });
}
