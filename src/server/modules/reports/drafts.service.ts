/**
 * Summary drafts (年度综述): generated from a template for a unit and year, then edited by hand.
 * Every state of the text is a revision that is never changed (a trigger refuses it); saving
 * checks the version the writer saw, so two writers never overwrite each other. An edited
 * revision is shown with every figure fact-checked; a generated one with each figure's source.
 * Generation reads outside the write transaction (slots resolve concurrently).
 */
import { and, asc, desc, eq, inArray, like, sql } from 'drizzle-orm';
import type { Actor } from '../../context';
import type { DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { badRequest, notFound, versionConflict } from '../../errors';
import { recordAudit } from '../audit';
import { findUnitsByIds, getUnitInScope } from '../org';
import { REPORT_DEPT_ZH, type DraftDetail, type DraftRevisionInfo, type DraftSummary, type ExportFormat, type GeneratedSummary, type ReportDept, type RevisionKind } from '../../../shared/reports';
import { checkAgainstGenerated } from './anchored-check';
import { factCheck } from './factcheck';
import { documentOf, documentText, generateSummary, parseDocumentText } from './generate';
import { resolveContext } from './resolve';
import { reportDraftRevisions, reportDrafts } from './reports.table';
import { templateRow } from './templates.service';
import { summaryToDocx } from './export/docx';
import { summaryToPdf } from './export/pdf';
import { summaryToHtml } from './export/html';

type DraftRow = typeof reportDrafts.$inferSelect;
type RevisionRow = typeof reportDraftRevisions.$inferSelect;

const revisionInfo = (r: RevisionRow): DraftRevisionInfo => ({ no: r.revisionNo, kind: r.kind as RevisionKind, note: r.note, createdBy: r.createdBy, createdAt: r.createdAt.toISOString() });

async function summaries(db: DbOrTx, rows: DraftRow[]): Promise<DraftSummary[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [units, counts] = [
    new Map((await findUnitsByIds(db, [...new Set(rows.map((r) => r.orgUnitId))])).map((u) => [u.id, u.name])),
    new Map(
      (await db.select({ id: reportDraftRevisions.draftId, n: sql<number>`count(*)::int` }).from(reportDraftRevisions).where(inArray(reportDraftRevisions.draftId, ids)).groupBy(reportDraftRevisions.draftId)).map((c) => [c.id, c.n]),
    ),
  ];
  return rows.map((r) => ({
    id: r.id,
    dept: r.dept as ReportDept,
    year: r.year,
    unit: { id: r.orgUnitId, name: units.get(r.orgUnitId) ?? '' },
    title: r.title,
    templateId: r.templateId,
    version: r.version,
    revisionCount: counts.get(r.id) ?? 0,
    updatedAt: r.updatedAt.toISOString(),
    updatedBy: r.updatedBy,
  }));
}

/** Drafts of units in the account's subtree. */
export async function listDrafts(db: DbOrTx, actor: Actor, q: { year?: number; dept?: ReportDept }) {
  requirePermission(actor, 'read:reports');
  const rows = await db
    .select({ d: reportDrafts })
    .from(reportDrafts)
    .innerJoin(sql`org_units o`, sql`o.id = ${reportDrafts.orgUnitId}`)
    .where(and(eq(reportDrafts.tenantId, actor.tenantId), like(sql`o.path`, `${actor.scopePath}%`), q.year ? eq(reportDrafts.year, q.year) : undefined, q.dept ? eq(reportDrafts.dept, q.dept) : undefined))
    .orderBy(desc(reportDrafts.year), asc(reportDrafts.dept), desc(reportDrafts.id));
  return summaries(db, rows.map((r) => r.d));
}

/** A draft the account may see (its unit in the account's subtree), else 404. */
async function draftRow(db: DbOrTx, actor: Actor, id: number): Promise<DraftRow> {
  const [row] = await db.select().from(reportDrafts).where(and(eq(reportDrafts.id, id), eq(reportDrafts.tenantId, actor.tenantId)));
  if (!row) throw notFound('report_draft.not_found', '综述不存在或不在您的管辖范围内');
  await getUnitInScope(db, actor, row.orgUnitId).catch(() => {
    throw notFound('report_draft.not_found', '综述不存在或不在您的管辖范围内');
  });
  return row;
}

async function revisionsOf(db: DbOrTx, draftId: number) {
  return db.select().from(reportDraftRevisions).where(eq(reportDraftRevisions.draftId, draftId)).orderBy(asc(reportDraftRevisions.revisionNo));
}

export async function getDraft(db: DbOrTx, actor: Actor, id: number, revisionNo?: number): Promise<DraftDetail> {
  requirePermission(actor, 'read:reports');
  const row = await draftRow(db, actor, id);
  const revs = await revisionsOf(db, id);
  const shown = revisionNo ? revs.find((r) => r.revisionNo === revisionNo) : revs[revs.length - 1];
  if (!shown) throw notFound('report_draft.revision_not_found', `该综述没有第${revisionNo}版`);
  const [summary] = await summaries(db, [row]);
  let check = shown.kind === 'edited' ? await factCheck(db, actor.tenantId, row.year, shown.text, { orgUnitId: row.orgUnitId }) : undefined;
  // Figures the template wrote are checked against their own slots where the matcher knows none.
  const lastGenerated = [...revs].reverse().find((r) => r.kind === 'generated' && r.revisionNo < shown.revisionNo && r.generated);
  if (check && lastGenerated?.generated) {
    const unit = await getUnitInScope(db, actor, row.orgUnitId);
    check = await checkAgainstGenerated(check, shown.text, lastGenerated.generated, () => resolveContext(db, actor.tenantId, row.year, unit));
  }
  return {
    ...summary,
    revisions: revs.map(revisionInfo),
    revision: { ...revisionInfo(shown), text: shown.text, ...(shown.generated ? { generated: shown.generated } : {}), ...(check ? { check } : {}) },
  };
}

async function generateFor(db: DbOrTx, actor: Actor, templateId: number, year: number, unitId: number) {
  const template = await templateRow(db, actor, templateId);
  const unit = await getUnitInScope(db, actor, unitId);
  const ctx = await resolveContext(db, actor.tenantId, year, unit);
  const generated = await generateSummary(ctx, template.dept as ReportDept, template.definition);
  return { template, unit, generated };
}

export async function createDraft(db: DbOrTx, actor: Actor, input: { templateId: number; year: number; unitId?: number }) {
  requirePermission(actor, 'write:reports');
  const { template, unit, generated } = await generateFor(db, actor, input.templateId, input.year, input.unitId ?? actor.orgUnitId);
  const id = await db.transaction(async (tx) => {
    const [d] = await tx
      .insert(reportDrafts)
      .values({ tenantId: actor.tenantId, dept: template.dept, year: input.year, orgUnitId: unit.id, templateId: template.id, title: generated.title, createdBy: actor.displayName, updatedBy: actor.displayName })
      .returning();
    await tx.insert(reportDraftRevisions).values({ draftId: d.id, revisionNo: 1, kind: 'generated', text: documentText(documentOf(generated)), generated, note: `由模板「${template.name}」生成`, createdBy: actor.displayName });
    await recordAudit(tx, actor, {
      action: 'report_draft.generate',
      entityType: 'report_draft',
      entityId: d.id,
      orgUnitId: unit.id,
      orgPath: unit.path,
      summary: `生成${unit.name}${input.year}年${REPORT_DEPT_ZH[template.dept as ReportDept]}综述（${generated.figureCount}个数字，${generated.problems.length}处无法生成）`,
    });
    return d.id;
  });
  return getDraft(db, actor, id);
}

/** Adds a revision after checking the version the writer saw. */
async function addRevision(db: DbOrTx, actor: Actor, id: number, version: number, rev: { kind: RevisionKind; text: string; generated?: GeneratedSummary; note: string }, action: string, summary: (d: DraftRow) => string) {
  await db.transaction(async (tx) => {
    const row = await draftRow(tx, actor, id);
    const [bumped] = await tx
      .update(reportDrafts)
      .set({ version: sql`${reportDrafts.version} + 1`, updatedAt: new Date(), updatedBy: actor.displayName, title: parseDocumentText(rev.text).title || row.title })
      .where(and(eq(reportDrafts.id, id), eq(reportDrafts.version, version)))
      .returning();
    if (!bumped) throw versionConflict('report_draft.stale', { version: row.version, updatedBy: row.updatedBy, updatedAt: row.updatedAt.toISOString() });
    const [{ n }] = await tx.select({ n: sql<number>`coalesce(max(${reportDraftRevisions.revisionNo}), 0)::int` }).from(reportDraftRevisions).where(eq(reportDraftRevisions.draftId, id));
    await tx.insert(reportDraftRevisions).values({ draftId: id, revisionNo: n + 1, kind: rev.kind, text: rev.text, generated: rev.generated ?? null, note: rev.note, createdBy: actor.displayName });
    const unit = await getUnitInScope(tx, actor, row.orgUnitId);
    await recordAudit(tx, actor, { action, entityType: 'report_draft', entityId: id, orgUnitId: row.orgUnitId, orgPath: unit.path, summary: summary(row) + `（第${n + 1}版）` });
  });
  return getDraft(db, actor, id);
}

export async function editDraft(db: DbOrTx, actor: Actor, id: number, input: { text: string; version: number; note: string }) {
  requirePermission(actor, 'write:reports');
  const doc = parseDocumentText(input.text);
  if (!doc.sections.some((s) => s.paragraphs.length)) throw badRequest('report_draft.empty', '综述除标题外至少要有一段正文', [{ path: 'text', message: '综述除标题外至少要有一段正文' }]);
  return addRevision(db, actor, id, input.version, { kind: 'edited', text: input.text.replace(/\r\n?/g, '\n'), note: input.note }, 'report_draft.edit', (d) => `修改综述「${d.title}」${input.note ? `：${input.note}` : ''}`);
}

export async function regenerateDraft(db: DbOrTx, actor: Actor, id: number, version: number) {
  requirePermission(actor, 'write:reports');
  const row = await draftRow(db, actor, id);
  if (!row.templateId) throw badRequest('report_draft.no_template', '该综述没有关联模板，无法重新生成');
  const { template, generated } = await generateFor(db, actor, row.templateId, row.year, row.orgUnitId);
  return addRevision(db, actor, id, version, { kind: 'generated', text: documentText(documentOf(generated)), generated, note: `按模板「${template.name}」和最新数据重新生成` }, 'report_draft.regenerate', (d) => `重新生成综述「${d.title}」`);
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

/** The shown revision as a file; an export is audited like any read of a whole document. */
export async function exportDraft(db: DbOrTx, actor: Actor, id: number, format: ExportFormat, revisionNo?: number) {
  requirePermission(actor, 'read:reports');
  const row = await draftRow(db, actor, id);
  const revs = await revisionsOf(db, id);
  const rev = revisionNo ? revs.find((r) => r.revisionNo === revisionNo) : revs[revs.length - 1];
  if (!rev) throw notFound('report_draft.revision_not_found', `该综述没有第${revisionNo}版`);
  // A generated revision keeps its structure; an edited one is read back from its text.
  const doc = rev.kind === 'generated' && rev.generated ? documentOf(rev.generated) : parseDocumentText(rev.text);
  let body: Buffer;
  if (format === 'docx') body = await summaryToDocx(doc);
  else if (format === 'pdf') body = await summaryToPdf(doc);
  else if (format === 'html') body = Buffer.from(summaryToHtml(doc, rev.kind === 'generated' ? rev.generated : null), 'utf8');
  else body = Buffer.from(rev.text, 'utf8');
  const unit = await getUnitInScope(db, actor, row.orgUnitId);
  await recordAudit(db, actor, { action: 'report_draft.export', entityType: 'report_draft', entityId: id, orgUnitId: row.orgUnitId, orgPath: unit.path, summary: `导出综述「${row.title}」第${rev.revisionNo}版（${format}）` });
  const safe = `${row.year}年${REPORT_DEPT_ZH[row.dept as ReportDept]}综述-第${rev.revisionNo}版.${format}`;
  return { body, contentType: CONTENT_TYPES[format], filename: safe };
}
