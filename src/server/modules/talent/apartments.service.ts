import { sql, type SQL } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { escapeLike } from '../../db/like';
import { inScope, requirePermission } from '../../access';
import { conflict, fieldError, notFound, versionConflict } from '../../errors';
import { APARTMENT_STATUSES, APARTMENT_STATUS_ZH, CONTRACT_KIND_ZH, type ApartmentStatus, type ContractKind } from '../../../shared/talent';
import { recordAudit } from '../audit';
import { getUnitInScope, unitIdsUnder, unitNameOf, unitPathOf } from '../org';
import { personSummaries } from '../people';
import type { ApartmentCreate, ApartmentListQuery, ApartmentUpdate, ContractCreate, ContractListQuery, ContractTerminate } from './housing.schema';

/**
 * Talent apartments (人才公寓): the inventory of flats and their contracts. A flat belongs to the
 * town or street where its estate is and is visible where that unit is in scope. Its status
 * follows its contracts — a live sale makes it 已售, a live rent or free rent 已出租, terminating
 * the contract frees it — and 已预留 comes only from an allocation run (apartments.allocation.ts);
 * the one status change made by hand is releasing a reservation.
 */

/** Unit types an estate may be located in. */
const PLACE_TYPES = new Set(['county', 'town', 'street', 'village', 'community']);

/** Today in China Standard Time, YYYY-MM-DD. */
export const todayCst = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/**
 * The published order of flats (小区、楼栋、房号): by estate, then building and room number with
 * shorter numbers first, so 2幢 comes before 10幢 and 301 before 1201. Byte order ("C") keeps it
 * the same on every database server.
 */
export const FLAT_ORDER = sql.raw(`a.estate collate "C", length(a.building), a.building collate "C", length(a.unit_no), a.unit_no collate "C", a.id`);

export const flatLabel = (f: { estate: string; building: string; unitNo: string }) => `${f.estate}${f.building}${f.unitNo}室`;

const CONTRACT_STATUS: Record<ContractKind, ApartmentStatus> = { sale: 'sold', rent: 'rented', free_rent: 'rented' };

interface FlatRow {
  id: number;
  orgUnitId: number;
  orgUnitName: string;
  path: string;
  estate: string;
  building: string;
  unitNo: string;
  area: number;
  status: ApartmentStatus;
  version: number;
  updatedAt: string;
}

const selectFlat = sql`select a.id, a.org_unit_id as "orgUnitId", ${unitNameOf('"a"."org_unit_id"')} as "orgUnitName", ${unitPathOf('"a"."org_unit_id"')} as path,
  a.estate, a.building, a.unit_no as "unitNo", a.area::float8 as area, a.status, a.version, a.updated_at as "updatedAt" from apartments a`;

interface ContractRow {
  id: number;
  apartmentId: number;
  personId: number;
  applicationId: number | null;
  kind: ContractKind;
  signedOn: string;
  startDate: string;
  endDate: string | null;
  terminatedOn: string | null;
  createdBy: string;
  createdAt: string;
}

const selectContract = sql`select c.id, c.apartment_id as "apartmentId", c.person_id as "personId", c.application_id as "applicationId", c.kind,
  c.signed_on::text as "signedOn", c.start_date::text as "startDate", c.end_date::text as "endDate", c.terminated_on::text as "terminatedOn",
  c.created_by as "createdBy", c.created_at as "createdAt" from apartment_contracts c`;

/** Contracts with their holders' masked summaries and what state each is in today. */
async function shapeContracts(db: DbOrTx, rows: ContractRow[]) {
  const people = new Map((await personSummaries(db, rows.map((r) => r.personId))).map((p) => [p.id, p]));
  const today = todayCst();
  return rows.map((r) => {
    const p = people.get(r.personId);
    const state = r.terminatedOn ? 'terminated' : r.endDate && r.endDate < today ? 'expired' : 'live';
    return {
      ...r,
      kindName: CONTRACT_KIND_ZH[r.kind],
      personName: p?.name ?? '',
      personUnitName: p?.orgUnitName ?? '',
      phoneMasked: p?.phoneMasked ?? null,
      state,
      stateName: state === 'terminated' ? '已终止' : state === 'expired' ? '已到期未退房' : '履行中',
    };
  });
}

