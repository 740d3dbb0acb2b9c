import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { inScope, requirePermission } from '../../access';
import { escapeLike } from '../../db/like';
import { fieldError, notFound, versionConflict, type FieldIssue, badRequest } from '../../errors';
import { pinyinKeys } from '../../pinyin';
import { maskIdCard, maskPhone, parseIdCard } from '../../../shared/id-card';
import { PARTY_ORG_TYPES, type OrgType } from '../../../shared/org-types';
import { PERSON_ROLE_ZH, type PersonRole } from '../../../shared/person-roles';
import { recordAudit } from '../audit';
import { findUnitsByIds, getUnitInScope, unitIdsUnder, unitNameOf, unitPathOf } from '../org';
import { personRoles, persons, type PersonRow } from './people.table';
import type { PeopleQuery, PersonCreate, PersonRoleInput, PersonUpdate } from './people.schema';

const unitPath = unitPathOf('"persons"."org_unit_id"');
const unitName = unitNameOf('"persons"."org_unit_id"');
const currentRoles = sql<string | null>`(select string_agg(distinct r.role, ',') from person_roles r where r.person_id = "persons"."id" and (r.end_date is null or r.end_date >= current_date))`;

const ORDER: Record<PeopleQuery['sort'], SQL> = {
  name: sql`${persons.namePinyin} asc, ${persons.id} asc`,
  '-name': sql`${persons.namePinyin} desc, ${persons.id} desc`,
  birthDate: sql`${persons.birthDate} asc, ${persons.id} asc`,
  '-birthDate': sql`${persons.birthDate} desc, ${persons.id} desc`,
  createdAt: sql`${persons.id} asc`,
  '-createdAt': sql`${persons.id} desc`,
};

/** Filters shared by the list and the export. Scope is applied through the unit's path. */
async function buildWhere(ctx: AppContext, actor: Actor, q: Omit<PeopleQuery, 'page' | 'pageSize'>): Promise<SQL> {
  const unit = await getUnitInScope(ctx.db, actor, q.orgUnitId ?? actor.orgUnitId);
  // A county root's subtree is its whole tenant: filtering on tenant_id lets the name index
  // serve ORDER BY … LIMIT directly. Below the root, the subtree's unit ids come from one
  // index range scan on the materialized path.
  const where: SQL[] =
    unit.parentId == null
      ? [eq(persons.tenantId, unit.tenantId)]
      : [sql`${persons.orgUnitId} in ${unitIdsUnder(unit.path)}`];
  if (!q.includeArchived) where.push(isNull(persons.archivedAt));
  if (q.gender) where.push(eq(persons.gender, q.gender));
  if (q.role || q.partyStatus) {
    const role = q.role ?? 'party_member';
    const status = q.partyStatus ? sql`and r.status = ${q.partyStatus}` : sql``;
    where.push(sql`exists (select 1 from person_roles r where r.person_id = "persons"."id" and r.role = ${role} and (r.end_date is null or r.end_date >= current_date) ${status})`);
  }
  if (q.q) {
    const text = q.q.toUpperCase();
    if (/^\d{17}[\dX]$/.test(text)) where.push(eq(persons.idHash, ctx.crypto.lookupHash(text)));
    else if (/^1\d{10}$/.test(text)) where.push(eq(persons.phoneHash, ctx.crypto.lookupHash(text)));
    // Chinese text matches the name, Latin letters the pinyin ("hu" → 胡…); each has its own index.
    else if (/^[a-z]+$/i.test(q.q)) where.push(sql`${persons.namePinyin} like ${escapeLike(q.q.toLowerCase()) + '%'}`);
    else where.push(sql`${persons.name} like ${escapeLike(q.q) + '%'}`);
  }
  return and(...where)!;
}

const listColumns = {
  id: persons.id,
  name: persons.name,
  gender: persons.gender,
  birthDate: persons.birthDate,
  idMasked: persons.idMasked,
  phoneMasked: persons.phoneMasked,
  orgUnitId: persons.orgUnitId,
  orgUnitName: unitName,
  roles: currentRoles,
  archived: sql<boolean>`${persons.archivedAt} is not null`,
  version: persons.version,
};

