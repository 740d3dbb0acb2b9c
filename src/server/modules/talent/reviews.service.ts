/**
 * The reviewers' side of talent applications: employer (用人单位, review:talent, for employers in
 * the account's subtree) → talent office (人才办, manage:talent) → committee (评审委员会,
 * manage:talent). Decisions are appended to talent_reviews and never changed; one person decides
 * at most one step of an application; the committee's approval fixes the granted amount.
 * Staff see an application once it has been submitted — a draft is the applicant's own.
 */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { conflict, fieldError, notFound, versionConflict } from '../../errors';
import { escapeLike } from '../../db/like';
import { recordAudit } from '../audit';
import { findUnitsByIds, unitIdsUnder } from '../org';
import { writeSheet } from '../../xlsx';
import {
  APPLICATION_STATUS_ZH,
  EDUCATION_ZH,
  REVIEW_DECISION_ZH,
  REVIEW_STEP_ZH,
  TIER_ZH,
  applicationNo,
  type ApplicationStatus,
  type Education,
  type ReviewStep,
  type TalentTier,
} from '../../../shared/talent';
import { talentApplicationFiles, talentApplications, talentProgrammes, talentReviews, type ApplicationRow, type ProgrammeRow } from './talent.table';
import type { ApplicationListQuery, ReviewInput } from './talent.schema';
import { applicationDto, paidAmounts, paymentsOf } from './application-view';
import { amountFor } from './eligibility';
import { fileStoreOf } from '../ledger';

/** The unit an application belongs to for staff: its employer, or the programme's owner when none. */
const SCOPE_UNIT = sql`coalesce(a.employer_unit_id, p.owner_unit_id)`;

/** Submitted (at least once) applications whose unit lies in the actor's subtree. */
const visibleTo = (actor: Actor): SQL => sql`a.tenant_id = ${actor.tenantId} and a.submitted_at is not null and ${SCOPE_UNIT} in ${unitIdsUnder(actor.scopePath)}`;

/**
 * Applications waiting for a decision the actor may take: the employer's step for any reviewer
 * (the scope already limits it to employers in the subtree), the office's and committee's for
 * manage:talent; never a step of an application on which the actor decided another step.
 */
const actionableBy = (actor: Actor): SQL => {
  const steps = actor.permissions.includes('manage:talent') ? sql`a.pending_step in ('employer', 'office', 'committee')` : sql`a.pending_step = 'employer'`;
  return sql`a.status = 'submitted' and ${steps} and not exists (select 1 from talent_reviews r where r.application_id = a.id and r.reviewer_id = ${actor.userId} and r.step <> a.pending_step)`;
};

function listWhere(actor: Actor, q: Omit<ApplicationListQuery, 'page' | 'pageSize'>): SQL {
  const where: SQL[] = [visibleTo(actor)];
  if (q.programmeId) where.push(sql`a.programme_id = ${q.programmeId}`);
  if (q.status) where.push(sql`a.status = ${q.status}`);
  if (q.step) where.push(sql`a.pending_step = ${q.step}`);
  if (q.actionable === 'true') where.push(actionableBy(actor));
  if (q.q) {
    const digits = /^\d+$/.test(q.q) ? Number(q.q) : /-(\d+)$/.exec(q.q)?.[1];
    where.push(
      digits != null
        ? sql`a.id = ${Number(digits)}`
        : sql`exists (select 1 from persons pp where pp.id = a.person_id and pp.name like ${escapeLike(q.q) + '%'})`,
    );
  }
  return sql.join(where, sql` and `);
}

interface QueueRow {
  id: number;
  programmeId: number;
  programmeCode: string;
  programmeName: string;
  personId: number;
  personName: string;
  phoneMasked: string | null;
  employerName: string | null;
  tier: TalentTier | null;
  education: Education | null;
  status: ApplicationStatus;
  pendingStep: ReviewStep | null;
  grantedAmount: number | null;
  submittedAt: string;
  decidedAt: string | null;
  actionable: boolean;
}

