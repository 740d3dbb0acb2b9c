import { and, eq, sql } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import type { DbOrTx } from '../../db/client';
import { inScope, requirePermission } from '../../access';
import { badRequest, conflict, fieldError, notFound, versionConflict } from '../../errors';
import { pinyinKeys } from '../../pinyin';
import { ALLOWED_CHILDREN, ORG_TYPE_ZH, type OrgType } from '../../../shared/org-types';
import { recordAudit } from '../audit';
import { orgRepository as repo } from './org.repository';
import { orgUnits, type OrgUnitRow } from './org.table';
import type { OrgUnitCreate, OrgUnitUpdate } from './org.schema';

/** What the API returns for a unit. */
export interface OrgUnitDto {
  id: number;
  code: string;
  name: string;
  type: OrgType;
  typeName: string;
  parentId: number | null;
  path: string;
  depth: number;
  archived: boolean;
  version: number;
  childCount?: number;
}

export function toDto(row: OrgUnitRow, childCount?: number): OrgUnitDto {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    type: row.type as OrgType,
    typeName: ORG_TYPE_ZH[row.type as OrgType] ?? row.type,
    parentId: row.parentId,
    path: row.path,
    depth: row.depth,
    archived: row.archivedAt != null,
    version: row.version,
    ...(childCount === undefined ? {} : { childCount }),
  };
}

/**
 * Serializes every change to the shape of one county's tree (create, move, retype, archive,
 * import) for the rest of the transaction. Without it two concurrent moves on a PostgreSQL
 * server could each pass the cycle check and make A the parent of B and B the parent of A.
 */