function shapeListRow<T extends { roles: string | null }>(r: T): Omit<T, 'roles'> & { roles: PersonRole[] } {
  return { ...r, roles: r.roles ? (r.roles.split(',') as PersonRole[]) : [] };
}

/** One page of the registry, with masked ID numbers and phones. */
export async function listPeople(ctx: AppContext, actor: Actor, q: PeopleQuery) {
  requirePermission(actor, 'read:people');
  const where = await buildWhere(ctx, actor, q);
  const rows = await ctx.db
    .select(listColumns)
    .from(persons)
    .where(where)
    .orderBy(ORDER[q.sort])
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [{ total }] = await ctx.db.select({ total: sql<number>`count(*)::int` }).from(persons).where(where);
  return { items: rows.map(shapeListRow), total, page: q.page, pageSize: q.pageSize };
}

/** All matching rows for an export; plain values only when asked and permitted. */
export async function peopleForExport(ctx: AppContext, actor: Actor, q: Omit<PeopleQuery, 'page' | 'pageSize'>, reveal: boolean) {
  requirePermission(actor, 'read:people');
  if (reveal) requirePermission(actor, 'reveal:people');
  const where = await buildWhere(ctx, actor, q);
  const rows = await ctx.db
    .select({ ...listColumns, idCipher: persons.idCipher, phoneCipher: persons.phoneCipher })
    .from(persons)
    .where(where)
    .orderBy(ORDER[q.sort]);
  return rows.map(({ idCipher, phoneCipher, ...r }) => ({
    ...shapeListRow(r),
    idNumber: reveal ? ctx.crypto.open(idCipher) : r.idMasked,
    phone: reveal ? (phoneCipher ? ctx.crypto.open(phoneCipher) : '') : (r.phoneMasked ?? ''),
  }));
}

async function personInScope(db: DbOrTx, actor: Actor, id: number) {
  const [row] = await db.select({ p: persons, path: unitPath, unitName }).from(persons).where(eq(persons.id, id));
  if (!row || !inScope(actor, row.path)) throw notFound('people.not_found', '人员不存在或不在您的管辖范围内');
  return row;
}

/** `db` lets a transaction read the record it is about to refuse to overwrite (PGlite has one connection). */
export async function getPerson(ctx: AppContext, actor: Actor, id: number, db: DbOrTx = ctx.db) {
  requirePermission(actor, 'read:people');
  const { p, unitName: name } = await personInScope(db, actor, id);
  const roles = await db.select().from(personRoles).where(eq(personRoles.personId, id)).orderBy(personRoles.startDate);
  const units = new Map((await findUnitsByIds(db, roles.map((r) => r.orgUnitId).filter((x): x is number => x != null))).map((u) => [u.id, u.name]));
  return {
    ...personDto(p),
    orgUnitName: name,
    roles: roles.map((r) => ({
      id: r.id,
      role: r.role as PersonRole,
      orgUnitId: r.orgUnitId,
      orgUnitName: r.orgUnitId ? (units.get(r.orgUnitId) ?? null) : null,
      startDate: r.startDate,
      endDate: r.endDate,
      status: r.status,
      post: r.post,
      rank: r.rank,
      note: r.note,
    })),
  };
}

function personDto(p: PersonRow) {
  return {
    id: p.id,
    name: p.name,
    gender: p.gender,
    birthDate: p.birthDate,
    idMasked: p.idMasked,
    phoneMasked: p.phoneMasked,
    orgUnitId: p.orgUnitId,
    note: p.note,
    archived: p.archivedAt != null,
    version: p.version,
  };
}

/** Audit-safe view of a person: never the plain ID number or phone. */
const auditView = (p: PersonRow, roles?: PersonRoleInput[]) => ({
  name: p.name,
  idNumber: p.idMasked,
  phone: p.phoneMasked,
  orgUnitId: p.orgUnitId,
  note: p.note,
  ...(roles ? { roles: roles.map((r) => `${PERSON_ROLE_ZH[r.role]} ${r.startDate}${r.endDate ? '~' + r.endDate : ''}${r.status ? ' ' + r.status : ''}`) } : {}),
});

