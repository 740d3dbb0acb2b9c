import { eq, sql, type SQL } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { escapeLike } from '../../db/like';
import { inScope, requirePermission } from '../../access';
import { conflict, fieldError, forbidden, notFound, versionConflict } from '../../errors';
import {
  CONTACT_KIND_ZH,
  ENTREPRENEUR_LABEL,
  LEADER_LABEL,
  PAIRING_KIND_ZH,
  PAIRING_STATUS_ZH,
  DEFAULT_SILENCE_DAYS,
  type ContactKind,
  type PairingContact,
  type PairingDetail,
  type PairingKind,
  type PairingListItem,
  type PairingListPage,
  type PairingParty,
  type PairingStatus,
} from '../../../shared/pairings';
import { entityHistory, recordAudit } from '../audit';
import { findUnitsByIds, getUnitInScope, unitIdsUnder, unitNameOf, unitPathOf } from '../org';
import { personSummaries, personsUnder } from '../people';
import { pairingContacts, pairingParties, pairings, type PairingRow } from './pairings.table';
import type { ContactCreate, PairingCreate, PairingEnd, PairingListQuery, PartyInput, PairingUpdate } from './pairings.schema';

/**
 * Pairings (结对联系). Who sees what:
 * - a pairing belongs to its owner unit: accounts whose subtree holds the owner unit read it and,
 *   with `write:ledger`, edit it, end it and log contacts against it;
 * - an account whose subtree holds one of its *unit* parties (a village in a town's 联建, a branch on
 *   a belt) reads it too, but only reads: the owner answers for it. Person parties give no reach —
 *   whom a county leader keeps in touch with is the owner's business, not the entrepreneur's town's.
 */

/** Today in China Standard Time, YYYY-MM-DD: silence and "not in the future" are counted in CST days. */
export const todayCst = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** The last day a pairing runs, as SQL: ended early, else its planned end, else never. */
export const lastDaySql = sql.raw(`coalesce(p.ended_on, p.end_date, 'infinity'::date)`);

/** Pairings the actor may read: owned in their subtree, or with a unit party in it. */
export function visibleTo(actor: Actor): SQL {
  const under = unitIdsUnder(actor.scopePath);
  return sql`(p.tenant_id = ${actor.tenantId} and (p.owner_unit_id in ${under} or exists (select 1 from pairing_parties pp where pp.pairing_id = p.id and pp.org_unit_id in ${under})))`;
}

/** Pairings owned or joined by units under `path` (a filter inside what the actor sees). */
export const involving = (path: string): SQL =>
  sql`(p.owner_unit_id in ${unitIdsUnder(path)} or exists (select 1 from pairing_parties pp where pp.pairing_id = p.id and pp.org_unit_id in ${unitIdsUnder(path)}))`;

export interface PairingBaseRow {
  id: number;
  kind: PairingKind;
  title: string;
  purpose: string;
  ownerUnitId: number;
  ownerUnitName: string;
  ownerPath: string;
  startDate: string;
  endDate: string | null;
  endedOn: string | null;
  version: number;
  createdBy: string;
  lastContactOn: string | null;
  contactCount: number;
}

export const selectBase = sql`select p.id, p.kind, p.title, p.purpose, p.owner_unit_id as "ownerUnitId", ${unitNameOf('"p"."owner_unit_id"')} as "ownerUnitName",
  ${unitPathOf('"p"."owner_unit_id"')} as "ownerPath", p.start_date::text as "startDate", p.end_date::text as "endDate", p.ended_on::text as "endedOn",
  p.version, p.created_by as "createdBy",
  (select max(c.occurred_on)::text from pairing_contacts c where c.pairing_id = p.id) as "lastContactOn",
  (select count(*)::int from pairing_contacts c where c.pairing_id = p.id) as "contactCount"
  from pairings p`;

function statusOf(r: Pick<PairingBaseRow, 'startDate' | 'endDate' | 'endedOn'>, today: string): PairingStatus {
  const last = r.endedOn ?? r.endDate;
  if (r.startDate > today) return 'planned';
  return last && last < today ? 'ended' : 'active';
}

/** Status filter as SQL, the same rule as `statusOf`. */
export function statusSql(status: PairingStatus, today: string): SQL {
  if (status === 'planned') return sql`p.start_date > ${today}::date`;
  if (status === 'ended') return sql`${lastDaySql} < ${today}::date`;
  return sql`(p.start_date <= ${today}::date and ${lastDaySql} >= ${today}::date)`;
}

