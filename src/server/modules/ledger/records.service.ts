import { sql, type SQL } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { inScope, requirePermission } from '../../access';
import { fieldError, notFound, versionConflict } from '../../errors';
import { escapeLike } from '../../db/like';
import { entityHistory, recordAudit } from '../audit';
import { findUnitsByIds, getUnitInScope, unitNameOf, unitPathOf } from '../org';
import { DUE_SOON_DAYS, OPEN_CASE_STATUSES, type RecordKind } from '../../../shared/ledger';
import { categoryViews, type CategoryView } from './categories.service';
import { matches } from './search';
import type { ListQuery } from './ledger.schema';

/** Table, main date and extra list columns of each kind. */
export const KINDS = {
  activity: {
    table: 'activities',
    date: 'held_on',
    dates: { held: 'held_on' },
    columns: sql`r.held_on as "heldOn", r.ended_on as "endedOn", r.place, r.participants, r.audience, r.team, r.outcomes`,
  },
  case: {
    table: 'cases',
    date: 'registered_on',
    dates: { registered: 'registered_on', resolved: 'resolved_on', closed: 'closed_on' },
    columns: sql`r.status, r.registered_on as "registeredOn", r.due_on as "dueOn", r.requester, r.resolution, r.resolved_on as "resolvedOn", r.closed_on as "closedOn",
      r.registrar_unit_id as "registrarUnitId", ${unitNameOf('"r"."registrar_unit_id"')} as "registrarUnitName", r.source_activity_id as "sourceActivityId"`,
  },
  project: {
    table: 'projects',
    date: 'started_on',
    dates: { started: 'started_on', completed: 'completed_on' },
    columns: sql`r.status, r.started_on as "startedOn", r.planned_end_on as "plannedEndOn", r.completed_on as "completedOn", r.progress,
      r.planned_investment::float8 as "plannedInvestment", r.actual_investment::float8 as "actualInvestment", r.partner_unit_ids as "partnerUnitIds"`,
  },
  honour: {
    table: 'honours',
    date: 'awarded_on',
    dates: { awarded: 'awarded_on' },
    columns: sql`r.level, r.issuer, r.awarded_on as "awardedOn", r.recipient_type as "recipientType", r.recipient_person_id as "recipientPersonId",
      (select p.name from persons p where p.id = r.recipient_person_id) as "recipientPersonName"`,
  },
} as const satisfies Record<RecordKind, { table: string; date: string; dates: Record<string, string>; columns: SQL }>;

const table = (kind: RecordKind) => sql.raw(KINDS[kind].table);