/** Derived and protected columns for an ID number and phone. */
export function protectedFields(ctx: AppContext, idNumber: string, phone: string | null | undefined) {
  const parsed = parseIdCard(idNumber);
  if (!parsed.ok) throw new Error('invalid id number reached protectedFields');
  const id = parsed.info.number;
  const ph = phone?.trim() || null;
  return {
    idCipher: ctx.crypto.seal(id),
    idHash: ctx.crypto.lookupHash(id),
    idMasked: maskIdCard(id),
    birthDate: parsed.info.birthDate,
    gender: parsed.info.gender,
    phoneCipher: ph ? ctx.crypto.seal(ph) : null,
    phoneHash: ph ? ctx.crypto.lookupHash(ph) : null,
    phoneMasked: ph ? maskPhone(ph) : null,
  };
}

/** Checks role rows against the tree: a party member's branch must be a party organization in scope. */
/**
 * Checks role rows against the tree. A role attached to a unit outside the actor's subtree (a
 * village member's county-level cadre post) may be kept as it was, but not created or changed:
 * `existing` holds the person's current roles for that comparison.
 */
async function validateRoles(db: DbOrTx, actor: Actor, roles: PersonRoleInput[], existing: PersonRoleInput[] = []) {
  const issues: FieldIssue[] = [];
  const key = (r: PersonRoleInput) => [r.role, r.orgUnitId ?? '', r.startDate, r.endDate ?? '', r.status ?? '', r.post ?? '', r.rank ?? ''].join('|');
  const unchanged = new Set(existing.map(key));
  for (const [i, r] of roles.entries()) {
    if (r.endDate && r.endDate < r.startDate) issues.push({ path: `roles.${i}.endDate`, message: '结束日期不能早于开始日期' });
    if (r.role === 'party_member') {
      if (!r.status) issues.push({ path: `roles.${i}.status`, message: '请选择党员状态（正式/预备）' });
      if (!r.orgUnitId) issues.push({ path: `roles.${i}.orgUnitId`, message: '请选择党员所在党组织' });
    }
    if (r.orgUnitId) {
      const unit = await getUnitInScope(db, actor, r.orgUnitId).catch(() => null);
      if (!unit && unchanged.has(key(r))) continue;
      if (!unit) issues.push({ path: `roles.${i}.orgUnitId`, message: '单位不存在或不在您的管辖范围内' });
      else if (r.role === 'party_member' && !PARTY_ORG_TYPES.includes(unit.type as OrgType)) {
        issues.push({ path: `roles.${i}.orgUnitId`, message: `「${unit.name}」不是党组织，党员应隶属党支部、党总支或党委` });
      }
    }
  }
  // Nor may such a role be dropped by someone who cannot see its unit.
  const sent = new Set(roles.map(key));
  for (const r of existing) {
    if (!r.orgUnitId || sent.has(key(r))) continue;
    if (!(await getUnitInScope(db, actor, r.orgUnitId).catch(() => null))) {
      issues.push({ path: 'roles', message: `不能删除管辖范围以外单位的「${PERSON_ROLE_ZH[r.role]}」记录，请联系上级单位` });
    }
  }
  if (issues.length) throw badRequest('people.role_invalid', issues[0].message, issues);
}

async function assertIdFree(db: DbOrTx, hash: string, exceptId?: number) {
  const [dup] = await db.select({ id: persons.id }).from(persons).where(eq(persons.idHash, hash));
  if (dup && dup.id !== exceptId) throw fieldError('people.id_duplicate', 'idNumber', '该身份证号已在人员库中登记');
}

function roleRows(tenantId: string, personId: number, roles: PersonRoleInput[]) {
  return roles.map((r) => ({
    tenantId,
    personId,
    role: r.role,
    orgUnitId: r.orgUnitId ?? null,
    startDate: r.startDate,
    endDate: r.endDate ?? null,
    status: r.role === 'party_member' ? (r.status ?? null) : null,
    post: r.post ?? null,
    rank: r.rank ?? null,
    note: r.note ?? null,
  }));
}