/** The parties of some pairings, with names (people masked, as the registry shows them). */
async function partiesOf(db: DbOrTx, ids: number[]): Promise<Map<number, PairingParty[]>> {
  const out = new Map<number, PairingParty[]>(ids.map((i) => [i, []]));
  if (!ids.length) return out;
  const rows = await queryRows<{ id: number; pairingId: number; personId: number | null; orgUnitId: number | null; roleLabel: string }>(
    db,
    sql`select pp.id, pp.pairing_id as "pairingId", pp.person_id as "personId", pp.org_unit_id as "orgUnitId", pp.role_label as "roleLabel"
        from pairing_parties pp where pp.pairing_id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) order by pp.id`,
  );
  const people = new Map((await personSummaries(db, rows.flatMap((r) => (r.personId ? [r.personId] : [])))).map((p) => [p.id, p]));
  const units = new Map((await findUnitsByIds(db, [...new Set(rows.flatMap((r) => (r.orgUnitId ? [r.orgUnitId] : [])))])).map((u) => [u.id, u]));
  const parents = new Map((await findUnitsByIds(db, [...new Set([...units.values()].flatMap((u) => (u.parentId ? [u.parentId] : [])))])).map((u) => [u.id, u.name]));
  for (const r of rows) {
    const person = r.personId ? people.get(r.personId) : undefined;
    const unit = r.orgUnitId ? units.get(r.orgUnitId) : undefined;
    out.get(r.pairingId)!.push({
      id: r.id,
      personId: r.personId,
      orgUnitId: r.orgUnitId,
      roleLabel: r.roleLabel,
      name: person?.name ?? unit?.name ?? '',
      unitName: person ? person.orgUnitName : unit?.parentId ? (parents.get(unit.parentId) ?? null) : null,
      phoneMasked: person?.phoneMasked ?? null,
    });
  }
  return out;
}

function partiesText(kind: PairingKind, parties: PairingParty[]): string {
  if (kind === 'leader_entrepreneur' || parties.length === 2) return parties.map((p) => `${p.name}（${p.roleLabel}）`).join(' ↔ ');
  const names = parties.map((p) => p.name);
  const what = parties.every((p) => p.orgUnitId) ? '个单位' : '方';
  return `${parties.length} ${what}：${names.slice(0, 4).join('、')}${names.length > 4 ? ' 等' : ''}`;
}

/** List rows with their parties, status, silence and whether the reader may change them. */
export async function shape(db: DbOrTx, actor: Actor, rows: PairingBaseRow[]): Promise<(PairingListItem & { purpose: string; createdBy: string; ownerPath: string })[]> {
  const parties = await partiesOf(
    db,
    rows.map((r) => r.id),
  );
  const today = todayCst();
  const writer = actor.permissions.includes('write:ledger');
  return rows.map((r) => {
    const status = statusOf(r, today);
    const ps = parties.get(r.id) ?? [];
    return {
      ...r,
      kindName: PAIRING_KIND_ZH[r.kind],
      lastDay: r.endedOn ?? r.endDate,
      status,
      statusName: PAIRING_STATUS_ZH[status],
      silentDays: status === 'active' ? daysBetween(r.lastContactOn ?? r.startDate, today) : null,
      parties: ps,
      partiesText: partiesText(r.kind, ps),
      canEdit: writer && inScope(actor, r.ownerPath),
    };
  });
}

/** What list views show of a shaped row (the purpose and paths stay on the detail page). */
export const listItem = ({ purpose: _p, createdBy: _c, ownerPath: _o, ...item }: PairingListItem & { purpose: string; createdBy: string; ownerPath: string }): PairingListItem => item;

/**
 * The pairing if the actor may read it (404 otherwise, so its existence is not revealed); for
 * `write`, only owners in scope pass — a party's account that can read it gets a 403 saying why.
 */
