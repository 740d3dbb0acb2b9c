/**
 * The applicant's side of talent applications (a personal account, self:service): a draft kept
 * as it is typed, documents uploaded per required item, a submission checked against the
 * programme's rules, withdrawal. Everything acts on the account's own person only: another
 * person's application is "not found", never "forbidden".
 */
import { and, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import type { DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { AppError, badRequest, conflict, fieldError, forbidden, notFound, versionConflict } from '../../errors';
import { recordAudit } from '../audit';
import { findUnitsByCodes, findUnitsByIds, unitsOfTypesUnder } from '../org';
import { fileStoreOf, fileTypeOf } from '../ledger';
import { APPLICATION_STATUS_ZH, EDITABLE_STATUSES, EMPLOYER_TYPES, applicationNo, type ApplicationStatus, type Education, type ProgrammeKind, type TalentTier } from '../../../shared/talent';
import { ORG_TYPE_ZH, type OrgType } from '../../../shared/org-types';
import { talentApplicationFiles, talentApplications, talentProgrammes, type ApplicationRow, type ProgrammeRow } from './talent.table';
import type { ApplicationFields } from './talent.schema';
import { draftIssues, submissionIssues } from './eligibility';
import { isOpen, periodText, programmeDtos, programmeForApplicant, programmesOfTenant } from './programmes.service';
import { applicationDto, paidAmounts } from './application-view';

// ---------------------------------------------------------------- files

/** What may be uploaded, recognised by the file's first bytes rather than trusted from the upload. */
export const DOCUMENT_MIMES = ['application/pdf', 'image/jpeg', 'image/png'];
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
const MAX_FILES_PER_DOCUMENT = 5;

/** The file's type by its content, or null when it is none of the accepted ones. */
export const documentTypeOf = (bytes: Buffer) => fileTypeOf(bytes, DOCUMENT_MIMES);


// ---------------------------------------------------------------- the applicant's own records

function personOf(actor: Actor): number {
  requirePermission(actor, 'self:service');
  if (!actor.personId) throw forbidden('talent_application.no_person', '该账号未关联人员信息，请联系管理员');
  return actor.personId;
}

async function ownRow(db: DbOrTx, actor: Actor, id: number, lock = false): Promise<{ row: ApplicationRow; programme: ProgrammeRow }> {
  const personId = personOf(actor);
  const q = db
    .select({ a: talentApplications, p: talentProgrammes })
    .from(talentApplications)
    .innerJoin(talentProgrammes, eq(talentProgrammes.id, talentApplications.programmeId))
    .where(and(eq(talentApplications.id, id), eq(talentApplications.personId, personId), eq(talentApplications.tenantId, actor.tenantId)));
  const [r] = lock ? await q.for('update', { of: talentApplications }) : await q;
  if (!r) throw notFound('talent_application.not_found', '申请不存在');
  return { row: r.a, programme: r.p };
}

/** Where an application's events are filed: the employer, or the programme's owner when none. */
async function auditUnit(db: DbOrTx, row: Pick<ApplicationRow, 'employerUnitId'>, programme: ProgrammeRow) {
  const [u] = await findUnitsByIds(db, [row.employerUnitId ?? programme.ownerUnitId]);
  return { orgUnitId: u?.id ?? null, orgPath: u?.path ?? null };
}

function requireEditable(row: ApplicationRow) {
  if (!EDITABLE_STATUSES.includes(row.status as ApplicationStatus)) {
    throw conflict('talent_application.not_editable', `申请${APPLICATION_STATUS_ZH[row.status as ApplicationStatus] ?? ''}，不能修改`);
  }
}

export async function myApplications(db: DbOrTx, actor: Actor) {
  const personId = personOf(actor);
  const rows = await db
    .select({ a: talentApplications, p: talentProgrammes })
    .from(talentApplications)
    .innerJoin(talentProgrammes, eq(talentProgrammes.id, talentApplications.programmeId))
    .where(and(eq(talentApplications.personId, personId), eq(talentApplications.tenantId, actor.tenantId)))
    .orderBy(desc(talentApplications.updatedAt), desc(talentApplications.id));
  const paid = await paidAmounts(db, rows.map((r) => r.a.id));
  return rows.map(({ a, p }) => ({
    id: a.id,
    no: applicationNo(p.code, a.id),
    programmeId: p.id,
    programmeName: p.name,
    status: a.status as ApplicationStatus,
    statusName: APPLICATION_STATUS_ZH[a.status as ApplicationStatus],
    pendingStep: a.pendingStep,
    tier: a.tier,
    grantedAmount: a.grantedAmount,
    paidAmount: paid.get(a.id) ?? 0,
    submittedAt: a.submittedAt?.toISOString() ?? null,
    updatedAt: a.updatedAt.toISOString(),
  }));
}

/** Every programme of the county with whether it takes applications now and the caller's live application, if any. */
export async function programmesForMe(db: DbOrTx, actor: Actor) {
  const personId = personOf(actor);
  const rows = await programmesOfTenant(db, actor.tenantId);
  const mine = await db
    .select({ id: talentApplications.id, programmeId: talentApplications.programmeId })
    .from(talentApplications)
    .where(and(eq(talentApplications.personId, personId), ne(talentApplications.status, 'withdrawn')));
  const live = new Map(mine.map((m) => [m.programmeId, m.id]));
  return (await programmeDtos(db, rows)).map((p) => ({ ...p, myApplicationId: live.get(p.id) ?? null }));
}

export async function myApplication(db: DbOrTx, actor: Actor, id: number) {
  const { row, programme } = await ownRow(db, actor, id);
  return applicationDto(db, row, programme, { reviewerNames: false });
}

/** Employers an applicant may name: enterprises, schools and other units of the county, by name. */
export async function searchEmployers(db: DbOrTx, actor: Actor, q: string) {
  personOf(actor);
  const [root] = await findUnitsByCodes(db, [actor.tenantId]);
  if (!root) return [];
  const units = await unitsOfTypesUnder(db, root.path, EMPLOYER_TYPES);
  return units
    .filter((u) => !q || u.name.includes(q) || u.code.includes(q))
    .slice(0, 20)
    .map((u) => ({ id: u.id, name: u.name, type: u.type, typeName: ORG_TYPE_ZH[u.type as OrgType] ?? u.type }));
}

/** The employer named on the form, checked to exist in the county; its type feeds the eligibility rules. */
async function employerOf(db: DbOrTx, tenantId: string, id: number | null | undefined) {
  if (!id) return null;
  const [u] = await findUnitsByIds(db, [id]);
  if (!u || u.tenantId !== tenantId || u.archivedAt) throw fieldError('talent_application.employer_not_found', 'employerUnitId', '用人单位不存在，请从列表中选择');
  return u;
}

/** Form values as stored: trimmed strings, empty ones left out. */
function cleanForm(form: ApplicationFields['form']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(form ?? {})) {
    const s = v == null ? '' : String(v).trim();
    if (s) out[k] = s;
  }
  return out;
}

function throwIssues(code: string, issues: { path: string; message: string }[]) {
  if (issues.length) throw badRequest(code, issues[0].message, issues);
}

/** A unique violation of the one-live-application index, raised by a concurrent submission. */
export function isDuplicateApplication(err: unknown) {
  const e = err as { code?: string; constraint?: string; message?: string; cause?: { code?: string; constraint?: string; message?: string } };
  const c = e.cause ?? e;
  return (c.code ?? e.code) === '23505' && `${c.constraint ?? ''}${c.message ?? ''}`.includes('talent_applications_one_live_key');
}

async function duplicateError(db: DbOrTx, programme: ProgrammeRow, personId: number) {
  const [existing] = await db
    .select({ id: talentApplications.id })
    .from(talentApplications)
    .where(and(eq(talentApplications.programmeId, programme.id), eq(talentApplications.personId, personId), ne(talentApplications.status, 'withdrawn')));
  const no = existing ? applicationNo(programme.code, existing.id) : '';
  return new AppError(409, 'talent_application.duplicate', `您已申请过该政策（申请编号${no}），不能重复申请`, { existingId: existing?.id ?? null, path: 'programmeId' });
}

/** Starts a draft for an open programme; the person may hold one live application per programme. */
export async function createApplication(ctx: AppContext, actor: Actor, input: ApplicationFields & { programmeId: number }) {
  const personId = personOf(actor);
  const programme = await programmeForApplicant(ctx.db, actor.tenantId, input.programmeId);
  if (!isOpen(programme)) throw fieldError('talent_application.programme_closed', 'programmeId', `该政策的申请期为${periodText(programme)}，当前不在申请期内`);
  const form = cleanForm(input.form);
  throwIssues('talent_application.invalid', draftIssues(programme.kind as ProgrammeKind, { form }));
  const employer = await employerOf(ctx.db, actor.tenantId, input.employerUnitId);
  let id: number;
  try {
    id = await ctx.db.transaction(async (tx) => {
      const [live] = await tx
        .select({ id: talentApplications.id })
        .from(talentApplications)
        .where(and(eq(talentApplications.programmeId, programme.id), eq(talentApplications.personId, personId), ne(talentApplications.status, 'withdrawn')));
      if (live) throw await duplicateError(tx, programme, personId);
      const [row] = await tx
        .insert(talentApplications)
        .values({
          tenantId: actor.tenantId,
          programmeId: programme.id,
          personId,
          employerUnitId: employer?.id ?? null,
          tier: input.tier ?? null,
          education: input.education ?? null,
          yearsInCounty: input.yearsInCounty ?? null,
          form,
        })
        .returning();
      const where = await auditUnit(tx, row, programme);
      await recordAudit(tx, actor, { action: 'talent_application.create', entityType: 'talent_application', entityId: row.id, ...where, summary: `${actor.displayName}起草「${programme.name}」申请（${applicationNo(programme.code, row.id)}）` });
      return row.id;
    });
  } catch (err) {
    if (isDuplicateApplication(err)) throw await duplicateError(ctx.db, programme, personId);
    throw err;
  }
  return myApplication(ctx.db, actor, id);
}

/** Saves the draft (or a returned application being corrected) as it stands; nothing is required yet. */
export async function updateApplication(ctx: AppContext, actor: Actor, id: number, input: ApplicationFields & { version: number }) {
  await ctx.db.transaction(async (tx) => {
    const { row, programme } = await ownRow(tx, actor, id, true);
    requireEditable(row);
    if (row.version !== input.version) throw versionConflict('talent_application.version_conflict', await applicationDto(tx, row, programme, { reviewerNames: false }));
    const form = input.form === undefined ? row.form : cleanForm(input.form);
    throwIssues('talent_application.invalid', draftIssues(programme.kind as ProgrammeKind, { form }));
    const employer = input.employerUnitId === undefined ? { id: row.employerUnitId } : await employerOf(tx, actor.tenantId, input.employerUnitId);
    const next = {
      tier: input.tier === undefined ? row.tier : input.tier,
      education: input.education === undefined ? row.education : input.education,
      yearsInCounty: input.yearsInCounty === undefined ? row.yearsInCounty : input.yearsInCounty,
      employerUnitId: employer?.id ?? null,
      form,
    };
    await tx.update(talentApplications).set({ ...next, version: row.version + 1, updatedAt: new Date() }).where(eq(talentApplications.id, id));
    const where = await auditUnit(tx, next, programme);
    await recordAudit(tx, actor, {
      action: 'talent_application.update',
      entityType: 'talent_application',
      entityId: id,
      ...where,
      summary: `${actor.displayName}保存「${programme.name}」申请（${applicationNo(programme.code, id)}）`,
      before: { tier: row.tier, education: row.education, yearsInCounty: row.yearsInCounty, employerUnitId: row.employerUnitId, form: row.form },
      after: next,
    });
  });
  return myApplication(ctx.db, actor, id);
}

/**
 * Submits a complete draft, or resubmits a returned application: every field, the programme's
 * eligibility rules and the required documents are checked; the review (re)starts at the
 * employer (at the talent office when no employer is named).
 */
export async function submitApplication(ctx: AppContext, actor: Actor, id: number, version: number) {
  await ctx.db.transaction(async (tx) => {
    const { row, programme } = await ownRow(tx, actor, id, true);
    requireEditable(row);
    if (row.version !== version) throw versionConflict('talent_application.version_conflict', await applicationDto(tx, row, programme, { reviewerNames: false }));
    if (!isOpen(programme)) throw fieldError('talent_application.programme_closed', 'programmeId', `该政策的申请期为${periodText(programme)}，当前不在申请期内`);
    const employer = row.employerUnitId ? (await findUnitsByIds(tx, [row.employerUnitId]))[0] : null;
    const docs = await tx
      .select({ docKey: talentApplicationFiles.docKey })
      .from(talentApplicationFiles)
      .where(and(eq(talentApplicationFiles.applicationId, id), isNull(talentApplicationFiles.removedAt)));
    const issues = submissionIssues(programme.kind as ProgrammeKind, programme.rules, {
      tier: row.tier as TalentTier | null,
      education: row.education as Education | null,
      employerUnitId: row.employerUnitId,
      employerType: employer?.type ?? null,
      yearsInCounty: row.yearsInCounty,
      form: row.form,
      documents: new Set(docs.map((d) => d.docKey)),
    });
    throwIssues('talent_application.ineligible', issues);
    const score = row.tier ? (programme.rules.scores[row.tier as TalentTier] ?? null) : null;
    const resubmit = row.status === 'returned';
    await tx
      .update(talentApplications)
      .set({ status: 'submitted', pendingStep: row.employerUnitId ? 'employer' : 'office', score, submittedAt: new Date(), version: row.version + 1, updatedAt: new Date() })
      .where(eq(talentApplications.id, id));
    const where = await auditUnit(tx, row, programme);
    await recordAudit(tx, actor, {
      action: resubmit ? 'talent_application.resubmit' : 'talent_application.submit',
      entityType: 'talent_application',
      entityId: id,
      ...where,
      summary: `${actor.displayName}${resubmit ? '修改后重新提交' : '提交'}「${programme.name}」申请（${applicationNo(programme.code, id)}）`,
      after: { status: 'submitted', pendingStep: row.employerUnitId ? 'employer' : 'office' },
    });
  });
  return myApplication(ctx.db, actor, id);
}

/** Withdraws a draft or a returned application; the person may then apply to the programme again. */
export async function withdrawApplication(ctx: AppContext, actor: Actor, id: number, version: number) {
  await ctx.db.transaction(async (tx) => {
    const { row, programme } = await ownRow(tx, actor, id, true);
    if (!EDITABLE_STATUSES.includes(row.status as ApplicationStatus)) throw conflict('talent_application.not_withdrawable', `申请${APPLICATION_STATUS_ZH[row.status as ApplicationStatus] ?? ''}，不能撤回`);
    if (row.version !== version) throw versionConflict('talent_application.version_conflict', await applicationDto(tx, row, programme, { reviewerNames: false }));
    await tx.update(talentApplications).set({ status: 'withdrawn', version: row.version + 1, updatedAt: new Date() }).where(eq(talentApplications.id, id));
    const where = await auditUnit(tx, row, programme);
    await recordAudit(tx, actor, { action: 'talent_application.withdraw', entityType: 'talent_application', entityId: id, ...where, summary: `${actor.displayName}撤回「${programme.name}」申请（${applicationNo(programme.code, id)}）`, before: { status: row.status } });
  });
  return myApplication(ctx.db, actor, id);
}

// ---------------------------------------------------------------- documents

const fileError = (status: number, code: string, docKey: string, message: string) => new AppError(status, code, message, [{ path: `documents.${docKey}`, message }]);

/** Stores one document of the application (PDF, JPEG or PNG by content; at most 10 MB). */
export async function uploadDocument(ctx: AppContext, actor: Actor, id: number, upload: { docKey: string; fileName: string; bytes: Buffer }) {
  const { row, programme } = await ownRow(ctx.db, actor, id);
  requireEditable(row);
  const doc = programme.rules.documents.find((d) => d.key === upload.docKey);
  if (!doc) throw fieldError('talent_application.document_unknown', 'docKey', '该政策没有这项申请材料');
  if (!upload.bytes.length) throw fileError(400, 'talent_application.file_empty', doc.key, `${doc.label}：文件是空的`);
  if (upload.bytes.length > MAX_DOCUMENT_BYTES) throw fileError(413, 'talent_application.file_too_large', doc.key, `${doc.label}：文件不能超过 10 MB`);
  const mime = documentTypeOf(upload.bytes);
  if (!mime) throw fileError(415, 'talent_application.file_type', doc.key, `${doc.label}：只能上传 PDF、JPEG 或 PNG 文件（按文件内容识别，改扩展名无效）`);
  const fileName = upload.fileName.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 120) || doc.label;
  // Bytes first, then the row: an orphan file is harmless, a row without its file is not.
  const stored = await fileStoreOf(ctx).put(upload.bytes);
  return ctx.db.transaction(async (tx) => {
    const { row: locked } = await ownRow(tx, actor, id, true);
    requireEditable(locked);
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(talentApplicationFiles)
      .where(and(eq(talentApplicationFiles.applicationId, id), eq(talentApplicationFiles.docKey, doc.key), isNull(talentApplicationFiles.removedAt)));
    if (n >= MAX_FILES_PER_DOCUMENT) throw fileError(400, 'talent_application.file_limit', doc.key, `${doc.label}最多上传 ${MAX_FILES_PER_DOCUMENT} 个文件`);
    const [f] = await tx
      .insert(talentApplicationFiles)
      .values({ applicationId: id, docKey: doc.key, fileName, mime, size: upload.bytes.length, sha256: stored.sha256, storageKey: stored.key })
      .returning();
    const where = await auditUnit(tx, locked, programme);
    await recordAudit(tx, actor, { action: 'talent_application.file_add', entityType: 'talent_application', entityId: id, ...where, summary: `上传${doc.label}「${fileName}」`, after: { fileId: f.id, docKey: doc.key, fileName, size: f.size, mime } });
    return { id: f.id, docKey: f.docKey, docLabel: doc.label, fileName: f.fileName, mime: f.mime, size: f.size, createdAt: f.createdAt.toISOString() };
  });
}