/**
 * Which approved application each reserved flat is held for: the latest allocation run that gave
 * the flat out. Reservations come only from allocation runs, so the latest run naming a flat that
 * is still reserved is the one that reserved it.
 */
export async function reservationsOf(db: DbOrTx, tenantId: string, apartmentIds?: readonly number[]) {
  if (apartmentIds && !apartmentIds.length) return new Map<number, Reservation>();
  const only = apartmentIds ? sql`and a.id in (${sql.join(apartmentIds.map((i) => sql`${i}`), sql`, `)})` : sql``;
  const rows = await queryRows<Reservation>(
    db,
    sql`select distinct on (a.id) a.id as "apartmentId", al.id as "allocationId", al.programme_id as "programmeId", (r->>'applicationId')::int as "applicationId",
          r->>'personName' as "personName", (select ta.person_id from talent_applications ta where ta.id = (r->>'applicationId')::int) as "personId",
          (r->>'rank')::int as rank, al.created_at as "allocatedAt"
        from apartments a
        join apartment_allocations al on al.tenant_id = a.tenant_id
        cross join lateral jsonb_array_elements(al.results) r
        where a.tenant_id = ${tenantId} and a.status = 'reserved' and (r->>'apartmentId')::int = a.id ${only}
        order by a.id, al.id desc`,
  );
  return new Map(rows.map((r) => [r.apartmentId, r]));
}

export interface Reservation {
  apartmentId: number;
  allocationId: number;
  programmeId: number;
  applicationId: number;
  personId: number;
  personName: string;
  rank: number;
  allocatedAt: string;
}

/** A flat the actor may see; 404 when missing or outside their subtree. `lock` takes its row lock. */
async function flatInScope(db: DbOrTx, actor: Actor, id: number, lock = false): Promise<FlatRow> {
  const [row] = await queryRows<FlatRow & { tenantId: string }>(db, sql`${selectFlat} where a.id = ${id} and a.tenant_id = ${actor.tenantId} ${lock ? sql`for update of a` : sql``}`);
  if (!row || !inScope(actor, row.path)) throw notFound('apartment.not_found', '房源不存在或不在您的管辖范围内');
  return row;
}

async function placeFor(db: DbOrTx, actor: Actor, orgUnitId: number) {
  const unit = await getUnitInScope(db, actor, orgUnitId).catch(() => {
    throw fieldError('apartment.unit_out_of_scope', 'orgUnitId', '所在镇街不存在或不在您的管辖范围内');
  });
  if (!PLACE_TYPES.has(unit.type)) throw fieldError('apartment.unit_type', 'orgUnitId', '请选择房源所在的镇（街道）或村（社区）');
  return unit;
}

async function assertFlatFree(db: DbOrTx, tenantId: string, f: { estate: string; building: string; unitNo: string }, exceptId = 0) {
  const [dup] = await queryRows<{ id: number }>(db, sql`select id from apartments where tenant_id = ${tenantId} and estate = ${f.estate} and building = ${f.building} and unit_no = ${f.unitNo} and id <> ${exceptId}`);
  if (dup) throw fieldError('apartment.duplicate', 'unitNo', `「${flatLabel(f)}」已在房源库中`);
}

/** The conditions of a list query (without the status filter, which the counts leave out). */
async function listWhere(ctx: AppContext, actor: Actor, q: Pick<ApartmentListQuery, 'orgUnitId' | 'estate' | 'building' | 'minArea' | 'maxArea' | 'q'>) {
  const base = await getUnitInScope(ctx.db, actor, q.orgUnitId ?? actor.orgUnitId);
  const where: SQL[] = [sql`a.tenant_id = ${actor.tenantId}`, sql`a.org_unit_id in ${unitIdsUnder(base.path)}`];
  if (q.estate) where.push(sql`a.estate = ${q.estate}`);
  if (q.building) where.push(sql`a.building = ${q.building}`);
  if (q.minArea != null) where.push(sql`a.area >= ${q.minArea}`);
  if (q.maxArea != null) where.push(sql`a.area <= ${q.maxArea}`);
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    where.push(sql`(a.unit_no like ${like} or a.building like ${like} or a.estate like ${like})`);
  }
  return where;
}