async function pairingFor(db: DbOrTx, actor: Actor, id: number, mode: 'read' | 'write'): Promise<PairingRow & { ownerPath: string; ownerName: string }> {
  const [row] = await queryRows<{ ownerPath: string; ownerName: string; reach: boolean; tenantId: string }>(
    db,
    sql`select ${unitPathOf('"p"."owner_unit_id"')} as "ownerPath", ${unitNameOf('"p"."owner_unit_id"')} as "ownerName", p.tenant_id as "tenantId",
          exists (select 1 from pairing_parties pp where pp.pairing_id = p.id and pp.org_unit_id in ${unitIdsUnder(actor.scopePath)}) as reach
        from pairings p where p.id = ${id}`,
  );
  const owner = row && row.tenantId === actor.tenantId && inScope(actor, row.ownerPath);
  if (!row || row.tenantId !== actor.tenantId || (!owner && !row.reach)) throw notFound('pairings.not_found', '结对不存在或不在您的管辖范围内');
  if (mode === 'write' && !owner) throw forbidden('pairings.read_only', `该结对由「${row.ownerName}」负责，您所在单位是结对一方，只能查看，联系记录请由负责单位登记`);
  const [p] = await db.select().from(pairings).where(eq(pairings.id, id));
  return { ...p, ownerPath: row.ownerPath, ownerName: row.ownerName };
}

async function detailRow(db: DbOrTx, actor: Actor, id: number) {
  const [row] = await shape(db, actor, await queryRows<PairingBaseRow>(db, sql`${selectBase} where p.id = ${id}`));
  return row;
}

// ---------------------------------------------------------------- reading

export async function listPairings(ctx: AppContext, actor: Actor, q: PairingListQuery): Promise<PairingListPage> {
  requirePermission(actor, 'read:ledger');
  const where: SQL[] = [visibleTo(actor)];
  if (q.orgUnitId) where.push(involving((await getUnitInScope(ctx.db, actor, q.orgUnitId)).path));
  if (q.kind) where.push(sql`p.kind = ${q.kind}`);
  if (q.status) where.push(statusSql(q.status, todayCst()));
  if (q.personId) where.push(sql`exists (select 1 from pairing_parties pp where pp.pairing_id = p.id and pp.person_id = ${q.personId})`);
  if (q.q) where.push(sql`(p.title like ${'%' + escapeLike(q.q) + '%'} or p.purpose like ${'%' + escapeLike(q.q) + '%'})`);
  const cond = sql.join(where, sql` and `);
  const rows = await queryRows<PairingBaseRow>(ctx.db, sql`${selectBase} where ${cond} order by p.start_date desc, p.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`);
  const [{ total }] = await queryRows<{ total: number }>(ctx.db, sql`select count(*)::int as total from pairings p where ${cond}`);
  return { items: (await shape(ctx.db, actor, rows)).map(listItem), total, page: q.page, pageSize: q.pageSize };
}

export async function getPairing(ctx: AppContext, actor: Actor, id: number): Promise<PairingDetail> {
  requirePermission(actor, 'read:ledger');
  await pairingFor(ctx.db, actor, id, 'read');
  return pairingDetail(ctx.db, actor, id);
}

/** The whole detail, for a pairing the caller has shown the actor may read (also a 409's `current`). */
async function pairingDetail(db: DbOrTx, actor: Actor, id: number): Promise<PairingDetail> {
  const { ownerPath: _o, ...row } = await detailRow(db, actor, id);
  const contacts = await queryRows<Omit<PairingContact, 'kindName'>>(
    db,
    sql`select c.id, c.occurred_on::text as "occurredOn", c.kind, c.summary, c.recorded_by as "recordedBy", c.created_at as "createdAt"
        from pairing_contacts c where c.pairing_id = ${id} order by c.occurred_on desc, c.id desc`,
  );
  const events = await entityHistory(db, 'pairing', id);
  const ended = [...events].reverse().find((e) => e.action === 'pairings.end');
  return {
    ...row,
    endReason: ended ? ((ended.after as { reason?: string } | null)?.reason ?? null) : null,
    contacts: contacts.map((c) => ({ ...c, createdAt: new Date(c.createdAt).toISOString(), kindName: CONTACT_KIND_ZH[c.kind as ContactKind] })),
    history: events.map((e) => ({ id: e.id, at: new Date(e.at).toISOString(), actorName: e.actorName, action: e.action, summary: e.summary })),
    silenceDays: DEFAULT_SILENCE_DAYS,
    silent: row.silentDays != null && row.silentDays >= DEFAULT_SILENCE_DAYS,
  };
}

// ---------------------------------------------------------------- validation

interface CheckedParty {
  personId: number | null;
  orgUnitId: number | null;
  roleLabel: string;
  name: string;
}