/** Takes a document off a draft or returned application (the bytes stay: content-addressed). */
export async function removeDocument(ctx: AppContext, actor: Actor, id: number, fileId: number) {
  await ctx.db.transaction(async (tx) => {
    const { row, programme } = await ownRow(tx, actor, id, true);
    requireEditable(row);
    const [f] = await tx.select().from(talentApplicationFiles).where(and(eq(talentApplicationFiles.id, fileId), eq(talentApplicationFiles.applicationId, id), isNull(talentApplicationFiles.removedAt)));
    if (!f) throw notFound('talent_application.file_not_found', '文件不存在或已删除');
    await tx.update(talentApplicationFiles).set({ removedAt: new Date() }).where(eq(talentApplicationFiles.id, fileId));
    const where = await auditUnit(tx, row, programme);
    await recordAudit(tx, actor, { action: 'talent_application.file_remove', entityType: 'talent_application', entityId: id, ...where, summary: `删除申请材料「${f.fileName}」`, before: { fileId, docKey: f.docKey, fileName: f.fileName } });
  });
  return myApplication(ctx.db, actor, id);
}

/** A document of the caller's own application. */
export async function readMyDocument(ctx: AppContext, actor: Actor, id: number, fileId: number) {
  await ownRow(ctx.db, actor, id);
  const [f] = await ctx.db.select().from(talentApplicationFiles).where(and(eq(talentApplicationFiles.id, fileId), eq(talentApplicationFiles.applicationId, id), isNull(talentApplicationFiles.removedAt)));
  if (!f) throw notFound('talent_application.file_not_found', '文件不存在或已删除');
  return { fileName: f.fileName, mime: f.mime, bytes: await fileStoreOf(ctx).get(f.storageKey) };
}

