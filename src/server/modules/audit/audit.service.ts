import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { and, desc, eq, gte, inArray, isNull, like, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type Db, type DbOrTx } from '../../db/client';
import { badRequest } from '../../errors';
import { requirePermission } from '../../access';
import { escapeLike } from '../../db/like';
import { auditEvents, type AuditEventRow } from './audit.table';
import { writeSheet } from '../../xlsx';
import type { AuditFilter, AuditQuery } from './audit.schema';

export interface AuditInput {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  /** The unit the event concerns; scopes who may read the event. */
  orgUnitId?: number | null;
  orgPath?: string | null;
  summary: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends one audit event. Call it inside the transaction that makes the change, so the change
 * and its record commit or roll back together. Never pass plain ID numbers or phones.
 */
export async function recordAudit(
  tx: DbOrTx,
  actor: Pick<Actor, 'userId' | 'displayName' | 'role' | 'tenantId' | 'ip'> | null,
  input: AuditInput,
  fallback?: { tenantId: string; actorName: string; ip?: string | null },
): Promise<void> {
  await tx.insert(auditEvents).values({
    tenantId: actor?.tenantId ?? fallback?.tenantId ?? '',
    actorId: actor?.userId ?? null,
    actorName: actor?.displayName ?? fallback?.actorName ?? '系统',
    actorRole: actor?.role ?? null,
    ip: actor?.ip ?? fallback?.ip ?? null,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId == null ? null : String(input.entityId),
    orgUnitId: input.orgUnitId ?? null,
    orgPath: input.orgPath ?? null,
    summary: input.summary,
    before: input.before ?? null,
    after: input.after ?? null,
  });
}

/** The conditions for events the actor may see (their subtree) that match the query's filters. */
function visibleEvents(actor: Actor, q: AuditFilter): SQL | undefined {
  // Events tied to no unit (e.g. a failed login with an unknown username) belong to the whole
  // county: only accounts scoped at a root unit see them.
  const atRoot = actor.scopePath.split('.').filter(Boolean).length === 1;
  const inSubtree = like(auditEvents.orgPath, `${escapeLike(actor.scopePath)}%`);
  const where: SQL[] = [atRoot ? (or(inSubtree, isNull(auditEvents.orgPath)) as SQL) : inSubtree];
  if (q.action) where.push(like(auditEvents.action, `${escapeLike(q.action)}%`));
  if (q.entityType) where.push(eq(auditEvents.entityType, q.entityType));
  if (q.entityId) where.push(eq(auditEvents.entityId, q.entityId));
  if (q.actor) where.push(like(auditEvents.actorName, `%${escapeLike(q.actor)}%`));
  if (q.from) where.push(gte(auditEvents.at, /^\d{4}-\d{2}-\d{2}$/.test(q.from) ? new Date(`${q.from}T00:00:00+08:00`) : new Date(q.from)));
  if (q.to) where.push(lte(auditEvents.at, endOf(q.to)));
  if (q.q) {
    const text = `%${escapeLike(q.q)}%`;
    where.push(or(like(auditEvents.summary, text), like(auditEvents.actorName, text)) as SQL);
  }
  return and(...where);
}

/** The audit log as the actor may see it: events about units in their subtree, newest first. */
export async function listAuditEvents(ctx: AppContext, actor: Actor, q: AuditQuery) {
  requirePermission(actor, 'read:audit');
  const cond = visibleEvents(actor, q);
  const [items, [{ total }]] = await Promise.all([
    ctx.db
      .select()
      .from(auditEvents)
      .where(cond)
      .orderBy(desc(auditEvents.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: sql<number>`count(*)::int` }).from(auditEvents).where(cond),
  ]);
  return { items, total };
}

/** Most events one export may hold; narrow the dates for more. */
export const AUDIT_EXPORT_LIMIT = 100_000;

/**
 * The filtered log for an export, oldest first. Refused when it would exceed the limit, so an
 * export is never silently cut short. The export itself is recorded, in the same transaction.
 */
export async function exportAuditEvents(ctx: AppContext, actor: Actor, q: AuditFilter) {
  requirePermission(actor, 'read:audit');
  const cond = visibleEvents(actor, q);
  const [{ total }] = await ctx.db.select({ total: sql<number>`count(*)::int` }).from(auditEvents).where(cond);
  if (total > AUDIT_EXPORT_LIMIT) throw badRequest('audit.export_too_large', `符合条件的日志有 ${total} 条，超过单次导出上限 ${AUDIT_EXPORT_LIMIT} 条，请缩小时间范围`);
  const rows = await ctx.db.select().from(auditEvents).where(cond).orderBy(auditEvents.id);
  await recordAudit(ctx.db, actor, {
    action: 'audit.export',
    entityType: 'audit_event',
    orgUnitId: actor.orgUnitId,
    orgPath: actor.scopePath,
    summary: `导出审计日志 ${rows.length} 条`,
    after: { filter: q },
  });
  return rows;
}

/** The exported log as a workbook: one row per event, changes as JSON. */
export function auditWorkbook(rows: AuditEventRow[]): Promise<Buffer> {
  return writeSheet(
    '审计日志',
    [
      { key: 'id', header: '序号', width: 10 },
      { key: 'at', header: '时间', width: 22 },
      { key: 'actorName', header: '操作人', width: 14 },
      { key: 'actorRole', header: '角色', width: 10 },
      { key: 'ip', header: 'IP', width: 16 },
      { key: 'action', header: '操作', width: 24 },
      { key: 'entityType', header: '对象类型', width: 14 },
      { key: 'entityId', header: '对象编号', width: 10 },
      { key: 'orgPath', header: '单位路径', width: 16 },
      { key: 'summary', header: '摘要', width: 60 },
      { key: 'before', header: '修改前', width: 40 },
      { key: 'after', header: '修改后', width: 40 },
    ],
    rows.map((r) => ({ ...r, at: r.at.toISOString(), before: r.before == null ? '' : JSON.stringify(r.before), after: r.after == null ? '' : JSON.stringify(r.after) })),
  );
}

/** Days the log is kept before it may be archived: at least 180 (the database enforces the floor too). */
export const MIN_AUDIT_RETENTION_DAYS = 180;

/**
 * Moves events older than `retentionDays` out of the database into an archive: gzip'd JSON lines,
 * one event per line, handed to `persist` (which must store it durably) before the events are
 * deleted in the same transaction. If persisting fails nothing is deleted; if the commit fails
 * the archive merely duplicates events that are still in the log.
 */
export async function archiveAuditEvents(db: Db, retentionDays: number, persist: (archive: Buffer, info: { count: number; sha256: string; before: Date }) => Promise<void>) {
  if (!Number.isInteger(retentionDays) || retentionDays < MIN_AUDIT_RETENTION_DAYS) throw new Error(`retention must be at least ${MIN_AUDIT_RETENTION_DAYS} days`);
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local lizhou.audit_archive = 'on'`);
    // A log partitioned by month (`lizhou partition-audit`) is archived in whole months: the cutoff
    // moves back to the start of its UTC month (events are kept longer, never shorter), so every
    // month archived is dropped whole rather than deleted row by row.
    let before = new Date(Date.now() - retentionDays * 86_400_000);
    const [{ kind }] = await queryRows<{ kind: string | null }>(tx, sql`select relkind::text as kind from pg_class where oid = to_regclass('audit_events')`);
    if (kind === 'p') before = new Date(Date.UTC(before.getUTCFullYear(), before.getUTCMonth(), 1));
    const rows = await tx.select().from(auditEvents).where(lt(auditEvents.at, before)).orderBy(auditEvents.id);
    if (!rows.length) return { count: 0, sha256: null, before };
    const archive = gzipSync(Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n') + '\n', 'utf8'));
    const sha256 = createHash('sha256').update(archive).digest('hex');
    await persist(archive, { count: rows.length, sha256, before });
    // The months wholly before the cutoff are dropped, the database checking the 180-day floor
    // again; what is left before it (the default partition's rows, or all of an unpartitioned log)
    // is deleted row by row.
    const months = await queryRows<{ name: string }>(
      tx,
      sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
           where i.inhparent = to_regclass('audit_events') and c.relname ~ '^audit_events_[0-9]{6}$'
             and (to_date(right(c.relname, 6), 'YYYYMM')::timestamp + interval '1 month') at time zone 'UTC' <= ${before.toISOString()}::timestamptz`,
    );
    for (const m of months) await tx.execute(sql`select lizhou_audit_drop_month(${m.name})`);
    await tx.delete(auditEvents).where(lt(auditEvents.at, before));
    const tenants = [...new Set(rows.map((r) => r.tenantId))];
    for (const tenantId of tenants) {
      await recordAudit(
        tx,
        null,
        { action: 'system.audit_archive', entityType: 'audit_event', summary: `归档 ${before.toISOString().slice(0, 10)} 之前的审计日志 ${rows.filter((r) => r.tenantId === tenantId).length} 条（sha256 ${sha256}）`, after: { before: before.toISOString(), sha256 } },
        { tenantId, actorName: '命令行' },
      );
    }
    return { count: rows.length, sha256, before };
  });
}

/** A bare date as an upper bound means "through the end of that day" (China Standard Time). */
function endOf(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T23:59:59.999+08:00`) : new Date(value);
}

/** Who last did `action` to a record (e.g. who submitted a form), for four-eyes checks. */
export async function lastActorOf(db: DbOrTx, entityType: string, entityId: string | number, actions: string[]): Promise<number | null> {
  const [row] = await db
    .select({ actorId: auditEvents.actorId })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, String(entityId)), inArray(auditEvents.action, actions)))
    .orderBy(desc(auditEvents.id))
    .limit(1);
  return row?.actorId ?? null;
}

/**
 * Every change to one record, oldest first, for the record's own timeline. The caller has
 * already shown the record is visible to the reader; this reads no other record's events.
 */
export async function entityHistory(db: DbOrTx, entityType: string, entityId: string | number) {
  return db
    .select({ id: auditEvents.id, at: auditEvents.at, actorName: auditEvents.actorName, action: auditEvents.action, summary: auditEvents.summary, before: auditEvents.before, after: auditEvents.after })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, String(entityId))))
    .orderBy(auditEvents.id)
    .limit(500);
}
