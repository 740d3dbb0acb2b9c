import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { inScope, requirePermission } from '../../access';
import { escapeLike } from '../../db/like';
import { AppError, conflict, fieldError, forbidden, notFound, versionConflict } from '../../errors';
import { ACTIVATION_LEVEL_ZH, ACTIVATION_STATUS_ZH, CHECKIN_RESPONSE_ZH, type ActivationLevel, type ActivationStatus, type CheckinResponse } from '../../../shared/mobilization';
import { recordAudit } from '../audit';
import { getUnitInScope, unitIdsUnder, unitNameOf, unitPathOf } from '../org';
import { personSummaries } from '../people';
import { announceActivationChange } from './activation-bus';
import { activationEvents, activationMembers, activations, activationUnits, type ActivationRow } from './mobilization.table';
import type { ActivationCreate, ActivationListQuery, HandCheckin, MemberListQuery } from './mobilization.schema';
import { hashToken, newSalt, tokenFromSalt } from './tokens';

const SHORT_TIME = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
/** "3月14日 21:40", Beijing time, as messages to members say it. */
export const shortTime = (d: Date) => {
  const p = Object.fromEntries(SHORT_TIME.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.month}月${p.day}日 ${p.hour}:${p.minute}`;
};

/** Timestamps from raw queries arrive as PostgreSQL text on both drivers: answer ISO 8601. */
export const iso = (v: Date | string | null | undefined): string | null => (v == null ? null : new Date(v).toISOString());

export const stoodDownError = () => new AppError(410, 'mobilization.stood_down', '该激活令已解除，报到已关闭');

/** Response units inside the actor's subtree, as SQL on a `response_units` alias. */
const unitInSubtree = (alias: string, scopePath: string): SQL => sql`${sql.raw(`"${alias}"."org_unit_id"`)} in ${unitIdsUnder(scopePath)}`;

/** A PostgreSQL array literal of numbers or of strings that need no quoting (ids, base64url, hex). */
export const pgArray = (values: readonly (number | string)[]) => `{${values.join(',')}}`;

/**
 * The units an order activated inside a subtree, as a literal id list. Queries over an order's
 * members filter on it (`m.unit_id = any(…)`) rather than joining: right after a large order is
 * issued the planner's statistics do not know its members yet (PGlite has no autovacuum at all),
 * and a join planned for one row re-ran its subquery for each of 50,000 members.
 */
export async function activatedUnitsUnder(db: DbOrTx, activationId: number, scopePath: string): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`select au.unit_id as id from activation_units au join response_units ru on ru.id = au.unit_id where au.activation_id = ${activationId} and ${unitInSubtree('ru', scopePath)}`,
  );
  return rows.map((r) => r.id);
}
export const memberOfUnits = (unitIds: readonly number[]): SQL => sql`m.unit_id = any(${pgArray(unitIds)}::int[])`;

/**
 * An actor sees an order issued inside their subtree, or one that activated a unit inside it
 * (a town sees the county's order for its villages, and only its villages on the board).
 */
const visible = (actor: Actor): SQL => sql`(${unitPathOf('"a"."issuer_unit_id"')} like ${escapeLike(actor.scopePath) + '%'}
  or exists (select 1 from activation_units au join response_units ru on ru.id = au.unit_id where au.activation_id = a.id and ${unitInSubtree('ru', actor.scopePath)}))`;

export type VisibleActivation = ActivationRow & { issuerPath: string; issuerName: string };

export async function activationVisible(db: DbOrTx, actor: Actor, id: number): Promise<VisibleActivation> {
  const [row] = await queryRows<{ id: number; issuerPath: string; issuerName: string }>(
    db,
    sql`select a.id, ${unitPathOf('"a"."issuer_unit_id"')} as "issuerPath", ${unitNameOf('"a"."issuer_unit_id"')} as "issuerName"
        from activations a where a.id = ${id} and a.tenant_id = ${actor.tenantId} and ${visible(actor)}`,
  );
  if (!row) throw notFound('mobilization.activation_not_found', '激活令不存在或不在您的管辖范围内');
  const [a] = await db.select().from(activations).where(eq(activations.id, id));
  return { ...a, issuerPath: row.issuerPath, issuerName: row.issuerName };
}

export function activationDto(a: VisibleActivation | (ActivationRow & { issuerName: string })) {
  return {
    id: a.id,
    event: a.event,
    level: a.level as ActivationLevel,
    levelName: ACTIVATION_LEVEL_ZH[a.level as ActivationLevel],
    instructions: a.instructions,
    assemblyPoint: a.assemblyPoint,
    assemblyAt: a.assemblyAt.toISOString(),
    status: a.status as ActivationStatus,
    statusName: ACTIVATION_STATUS_ZH[a.status as ActivationStatus],
    issuerUnitId: a.issuerUnitId,
    issuerName: a.issuerName,
    issuedBy: a.issuedBy,
    issuedAt: a.issuedAt.toISOString(),
    standDownAt: a.standDownAt?.toISOString() ?? null,
    standDownBy: a.standDownBy,
    afterActionNotes: a.afterActionNotes,
    version: a.version,
  };
}

async function appendEvent(tx: DbOrTx, actor: Actor, activationId: number, kind: string, summary: string, detail?: unknown, memberId?: number) {
  await tx.insert(activationEvents).values({ tenantId: actor.tenantId, activationId, kind, memberId: memberId ?? null, actorName: actor.displayName, summary, detail: detail ?? null });
}

interface UnitPick {
  id: number;
  name: string;
  orgUnitId: number;
  path: string;
  minStrength: number;
  archived: boolean;
}

async function unitsWhere(tx: DbOrTx, actor: Actor, cond: SQL): Promise<UnitPick[]> {
  return queryRows<UnitPick>(
    tx,
    sql`select u.id, u.name, u.org_unit_id as "orgUnitId", ${unitPathOf('"u"."org_unit_id"')} as path, u.min_strength as "minStrength", u.archived_at is not null as archived
        from response_units u where u.tenant_id = ${actor.tenantId} and ${cond} order by ${unitPathOf('"u"."org_unit_id"')}, u.id`,
  );
}

const MEMBER_CHUNK = 10_000;

/**
 * Issues an activation order: the chosen units, every unit of a force, and every unit under an
 * org unit (a town), all inside the commander's subtree. Each person is called once, however
 * many activated units they are on — for the unit they lead, else the first one; members marked
 * unavailable are not called. Members and their notifications are written in one transaction;
 * delivery happens after commit (`Outbox`).
 */
export async function createActivation(ctx: AppContext, actor: Actor, input: ActivationCreate) {
  requirePermission(actor, 'command:mobilization');
  const assemblyAt = new Date(input.assemblyAt);
  const result = await ctx.db.transaction(async (tx) => {
    const picked = new Map<number, UnitPick>();
    if (input.unitIds?.length) {
      const ids = [...new Set(input.unitIds)];
      const rows = await unitsWhere(tx, actor, sql`u.id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`);
      if (rows.length !== ids.length) throw fieldError('mobilization.unknown_unit', 'unitIds', '所选应急响应单元不存在');
      if (rows.some((u) => !inScope(actor, u.path))) throw fieldError('mobilization.unit_out_of_scope', 'unitIds', '只能激活本辖区内的应急响应单元');
      const archived = rows.find((u) => u.archived);
      if (archived) throw fieldError('mobilization.unit_archived', 'unitIds', `「${archived.name}」已停用`);
      rows.forEach((u) => picked.set(u.id, u));
    }
    if (input.forceId != null) {
      const [force] = await queryRows<{ id: number; path: string }>(tx, sql`select f.id, ${unitPathOf('"f"."org_unit_id"')} as path from mobilization_forces f where f.id = ${input.forceId} and f.tenant_id = ${actor.tenantId}`);
      if (!force || !(inScope(actor, force.path) || actor.scopePath.startsWith(force.path))) throw fieldError('mobilization.force_out_of_scope', 'forceId', '所选应急队伍不存在或不适用于本辖区');
      // A town commander activating a county force calls that force's units in the town only.
      const rows = await unitsWhere(tx, actor, sql`u.force_id = ${force.id} and u.archived_at is null and ${unitInSubtree('u', actor.scopePath)}`);
      rows.forEach((u) => picked.set(u.id, u));
    }
    if (input.orgUnitId != null) {
      const org = await getUnitInScope(tx, actor, input.orgUnitId).catch(() => {
        throw fieldError('mobilization.org_out_of_scope', 'orgUnitId', '所选单位不存在或不在您的管辖范围内');
      });
      const rows = await unitsWhere(tx, actor, sql`u.archived_at is null and ${unitInSubtree('u', org.path)}`);
      rows.forEach((u) => picked.set(u.id, u));
    }
    const units = [...picked.values()];
    if (!units.length) throw fieldError('mobilization.no_units', 'unitIds', '所选范围内没有可激活的应急响应单元');
    const position = new Map(units.map((u, i) => [u.id, i]));

    // One call per person: prefer the unit they lead, then the order the units were listed in.
    const roster = await queryRows<{ unitId: number; personId: number; rank: number; available: boolean }>(
      tx,
      sql`select r.unit_id as "unitId", r.person_id as "personId", case r.position when 'leader' then 0 when 'deputy' then 1 else 2 end as rank,
            r.availability <> 'unavailable' as available
          from roster_members r where r.unit_id in (${sql.join(units.map((u) => sql`${u.id}`), sql`, `)})`,
    );
    const archivedPeople = new Set((await personSummaries(tx, roster.map((r) => r.personId))).filter((p) => p.archived).map((p) => p.id));
    const callable = roster.filter((r) => r.available && !archivedPeople.has(r.personId));
    callable.sort((a, b) => a.rank - b.rank || position.get(a.unitId)! - position.get(b.unitId)! || a.personId - b.personId);
    const assigned = new Map<number, number>();
    for (const r of callable) if (!assigned.has(r.personId)) assigned.set(r.personId, r.unitId);

    const [a] = await tx
      .insert(activations)
      .values({
        tenantId: actor.tenantId,
        issuerUnitId: actor.orgUnitId,
        event: input.event,
        level: input.level,
        instructions: input.instructions ?? null,
        assemblyPoint: input.assemblyPoint,
        assemblyAt,
        issuedBy: actor.displayName,
        issuedByUserId: actor.userId,
      })
      .returning();
    await tx.insert(activationUnits).values(units.map((u) => ({ tenantId: actor.tenantId, activationId: a.id, unitId: u.id, minStrength: u.minStrength })));

    const people = [...assigned.entries()];
    const title = `【激活令】${input.event}（${ACTIVATION_LEVEL_ZH[input.level]}响应）`;
    // Members go in as column arrays (one parameter each, whatever the count), notifications in
    // one INSERT … SELECT: 50,000 members are queued in a few statements.
    for (let i = 0; i < people.length; i += MEMBER_CHUNK) {
      const chunk = people.slice(i, i + MEMBER_CHUNK);
      const salts = chunk.map(() => newSalt());
      await tx.execute(sql`insert into activation_members (tenant_id, activation_id, unit_id, person_id, token_hash, token_salt)
        select ${actor.tenantId}, ${a.id}, x.unit_id, x.person_id, x.token_hash, x.token_salt
        from unnest(${pgArray(chunk.map(([, unitId]) => unitId))}::int[], ${pgArray(chunk.map(([personId]) => personId))}::int[],
                    ${pgArray(salts.map((salt) => hashToken(tokenFromSalt(ctx.crypto, salt))))}::text[], ${pgArray(salts)}::text[]) as x(unit_id, person_id, token_hash, token_salt)`);
    }
    await tx.execute(sql`insert into mobilization_notifications (tenant_id, activation_id, member_id, kind, title, body)
      select m.tenant_id, m.activation_id, m.id, 'activation', ${title},
        ru.name || ${`：请于 ${shortTime(assemblyAt)} 前到「${input.assemblyPoint}」集结，到达后点链接报到；不能到岗请在链接中说明原因。`}
      from activation_members m join response_units ru on ru.id = m.unit_id where m.activation_id = ${a.id} order by m.id`);
    const summary = { units: units.length, members: people.length, merged: callable.length - people.length, unavailable: roster.length - callable.length };
    await appendEvent(tx, actor, a.id, 'issued', `发布激活令：激活 ${units.length} 个单元，通知 ${people.length} 人`, summary);
    await recordAudit(tx, actor, {
      action: 'mobilization.activate',
      entityType: 'activation',
      entityId: a.id,
      orgUnitId: actor.orgUnitId,
      orgPath: actor.scopePath,
      summary: `发布激活令「${input.event}」（${ACTIVATION_LEVEL_ZH[input.level]}，${units.length} 个单元，${people.length} 人）`,
      after: { ...input, ...summary },
    });
    await announceActivationChange(tx, a.id);
    return { id: a.id, ...summary };
  });
  // A large order changes what the planner should expect of these tables at once; PGlite has no
  // autovacuum to notice, and a server's would take a minute or more.
  if (result.members >= 1000) await ctx.db.execute(sql`analyze activation_members, activation_units, mobilization_notifications`);
  return result;
}

/** Orders the actor can see, newest first, with figures counted inside their subtree. */
export async function listActivations(ctx: AppContext, actor: Actor, q: ActivationListQuery) {
  requirePermission(actor, 'read:mobilization');
  const where: SQL[] = [sql`a.tenant_id = ${actor.tenantId}`, visible(actor)];
  if (q.status) where.push(sql`a.status = ${q.status}`);
  if (q.year) where.push(sql`a.issued_at >= ${`${q.year}-01-01T00:00:00+08:00`}::timestamptz and a.issued_at < ${`${q.year + 1}-01-01T00:00:00+08:00`}::timestamptz`);
  const cond = sql.join(where, sql` and `);
  const scopeUnits = await queryRows<{ id: number }>(ctx.db, sql`select ru.id from response_units ru where ru.tenant_id = ${actor.tenantId} and ${unitInSubtree('ru', actor.scopePath)}`);
  const mine = memberOfUnits(scopeUnits.map((u) => u.id));
  const rows = await queryRows<ActivationRow & { issuerName: string; units: number; members: number; arrived: number; declined: number }>(
    ctx.db,
    sql`select a.id, a.tenant_id as "tenantId", a.issuer_unit_id as "issuerUnitId", a.event, a.level, a.instructions, a.assembly_point as "assemblyPoint",
          a.assembly_at as "assemblyAt", a.status, a.issued_by as "issuedBy", a.issued_by_user_id as "issuedByUserId", a.issued_at as "issuedAt",
          a.stand_down_at as "standDownAt", a.stand_down_by as "standDownBy", a.after_action_notes as "afterActionNotes", a.version,
          ${unitNameOf('"a"."issuer_unit_id"')} as "issuerName",
          (select count(*)::int from activation_units au join response_units ru on ru.id = au.unit_id where au.activation_id = a.id and ${unitInSubtree('ru', actor.scopePath)}) as units,
          c.members, c.arrived, c.declined
        from activations a,
        lateral (select count(*)::int as members, count(*) filter (where m.response = 'arrived')::int as arrived, count(*) filter (where m.response = 'declined')::int as declined
                 from activation_members m where m.activation_id = a.id and ${mine}) c
        where ${cond}
        order by a.issued_at desc, a.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const [{ total }] = await queryRows<{ total: number }>(ctx.db, sql`select count(*)::int as total from activations a where ${cond}`);
  const date = (v: Date | string | null) => (v == null ? null : new Date(v));
  return {
    items: rows.map((r) => ({
      ...activationDto({ ...r, assemblyAt: date(r.assemblyAt)!, issuedAt: date(r.issuedAt)!, standDownAt: date(r.standDownAt) }),
      units: r.units,
      members: r.members,
      arrived: r.arrived,
      declined: r.declined,
      arrivedShare: r.members ? r.arrived / r.members : 0,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** One order, the units it activated inside the actor's subtree, and what the actor may do. */
export async function getActivation(ctx: AppContext, actor: Actor, id: number) {
  requirePermission(actor, 'read:mobilization');
  const a = await activationVisible(ctx.db, actor, id);
  const units = await queryRows<{ id: number; name: string; orgUnitId: number; orgUnitName: string; forceName: string | null; minStrength: number; members: number }>(
    ctx.db,
    sql`select ru.id, ru.name, ru.org_unit_id as "orgUnitId", ${unitNameOf('"ru"."org_unit_id"')} as "orgUnitName",
          (select f.name from mobilization_forces f where f.id = ru.force_id) as "forceName", au.min_strength as "minStrength",
          (select count(*)::int from activation_members m where m.activation_id = au.activation_id and m.unit_id = au.unit_id) as members
        from activation_units au join response_units ru on ru.id = au.unit_id
        where au.activation_id = ${id} and ${unitInSubtree('ru', actor.scopePath)}
        order by ${unitPathOf('"ru"."org_unit_id"')}, ru.id`,
  );
  const command = actor.permissions.includes('command:mobilization');
  return {
    ...activationDto(a),
    units,
    canCommand: command && a.status === 'active',
    canStandDown: command && a.status === 'active' && inScope(actor, a.issuerPath),
    canEditNotes: command && inScope(actor, a.issuerPath),
  };
}

const MEMBER_STATE: Record<NonNullable<MemberListQuery['state']>, SQL> = {
  arrived: sql`m.response = 'arrived'`,
  declined: sql`m.response = 'declined'`,
  silent: sql`m.response is null`,
  unopened: sql`m.opened_at is null and m.response is null`,
};

/** The order's members inside the actor's subtree: who was called, opened, answered, and how. */
export async function listMembers(ctx: AppContext, actor: Actor, id: number, q: MemberListQuery) {
  requirePermission(actor, 'read:mobilization');
  await activationVisible(ctx.db, actor, id);
  const where: SQL[] = [sql`m.activation_id = ${id}`, memberOfUnits(await activatedUnitsUnder(ctx.db, id, actor.scopePath))];
  if (q.unitId) where.push(sql`m.unit_id = ${q.unitId}`);
  if (q.state) where.push(MEMBER_STATE[q.state]);
  const cond = sql.join(where, sql` and `);
  const rows = await queryRows<{
    id: number;
    personId: number;
    unitId: number;
    unitName: string;
    notifiedAt: string | null;
    notifyCount: number;
    openedAt: string | null;
    response: CheckinResponse | null;
    arrivedAt: string | null;
    declinedAt: string | null;
    declineReason: string | null;
    responseVia: 'link' | 'hand' | null;
    checkedInBy: string | null;
  }>(
    ctx.db,
    sql`select m.id, m.person_id as "personId", m.unit_id as "unitId", ru.name as "unitName", m.notified_at as "notifiedAt", m.notify_count as "notifyCount",
          m.opened_at as "openedAt", m.response, m.arrived_at as "arrivedAt", m.declined_at as "declinedAt", m.decline_reason as "declineReason",
          m.response_via as "responseVia", m.checked_in_by as "checkedInBy"
        from activation_members m join response_units ru on ru.id = m.unit_id
        where ${cond} order by m.unit_id, m.id limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const [{ total }] = await queryRows<{ total: number }>(ctx.db, sql`select count(*)::int as total from activation_members m join response_units ru on ru.id = m.unit_id where ${cond}`);
  const people = new Map((await personSummaries(ctx.db, rows.map((r) => r.personId))).map((p) => [p.id, p]));
  return {
    items: rows.map((r) => ({
      ...r,
      notifiedAt: iso(r.notifiedAt),
      openedAt: iso(r.openedAt),
      arrivedAt: iso(r.arrivedAt),
      declinedAt: iso(r.declinedAt),
      name: people.get(r.personId)?.name ?? '',
      phoneMasked: people.get(r.personId)?.phoneMasked ?? null,
      responseName: r.response ? CHECKIN_RESPONSE_ZH[r.response] : '未响应',
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

async function memberInScope(tx: DbOrTx, actor: Actor, activationId: number, memberId: number) {
  const [m] = await queryRows<{ id: number; personId: number; unitId: number; unitName: string; path: string; orgUnitId: number; response: CheckinResponse | null; arrivedAt: Date | null }>(
    tx,
    sql`select m.id, m.person_id as "personId", m.unit_id as "unitId", ru.name as "unitName", ru.org_unit_id as "orgUnitId", ${unitPathOf('"ru"."org_unit_id"')} as path,
          m.response, m.arrived_at as "arrivedAt"
        from activation_members m join response_units ru on ru.id = m.unit_id where m.id = ${memberId} and m.activation_id = ${activationId}`,
  );
  if (!m || !inScope(actor, m.path)) throw notFound('mobilization.member_not_found', '该激活令中没有这名成员，或不在您的管辖范围内');
  return m;
}

/**
 * A commander checks a member in by hand (arrived, or cannot come with a reason), optionally
 * with the time they actually arrived. Always audited and on the order's timeline.
 */
export async function handCheckin(ctx: AppContext, actor: Actor, activationId: number, memberId: number, input: HandCheckin) {
  requirePermission(actor, 'command:mobilization');
  return ctx.db.transaction(async (tx) => {
    const a = await activationVisible(tx, actor, activationId);
    if (a.status !== 'active') throw stoodDownError();
    const m = await memberInScope(tx, actor, activationId, memberId);
    const current = async (changed: boolean) => {
      const [row] = await tx.select().from(activationMembers).where(eq(activationMembers.id, memberId));
      return { id: row.id, changed, response: row.response, arrivedAt: row.arrivedAt?.toISOString() ?? null, declinedAt: row.declinedAt?.toISOString() ?? null, declineReason: row.declineReason, responseVia: row.responseVia, checkedInBy: row.checkedInBy };
    };
    // Confirming someone who already checked in changes nothing (their own check-in stands).
    if (input.response === 'arrived' && m.response === 'arrived' && !input.at) return current(false);
    const at = input.at ? new Date(input.at) : new Date();
    if (at.getTime() < a.issuedAt.getTime() - 60_000 || at.getTime() > Date.now() + 60_000) throw fieldError('mobilization.checkin_time', 'at', '到岗时间应在激活令发布之后、当前时间之前');
    const [p] = await personSummaries(tx, [m.personId]);
    if (input.response === 'arrived') {
      await tx.execute(sql`update activation_members set response = 'arrived', arrived_at = ${at}, response_via = 'hand', checked_in_by = ${actor.displayName},
        checked_in_by_user_id = ${actor.userId}, updated_at = now() where id = ${memberId}`);
    } else {
      await tx.execute(sql`update activation_members set response = 'declined', declined_at = ${at}, decline_reason = ${input.reason ?? null}, arrived_at = null,
        response_via = 'hand', checked_in_by = ${actor.displayName}, checked_in_by_user_id = ${actor.userId}, updated_at = now() where id = ${memberId}`);
    }
    const summary = `代「${p?.name ?? ''}」（${m.unitName}）登记${CHECKIN_RESPONSE_ZH[input.response]}${input.reason ? `：${input.reason}` : ''}`;
    await appendEvent(tx, actor, activationId, 'hand_checkin', summary, { response: input.response, at: at.toISOString(), previous: m.response }, memberId);
    await recordAudit(tx, actor, {
      action: 'mobilization.hand_checkin',
      entityType: 'activation_member',
      entityId: memberId,
      orgUnitId: m.orgUnitId,
      orgPath: m.path,
      summary: `激活令「${a.event}」：${summary}`,
      before: { response: m.response, arrivedAt: m.arrivedAt },
      after: { response: input.response, at: at.toISOString(), reason: input.reason ?? null },
    });
    await announceActivationChange(tx, activationId);
    return current(true);
  });
}

/** Queues a reminder to every member (inside the actor's subtree, or of one unit) who has not answered. */
export async function renotify(ctx: AppContext, actor: Actor, activationId: number, unitId?: number) {
  requirePermission(actor, 'command:mobilization');
  return ctx.db.transaction(async (tx) => {
    const a = await activationVisible(tx, actor, activationId);
    if (a.status !== 'active') throw stoodDownError();
    const where: SQL[] = [sql`m.activation_id = ${activationId}`, sql`m.response is null`, memberOfUnits(await activatedUnitsUnder(tx, activationId, actor.scopePath))];
    if (unitId != null) {
      const [au] = await queryRows<{ path: string }>(tx, sql`select ${unitPathOf('"ru"."org_unit_id"')} as path from activation_units au join response_units ru on ru.id = au.unit_id where au.activation_id = ${activationId} and au.unit_id = ${unitId}`);
      if (!au || !inScope(actor, au.path)) throw notFound('mobilization.unit_not_found', '该激活令未激活此单元，或单元不在您的管辖范围内');
      where.push(sql`m.unit_id = ${unitId}`);
    }
    const title = `【再次提醒】${a.event}（${ACTIVATION_LEVEL_ZH[a.level as ActivationLevel]}响应）`;
    const body = `：您尚未报到。请于 ${shortTime(a.assemblyAt)} 前到「${a.assemblyPoint}」集结并点链接报到；不能到岗请在链接中说明原因。`;
    const [{ n: queued }] = await queryRows<{ n: number }>(
      tx,
      sql`with ins as (insert into mobilization_notifications (tenant_id, activation_id, member_id, kind, title, body)
            select m.tenant_id, m.activation_id, m.id, 'renotify', ${title}, ru.name || ${body}
            from activation_members m join response_units ru on ru.id = m.unit_id where ${sql.join(where, sql` and `)} order by m.id returning 1)
          select count(*)::int as n from ins`,
    );
    await appendEvent(tx, actor, activationId, 'renotify', `再次通知未响应的 ${queued} 人`, { unitId: unitId ?? null, count: queued });
    await recordAudit(tx, actor, { action: 'mobilization.renotify', entityType: 'activation', entityId: activationId, orgUnitId: actor.orgUnitId, orgPath: actor.scopePath, summary: `激活令「${a.event}」：再次通知未响应的 ${queued} 人` });
    return { queued };
  });
}

async function issuerActivation(tx: DbOrTx, actor: Actor, id: number, version: number) {
  const a = await activationVisible(tx, actor, id);
  if (!inScope(actor, a.issuerPath)) throw forbidden('mobilization.not_issuer', '只有发令单位可以解除激活令或修改复盘记录');
  if (a.version !== version) throw versionConflict('mobilization.activation_version_conflict', activationDto(a));
  return a;
}

/** Stands an order down: every check-in link closes (410) and the after-action notes are kept. */
export async function standDown(ctx: AppContext, actor: Actor, id: number, input: { version: number; notes?: string | null }) {
  requirePermission(actor, 'command:mobilization');
  return ctx.db.transaction(async (tx) => {
    const a = await issuerActivation(tx, actor, id, input.version);
    if (a.status !== 'active') throw conflict('mobilization.already_stood_down', '该激活令已解除');
    const [row] = await tx
      .update(activations)
      .set({ status: 'stood_down', standDownAt: new Date(), standDownBy: actor.displayName, afterActionNotes: input.notes ?? a.afterActionNotes, version: a.version + 1 })
      .where(and(eq(activations.id, id), eq(activations.version, a.version)))
      .returning();
    if (!row) throw conflict('mobilization.already_stood_down', '该激活令已解除');
    await appendEvent(tx, actor, id, 'stood_down', '解除激活令，报到链接关闭');
    await recordAudit(tx, actor, { action: 'mobilization.stand_down', entityType: 'activation', entityId: id, orgUnitId: a.issuerUnitId, orgPath: a.issuerPath, summary: `解除激活令「${a.event}」`, after: { notes: input.notes ?? null } });
    await announceActivationChange(tx, id);
    return activationDto({ ...row, issuerName: a.issuerName });
  });
}

/** Edits the after-action notes (复盘记录), during or after the response. */
export async function updateNotes(ctx: AppContext, actor: Actor, id: number, input: { version: number; notes: string }) {
  requirePermission(actor, 'command:mobilization');
  return ctx.db.transaction(async (tx) => {
    const a = await issuerActivation(tx, actor, id, input.version);
    const [row] = await tx.update(activations).set({ afterActionNotes: input.notes || null, version: a.version + 1 }).where(eq(activations.id, id)).returning();
    await appendEvent(tx, actor, id, 'notes', '修改复盘记录');
    await recordAudit(tx, actor, { action: 'mobilization.notes', entityType: 'activation', entityId: id, orgUnitId: a.issuerUnitId, orgPath: a.issuerPath, summary: `修改激活令「${a.event}」的复盘记录`, before: { notes: a.afterActionNotes }, after: { notes: input.notes } });
    return activationDto({ ...row, issuerName: a.issuerName });
  });
}

/** Delivery state of the order's notifications inside the actor's subtree (outbox view). */
export async function listNotifications(ctx: AppContext, actor: Actor, id: number, q: { status?: 'queued' | 'sent' | 'failed'; page: number; pageSize: number }) {
  requirePermission(actor, 'read:mobilization');
  await activationVisible(ctx.db, actor, id);
  const where: SQL[] = [sql`n.activation_id = ${id}`, memberOfUnits(await activatedUnitsUnder(ctx.db, id, actor.scopePath))];
  if (q.status) where.push(sql`n.status = ${q.status}`);
  const cond = sql.join(where, sql` and `);
  const from = sql`from mobilization_notifications n join activation_members m on m.id = n.member_id join response_units ru on ru.id = m.unit_id`;
  const rows = await queryRows<{ id: number; memberId: number; personId: number; unitName: string; kind: string; title: string; status: string; channels: string | null; attempts: number; lastError: string | null; createdAt: string; sentAt: string | null; readAt: string | null }>(
    ctx.db,
    sql`select n.id, n.member_id as "memberId", m.person_id as "personId", ru.name as "unitName", n.kind, n.title, n.status, n.channels, n.attempts, n.last_error as "lastError",
          n.created_at as "createdAt", n.sent_at as "sentAt", n.read_at as "readAt"
        ${from} where ${cond} order by n.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const [{ total }] = await queryRows<{ total: number }>(ctx.db, sql`select count(*)::int as total ${from} where ${cond}`);
  const people = new Map((await personSummaries(ctx.db, rows.map((r) => r.personId))).map((p) => [p.id, p]));
  return {
    items: rows.map((r) => ({ ...r, createdAt: iso(r.createdAt), sentAt: iso(r.sentAt), readAt: iso(r.readAt), name: people.get(r.personId)?.name ?? '' })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