async function queueRows(db: DbOrTx, actor: Actor, where: SQL, limit: number, offset: number): Promise<QueueRow[]> {
  return queryRows<QueueRow>(
    db,
    sql`select a.id, a.programme_id as "programmeId", p.code as "programmeCode", p.name as "programmeName", a.person_id as "personId",
          (select pp.name from persons pp where pp.id = a.person_id) as "personName",
          (select pp.phone_masked from persons pp where pp.id = a.person_id) as "phoneMasked",
          (select u.name from org_units u where u.id = a.employer_unit_id) as "employerName",
          a.tier, a.education, a.status, a.pending_step as "pendingStep", a.granted_amount::float8 as "grantedAmount",
          a.submitted_at as "submittedAt", a.decided_at as "decidedAt", (${actionableBy(actor)}) as actionable
        from talent_applications a join talent_programmes p on p.id = a.programme_id
        where ${where}
        order by (${actionableBy(actor)}) desc, a.submitted_at desc, a.id desc
        limit ${limit} offset ${offset}`,
  );
}

const present = (r: QueueRow, paid: Map<number, number>) => ({
  ...r,
  no: applicationNo(r.programmeCode, r.id),
  statusName: APPLICATION_STATUS_ZH[r.status],
  pendingStepName: r.pendingStep ? REVIEW_STEP_ZH[r.pendingStep] : null,
  paidAmount: paid.get(r.id) ?? 0,
  submittedAt: new Date(r.submittedAt).toISOString(),
  decidedAt: r.decidedAt ? new Date(r.decidedAt).toISOString() : null,
});

/** The review queue: filtered by programme, status and step; the caller's own decisions first. */
export async function listApplications(db: DbOrTx, actor: Actor, q: ApplicationListQuery) {
  requirePermission(actor, 'review:talent');
  const where = listWhere(actor, q);
  const rows = await queueRows(db, actor, where, q.pageSize, (q.page - 1) * q.pageSize);
  const [{ total }] = await queryRows<{ total: number }>(db, sql`select count(*)::int as total from talent_applications a join talent_programmes p on p.id = a.programme_id where ${where}`);
  const paid = await paidAmounts(db, rows.map((r) => r.id));
  return { items: rows.map((r) => present(r, paid)), total };
}

/** The queue as .xlsx, personal data as masked as on screen (no ID number, phone masked). */
export async function exportApplications(db: DbOrTx, actor: Actor, q: Omit<ApplicationListQuery, 'page' | 'pageSize'>) {
  requirePermission(actor, 'review:talent');
  const rows = await queueRows(db, actor, listWhere(actor, q), 20_000, 0);
  const paid = await paidAmounts(db, rows.map((r) => r.id));
  const file = await writeSheet(
    '人才申请',
    [
      { key: 'no', header: '申请编号', width: 16 },
      { key: 'programme', header: '政策', width: 24 },
      { key: 'name', header: '申请人', width: 10 },
      { key: 'phone', header: '手机号（脱敏）', width: 14 },
      { key: 'employer', header: '用人单位', width: 28 },
      { key: 'tier', header: '人才层次', width: 18 },
      { key: 'education', header: '学历', width: 10 },
      { key: 'status', header: '状态', width: 10 },
      { key: 'step', header: '待审环节', width: 14 },
      { key: 'submitted', header: '提交时间', width: 12 },
      { key: 'granted', header: '核定金额（元）', width: 14 },
      { key: 'paid', header: '已发放（元）', width: 14 },
    ],
    rows.map((r) => {
      const x = present(r, paid);
      return {
        no: x.no,
        programme: r.programmeName,
        name: r.personName,
        phone: r.phoneMasked ?? '',
        employer: r.employerName ?? '',
        tier: r.tier ? TIER_ZH[r.tier] : '',
        education: r.education ? EDUCATION_ZH[r.education] : '',
        status: x.statusName,
        step: x.pendingStepName ?? '',
        submitted: x.submittedAt.slice(0, 10),
        granted: r.grantedAmount ?? '',
        paid: x.paidAmount,
      };
    }),
    [],
  );
  return { fileName: `人才申请-${new Date().toISOString().slice(0, 10)}.xlsx`, file };
}