export async function createPerson(ctx: AppContext, actor: Actor, input: PersonCreate) {
  requirePermission(actor, 'write:people');
  return ctx.db.transaction(async (tx) => {
    const unit = await getUnitInScope(tx, actor, input.orgUnitId).catch(() => {
      throw fieldError('people.unit_out_of_scope', 'orgUnitId', '所在单位不存在或不在您的管辖范围内');
    });
    await validateRoles(tx, actor, input.roles);
    const prot = protectedFields(ctx, input.idNumber, input.phone);
    await assertIdFree(tx, prot.idHash);
    const [row] = await tx
      .insert(persons)
      .values({ tenantId: unit.tenantId, name: input.name, namePinyin: pinyinKeys(input.name).full, orgUnitId: unit.id, note: input.note ?? null, source: 'manual', ...prot })
      .returning();
    if (input.roles.length) await tx.insert(personRoles).values(roleRows(unit.tenantId, row.id, input.roles));
    await recordAudit(tx, actor, {
      action: 'people.create',
      entityType: 'person',
      entityId: row.id,
      orgUnitId: unit.id,
      orgPath: unit.path,
      summary: `登记人员「${row.name}」（${unit.name}）`,
      after: auditView(row, input.roles),
    });
    return { ...personDto(row), orgUnitName: unit.name };
  });
}

/** Saves a person and replaces their roles; 409 with the current record if someone saved first. */
export async function updatePerson(ctx: AppContext, actor: Actor, id: number, input: PersonUpdate) {
  requirePermission(actor, 'write:people');
  return ctx.db.transaction(async (tx) => {
    const { p: before } = await personInScope(tx, actor, id);
    if (before.version !== input.version) throw versionConflict('people.version_conflict', await getPerson(ctx, actor, id, tx));
    const unit = await getUnitInScope(tx, actor, input.orgUnitId).catch(() => {
      throw fieldError('people.unit_out_of_scope', 'orgUnitId', '所在单位不存在或不在您的管辖范围内');
    });
    const beforeRoles = await tx.select().from(personRoles).where(eq(personRoles.personId, id));
    const asInput = (r: (typeof beforeRoles)[number]): PersonRoleInput => ({ ...r, role: r.role as PersonRole, status: r.status as PersonRoleInput['status'] });
    await validateRoles(tx, actor, input.roles, beforeRoles.map(asInput));
    // Masked values are never sent back, so an absent ID number or phone means "keep it";
    // an empty phone ('' or null) means "remove it".
    let prot: Partial<ReturnType<typeof protectedFields>> = {};
    if (input.idNumber) {
      const { phoneCipher: _c, phoneHash: _h, phoneMasked: _m, ...idFields } = protectedFields(ctx, input.idNumber, null);
      prot = idFields;
      await assertIdFree(tx, prot.idHash!, id);
    }
    if (input.phone !== undefined) {
      const phone = input.phone?.trim() || null;
      prot = {
        ...prot,
        phoneCipher: phone ? ctx.crypto.seal(phone) : null,
        phoneHash: phone ? ctx.crypto.lookupHash(phone) : null,
        phoneMasked: phone ? maskPhone(phone) : null,
      };
    }
    const [row] = await tx
      .update(persons)
      .set({ name: input.name, namePinyin: pinyinKeys(input.name).full, orgUnitId: unit.id, note: input.note ?? null, ...prot, version: sql`${persons.version} + 1`, updatedAt: new Date() })
      .where(and(eq(persons.id, id), eq(persons.version, input.version)))
      .returning();
    if (!row) throw versionConflict('people.version_conflict', await getPerson(ctx, actor, id, tx));
    await tx.delete(personRoles).where(eq(personRoles.personId, id));
    if (input.roles.length) await tx.insert(personRoles).values(roleRows(unit.tenantId, id, input.roles));
    await recordAudit(tx, actor, {
      action: 'people.update',
      entityType: 'person',
      entityId: id,
      orgUnitId: unit.id,
      orgPath: unit.path,
      summary: `修改人员「${row.name}」`,
      before: auditView(before, beforeRoles.map(asInput)),
      after: auditView(row, input.roles),
    });
    return { ...personDto(row), orgUnitName: unit.name };
  });
}