/** Flats with their live contract or reservation, and how many flats of each status the filters match. */
export async function listApartments(ctx: AppContext, actor: Actor, q: ApartmentListQuery) {
  requirePermission(actor, 'manage:talent');
  const where = await listWhere(ctx, actor, q);
  const all = sql.join(where, sql` and `);
  const cond = q.status ? sql`${all} and a.status = ${q.status}` : all;
  const counted = await queryRows<{ status: ApartmentStatus; n: number }>(ctx.db, sql`select a.status, count(*)::int as n from apartments a where ${all} group by a.status`);
  const counts = Object.fromEntries(APARTMENT_STATUSES.map((s) => [s, counted.find((c) => c.status === s)?.n ?? 0])) as Record<ApartmentStatus, number>;
  const rows = await queryRows<FlatRow>(ctx.db, sql`${selectFlat} where ${cond} order by ${FLAT_ORDER} limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`);
  const total = q.status ? counts[q.status] : Object.values(counts).reduce((a, b) => a + b, 0);
  return { items: await shapeFlats(ctx.db, actor.tenantId, rows), total, page: q.page, pageSize: q.pageSize, counts };
}

async function shapeFlats(db: DbOrTx, tenantId: string, rows: FlatRow[]) {
  const ids = rows.map((r) => r.id);
  const contracts = ids.length ? await shapeContracts(db, await queryRows<ContractRow>(db, sql`${selectContract} where c.terminated_on is null and c.apartment_id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`)) : [];
  const byFlat = new Map(contracts.map((c) => [c.apartmentId, c]));
  const reserved = await reservationsOf(db, tenantId, rows.filter((r) => r.status === 'reserved').map((r) => r.id));
  return rows.map(({ path: _path, ...r }) => ({ ...r, statusName: APARTMENT_STATUS_ZH[r.status], label: flatLabel(r), contract: byFlat.get(r.id) ?? null, reservation: reserved.get(r.id) ?? null }));
}

/** Estates (小区、项目) in the actor's area with their flats per status, for filters and the overview. */
export async function listEstates(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'manage:talent');
  const rows = await queryRows<{ estate: string; status: ApartmentStatus; n: number; buildings: string[] }>(
    ctx.db,
    sql`select a.estate, a.status, count(*)::int as n, array_agg(distinct a.building) as buildings from apartments a
        where a.tenant_id = ${actor.tenantId} and a.org_unit_id in ${unitIdsUnder(actor.scopePath)} group by a.estate, a.status order by a.estate collate "C"`,
  );
  const out = new Map<string, { estate: string; total: number; counts: Record<ApartmentStatus, number>; buildings: Set<string> }>();
  for (const r of rows) {
    const e = out.get(r.estate) ?? { estate: r.estate, total: 0, counts: { free: 0, reserved: 0, rented: 0, sold: 0 }, buildings: new Set<string>() };
    e.counts[r.status] = r.n;
    e.total += r.n;
    r.buildings.forEach((b) => e.buildings.add(b));
    out.set(r.estate, e);
  }
  const natural = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return [...out.values()].map((e) => ({ ...e, buildings: [...e.buildings].sort(natural) }));
}

/** One flat with every contract it has had (newest first) and its reservation, if reserved. */
export async function getApartment(ctx: AppContext, actor: Actor, id: number) {
  requirePermission(actor, 'manage:talent');
  const flat = await flatInScope(ctx.db, actor, id);
  const [shaped] = await shapeFlats(ctx.db, actor.tenantId, [flat]);
  const history = await shapeContracts(ctx.db, await queryRows<ContractRow>(ctx.db, sql`${selectContract} where c.apartment_id = ${id} order by c.signed_on desc, c.id desc`));
  return { ...shaped, contracts: history };
}