/** An application the actor may see as staff, with its programme; 404 otherwise. */
export async function staffRow(db: DbOrTx, actor: Actor, id: number, lock = false): Promise<{ row: ApplicationRow; programme: ProgrammeRow }> {
  const [found] = await queryRows<{ id: number }>(
    db,
    sql`select a.id from talent_applications a join talent_programmes p on p.id = a.programme_id where a.id = ${id} and ${visibleTo(actor)} ${lock ? sql`for update of a` : sql``}`,
  );
  if (!found) throw notFound('talent_application.not_found', '申请不存在或不在您的管辖范围内');
  const [r] = await db
    .select({ a: talentApplications, p: talentProgrammes })
    .from(talentApplications)
    .innerJoin(talentProgrammes, eq(talentProgrammes.id, talentApplications.programmeId))
    .where(eq(talentApplications.id, id));
  return { row: r.a, programme: r.p };
}

/** What the actor may decide on this application now, or why not. */
async function actionFor(db: DbOrTx, actor: Actor, row: ApplicationRow, programme: ProgrammeRow) {
  const step = row.status === 'submitted' ? (row.pendingStep as ReviewStep) : null;
  const defaultAmount = amountFor(programme.rules, row.tier as TalentTier | null);
  if (!step) return { step: null, canDecide: false, why: '该申请当前没有待审核的环节', defaultAmount };
  if (step !== 'employer' && !actor.permissions.includes('manage:talent')) return { step, canDecide: false, why: `${REVIEW_STEP_ZH[step]}由人才工作部门办理`, defaultAmount };
  const other = await otherStepOf(db, actor, row.id, step);
  if (other) return { step, canDecide: false, why: `您已在“${REVIEW_STEP_ZH[other]}”环节作出决定，同一人不能审核同一申请的两个环节`, defaultAmount };
  return { step, canDecide: true, why: null, defaultAmount };
}

/** Another step of this application the actor has already decided, if any (separation of duties). */
async function otherStepOf(db: DbOrTx, actor: Actor, applicationId: number, step: ReviewStep): Promise<ReviewStep | null> {
  const [r] = await db
    .select({ step: talentReviews.step })
    .from(talentReviews)
    .where(and(eq(talentReviews.applicationId, applicationId), eq(talentReviews.reviewerId, actor.userId), sql`${talentReviews.step} <> ${step}`))
    .orderBy(asc(talentReviews.id))
    .limit(1);
  return (r?.step as ReviewStep) ?? null;
}

export async function staffApplication(db: DbOrTx, actor: Actor, id: number) {
  requirePermission(actor, 'review:talent');
  const { row, programme } = await staffRow(db, actor, id);
  const dto = await applicationDto(db, row, programme, { reviewerNames: true });
  const payments = (await paymentsOf(db, [id])).map((p) => ({ id: p.id, amount: p.amount, paidOn: p.paidOn, reference: p.reference, reversesId: p.reversesId, note: p.note, createdBy: p.createdBy, createdAt: p.createdAt.toISOString() }));
  return { ...dto, payments, action: await actionFor(db, actor, row, programme) };
}

/** A document of an application the actor reviews; every download is logged (certificates, contracts). */
export async function readStaffDocument(ctx: AppContext, actor: Actor, id: number, fileId: number) {
  requirePermission(actor, 'review:talent');
  const { row, programme } = await staffRow(ctx.db, actor, id);
  const [f] = await ctx.db.select().from(talentApplicationFiles).where(and(eq(talentApplicationFiles.id, fileId), eq(talentApplicationFiles.applicationId, id)));
  if (!f || f.removedAt) throw notFound('talent_application.file_not_found', '文件不存在或已删除');
  const bytes = await fileStoreOf(ctx).get(f.storageKey);
  const [u] = await findUnitsByIds(ctx.db, [row.employerUnitId ?? programme.ownerUnitId]);
  await recordAudit(ctx.db, actor, {
    action: 'talent_application.file_read',
    entityType: 'talent_application',
    entityId: id,
    orgUnitId: u?.id ?? null,
    orgPath: u?.path ?? null,
    summary: `查看申请材料「${f.fileName}」（${applicationNo(programme.code, id)}）`,
    after: { fileId: f.id, docKey: f.docKey },
  });
  return { fileName: f.fileName, mime: f.mime, bytes };
}

const NEXT_STEP: Record<ReviewStep, ReviewStep | null> = { employer: 'office', office: 'committee', committee: null };
const yuan = (n: number) => `${n.toLocaleString('zh-CN', { maximumFractionDigits: 2 })}元`;