export async function setPersonArchived(ctx: AppContext, actor: Actor, id: number, version: number, archived: boolean) {
  requirePermission(actor, 'write:people');
  return ctx.db.transaction(async (tx) => {
    const { p: before, path } = await personInScope(tx, actor, id);
    if (before.version !== version) throw versionConflict('people.version_conflict', await getPerson(ctx, actor, id, tx));
    const [row] = await tx
      .update(persons)
      .set({ archivedAt: archived ? new Date() : null, version: sql`${persons.version} + 1`, updatedAt: new Date() })
      .where(and(eq(persons.id, id), eq(persons.version, version)))
      .returning();
    if (!row) throw versionConflict('people.version_conflict', await getPerson(ctx, actor, id, tx));
    await recordAudit(tx, actor, {
      action: archived ? 'people.archive' : 'people.restore',
      entityType: 'person',
      entityId: id,
      orgUnitId: row.orgUnitId,
      orgPath: path,
      summary: `${archived ? '归档' : '恢复'}人员「${row.name}」`,
    });
    return personDto(row);
  });
}

/** The full ID number and phone of one person. Permissioned, and every call is audit-logged. */
export async function revealPerson(ctx: AppContext, actor: Actor, id: number) {
  requirePermission(actor, 'reveal:people');
  return ctx.db.transaction(async (tx) => {
    const { p, path } = await personInScope(tx, actor, id);
    await recordAudit(tx, actor, {
      action: 'people.reveal',
      entityType: 'person',
      entityId: id,
      orgUnitId: p.orgUnitId,
      orgPath: path,
      summary: `查看「${p.name}」的完整身份证号和手机号`,
    });
    return { idNumber: ctx.crypto.open(p.idCipher), phone: p.phoneCipher ? ctx.crypto.open(p.phoneCipher) : null };
  });
}

/** Number of current party members under a unit — "4.7万余名党员" comes from here. */
export async function countPartyMembers(db: DbOrTx, path: string): Promise<number> {
  const [r] = await queryRows<{ n: number }>(db, sql`
    select count(distinct r.person_id)::int as n from person_roles r
    join persons p on p.id = r.person_id
    where r.role = 'party_member' and (r.end_date is null or r.end_date >= current_date) and p.archived_at is null
      and p.org_unit_id in ${unitIdsUnder(path)}`);
  return r.n;
}

/**
 * People holding `role` on `atDate`, counted per home unit, for units under `path` — the
 * registry's side of figures such as 党员人数 that collection tasks pre-fill instead of asking.
 */
export async function countRoleHoldersPerUnit(db: DbOrTx, role: PersonRole, path: string, atDate: string): Promise<{ orgUnitId: number; path: string; n: number }[]> {
  return queryRows<{ orgUnitId: number; path: string; n: number }>(db, sql`
    select p.org_unit_id as "orgUnitId", ${unitPathOf('"p"."org_unit_id"')} as path, count(distinct r.person_id)::int as n
    from person_roles r join persons p on p.id = r.person_id
    where r.role = ${role} and r.start_date <= ${atDate} and (r.end_date is null or r.end_date >= ${atDate}) and p.archived_at is null
      and p.org_unit_id in ${unitIdsUnder(path)}
    group by p.org_unit_id`);
}


/** What other modules may show of a person: name, masked phone, home unit — never the plain ID or phone. */
export interface PersonSummary {
  id: number;
  name: string;
  phoneMasked: string | null;
  orgUnitId: number;
  orgUnitName: string;
  /** Materialized path of the home unit, for the caller's scope check. */
  path: string;
  archived: boolean;
}

/** People by id with name, masked phone and home unit (rosters, dispatch lists, check-in pages). */
export async function personSummaries(db: DbOrTx, ids: readonly number[]): Promise<PersonSummary[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const out: PersonSummary[] = [];
  for (let i = 0; i < unique.length; i += 5000) {
    const chunk = unique.slice(i, i + 5000);
    out.push(
      ...(await queryRows<PersonSummary>(db, sql`
        select p.id, p.name, p.phone_masked as "phoneMasked", p.org_unit_id as "orgUnitId", ${unitNameOf('"p"."org_unit_id"')} as "orgUnitName",
          ${unitPathOf('"p"."org_unit_id"')} as path, p.archived_at is not null as archived
        from persons p
        where p.id in (${sql.join(chunk.map((id) => sql`${id}`), sql`, `)})`)),
    );
  }
  return out;
}