export async function createApartment(ctx: AppContext, actor: Actor, input: ApartmentCreate) {
  requirePermission(actor, 'manage:talent');
  return ctx.db.transaction(async (tx) => {
    const unit = await placeFor(tx, actor, input.orgUnitId);
    await assertFlatFree(tx, actor.tenantId, input);
    const [row] = await queryRows<{ id: number }>(
      tx,
      sql`insert into apartments (tenant_id, org_unit_id, estate, building, unit_no, area) values (${actor.tenantId}, ${unit.id}, ${input.estate}, ${input.building}, ${input.unitNo}, ${input.area}) returning id`,
    );
    await recordAudit(tx, actor, { action: 'apartment.create', entityType: 'apartment', entityId: row.id, orgUnitId: unit.id, orgPath: unit.path, summary: `新增房源「${flatLabel(input)}」（${input.area}㎡，${unit.name}）`, after: input });
    const [flat] = await shapeFlats(tx, actor.tenantId, [await flatInScope(tx, actor, row.id)]);
    return flat;
  });
}

/**
 * Edits a flat (optimistic lock on `version`). Status changes must agree with the contracts: a
 * flat under a live contract cannot be marked free, 已出租/已售 come only from signing a
 * contract, and 已预留 only from an allocation run.
 */
export async function updateApartment(ctx: AppContext, actor: Actor, id: number, input: ApartmentUpdate) {
  requirePermission(actor, 'manage:talent');
  return ctx.db.transaction(async (tx) => {
    const flat = await flatInScope(tx, actor, id, true);
    if (flat.version !== input.version) {
      const [current] = await shapeFlats(tx, actor.tenantId, [flat]);
      throw versionConflict('apartment.version_conflict', current);
    }
    const unit = input.orgUnitId && input.orgUnitId !== flat.orgUnitId ? await placeFor(tx, actor, input.orgUnitId) : null;
    const next = { estate: input.estate ?? flat.estate, building: input.building ?? flat.building, unitNo: input.unitNo ?? flat.unitNo };
    if (next.estate !== flat.estate || next.building !== flat.building || next.unitNo !== flat.unitNo) await assertFlatFree(tx, actor.tenantId, next, id);
    const status = input.status ?? flat.status;
    if (status !== flat.status) {
      const [live] = await queryRows<{ kind: ContractKind }>(tx, sql`select kind from apartment_contracts where apartment_id = ${id} and terminated_on is null`);
      if (status === 'free' && live) throw fieldError('apartment.has_live_contract', 'status', `该房源有履行中的${CONTRACT_KIND_ZH[live.kind]}合同，请先终止合同`);
      if (status === 'rented' || status === 'sold') throw fieldError('apartment.status_by_contract', 'status', `“${APARTMENT_STATUS_ZH[status]}”由签订合同产生，请在房源详情中签订合同`);
      if (status === 'reserved') throw fieldError('apartment.status_by_allocation', 'status', '“已预留”由按规则分配产生，不能手工设置');
    }
    const area = input.area ?? flat.area;
    await tx.execute(
      sql`update apartments set org_unit_id = ${unit?.id ?? flat.orgUnitId}, estate = ${next.estate}, building = ${next.building}, unit_no = ${next.unitNo}, area = ${area},
            status = ${status}, version = version + 1, updated_at = now() where id = ${id}`,
    );
    const released = flat.status === 'reserved' && status === 'free';
    await recordAudit(tx, actor, {
      action: released ? 'apartment.release' : 'apartment.update',
      entityType: 'apartment',
      entityId: id,
      orgUnitId: unit?.id ?? flat.orgUnitId,
      orgPath: unit?.path ?? flat.path,
      summary: released ? `释放预留房源「${flatLabel(flat)}」` : `修改房源「${flatLabel(next)}」`,
      before: { orgUnitId: flat.orgUnitId, estate: flat.estate, building: flat.building, unitNo: flat.unitNo, area: flat.area, status: flat.status },
      after: { orgUnitId: unit?.id ?? flat.orgUnitId, ...next, area, status },
    });
    const [out] = await shapeFlats(tx, actor.tenantId, [await flatInScope(tx, actor, id)]);
    return out;
  });
}

const isLiveContractTaken = (err: unknown) => {
  const e = err as { code?: string; constraint?: string; message?: string; cause?: { code?: string; constraint?: string; message?: string } };
  const c = e.cause ?? e;
  return (c.code ?? e.code) === '23505' && `${c.constraint ?? ''}${c.message ?? ''}`.includes('apartment_contracts_one_live_key');
};

