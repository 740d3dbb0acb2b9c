import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import type { DbOrTx } from '../../db/client';
import { inScope, requirePermission } from '../../access';
import { AppError, badRequest, forbidden, notFound } from '../../errors';
import { recordAudit } from '../audit';
import type { RecordKind } from '../../../shared/ledger';
import { attachments } from './ledger.table';
import { FILE_TYPES, fileStoreOf } from './file-store';
import { recordInScope } from './records.service';

/** What may be attached, recognised by the file's first bytes rather than trusted from the upload. */
export const ATTACHMENT_TYPES = Object.fromEntries(['image/jpeg', 'image/png', 'image/webp', 'application/pdf'].map((m) => [m, FILE_TYPES[m]]));
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_RECORD = 30;

export async function attachmentsOf(db: DbOrTx, kind: RecordKind, recordId: number) {
  return db
    .select({ id: attachments.id, fileName: attachments.fileName, mime: attachments.mime, size: attachments.size, createdAt: attachments.createdAt })
    .from(attachments)
    .where(and(eq(attachments.recordKind, kind), eq(attachments.recordId, recordId), isNull(attachments.archivedAt)))
    .orderBy(attachments.id);
}

/** Stores an uploaded file against a record the actor may edit. */
export async function addAttachment(ctx: AppContext, actor: Actor, kind: RecordKind, recordId: number, upload: { fileName: string; mime: string; bytes: Buffer }) {
  requirePermission(actor, 'write:ledger');
  const type = ATTACHMENT_TYPES[upload.mime];
  if (!type) throw new AppError(415, 'ledger.attachment_type', `不支持该文件类型，只能上传 ${Object.values(ATTACHMENT_TYPES).map((t) => t.label).join('、')}`);
  if (!upload.bytes.length) throw badRequest('ledger.attachment_empty', '文件是空的');
  if (upload.bytes.length > MAX_ATTACHMENT_BYTES) throw new AppError(413, 'ledger.attachment_too_large', `文件不能超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
  if (!type.magic(upload.bytes)) throw badRequest('ledger.attachment_mismatch', `文件内容不是${type.label}，请检查文件`);
  const fileName = upload.fileName.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 120) || '附件';
  const row = await recordInScope(ctx.db, actor, kind, recordId);
  if (!inScope(actor, row.path) && !(row.registrarPath && inScope(actor, row.registrarPath))) throw forbidden();
  // Bytes first, then the row: an orphan file is harmless, a row without its file is not.
  const stored = await fileStoreOf(ctx).put(upload.bytes);
  return ctx.db.transaction(async (tx) => {
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(attachments).where(and(eq(attachments.recordKind, kind), eq(attachments.recordId, recordId), isNull(attachments.archivedAt)));
    if (n >= MAX_ATTACHMENTS_PER_RECORD) throw badRequest('ledger.attachment_limit', `每条记录最多 ${MAX_ATTACHMENTS_PER_RECORD} 个附件`);
    const [a] = await tx
      .insert(attachments)
      .values({ tenantId: actor.tenantId, recordKind: kind, recordId, fileName, mime: upload.mime, size: upload.bytes.length, sha256: stored.sha256, storageKey: stored.key, uploadedBy: actor.userId })
      .returning();
    await recordAudit(tx, actor, { action: 'ledger.attachment_add', entityType: kind, entityId: recordId, orgUnitId: row.orgUnitId, orgPath: row.path, summary: `上传附件「${fileName}」`, after: { attachmentId: a.id, fileName, size: a.size, mime: a.mime } });
    return { id: a.id, fileName: a.fileName, mime: a.mime, size: a.size, createdAt: a.createdAt };
  });
}

async function attachmentInScope(db: DbOrTx, actor: Actor, id: number) {
  const [a] = await db.select().from(attachments).where(eq(attachments.id, id));
  if (!a || a.tenantId !== actor.tenantId || a.archivedAt) throw notFound('ledger.attachment_not_found', '附件不存在或已删除');
  const row = await recordInScope(db, actor, a.recordKind as RecordKind, a.recordId).catch(() => {
    throw notFound('ledger.attachment_not_found', '附件不存在或已删除');
  });
  return { a, row };
}

export async function readAttachment(ctx: AppContext, actor: Actor, id: number) {
  requirePermission(actor, 'read:ledger');
  const { a } = await attachmentInScope(ctx.db, actor, id);
  return { fileName: a.fileName, mime: a.mime, bytes: await fileStoreOf(ctx).get(a.storageKey) };
}

/** Removes an attachment from its record; the bytes stay (content-addressed, maybe shared). */
export async function removeAttachment(ctx: AppContext, actor: Actor, id: number) {
  requirePermission(actor, 'write:ledger');
  return ctx.db.transaction(async (tx) => {
    const { a, row } = await attachmentInScope(tx, actor, id);
    if (!inScope(actor, row.path) && !(row.registrarPath && inScope(actor, row.registrarPath))) throw forbidden();
    await tx.update(attachments).set({ archivedAt: new Date() }).where(eq(attachments.id, id));
    await recordAudit(tx, actor, { action: 'ledger.attachment_remove', entityType: a.recordKind, entityId: a.recordId, orgUnitId: row.orgUnitId, orgPath: row.path, summary: `删除附件「${a.fileName}」`, before: { attachmentId: id, fileName: a.fileName } });
    return { ok: true };
  });
}