/**
 * The sides a kind needs, then each party: it exists, is current and lies in the actor's subtree
 * (a pairing joins what the account answers for; the county pairs across towns).
 */
async function checkParties(db: DbOrTx, actor: Actor, kind: PairingKind, parties: PartyInput[]): Promise<CheckedParty[]> {
  const persons = parties.filter((p) => p.personId != null);
  const units = parties.filter((p) => p.orgUnitId != null);
  if (kind === 'leader_entrepreneur') {
    const leaders = persons.filter((p) => p.roleLabel === LEADER_LABEL).length;
    const entrepreneurs = persons.filter((p) => p.roleLabel === ENTREPRENEUR_LABEL).length;
    if (units.length || leaders !== 1 || entrepreneurs !== 1 || persons.length !== 2)
      throw fieldError('pairings.leader_entrepreneur_sides', 'parties', '联系新生代企业家须有且只有一名联系领导和一名企业家，均从人员库中选择');
  } else if (kind === 'joint_building') {
    if (persons.length || units.length < 2) throw fieldError('pairings.joint_needs_two_units', 'parties', '党建联建须有至少两个联建单位（党组织或单位），不能添加个人');
  } else if (kind === 'belt') {
    if (persons.length || units.length < 2) throw fieldError('pairings.belt_needs_two_units', 'parties', '示范带须有至少两个沿线单位（村社、党组织或企业），不能添加个人');
  } else if (parties.length < 2) {
    throw fieldError('pairings.needs_two_parties', 'parties', '结对须有至少两方');
  }

  const people = new Map((await personSummaries(db, persons.map((p) => p.personId!))).map((p) => [p.id, p]));
  const unitRows = new Map((await findUnitsByIds(db, units.map((p) => p.orgUnitId!))).map((u) => [u.id, u]));
  const seen = new Set<string>();
  const out: CheckedParty[] = [];
  for (const [i, p] of parties.entries()) {
    const key = p.personId ? `p${p.personId}` : `u${p.orgUnitId}`;
    if (p.personId) {
      const s = people.get(p.personId);
      if (!s || !inScope(actor, s.path)) throw fieldError('pairings.person_out_of_scope', `parties.${i}.personId`, '人员不存在或不在您的管辖范围内');
      if (seen.has(key)) throw fieldError('pairings.duplicate_party', `parties.${i}.personId`, `「${s.name}」重复添加`);
      if (s.archived) throw fieldError('pairings.person_archived', `parties.${i}.personId`, `「${s.name}」已在人员库中停用`);
      out.push({ personId: s.id, orgUnitId: null, roleLabel: p.roleLabel, name: s.name });
    } else {
      const u = unitRows.get(p.orgUnitId!);
      if (!u || u.tenantId !== actor.tenantId || !inScope(actor, u.path)) throw fieldError('pairings.party_out_of_scope', `parties.${i}.orgUnitId`, '单位不存在或不在您的管辖范围内');
      if (seen.has(key)) throw fieldError('pairings.duplicate_party', `parties.${i}.orgUnitId`, `「${u.name}」重复添加`);
      if (u.archivedAt) throw fieldError('pairings.party_archived', `parties.${i}.orgUnitId`, `「${u.name}」已撤销`);
      out.push({ personId: null, orgUnitId: u.id, roleLabel: p.roleLabel, name: u.name });
    }
    seen.add(key);
  }
  if (kind === 'leader_entrepreneur') {
    // 市党政班子成员联系新生代企业家: the leader side is a cadre (干部 or 党外干部) in the registry.
    const i = parties.findIndex((p) => p.roleLabel === LEADER_LABEL);
    const leader = people.get(parties[i].personId!)!;
    const roles = (await personsUnder(db, leader.path)).find((x) => x.id === leader.id)?.roles ?? [];
    if (!roles.includes('cadre') && !roles.includes('non_party_cadre'))
      throw fieldError('pairings.leader_not_cadre', `parties.${i}.personId`, `「${leader.name}」在人员库中没有现任干部身份，联系领导应为党政领导干部`);
  }
  return out;
}

async function ownerFor(db: DbOrTx, actor: Actor, ownerUnitId: number | undefined) {
  return getUnitInScope(db, actor, ownerUnitId ?? actor.orgUnitId).catch(() => {
    throw fieldError('pairings.owner_out_of_scope', 'ownerUnitId', '负责单位不存在或不在您的管辖范围内');
  });
}