/**
 * Signs a contract for a free flat, or for a reserved one with the applicant it is reserved
 * for (the contract then names their application). The flat becomes 已售 or 已出租. At most one
 * live contract per flat is enforced by the database as well (apartment_contracts_one_live_key).
 */
export async function signContract(ctx: AppContext, actor: Actor, apartmentId: number, input: ContractCreate) {
  requirePermission(actor, 'manage:talent');
  try {
    return await ctx.db.transaction(async (tx) => {
      const flat = await flatInScope(tx, actor, apartmentId, true);
      if (flat.version !== input.version) {
        const [current] = await shapeFlats(tx, actor.tenantId, [flat]);
        throw versionConflict('apartment.version_conflict', current);
      }
      if (flat.status === 'rented' || flat.status === 'sold') throw conflict('apartment.not_available', `「${flatLabel(flat)}」${APARTMENT_STATUS_ZH[flat.status]}，请先终止原合同`);
      const [p] = await personSummaries(tx, [input.personId]);
      if (!p || !inScope(actor, p.path)) throw fieldError('apartment_contract.person_out_of_scope', 'personId', '人员不存在或不在您的管辖范围内');
      if (p.archived) throw fieldError('apartment_contract.person_archived', 'personId', `「${p.name}」已在人员库中停用`);
      let applicationId: number | null = null;
      if (flat.status === 'reserved') {
        const held = (await reservationsOf(tx, actor.tenantId, [flat.id])).get(flat.id);
        if (held) {
          if (held.personId !== p.id) throw fieldError('apartment_contract.reserved_for_other', 'personId', `该房源已按规则分配给「${held.personName}」（第 ${held.rank} 名），只能与其签约；如其放弃，请先释放预留`);
          applicationId = held.applicationId;
        }
      }
      if (input.signedOn > todayCst()) throw fieldError('apartment_contract.future', 'signedOn', '签订日期不能晚于今天');
      const [row] = await queryRows<{ id: number }>(
        tx,
        sql`insert into apartment_contracts (tenant_id, apartment_id, person_id, application_id, kind, signed_on, start_date, end_date, created_by)
            values (${actor.tenantId}, ${flat.id}, ${p.id}, ${applicationId}, ${input.kind}, ${input.signedOn}, ${input.startDate}, ${input.endDate ?? null}, ${actor.displayName}) returning id`,
      );
      const status = CONTRACT_STATUS[input.kind];
      await tx.execute(sql`update apartments set status = ${status}, version = version + 1, updated_at = now() where id = ${flat.id}`);
      await recordAudit(tx, actor, {
        action: 'apartment.contract_sign',
        entityType: 'apartment_contract',
        entityId: row.id,
        orgUnitId: flat.orgUnitId,
        orgPath: flat.path,
        summary: `与「${p.name}」签订「${flatLabel(flat)}」${CONTRACT_KIND_ZH[input.kind]}合同（${input.startDate} 起${input.endDate ? `至 ${input.endDate}` : ''}）`,
        after: { ...input, apartmentId: flat.id, applicationId },
      });
      const [c] = await shapeContracts(tx, await queryRows<ContractRow>(tx, sql`${selectContract} where c.id = ${row.id}`));
      return c;
    });
  } catch (err) {
    if (isLiveContractTaken(err)) throw conflict('apartment.contract_exists', '该房源刚刚已签订了合同，请刷新后查看');
    throw err;
  }
}

async function contractInScope(db: DbOrTx, actor: Actor, id: number) {
  const [c] = await queryRows<ContractRow & { path: string; orgUnitId: number; tenantId: string }>(
    db,
    sql`select c.id, c.apartment_id as "apartmentId", c.person_id as "personId", c.kind, c.start_date::text as "startDate", c.signed_on::text as "signedOn", c.terminated_on::text as "terminatedOn",
          c.tenant_id as "tenantId", a.org_unit_id as "orgUnitId", ${unitPathOf('"a"."org_unit_id"')} as path
        from apartment_contracts c join apartments a on a.id = c.apartment_id where c.id = ${id} for update of c, a`,
  );
  if (!c || c.tenantId !== actor.tenantId || !inScope(actor, c.path)) throw notFound('apartment_contract.not_found', '合同不存在或不在您的管辖范围内');
  return c;
}

