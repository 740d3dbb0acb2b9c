import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { inScope, requirePermission } from '../../access';
import { escapeLike } from '../../db/like';
import { badRequest, conflict, fieldError, notFound, versionConflict } from '../../errors';
import { AVAILABILITY_ZH, ROSTER_POSITION_ZH, type Availability, type RosterPosition } from '../../../shared/mobilization';
import { recordAudit } from '../audit';
import { getUnitInScope, unitIdsUnder, unitNameOf, unitPathOf, unitsOfTypesUnder } from '../org';
import { personSummaries, type PersonSummary } from '../people';
import { mobilizationForces, responseUnits, rosterMembers, type ForceRow, type ResponseUnitRow } from './mobilization.table';
import type { ForceCreate, ForceUpdate, RosterAdd, RosterUpdate, UnitCreate, UnitListQuery, UnitUpdate } from './mobilization.schema';

const forcePath = unitPathOf('"mobilization_forces"."org_unit_id"');
const unitPath = unitPathOf('"response_units"."org_unit_id"');

// ---------------------------------------------------------------- forces

/**
 * A force applies to the actor when its owner is inside their subtree (they may manage it) or
 * above it (a county force a town's units join).
 */
async function forceRow(db: DbOrTx, actor: Actor, id: number, manage: boolean): Promise<ForceRow & { path: string }> {
  const [row] = await db
    .select({ f: mobilizationForces, path: forcePath })
    .from(mobilizationForces)
    .where(and(eq(mobilizationForces.id, id), eq(mobilizationForces.tenantId, actor.tenantId)));
  const visible = row && (inScope(actor, row.path) || actor.scopePath.startsWith(row.path));
  if (!row || !visible || (manage && !inScope(actor, row.path))) throw notFound('mobilization.force_not_found', '应急队伍不存在或不在您的管辖范围内');
  return { ...row.f, path: row.path };
}

/** Forces that apply to the actor, with the units and members inside the actor's subtree. */
export async function listForces(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'read:mobilization');
  const rows = await queryRows<{ id: number; name: string; description: string | null; sortOrder: number; orgUnitId: number; orgUnitName: string; path: string; archived: boolean; version: number; units: number; members: number }>(
    ctx.db,
    sql`select f.id, f.name, f.description, f.sort_order as "sortOrder", f.org_unit_id as "orgUnitId", ${unitNameOf('"f"."org_unit_id"')} as "orgUnitName",
          ${unitPathOf('"f"."org_unit_id"')} as path, f.archived_at is not null as archived, f.version,
          (select count(*)::int from response_units u where u.force_id = f.id and u.archived_at is null and u.org_unit_id in ${unitIdsUnder(actor.scopePath)}) as units,
          (select count(*)::int from roster_members r join response_units u on u.id = r.unit_id
             where u.force_id = f.id and u.archived_at is null and u.org_unit_id in ${unitIdsUnder(actor.scopePath)}) as members
        from mobilization_forces f
        where f.tenant_id = ${actor.tenantId}
          and (${unitPathOf('"f"."org_unit_id"')} like ${escapeLike(actor.scopePath) + '%'} or ${actor.scopePath} like ${unitPathOf('"f"."org_unit_id"')} || '%')
        order by f.sort_order, f.id`,
  );
  return rows.map(({ path, ...r }) => ({ ...r, manageable: inScope(actor, path) && actor.permissions.includes('manage:mobilization') }));
}

export async function createForce(ctx: AppContext, actor: Actor, input: ForceCreate) {
  requirePermission(actor, 'manage:mobilization');
  return ctx.db.transaction(async (tx) => {
    const owner = await getUnitInScope(tx, actor, input.orgUnitId ?? actor.orgUnitId).catch(() => {
      throw fieldError('mobilization.force_unit_out_of_scope', 'orgUnitId', '所属单位不存在或不在您的管辖范围内');
    });
    const [dup] = await tx.select({ id: mobilizationForces.id }).from(mobilizationForces).where(and(eq(mobilizationForces.tenantId, actor.tenantId), eq(mobilizationForces.name, input.name)));
    if (dup) throw fieldError('mobilization.force_duplicate', 'name', `已有名为「${input.name}」的应急队伍`);
    const [row] = await tx
      .insert(mobilizationForces)
      .values({ tenantId: actor.tenantId, orgUnitId: owner.id, name: input.name, description: input.description ?? null, sortOrder: input.sortOrder ?? 0 })
      .returning();
    await recordAudit(tx, actor, { action: 'mobilization.force_create', entityType: 'mobilization_force', entityId: row.id, orgUnitId: owner.id, orgPath: owner.path, summary: `新建应急队伍「${row.name}」`, after: input });
    return row;
  });
}