/** Contacts already logged must stay inside the period. */
async function checkAgainstContacts(db: DbOrTx, id: number, startDate: string, endDate: string | null | undefined, endedOn: string | null) {
  const [span] = await queryRows<{ first: string | null; last: string | null }>(
    db,
    sql`select min(occurred_on)::text as first, max(occurred_on)::text as last from pairing_contacts where pairing_id = ${id}`,
  );
  if (span.first && startDate > span.first) throw fieldError('pairings.start_after_contacts', 'startDate', `已有 ${span.first} 的联系记录，开始日期不能晚于该日`);
  if (span.last && endDate && endDate < span.last) throw fieldError('pairings.end_before_contacts', 'endDate', `已有 ${span.last} 的联系记录，结束日期不能早于该日`);
  if (endedOn && startDate > endedOn) throw fieldError('pairings.start_after_ended', 'startDate', `该结对已于 ${endedOn} 提前结束，开始日期不能晚于该日`);
}

const partyRows = (id: number, parties: CheckedParty[]) => parties.map((p) => ({ pairingId: id, personId: p.personId, orgUnitId: p.orgUnitId, roleLabel: p.roleLabel }));
const auditParties = (parties: CheckedParty[]) => parties.map((p) => ({ personId: p.personId, orgUnitId: p.orgUnitId, roleLabel: p.roleLabel, name: p.name }));

// ---------------------------------------------------------------- writing

export async function createPairing(ctx: AppContext, actor: Actor, input: PairingCreate): Promise<PairingDetail> {
  requirePermission(actor, 'write:ledger');
  const id = await ctx.db.transaction(async (tx) => {
    const owner = await ownerFor(tx, actor, input.ownerUnitId);
    const parties = await checkParties(tx, actor, input.kind, input.parties);
    const [row] = await tx
      .insert(pairings)
      .values({ tenantId: actor.tenantId, kind: input.kind, title: input.title, purpose: input.purpose, ownerUnitId: owner.id, startDate: input.startDate, endDate: input.endDate ?? null, createdBy: actor.displayName })
      .returning();
    await tx.insert(pairingParties).values(partyRows(row.id, parties));
    await recordAudit(tx, actor, {
      action: 'pairings.create',
      entityType: 'pairing',
      entityId: row.id,
      orgUnitId: owner.id,
      orgPath: owner.path,
      summary: `新建${PAIRING_KIND_ZH[input.kind]}「${input.title}」（${parties.length} 方，${input.startDate} 起）`,
      after: { ...input, ownerUnitId: owner.id, parties: auditParties(parties) },
    });
    return row.id;
  });
  return getPairing(ctx, actor, id);
}

export async function updatePairing(ctx: AppContext, actor: Actor, id: number, input: PairingUpdate): Promise<PairingDetail> {
  requirePermission(actor, 'write:ledger');
  await ctx.db.transaction(async (tx) => {
    const before = await pairingFor(tx, actor, id, 'write');
    if (before.version !== input.version) throw versionConflict('pairings.version_conflict', await pairingDetail(tx, actor, id));
    const owner = await ownerFor(tx, actor, input.ownerUnitId ?? before.ownerUnitId);
    const parties = await checkParties(tx, actor, input.kind, input.parties);
    if (before.endedOn && input.endDate && input.endDate < before.endedOn) throw fieldError('pairings.end_before_ended', 'endDate', `该结对已于 ${before.endedOn} 提前结束，计划结束日期不能早于该日`);
    await checkAgainstContacts(tx, id, input.startDate, input.endDate, before.endedOn);
    const oldParties = await tx.select().from(pairingParties).where(eq(pairingParties.pairingId, id));
    await tx
      .update(pairings)
      .set({ kind: input.kind, title: input.title, purpose: input.purpose, ownerUnitId: owner.id, startDate: input.startDate, endDate: input.endDate ?? null, version: before.version + 1, updatedAt: new Date() })
      .where(eq(pairings.id, id));
    await tx.delete(pairingParties).where(eq(pairingParties.pairingId, id));
    await tx.insert(pairingParties).values(partyRows(id, parties));
    await recordAudit(tx, actor, {
      action: 'pairings.update',
      entityType: 'pairing',
      entityId: id,
      orgUnitId: owner.id,
      orgPath: owner.path,
      summary: `修改结对「${input.title}」`,
      before: { kind: before.kind, title: before.title, purpose: before.purpose, ownerUnitId: before.ownerUnitId, startDate: before.startDate, endDate: before.endDate, parties: oldParties.map((p) => ({ personId: p.personId, orgUnitId: p.orgUnitId, roleLabel: p.roleLabel })) },
      after: { ...input, ownerUnitId: owner.id, parties: auditParties(parties) },
    });
  });
  return getPairing(ctx, actor, id);
}