/**
 * People by ID number, matched through the keyed lookup hash (the plain number is never queried),
 * for other modules' imports. Unparseable numbers are left out of the answer.
 */
export async function personsByIdNumbers(ctx: AppContext, db: DbOrTx, idNumbers: readonly string[]): Promise<Map<string, PersonSummary>> {
  const byHash = new Map<string, string>();
  for (const raw of idNumbers) {
    const p = parseIdCard(raw);
    if (p.ok) byHash.set(ctx.crypto.lookupHash(p.info.number), raw);
  }
  const out = new Map<string, PersonSummary>();
  const hashes = [...byHash.keys()];
  for (let i = 0; i < hashes.length; i += 1000) {
    const found = await db.select({ id: persons.id, h: persons.idHash }).from(persons).where(inArray(persons.idHash, hashes.slice(i, i + 1000)));
    const summaries = new Map((await personSummaries(db, found.map((f) => f.id))).map((s) => [s.id, s]));
    for (const f of found) out.set(byHash.get(f.h)!, summaries.get(f.id)!);
  }
  return out;
}

/**
 * Current (not archived) people whose home unit lies under `path`, with the roles they hold
 * today, in id order — for drawing rosters from the registry (demo, coverage checks).
 */
export async function personsUnder(db: DbOrTx, path: string, opts: { role?: PersonRole } = {}): Promise<{ id: number; name: string; orgUnitId: number; path: string; roles: PersonRole[] }[]> {
  const role = opts.role ? sql`and exists (select 1 from person_roles r where r.person_id = p.id and r.role = ${opts.role} and (r.end_date is null or r.end_date >= current_date))` : sql``;
  const rows = await queryRows<{ id: number; name: string; orgUnitId: number; path: string; roles: string | null }>(db, sql`
    select p.id, p.name, p.org_unit_id as "orgUnitId", ${unitPathOf('"p"."org_unit_id"')} as path,
      (select string_agg(distinct r.role, ',') from person_roles r where r.person_id = p.id and (r.end_date is null or r.end_date >= current_date)) as roles
    from persons p
    where p.archived_at is null and p.org_unit_id in ${unitIdsUnder(path)} ${role}
    order by p.id`);
  return rows.map((r) => ({ ...r, roles: r.roles ? (r.roles.split(',') as PersonRole[]) : [] }));
}

/** A person to insert in bulk (import, demo): plain ID and phone are protected on the way in. */
export interface NewPerson {
  tenantId: string;
  name: string;
  idNumber: string;
  phone: string | null;
  orgUnitId: number;
  source: string;
  note?: string | null;
  roles: { role: PersonRole; orgUnitId?: number | null; startDate: string; endDate?: string | null; status?: string | null; post?: string | null; rank?: string | null }[];
}

/** Inserts people and their roles in chunks; no validation here — callers validate first. */
export async function insertPeople(ctx: AppContext, db: DbOrTx, people: NewPerson[], onProgress?: (done: number, total: number) => void) {
  const CHUNK = 1000;
  for (let i = 0; i < people.length; i += CHUNK) {
    const chunk = people.slice(i, i + CHUNK);
    const inserted = await db
      .insert(persons)
      .values(
        chunk.map((p) => ({
          tenantId: p.tenantId,
          name: p.name,
          namePinyin: pinyinKeys(p.name).full,
          orgUnitId: p.orgUnitId,
          note: p.note ?? null,
          source: p.source,
          ...protectedFields(ctx, p.idNumber, p.phone),
        })),
      )
      .returning({ id: persons.id });
    const roles = chunk.flatMap((p, j) =>
      p.roles.map((r) => ({
        tenantId: p.tenantId,
        personId: inserted[j].id,
        role: r.role,
        orgUnitId: r.orgUnitId ?? null,
        startDate: r.startDate,
        endDate: r.endDate ?? null,
        status: r.status ?? null,
        post: r.post ?? null,
        rank: r.rank ?? null,
      })),
    );
    for (let k = 0; k < roles.length; k += CHUNK) await db.insert(personRoles).values(roles.slice(k, k + CHUNK));
    onProgress?.(Math.min(i + CHUNK, people.length), people.length);
  }
}
