import { and, desc, eq, gte, inArray, isNull, like, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import type { DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { escapeLike } from '../../db/like';
import { auditEvents } from './audit.table';
import type { AuditQuery } from './audit.schema';

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

/** The audit log as the actor may see it: events about units in their subtree, newest first. */
export async function listAuditEvents(ctx: AppContext, actor: Actor, q: AuditQuery) {
  requirePermission(actor, 'read:audit');
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
  const cond = and(...where);
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