/** Ends a contract (退房、回购、解约): the flat becomes free again. */
export async function terminateContract(ctx: AppContext, actor: Actor, id: number, input: ContractTerminate) {
  requirePermission(actor, 'manage:talent');
  return ctx.db.transaction(async (tx) => {
    const c = await contractInScope(tx, actor, id);
    if (c.terminatedOn) throw conflict('apartment_contract.already_terminated', `该合同已于 ${c.terminatedOn} 终止`);
    if (input.terminatedOn < c.signedOn) throw fieldError('apartment_contract.terminate_before_sign', 'terminatedOn', `终止日期不能早于签订日期（${c.signedOn}）`);
    if (input.terminatedOn > todayCst()) throw fieldError('apartment_contract.future', 'terminatedOn', '终止日期不能晚于今天');
    await tx.execute(sql`update apartment_contracts set terminated_on = ${input.terminatedOn} where id = ${id}`);
    await tx.execute(sql`update apartments set status = 'free', version = version + 1, updated_at = now() where id = ${c.apartmentId}`);
    const [flat] = await queryRows<{ estate: string; building: string; unitNo: string }>(tx, sql`select estate, building, unit_no as "unitNo" from apartments where id = ${c.apartmentId}`);
    await recordAudit(tx, actor, {
      action: 'apartment.contract_terminate',
      entityType: 'apartment_contract',
      entityId: id,
      orgUnitId: c.orgUnitId,
      orgPath: c.path,
      summary: `终止「${flatLabel(flat)}」${CONTRACT_KIND_ZH[c.kind]}合同（${input.terminatedOn}）：${input.reason}，房源恢复空置`,
      after: input,
    });
    const [out] = await shapeContracts(tx, await queryRows<ContractRow>(tx, sql`${selectContract} where c.id = ${id}`));
    return out;
  });
}

/** Contracts of flats in the actor's area, filtered, newest first. */
export async function listContracts(ctx: AppContext, actor: Actor, q: ContractListQuery) {
  requirePermission(actor, 'manage:talent');
  const base = await getUnitInScope(ctx.db, actor, q.orgUnitId ?? actor.orgUnitId);
  const where: SQL[] = [sql`c.tenant_id = ${actor.tenantId}`, sql`a.org_unit_id in ${unitIdsUnder(base.path)}`];
  if (q.kind) where.push(sql`c.kind = ${q.kind}`);
  if (q.year) where.push(sql`c.signed_on between ${`${q.year}-01-01`}::date and ${`${q.year}-12-31`}::date`);
  if (q.state === 'live') where.push(sql`c.terminated_on is null`);
  if (q.state === 'terminated') where.push(sql`c.terminated_on is not null`);
  if (q.estate) where.push(sql`a.estate = ${q.estate}`);
  const cond = sql.join(where, sql` and `);
  const rows = await queryRows<ContractRow & { estate: string; building: string; unitNo: string; area: number }>(
    ctx.db,
    sql`select c.id, c.apartment_id as "apartmentId", c.person_id as "personId", c.application_id as "applicationId", c.kind,
          c.signed_on::text as "signedOn", c.start_date::text as "startDate", c.end_date::text as "endDate", c.terminated_on::text as "terminatedOn",
          c.created_by as "createdBy", c.created_at as "createdAt", a.estate, a.building, a.unit_no as "unitNo", a.area::float8 as area
        from apartment_contracts c join apartments a on a.id = c.apartment_id where ${cond}
        order by c.signed_on desc, c.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const [{ total }] = await queryRows<{ total: number }>(ctx.db, sql`select count(*)::int as total from apartment_contracts c join apartments a on a.id = c.apartment_id where ${cond}`);
  const shaped = await shapeContracts(ctx.db, rows);
  return { items: shaped.map((c, i) => ({ ...c, flatLabel: flatLabel(rows[i]), area: rows[i].area })), total, page: q.page, pageSize: q.pageSize };
}