/** Ends a pairing before its planned end (or closes an open-ended one), with a reason kept in the audit log. */
export async function endPairing(ctx: AppContext, actor: Actor, id: number, input: PairingEnd): Promise<PairingDetail> {
  requirePermission(actor, 'write:ledger');
  await ctx.db.transaction(async (tx) => {
    const p = await pairingFor(tx, actor, id, 'write');
    if (p.version !== input.version) throw versionConflict('pairings.version_conflict', await pairingDetail(tx, actor, id));
    const today = todayCst();
    if (p.endedOn) throw conflict('pairings.already_ended', `该结对已于 ${p.endedOn} 提前结束`);
    if (p.endDate && p.endDate < today) throw conflict('pairings.already_over', `该结对已于 ${p.endDate} 期满结束，无需提前结束`);
    if (input.endedOn < p.startDate) throw fieldError('pairings.end_before_start', 'endedOn', `结束日期不能早于开始日期 ${p.startDate}`);
    if (input.endedOn > today) throw fieldError('pairings.end_in_future', 'endedOn', '提前结束的日期不能晚于今天；计划在以后结束请修改计划结束日期');
    if (p.endDate && input.endedOn >= p.endDate) throw fieldError('pairings.not_early', 'endedOn', `计划 ${p.endDate} 结束，提前结束日期应早于该日`);
    const [span] = await queryRows<{ last: string | null }>(tx, sql`select max(occurred_on)::text as last from pairing_contacts where pairing_id = ${id}`);
    if (span.last && input.endedOn < span.last) throw fieldError('pairings.end_before_contacts', 'endedOn', `已有 ${span.last} 的联系记录，结束日期不能早于该日`);
    await tx.update(pairings).set({ endedOn: input.endedOn, version: p.version + 1, updatedAt: new Date() }).where(eq(pairings.id, id));
    await recordAudit(tx, actor, {
      action: 'pairings.end',
      entityType: 'pairing',
      entityId: id,
      orgUnitId: p.ownerUnitId,
      orgPath: p.ownerPath,
      summary: `提前结束结对「${p.title}」（${input.endedOn}）：${input.reason}`,
      before: { endDate: p.endDate },
      after: input,
    });
  });
  return getPairing(ctx, actor, id);
}

/** Logs a contact (走访、座谈、联建活动…) against a pairing: within its period and not in the future. */
export async function logContact(ctx: AppContext, actor: Actor, id: number, input: ContactCreate): Promise<PairingDetail> {
  requirePermission(actor, 'write:ledger');
  await ctx.db.transaction(async (tx) => {
    const p = await pairingFor(tx, actor, id, 'write');
    const last = p.endedOn ?? p.endDate;
    if (input.occurredOn > todayCst()) throw fieldError('pairings.contact_in_future', 'occurredOn', '联系日期不能晚于今天');
    if (input.occurredOn < p.startDate) throw fieldError('pairings.contact_before_start', 'occurredOn', `联系日期不能早于结对开始日期 ${p.startDate}`);
    if (last && input.occurredOn > last) throw fieldError('pairings.contact_after_end', 'occurredOn', `该结对已于 ${last} 结束，不能记录之后的联系`);
    const [row] = await tx.insert(pairingContacts).values({ pairingId: id, occurredOn: input.occurredOn, kind: input.kind, summary: input.summary, recordedBy: actor.displayName }).returning();
    await recordAudit(tx, actor, {
      action: 'pairings.contact',
      entityType: 'pairing',
      entityId: id,
      orgUnitId: p.ownerUnitId,
      orgPath: p.ownerPath,
      summary: `记录联系（${input.occurredOn}，${CONTACT_KIND_ZH[input.kind]}）：${input.summary.slice(0, 60)}`,
      after: { contactId: row.id, ...input },
    });
  });
  return getPairing(ctx, actor, id);
}