/** Today in China Standard Time, as the date deadlines are compared with. */
export function todayCst(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Ids of the categories whose records the actor may not see (sensitive cases without the permission). */
async function hiddenCategoryIds(db: DbOrTx, actor: Actor, kind: RecordKind): Promise<number[]> {
  if (kind !== 'case' || actor.permissions.includes('read:sensitive-cases')) return [];
  return (await categoryViews(db, actor.tenantId, 'case')).filter((c) => c.sensitive).map((c) => c.id);
}

/**
 * Scope of a record: the unit it counts for, and for cases also the unit that registered it
 * (the county sees what it assigned to a town; the town sees what was assigned to it).
 */
function scopeFilter(kind: RecordKind, path: string, whole: boolean, handlerOnly = false): SQL {
  if (whole) return sql`true`;
  const under = sql`(select id from org_units where path like ${escapeLike(path) + '%'})`;
  return kind === 'case' && !handlerOnly ? sql`(r.org_unit_id in ${under} or r.registrar_unit_id in ${under})` : sql`r.org_unit_id in ${under}`;
}

export interface ListResult<T> {
  items: T[];
  /** Exact up to COUNT_CAP; beyond that `totalCapped` is true and pages show "10000+". */
  total: number;
  totalCapped: boolean;
}
const COUNT_CAP = 10_000;

/** True when category `c` lies under the category with id `ancestor` (views carry their full path). */
const isBelow = (c: CategoryView, ancestor: number) => c.path.split('.').includes(String(ancestor));

/** Where-conditions of a list query; shared by the list page, the export and the overdue view. */
export async function listConditions(db: DbOrTx, actor: Actor, kind: RecordKind, q: ListQuery): Promise<SQL[]> {
  const unit = q.unitId ? await getUnitInScope(db, actor, q.unitId) : (await findUnitsByIds(db, [actor.orgUnitId]))[0];
  if (!unit) throw notFound('org.not_found', '单位不存在或不在您的管辖范围内');
  const where: SQL[] = [scopeFilter(kind, unit.path, unit.parentId == null, q.side === 'handler')];
  if (q.includeArchived !== 'true') where.push(sql`r.archived_at is null`);
  const hidden = await hiddenCategoryIds(db, actor, kind);
  if (hidden.length) where.push(sql`r.category_id not in (${sql.join(hidden.map((id) => sql`${id}`), sql`, `)})`);
  if (q.categoryId) {
    // The subtree's ids go in as values: a subquery here is estimated at one row and the planner
    // then reads the whole province's records of the category before filtering by unit.
    const ids = (await categoryViews(db, actor.tenantId, kind)).filter((c) => c.id === q.categoryId || isBelow(c, q.categoryId!)).map((c) => c.id);
    where.push(ids.length ? sql`r.category_id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})` : sql`false`);
  } else {
    // Without a category (whose ids are this tenant's) the tenant must be named.
    where.push(sql`r.tenant_id = ${actor.tenantId}`);
  }
  const dates = KINDS[kind].dates as Record<string, string>;
  const dateCol = sql.raw(`r.${q.dateBasis ? dates[q.dateBasis] ?? KINDS[kind].date : KINDS[kind].date}`);
  if (q.dateBasis && !dates[q.dateBasis]) throw fieldError('ledger.date_basis', 'dateBasis', '日期口径不适用于该类台账');
  if (q.from) where.push(sql`${dateCol} >= ${q.from}::date`);
  if (q.to) where.push(sql`${dateCol} <= ${q.to}::date`);
  if (q.status) where.push(sql`r.status in (${sql.join(q.status.split(',').map((s) => sql`${s}`), sql`, `)})`);
  if (q.level && kind === 'honour') where.push(sql`r.level in (${sql.join(q.level.split(',').map((s) => sql`${s}`), sql`, `)})`);
  if (q.attrKey && q.attrValue != null) where.push(sql`r.attributes ->> ${q.attrKey} = ${q.attrValue}`);
  if (q.q) {
    const m = matches('r.search', q.q);
    // Nothing searchable (only punctuation): match nothing rather than everything.
    where.push(m ?? sql`false`);
  }
  if (kind === 'case') {
    const today = todayCst();
    // Literal states, so the planner can match the partial index of open cases.
    const open = sql.raw(`r.status in (${OPEN_CASE_STATUSES.map((s) => `'${s}'`).join(', ')})`);
    if (q.flag === 'overdue') where.push(sql`${open} and r.due_on < ${today}::date`);
    if (q.flag === 'due_soon') where.push(sql`${open} and r.due_on >= ${today}::date and r.due_on <= ${today}::date + ${DUE_SOON_DAYS}::int`);
    if (q.mine === 'handling') where.push(sql`r.org_unit_id = ${actor.orgUnitId}`);
    if (q.mine === 'registered') where.push(sql`r.registrar_unit_id = ${actor.orgUnitId}`);
  }
  return where;
}

export interface RecordListItem {
  id: number;
  categoryId: number;
  categoryName: string;
  orgUnitId: number;
  orgUnitName: string;
  title: string;
  notes: string | null;
  attributes: Record<string, unknown>;
  archived: boolean;
  version: number;
  attachments: number;
  [k: string]: unknown;
}

export async function listRecords(ctx: AppContext, actor: Actor, kind: RecordKind, q: ListQuery): Promise<ListResult<RecordListItem>> {
  requirePermission(actor, 'read:ledger');
  const where = sql.join(await listConditions(ctx.db, actor, kind, q), sql` and `);
  const date = sql.raw(`r.${KINDS[kind].date}`);
  const [items, [{ n }]] = await Promise.all([
    // The page is chosen first (ordered as the date indexes are, DESC NULLS LAST, so an index
    // supplies the order); names and attachment counts are looked up for its rows only.
    queryRows<RecordListItem>(
      ctx.db,
      sql`select r.id, r.category_id as "categoryId", (select c.name from ledger_categories c where c.id = r.category_id) as "categoryName",
            r.org_unit_id as "orgUnitId", ${unitNameOf('"r"."org_unit_id"')} as "orgUnitName", r.title, r.notes, r.attributes,
            r.archived_at is not null as archived, r.version,
            (select count(*)::int from attachments a where a.record_kind = ${kind} and a.record_id = r.id and a.archived_at is null) as attachments,
            ${KINDS[kind].columns}
          from (select r.* from ${table(kind)} r where ${where}
                order by ${date} desc nulls last, r.id desc nulls last limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}) r
          order by ${date} desc nulls last, r.id desc nulls last`,
    ),
    queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from (select 1 from ${table(kind)} r where ${where} limit ${COUNT_CAP + 1}) x`),
  ]);
  if (kind === 'case') decorateCases(items);
  await auditSensitiveRead(ctx.db, actor, kind, items);
  return { items, total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP };
}

/** Adds overdue / due-soon flags and days left to open cases. */
export function decorateCases(items: Record<string, unknown>[], now = new Date()) {
  const today = todayCst(now);
  for (const c of items) {
    const due = c.dueOn as string | null;
    const open = OPEN_CASE_STATUSES.includes(c.status as never);
    const daysLeft = due ? Math.round((Date.parse(due) - Date.parse(today)) / 86_400_000) : null;
    c.daysLeft = open ? daysLeft : null;
    c.overdue = open && daysLeft != null && daysLeft < 0;
    c.dueSoon = open && daysLeft != null && daysLeft >= 0 && daysLeft <= DUE_SOON_DAYS;
  }
}

/** Reads of sensitive cases (党员违纪违法, 容错澄清) are logged, one event per read listing the cases. */
export async function auditSensitiveRead(db: DbOrTx, actor: Actor, kind: RecordKind, items: { id: number; categoryId: number; orgUnitId: number }[]) {
  if (kind !== 'case' || !items.length) return;
  const sensitive = new Set((await categoryViews(db, actor.tenantId, 'case')).filter((c) => c.sensitive).map((c) => c.id));
  const read = items.filter((i) => sensitive.has(i.categoryId));
  if (!read.length) return;
  await recordAudit(db, actor, {
    action: 'ledger.case_sensitive_read',
    entityType: 'case',
    entityId: read.length === 1 ? read[0].id : null,
    orgUnitId: actor.orgUnitId,
    orgPath: actor.scopePath,
    summary: `查看敏感事项 ${read.length} 件（编号 ${read.map((r) => r.id).join('、')}）`,
    after: { caseIds: read.map((r) => r.id) },
  });
}

/** The record's row with its unit path, if the actor may see it; 404 otherwise. */
export async function recordInScope<T = Record<string, unknown>>(db: DbOrTx, actor: Actor, kind: RecordKind, id: number): Promise<T & { id: number; path: string; registrarPath?: string; categoryId: number; orgUnitId: number; version: number; tenantId: string; archivedAt: string | null }> {
  const extra = kind === 'case' ? sql`, ${unitPathOf('"r"."registrar_unit_id"')} as "registrarPath"` : sql``;
  const [row] = await queryRows<Record<string, unknown>>(
    db,
    sql`select r.id, r.tenant_id as "tenantId", r.category_id as "categoryId", r.org_unit_id as "orgUnitId", r.version, r.archived_at as "archivedAt", ${unitPathOf('"r"."org_unit_id"')} as path ${extra}
        from ${table(kind)} r where r.id = ${id}`,
  );
  const visible =
    row &&
    row.tenantId === actor.tenantId &&
    (inScope(actor, row.path as string) || (kind === 'case' && inScope(actor, row.registrarPath as string))) &&
    !(await hiddenCategoryIds(db, actor, kind)).includes(row.categoryId as number);
  if (!visible) throw notFound('ledger.record_not_found', '记录不存在或不在您的管辖范围内');
  return row as never;
}

/** One record with everything its page shows. Callers have already shown it visible (`recordInScope`). */
export async function recordRow(db: DbOrTx, kind: RecordKind, id: number): Promise<RecordListItem> {
  const [item] = await queryRows<RecordListItem>(
    db,
    sql`select r.id, r.category_id as "categoryId", (select c.name from ledger_categories c where c.id = r.category_id) as "categoryName",
          r.org_unit_id as "orgUnitId", ${unitNameOf('"r"."org_unit_id"')} as "orgUnitName", r.title, r.notes, r.attributes,
          r.archived_at is not null as archived, r.version, 0 as attachments, r.created_at as "createdAt", r.updated_at as "updatedAt", ${KINDS[kind].columns}
        from ${table(kind)} r where r.id = ${id}`,
  );
  if (kind === 'case') decorateCases([item]);
  return item;
}

/** The record's change timeline from the audit log. */
export async function recordTimeline(ctx: AppContext, actor: Actor, kind: RecordKind, id: number) {
  requirePermission(actor, 'read:ledger');
  await recordInScope(ctx.db, actor, kind, id);
  return entityHistory(ctx.db, kind, id);
}

/** Archives (or restores) a record: never deleted, so figures already reported stay traceable. */
export async function setArchived(ctx: AppContext, actor: Actor, kind: RecordKind, id: number, version: number, archived: boolean) {
  requirePermission(actor, 'write:ledger');
  return ctx.db.transaction(async (tx) => {
    const row = await recordInScope(tx, actor, kind, id);
    if (!inScope(actor, row.path) && !(kind === 'case' && row.registrarPath && inScope(actor, row.registrarPath))) throw notFound('ledger.record_not_found', '记录不存在或不在您的管辖范围内');
    if (row.version !== version) throw versionConflict('ledger.version_conflict', await recordRow(tx, kind, id));
    await tx.execute(sql`update ${table(kind)} set archived_at = ${archived ? sql`coalesce(archived_at, now())` : sql`null`}, version = version + 1, updated_at = now() where id = ${id}`);
    await recordAudit(tx, actor, { action: archived ? 'ledger.archive' : 'ledger.restore', entityType: kind, entityId: id, orgUnitId: row.orgUnitId, orgPath: row.path, summary: archived ? '作废记录（保留留痕）' : '恢复记录' });
    return recordRow(tx, kind, id);
  });
}