export async function lockTree(db: DbOrTx, tenantId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(7310784, hashtext(${tenantId}))`);
}

const snapshot = (r: OrgUnitRow) => ({ code: r.code, name: r.name, type: r.type, parentId: r.parentId, archived: r.archivedAt != null });

/** A unit the actor may see; 404 when it does not exist or lies outside their subtree. */
export async function getUnitInScope(db: DbOrTx, actor: Actor, id: number): Promise<OrgUnitRow> {
  const row = await repo.byId(db, id);
  if (!row || !inScope(actor, row.path)) throw notFound('org.not_found', '单位不存在或不在您的管辖范围内');
  return row;
}

/** The actor's own unit: the root of everything they can see. */
export async function getScopeRoot(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'read:org');
  const row = await getUnitInScope(ctx.db, actor, actor.orgUnitId);
  const count = await repo.activeChildCount(ctx.db, row.id);
  return toDto(row, count);
}

export async function getUnit(ctx: AppContext, actor: Actor, id: number) {
  requirePermission(actor, 'read:org');
  const row = await getUnitInScope(ctx.db, actor, id);
  // Breadcrumb: ancestors inside the actor's scope only.
  const ids = row.path.split('.').filter(Boolean).map(Number);
  const ancestors = (await repo.byIds(ctx.db, ids))
    .filter((a) => inScope(actor, a.path) && a.id !== row.id)
    .sort((a, b) => a.depth - b.depth)
    .map((a) => ({ id: a.id, name: a.name }));
  const childCount = await repo.activeChildCount(ctx.db, row.id);
  return { ...toDto(row, childCount), ancestors };
}

export async function listChildren(ctx: AppContext, actor: Actor, id: number, includeArchived: boolean) {
  requirePermission(actor, 'read:org');
  await getUnitInScope(ctx.db, actor, id);
  const rows = await repo.children(ctx.db, id, includeArchived);
  return rows.map((r) => toDto(r.unit, r.childCount));
}

export async function searchUnits(
  ctx: AppContext,
  actor: Actor,
  q: { q: string; type?: string; includeArchived: boolean; limit: number },
) {
  requirePermission(actor, 'read:org');
  const rows = await repo.search(ctx.db, actor.scopePath, q.q, q);
  // Show where each hit sits ("石柱镇 / 塘头村") so same-named villages can be told apart.
  const parentIds = [...new Set(rows.map((r) => r.parentId).filter((x): x is number => x != null))];
  const parents = new Map((await repo.byIds(ctx.db, parentIds)).map((p) => [p.id, p.name]));
  return rows.map((r) => ({ ...toDto(r), parentName: r.parentId ? (parents.get(r.parentId) ?? null) : null }));
}

/** A new type must fit under the unit's parent and over each of its current children. */
export async function assertTypeFits(db: DbOrTx, unit: OrgUnitRow, type: OrgType, field = 'type') {
  if (unit.parentId) {
    const parent = await repo.byId(db, unit.parentId);
    if (parent) assertChildAllowed(parent, type, field);
  }
  const allowed = ALLOWED_CHILDREN[type] ?? [];
  const misfits = (await repo.children(db, unit.id, true)).filter((c) => !allowed.includes(c.unit.type as OrgType));
  if (misfits.length) {
    const c = misfits[0].unit;
    throw fieldError('org.type_not_allowed', field, `「${ORG_TYPE_ZH[type]}」下不能有「${ORG_TYPE_ZH[c.type as OrgType]}」（如「${c.name}」），不能改为此类型`);
  }
}

function assertChildAllowed(parent: OrgUnitRow, type: OrgType, field = 'type') {
  const allowed = ALLOWED_CHILDREN[parent.type as OrgType] ?? [];
  if (!allowed.includes(type)) {
    throw fieldError(
      'org.type_not_allowed',
      field,
      `「${ORG_TYPE_ZH[parent.type as OrgType]}」下不能设立「${ORG_TYPE_ZH[type]}」`,
    );
  }
}

async function assertCodeFree(db: DbOrTx, code: string, exceptId?: number) {
  const existing = await repo.byCode(db, code);
  if (existing && existing.id !== exceptId) {
    throw fieldError('org.code_taken', 'code', `编码 ${code} 已被「${existing.name}」使用`);
  }
}

/** Creates a unit under `parentId`; `insertUnit` is shared with import and the demo generator. */
export async function createUnit(ctx: AppContext, actor: Actor, input: OrgUnitCreate) {
  requirePermission(actor, 'write:org');
  return ctx.db.transaction(async (tx) => {
    await lockTree(tx, actor.tenantId);
    const parent = await getUnitInScope(tx, actor, input.parentId);
    if (parent.archivedAt) throw fieldError('org.parent_archived', 'parentId', '上级单位已归档，不能在其下新建单位');
    assertChildAllowed(parent, input.type);
    await assertCodeFree(tx, input.code);
    const row = await insertUnit(tx, { ...input, tenantId: parent.tenantId });
    await recordAudit(tx, actor, {
      action: 'org.create',
      entityType: 'org_unit',
      entityId: row.id,
      orgUnitId: row.id,
      orgPath: row.path,
      summary: `新建单位「${row.name}」（${ORG_TYPE_ZH[input.type]}），上级「${parent.name}」`,
      after: snapshot(row),
    });
    return toDto(row, 0);
  });
}

export async function insertUnit(
  db: DbOrTx,
  u: { tenantId: string; parentId: number | null; code: string; name: string; type: string },
): Promise<OrgUnitRow> {
  const py = pinyinKeys(u.name);
  const [row] = await db
    .insert(orgUnits)
    .values({ ...u, pinyinInitials: py.initials, pinyinFull: py.full })
    .returning();
  return row;
}

/** Renames or re-codes a unit; refuses to overwrite a newer version (409 with the current one). */
export async function updateUnit(ctx: AppContext, actor: Actor, id: number, input: OrgUnitUpdate) {
  requirePermission(actor, 'write:org');
  return ctx.db.transaction(async (tx) => {
    await lockTree(tx, actor.tenantId);
    const before = await getUnitInScope(tx, actor, id);
    // The unit an account is attached to is maintained from above, except by an administrator.
    if (id === actor.orgUnitId && actor.role !== 'admin') throw badRequest('org.edit_scope_root', '不能修改您本人所属的单位，请联系上级单位');
    if (before.version !== input.version) throw versionConflict('org.version_conflict', toDto(before));
    if (input.code && input.code !== before.code) await assertCodeFree(tx, input.code, id);
    if (input.type && input.type !== before.type) await assertTypeFits(tx, before, input.type);
    const name = input.name ?? before.name;
    const py = pinyinKeys(name);
    const [row] = await tx
      .update(orgUnits)
      .set({
        code: input.code ?? before.code,
        name,
        type: input.type ?? before.type,
        pinyinInitials: py.initials,
        pinyinFull: py.full,
        version: sql`${orgUnits.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(orgUnits.id, id), eq(orgUnits.version, input.version)))
      .returning();
    if (!row) throw versionConflict('org.version_conflict', toDto((await repo.byId(tx, id))!));
    await recordAudit(tx, actor, {
      action: 'org.update',
      entityType: 'org_unit',
      entityId: id,
      orgUnitId: id,
      orgPath: row.path,
      summary: before.name === row.name ? `修改单位「${row.name}」` : `单位「${before.name}」更名为「${row.name}」`,
      before: snapshot(before),
      after: snapshot(row),
    });
    return toDto(row);
  });
}

