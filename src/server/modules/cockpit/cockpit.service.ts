/**
 * Cockpits (驾驶舱): composed by admins and departments from widgets, no code. An account sees the
 * cockpits of its unit, the units above (the county's, viewed at its own unit) and its subtree;
 * it changes those owned in its subtree. Optimistic locking; every change audited.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../context';
import type { DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { forbidden, notFound, versionConflict } from '../../errors';
import { recordAudit } from '../audit';
import { findUnitsByIds, getUnitInScope, unitIdsAboveOrUnder } from '../org';
import type { CockpitDefinition, CockpitDetail, CockpitScope, CockpitSummary } from '../../../shared/cockpit';
import { cockpits } from './cockpit.table';

type Row = typeof cockpits.$inferSelect;

const visible = (actor: Actor) => sql`${cockpits.ownerUnitId} in ${unitIdsAboveOrUnder(actor.scopePath)}`;

async function summaries(db: DbOrTx, rows: Row[]): Promise<CockpitSummary[]> {
  const units = new Map((await findUnitsByIds(db, [...new Set(rows.map((r) => r.ownerUnitId))])).map((u) => [u.id, u.name]));
  return rows.map((r) => ({ id: r.id, scope: r.scope as CockpitScope, title: r.definition.title, unit: { id: r.ownerUnitId, name: units.get(r.ownerUnitId) ?? '' }, version: r.version, updatedAt: r.updatedAt.toISOString(), updatedBy: r.updatedBy }));
}

export async function listCockpits(db: DbOrTx, actor: Actor) {
  requirePermission(actor, 'read:indicators');
  const rows = await db.select().from(cockpits).where(and(eq(cockpits.tenantId, actor.tenantId), visible(actor))).orderBy(asc(cockpits.id));
  return summaries(db, rows);
}

export async function cockpitRow(db: DbOrTx, actor: Actor, id: number): Promise<Row> {
  const [row] = await db.select().from(cockpits).where(and(eq(cockpits.id, id), eq(cockpits.tenantId, actor.tenantId), visible(actor)));
  if (!row) throw notFound('cockpit.not_found', '驾驶舱不存在或不在您的管辖范围内');
  return row;
}

export async function getCockpit(db: DbOrTx, actor: Actor, id: number): Promise<CockpitDetail> {
  requirePermission(actor, 'read:indicators');
  const row = await cockpitRow(db, actor, id);
  const [s] = await summaries(db, [row]);
  return { ...s, definition: row.definition };
}

export async function createCockpit(db: DbOrTx, actor: Actor, input: { scope: CockpitScope; definition: CockpitDefinition; unitId?: number }) {
  requirePermission(actor, 'define:indicators');
  const owner = await getUnitInScope(db, actor, input.unitId ?? actor.orgUnitId);
  const id = await db.transaction(async (tx) => {
    const [row] = await tx.insert(cockpits).values({ tenantId: actor.tenantId, ownerUnitId: owner.id, scope: input.scope, definition: input.definition, updatedBy: actor.displayName }).returning();
    await recordAudit(tx, actor, { action: 'cockpit.create', entityType: 'cockpit', entityId: row.id, orgUnitId: owner.id, orgPath: owner.path, summary: `新建驾驶舱「${input.definition.title}」（${owner.name}）`, after: input.definition });
    return row.id;
  });
  return getCockpit(db, actor, id);
}

export async function updateCockpit(db: DbOrTx, actor: Actor, id: number, input: { definition: CockpitDefinition; version: number }) {
  requirePermission(actor, 'define:indicators');
  await db.transaction(async (tx) => {
    const row = await cockpitRow(tx, actor, id);
    const owner = await getUnitInScope(tx, actor, row.ownerUnitId).catch(() => {
      throw forbidden('cockpit.owned_above', '该驾驶舱由上级单位维护，您可以查看本单位的数据，或新建本单位的驾驶舱');
    });
    const [updated] = await tx
      .update(cockpits)
      .set({ definition: input.definition, version: sql`${cockpits.version} + 1`, updatedAt: new Date(), updatedBy: actor.displayName })
      .where(and(eq(cockpits.id, id), eq(cockpits.version, input.version)))
      .returning();
    if (!updated) throw versionConflict('cockpit.stale', { version: row.version, updatedBy: row.updatedBy, updatedAt: row.updatedAt.toISOString() });
    await recordAudit(tx, actor, { action: 'cockpit.update', entityType: 'cockpit', entityId: id, orgUnitId: owner.id, orgPath: owner.path, summary: `修改驾驶舱「${input.definition.title}」`, before: row.definition, after: input.definition });
  });
  return getCockpit(db, actor, id);
}