export async function updateForce(ctx: AppContext, actor: Actor, id: number, input: ForceUpdate) {
  requirePermission(actor, 'manage:mobilization');
  return ctx.db.transaction(async (tx) => {
    const f = await forceRow(tx, actor, id, true);
    if (f.version !== input.version) throw versionConflict('mobilization.force_version_conflict', f);
    if (input.name && input.name !== f.name) {
      const [dup] = await tx.select({ id: mobilizationForces.id }).from(mobilizationForces).where(and(eq(mobilizationForces.tenantId, actor.tenantId), eq(mobilizationForces.name, input.name)));
      if (dup) throw fieldError('mobilization.force_duplicate', 'name', `已有名为「${input.name}」的应急队伍`);
    }
    const [row] = await tx
      .update(mobilizationForces)
      .set({
        name: input.name ?? f.name,
        description: input.description === undefined ? f.description : input.description,
        sortOrder: input.sortOrder ?? f.sortOrder,
        archivedAt: input.archived === undefined ? f.archivedAt : input.archived ? (f.archivedAt ?? new Date()) : null,
        version: f.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(mobilizationForces.id, id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'mobilization.force_update',
      entityType: 'mobilization_force',
      entityId: id,
      orgUnitId: f.orgUnitId,
      orgPath: f.path,
      summary: `修改应急队伍「${row.name}」`,
      before: { name: f.name, description: f.description, archived: f.archivedAt != null },
      after: input,
    });
    return row;
  });
}

// ---------------------------------------------------------------- units

/** A response unit inside the actor's subtree; 404 otherwise. */
export async function unitInScope(db: DbOrTx, actor: Actor, id: number): Promise<ResponseUnitRow & { path: string }> {
  const [row] = await db.select({ u: responseUnits, path: unitPath }).from(responseUnits).where(eq(responseUnits.id, id));
  if (!row || row.u.tenantId !== actor.tenantId || !inScope(actor, row.path)) throw notFound('mobilization.unit_not_found', '应急响应单元不存在或不在您的管辖范围内');
  return { ...row.u, path: row.path };
}

/** A registry person the actor may put on a roster or post: their home unit is in the subtree. */
async function personInScope(db: DbOrTx, actor: Actor, personId: number, field: string): Promise<PersonSummary> {
  const [p] = await personSummaries(db, [personId]);
  if (!p || !inScope(actor, p.path)) throw fieldError('mobilization.person_out_of_scope', field, '人员不存在或不在您的管辖范围内');
  if (p.archived) throw fieldError('mobilization.person_archived', field, `「${p.name}」已在人员库中停用`);
  return p;
}

const unitColumns = {
  id: responseUnits.id,
  name: responseUnits.name,
  forceId: responseUnits.forceId,
  forceName: sql<string | null>`(select f.name from mobilization_forces f where f.id = "response_units"."force_id")`,
  orgUnitId: responseUnits.orgUnitId,
  orgUnitName: unitNameOf('"response_units"."org_unit_id"'),
  leaderPersonId: responseUnits.leaderPersonId,
  deputyPersonId: responseUnits.deputyPersonId,
  minStrength: responseUnits.minStrength,
  note: responseUnits.note,
  rosterSize: sql<number>`(select count(*)::int from roster_members r where r.unit_id = "response_units"."id")`,
  available: sql<number>`(select count(*)::int from roster_members r where r.unit_id = "response_units"."id" and r.availability <> 'unavailable')`,
  archived: sql<boolean>`${responseUnits.archivedAt} is not null`,
  version: responseUnits.version,
};

async function withLeaders<T extends { leaderPersonId: number | null; deputyPersonId: number | null; available: number; minStrength: number }>(db: DbOrTx, rows: T[]) {
  const people = new Map((await personSummaries(db, rows.flatMap((r) => [r.leaderPersonId, r.deputyPersonId]).filter((x): x is number => x != null))).map((p) => [p.id, p]));
  const who = (id: number | null) => (id == null ? null : { id, name: people.get(id)?.name ?? '', phoneMasked: people.get(id)?.phoneMasked ?? null });
  return rows.map((r) => ({ ...r, leader: who(r.leaderPersonId), deputy: who(r.deputyPersonId), underStrength: r.available < r.minStrength }));
}

/** Response units in the actor's subtree (or under `orgUnitId`), with roster size and strength. */
export async function listUnits(ctx: AppContext, actor: Actor, q: UnitListQuery) {
  requirePermission(actor, 'read:mobilization');
  const base = await getUnitInScope(ctx.db, actor, q.orgUnitId ?? actor.orgUnitId);
  const where: SQL[] = [eq(responseUnits.tenantId, actor.tenantId), sql`${responseUnits.orgUnitId} in ${unitIdsUnder(base.path)}`];
  if (q.includeArchived !== 'true') where.push(sql`${responseUnits.archivedAt} is null`);
  if (q.forceId) where.push(eq(responseUnits.forceId, q.forceId));
  if (q.q) where.push(sql`(${responseUnits.name} like ${'%' + escapeLike(q.q) + '%'} or ${unitNameOf('"response_units"."org_unit_id"')} like ${'%' + escapeLike(q.q) + '%'})`);
  if (q.underStrength === 'true') where.push(sql`(select count(*) from roster_members r where r.unit_id = "response_units"."id" and r.availability <> 'unavailable') < ${responseUnits.minStrength}`);
  const cond = and(...where);
  const rows = await ctx.db
    .select(unitColumns)
    .from(responseUnits)
    .where(cond)
    .orderBy(sql`${unitPath}`, responseUnits.id)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [{ total }] = await ctx.db.select({ total: sql<number>`count(*)::int` }).from(responseUnits).where(cond);
  return { items: await withLeaders(ctx.db, rows), total, page: q.page, pageSize: q.pageSize };
}

/** One unit with its roster: names and masked phones from the registry, skills, availability. */
export async function getUnit(ctx: AppContext, actor: Actor, id: number) {
  requirePermission(actor, 'read:mobilization');
  await unitInScope(ctx.db, actor, id);
  const [row] = await ctx.db.select(unitColumns).from(responseUnits).where(eq(responseUnits.id, id));
  const [unit] = await withLeaders(ctx.db, [row]);
  const roster = await queryRows<{ id: number; personId: number; position: RosterPosition; skills: string[]; availability: Availability; availabilityNote: string | null; version: number; otherUnits: number }>(
    ctx.db,
    sql`select r.id, r.person_id as "personId", r.position, r.skills, r.availability, r.availability_note as "availabilityNote", r.version,
          (select count(*)::int from roster_members o join response_units ou on ou.id = o.unit_id where o.person_id = r.person_id and o.unit_id <> r.unit_id and ou.archived_at is null) as "otherUnits"
        from roster_members r where r.unit_id = ${id}
        order by case r.position when 'leader' then 0 when 'deputy' then 1 else 2 end, r.id`,
  );
  const people = new Map((await personSummaries(ctx.db, roster.map((r) => r.personId))).map((p) => [p.id, p]));
  return {
    ...unit,
    roster: roster.map((r) => {
      const p = people.get(r.personId);
      return {
        ...r,
        name: p?.name ?? '',
        phoneMasked: p?.phoneMasked ?? null,
        homeUnitName: p?.orgUnitName ?? '',
        positionName: ROSTER_POSITION_ZH[r.position],
        availabilityName: AVAILABILITY_ZH[r.availability],
      };
    }),
  };
}

/** Keeps the roster's leader and deputy rows in step with the unit's. */
async function syncLeadership(tx: DbOrTx, tenantId: string, unitId: number, leader: number | null, deputy: number | null) {
  await tx.execute(sql`update roster_members set position = 'member', version = version + 1, updated_at = now()
    where unit_id = ${unitId} and position <> 'member' and person_id not in (${leader ?? 0}, ${deputy ?? 0})`);
  for (const [personId, position] of [
    [leader, 'leader'],
    [deputy, 'deputy'],
  ] as const) {
    if (personId == null) continue;
    await tx.execute(sql`insert into roster_members (tenant_id, unit_id, person_id, position) values (${tenantId}, ${unitId}, ${personId}, ${position})
      on conflict (unit_id, person_id) do update set position = excluded.position, version = roster_members.version + 1, updated_at = now()
      where roster_members.position <> excluded.position`);
  }
}

async function validateUnitRefs(tx: DbOrTx, actor: Actor, input: Partial<UnitCreate>) {
  if (input.forceId != null) await forceRow(tx, actor, input.forceId, false).catch(() => {
    throw fieldError('mobilization.force_out_of_scope', 'forceId', '所选应急队伍不存在或不适用于本辖区');
  });
  if (input.leaderPersonId != null) await personInScope(tx, actor, input.leaderPersonId, 'leaderPersonId');
  if (input.deputyPersonId != null) await personInScope(tx, actor, input.deputyPersonId, 'deputyPersonId');
  if (input.leaderPersonId != null && input.leaderPersonId === input.deputyPersonId) throw fieldError('mobilization.same_leader', 'deputyPersonId', '负责人和副负责人不能是同一人');
}

export async function createUnit(ctx: AppContext, actor: Actor, input: UnitCreate) {
  requirePermission(actor, 'manage:mobilization');
  return ctx.db.transaction(async (tx) => {
    const org = await getUnitInScope(tx, actor, input.orgUnitId).catch(() => {
      throw fieldError('mobilization.unit_out_of_scope', 'orgUnitId', '所属单位不存在或不在您的管辖范围内');
    });
    if (org.archivedAt) throw fieldError('mobilization.org_archived', 'orgUnitId', `「${org.name}」已撤销`);
    await validateUnitRefs(tx, actor, input);
    const [dup] = await tx.select({ id: responseUnits.id }).from(responseUnits).where(and(eq(responseUnits.orgUnitId, org.id), eq(responseUnits.name, input.name)));
    if (dup) throw fieldError('mobilization.unit_duplicate', 'name', `「${org.name}」已有名为「${input.name}」的单元`);
    const [row] = await tx
      .insert(responseUnits)
      .values({
        tenantId: actor.tenantId,
        orgUnitId: org.id,
        forceId: input.forceId ?? null,
        name: input.name,
        leaderPersonId: input.leaderPersonId ?? null,
        deputyPersonId: input.deputyPersonId ?? null,
        minStrength: input.minStrength,
        note: input.note ?? null,
      })
      .returning();
    await syncLeadership(tx, actor.tenantId, row.id, row.leaderPersonId, row.deputyPersonId);
    await recordAudit(tx, actor, { action: 'mobilization.unit_create', entityType: 'response_unit', entityId: row.id, orgUnitId: org.id, orgPath: org.path, summary: `新建应急响应单元「${org.name} · ${row.name}」`, after: input });
    return row;
  });
}

export async function updateUnit(ctx: AppContext, actor: Actor, id: number, input: UnitUpdate) {
  requirePermission(actor, 'manage:mobilization');
  return ctx.db.transaction(async (tx) => {
    const u = await unitInScope(tx, actor, id);
    if (u.version !== input.version) throw versionConflict('mobilization.unit_version_conflict', u);
    let orgUnitId = u.orgUnitId;
    let path = u.path;
    if (input.orgUnitId != null && input.orgUnitId !== u.orgUnitId) {
      const org = await getUnitInScope(tx, actor, input.orgUnitId).catch(() => {
        throw fieldError('mobilization.unit_out_of_scope', 'orgUnitId', '所属单位不存在或不在您的管辖范围内');
      });
      orgUnitId = org.id;
      path = org.path;
    }
    const changed = { ...input };
    // Unchanged leaders need no scope check: a county-level leader may stay on a town's unit.
    if (changed.leaderPersonId === u.leaderPersonId) delete changed.leaderPersonId;
    if (changed.deputyPersonId === u.deputyPersonId) delete changed.deputyPersonId;
    await validateUnitRefs(tx, actor, changed);
    const leader = input.leaderPersonId === undefined ? u.leaderPersonId : input.leaderPersonId;
    const deputy = input.deputyPersonId === undefined ? u.deputyPersonId : input.deputyPersonId;
    if (leader != null && leader === deputy) throw fieldError('mobilization.same_leader', 'deputyPersonId', '负责人和副负责人不能是同一人');
    const [row] = await tx
      .update(responseUnits)
      .set({
        name: input.name ?? u.name,
        orgUnitId,
        forceId: input.forceId === undefined ? u.forceId : input.forceId,
        leaderPersonId: leader,
        deputyPersonId: deputy,
        minStrength: input.minStrength ?? u.minStrength,
        note: input.note === undefined ? u.note : input.note,
        archivedAt: input.archived === undefined ? u.archivedAt : input.archived ? (u.archivedAt ?? new Date()) : null,
        version: u.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(responseUnits.id, id))
      .returning();
    await syncLeadership(tx, actor.tenantId, id, leader, deputy);
    await recordAudit(tx, actor, {
      action: 'mobilization.unit_update',
      entityType: 'response_unit',
      entityId: id,
      orgUnitId,
      orgPath: path,
      summary: `修改应急响应单元「${row.name}」`,
      before: { name: u.name, orgUnitId: u.orgUnitId, forceId: u.forceId, leaderPersonId: u.leaderPersonId, deputyPersonId: u.deputyPersonId, minStrength: u.minStrength, archived: u.archivedAt != null },
      after: input,
    });
    return row;
  });
}

// ---------------------------------------------------------------- rosters

export async function addRosterMember(ctx: AppContext, actor: Actor, unitId: number, input: RosterAdd) {
  requirePermission(actor, 'manage:mobilization');
  return ctx.db.transaction(async (tx) => {
    const u = await unitInScope(tx, actor, unitId);
    const p = await personInScope(tx, actor, input.personId, 'personId');
    const [dup] = await tx.select({ id: rosterMembers.id }).from(rosterMembers).where(and(eq(rosterMembers.unitId, unitId), eq(rosterMembers.personId, p.id)));
    if (dup) throw conflict('mobilization.roster_duplicate', `「${p.name}」已在本单元名单中`);
    const [row] = await tx
      .insert(rosterMembers)
      .values({ tenantId: actor.tenantId, unitId, personId: p.id, skills: input.skills, availability: input.availability, availabilityNote: input.availabilityNote ?? null })
      .returning();
    await recordAudit(tx, actor, { action: 'mobilization.roster_add', entityType: 'response_unit', entityId: unitId, orgUnitId: u.orgUnitId, orgPath: u.path, summary: `将「${p.name}」编入应急响应单元「${u.name}」`, after: { personId: p.id, skills: input.skills, availability: input.availability } });
    return row;
  });
}

async function rosterRow(tx: DbOrTx, actor: Actor, unitId: number, memberId: number) {
  const u = await unitInScope(tx, actor, unitId);
  const [r] = await tx.select().from(rosterMembers).where(and(eq(rosterMembers.id, memberId), eq(rosterMembers.unitId, unitId)));
  if (!r) throw notFound('mobilization.roster_not_found', '名单中没有该成员');
  return { u, r };
}

export async function updateRosterMember(ctx: AppContext, actor: Actor, unitId: number, memberId: number, input: RosterUpdate) {
  requirePermission(actor, 'manage:mobilization');
  return ctx.db.transaction(async (tx) => {
    const { u, r } = await rosterRow(tx, actor, unitId, memberId);
    if (r.version !== input.version) throw versionConflict('mobilization.roster_version_conflict', r);
    const [row] = await tx
      .update(rosterMembers)
      .set({
        skills: input.skills ?? r.skills,
        availability: input.availability ?? r.availability,
        availabilityNote: input.availabilityNote === undefined ? r.availabilityNote : input.availabilityNote,
        version: r.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(rosterMembers.id, memberId))
      .returning();
    await recordAudit(tx, actor, {
      action: 'mobilization.roster_update',
      entityType: 'response_unit',
      entityId: unitId,
      orgUnitId: u.orgUnitId,
      orgPath: u.path,
      summary: `修改应急响应单元「${u.name}」成员信息`,
      before: { personId: r.personId, skills: r.skills, availability: r.availability },
      after: input,
    });
    return row;
  });
}

export async function removeRosterMember(ctx: AppContext, actor: Actor, unitId: number, memberId: number) {
  requirePermission(actor, 'manage:mobilization');
  return ctx.db.transaction(async (tx) => {
    const { u, r } = await rosterRow(tx, actor, unitId, memberId);
    if (r.position !== 'member') throw badRequest('mobilization.remove_leader', '负责人或副负责人不能直接移出名单，请先在单元信息中更换');
    await tx.delete(rosterMembers).where(eq(rosterMembers.id, memberId));
    await recordAudit(tx, actor, { action: 'mobilization.roster_remove', entityType: 'response_unit', entityId: unitId, orgUnitId: u.orgUnitId, orgPath: u.path, summary: `将成员移出应急响应单元「${u.name}」`, before: { personId: r.personId, skills: r.skills } });
    return { removed: true };
  });
}

// ---------------------------------------------------------------- coverage

/**
 * What the network covers under a unit: villages and communities without any response unit,
 * units whose available members fall short of their minimum strength, and people on several
 * rosters (who would be counted once when both units are activated).
 */
export async function coverage(ctx: AppContext, actor: Actor, orgUnitId?: number) {
  requirePermission(actor, 'read:mobilization');
  const base = await getUnitInScope(ctx.db, actor, orgUnitId ?? actor.orgUnitId);
  const villages = await unitsOfTypesUnder(ctx.db, base.path, ['village', 'community']);
  const covered = await queryRows<{ path: string }>(
    ctx.db,
    sql`select distinct ${unitPathOf('"u"."org_unit_id"')} as path from response_units u where u.archived_at is null and u.org_unit_id in ${unitIdsUnder(base.path)}`,
  );
  const uncovered = villages.filter((v) => !covered.some((c) => c.path.startsWith(v.path)));
  const under = await queryRows<{ id: number; name: string; orgUnitName: string; minStrength: number; available: number; rosterSize: number }>(
    ctx.db,
    sql`select * from (
          select u.id, u.name, ${unitNameOf('"u"."org_unit_id"')} as "orgUnitName", u.min_strength as "minStrength",
            (select count(*)::int from roster_members r where r.unit_id = u.id and r.availability <> 'unavailable') as available,
            (select count(*)::int from roster_members r where r.unit_id = u.id) as "rosterSize"
          from response_units u where u.archived_at is null and u.org_unit_id in ${unitIdsUnder(base.path)}) x
        where x.available < x."minStrength" order by x.id limit 1000`,
  );
  const multi = await queryRows<{ personId: number; unitIds: number[]; unitNames: string[] }>(
    ctx.db,
    sql`select r.person_id as "personId", array_agg(u.id order by u.id) as "unitIds", array_agg(u.name order by u.id) as "unitNames"
        from roster_members r join response_units u on u.id = r.unit_id
        where u.archived_at is null and u.org_unit_id in ${unitIdsUnder(base.path)}
        group by r.person_id having count(*) > 1 order by r.person_id limit 1000`,
  );
  const people = new Map((await personSummaries(ctx.db, multi.map((m) => m.personId))).map((p) => [p.id, p]));
  return {
    unit: { id: base.id, name: base.name },
    villages: villages.length,
    uncoveredVillages: uncovered.map((v) => ({ id: v.id, code: v.code, name: v.name, type: v.type })),
    underStrength: under,
    onSeveralRosters: multi.map((m) => ({
      personId: m.personId,
      name: people.get(m.personId)?.name ?? '',
      phoneMasked: people.get(m.personId)?.phoneMasked ?? null,
      units: m.unitIds.map((id, i) => ({ id, name: m.unitNames[i] })),
    })),
  };
}