/** Moves a unit with its whole subtree under a new parent. A unit cannot move under itself. */
export async function moveUnit(ctx: AppContext, actor: Actor, id: number, input: { version: number; newParentId: number }) {
  requirePermission(actor, 'write:org');
  return ctx.db.transaction(async (tx) => {
    await lockTree(tx, actor.tenantId);
    const unit = await getUnitInScope(tx, actor, id);
    if (unit.id === actor.orgUnitId) throw badRequest('org.move_scope_root', '不能移动您本人所属的单位');
    if (unit.version !== input.version) throw versionConflict('org.version_conflict', toDto(unit));
    const parent = await getUnitInScope(tx, actor, input.newParentId);
    if (parent.path.startsWith(unit.path)) {
      throw fieldError('org.move_cycle', 'newParentId', '不能将单位移动到其自身或其下级单位之下');
    }
    if (parent.archivedAt) throw fieldError('org.parent_archived', 'newParentId', '目标上级单位已归档');
    if (parent.id === unit.parentId) throw fieldError('org.move_same_parent', 'newParentId', '该单位已在此上级单位之下');
    assertChildAllowed(parent, unit.type as OrgType, 'newParentId');
    const oldParent = unit.parentId ? await repo.byId(tx, unit.parentId) : undefined;
    const newPath = `${parent.path}${unit.id}.`;
    await repo.repath(tx, unit.path, newPath, parent.depth + 1 - unit.depth);
    const [row] = await tx
      .update(orgUnits)
      .set({ parentId: parent.id, version: sql`${orgUnits.version} + 1`, updatedAt: new Date() })
      .where(and(eq(orgUnits.id, id), eq(orgUnits.version, input.version)))
      .returning();
    if (!row) throw versionConflict('org.version_conflict', toDto((await repo.byId(tx, id))!));
    await recordAudit(tx, actor, {
      action: 'org.move',
      entityType: 'org_unit',
      entityId: id,
      orgUnitId: id,
      orgPath: row.path,
      summary: `单位「${unit.name}」从「${oldParent?.name ?? '—'}」移至「${parent.name}」`,
      before: { parentId: unit.parentId, path: unit.path },
      after: { parentId: parent.id, path: row.path },
    });
    return toDto(row);
  });
}

/** Archives (never deletes) a unit; records pointing to it stay valid. Children must go first. */
export async function setArchived(ctx: AppContext, actor: Actor, id: number, version: number, archived: boolean) {
  requirePermission(actor, 'write:org');
  return ctx.db.transaction(async (tx) => {
    await lockTree(tx, actor.tenantId);
    const unit = await getUnitInScope(tx, actor, id);
    if (unit.id === actor.orgUnitId) throw badRequest('org.archive_scope_root', '不能归档您本人所属的单位');
    if (unit.version !== version) throw versionConflict('org.version_conflict', toDto(unit));
    if (archived) {
      if (unit.archivedAt) throw conflict('org.already_archived', '该单位已归档');
      const n = await repo.activeChildCount(tx, id);
      if (n > 0) throw conflict('org.has_active_children', `该单位下还有 ${n} 个未归档的下级单位，请先归档或移走`);
    } else {
      if (!unit.archivedAt) throw conflict('org.not_archived', '该单位未归档');
      const parent = unit.parentId ? await repo.byId(tx, unit.parentId) : undefined;
      if (parent?.archivedAt) throw conflict('org.parent_archived', '上级单位已归档，请先恢复上级单位');
    }
    const [row] = await tx
      .update(orgUnits)
      .set({ archivedAt: archived ? new Date() : null, version: sql`${orgUnits.version} + 1`, updatedAt: new Date() })
      .where(and(eq(orgUnits.id, id), eq(orgUnits.version, version)))
      .returning();
    if (!row) throw versionConflict('org.version_conflict', toDto((await repo.byId(tx, id))!));
    await recordAudit(tx, actor, {
      action: archived ? 'org.archive' : 'org.restore',
      entityType: 'org_unit',
      entityId: id,
      orgUnitId: id,
      orgPath: row.path,
      summary: `${archived ? '归档' : '恢复'}单位「${row.name}」`,
      before: snapshot(unit),
      after: snapshot(row),
    });
    return toDto(row);
  });
}

/** Inserts many units in one statement; every parent must already exist (the trigger sets paths). */
export async function insertUnits(
  db: DbOrTx,
  units: { tenantId: string; parentId: number | null; code: string; name: string; type: string }[],
): Promise<OrgUnitRow[]> {
  if (!units.length) return [];
  const out: OrgUnitRow[] = [];
  for (let i = 0; i < units.length; i += 1000) {
    const values = units.slice(i, i + 1000).map((u) => {
      const py = pinyinKeys(u.name);
      return { ...u, pinyinInitials: py.initials, pinyinFull: py.full };
    });
    out.push(...(await db.insert(orgUnits).values(values).returning()));
  }
  return out;
}