/**
 * One decision on the step an application waits at: approve (to the next step; the committee's
 * approval fixes the granted amount), reject (final, with a reason) or return (to the applicant,
 * with what to correct; a resubmission restarts at the employer). Appended, never changed.
 */
export async function decide(db: DbOrTx, actor: Actor, id: number, input: ReviewInput) {
  requirePermission(actor, 'review:talent');
  await db.transaction(async (tx) => {
    const { row, programme } = await staffRow(tx, actor, id, true);
    const no = applicationNo(programme.code, id);
    if (row.status !== 'submitted' || row.pendingStep !== input.step) {
      const now = row.status === 'submitted' ? `当前在“${REVIEW_STEP_ZH[row.pendingStep as ReviewStep]}”环节` : `当前状态：${APPLICATION_STATUS_ZH[row.status as ApplicationStatus]}`;
      throw conflict('talent_review.step_moved', `该申请已不在“${REVIEW_STEP_ZH[input.step]}”环节（${now}），请刷新后查看`);
    }
    if (row.version !== input.version) throw versionConflict('talent_application.version_conflict', { version: row.version, status: row.status, pendingStep: row.pendingStep });
    if (input.step !== 'employer') requirePermission(actor, 'manage:talent');
    const other = await otherStepOf(tx, actor, id, input.step);
    if (other) throw conflict('talent_review.separation_of_duties', `您已在“${REVIEW_STEP_ZH[other]}”环节作出决定，同一人不能审核同一申请的两个环节`);
    const reason = input.reason?.trim() || null;
    if (input.decision === 'reject' && !reason) throw fieldError('talent_review.reason_required', 'reason', '不予通过时请填写理由');
    if (input.decision === 'return' && !reason) throw fieldError('talent_review.reason_required', 'reason', '退回修改时请写明需要补正的内容');

    let granted: number | null = null;
    let recorded = reason;
    if (input.step === 'committee' && input.decision === 'approve') {
      const standard = amountFor(programme.rules, row.tier as TalentTier | null);
      granted = input.grantedAmount ?? standard;
      if (granted == null && programme.kind !== 'apartment') throw fieldError('talent_review.amount_required', 'grantedAmount', '请填写核定金额');
      if (granted != null && standard != null && Math.abs(granted - standard) > 0.005) {
        const why = input.amountReason?.trim();
        if (!why) throw fieldError('talent_review.amount_reason_required', 'amountReason', `核定金额与政策标准（${yuan(standard)}）不同，请说明调整理由`);
        recorded = `核定金额调整为${yuan(granted)}（政策标准${yuan(standard)}）：${why}${reason ? `；${reason}` : ''}`;
      }
    }
    await tx.insert(talentReviews).values({ applicationId: id, step: input.step, decision: input.decision, reason: recorded, reviewerId: actor.userId, reviewerName: actor.displayName });
    const next =
      input.decision === 'approve'
        ? NEXT_STEP[input.step]
          ? { status: 'submitted', pendingStep: NEXT_STEP[input.step] }
          : { status: 'approved', pendingStep: null, grantedAmount: granted, decidedAt: new Date() }
        : input.decision === 'reject'
          ? { status: 'rejected', pendingStep: null, decidedAt: new Date() }
          : { status: 'returned', pendingStep: null };
    await tx.update(talentApplications).set({ ...next, version: row.version + 1, updatedAt: new Date() }).where(eq(talentApplications.id, id));
    const [u] = await findUnitsByIds(tx, [row.employerUnitId ?? programme.ownerUnitId]);
    await recordAudit(tx, actor, {
      action: `talent_application.${input.decision}`,
      entityType: 'talent_application',
      entityId: id,
      orgUnitId: u?.id ?? null,
      orgPath: u?.path ?? null,
      summary: `${REVIEW_STEP_ZH[input.step]}：${REVIEW_DECISION_ZH[input.decision]}（${no}）${recorded ? `，${recorded}` : ''}${granted != null ? `，核定${yuan(granted)}` : ''}`,
      before: { status: row.status, pendingStep: row.pendingStep },
      after: next,
    });
  });
  return staffApplication(db, actor, id);
}


