import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';

let t: TestApp;
let zzb: Client;
let countyId: number;
let townId: number;
const TOWN = '330784105'; // 石柱镇

beforeAll(async () => {
  t = await createTestApp();
  zzb = await t.login('zzb');
  countyId = await t.unitId('330784');
  townId = await t.unitId(TOWN);
});
afterAll(() => t?.close());

let seq = 0;
const usedPeople = new Set<number>();
/** Registry people of the county not handed out before in this file. */
async function people(n: number): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(t.ctx.db, sql`select id from persons where archived_at is null order by id desc limit 400`);
  const out = rows.map((r) => r.id).filter((id) => !usedPeople.has(id)).slice(0, n);
  out.forEach((id) => usedPeople.add(id));
  return out;
}

async function flat(estate: string, building: string, unitNo: string, area: number) {
  const res = await zzb.post('/api/apartments', { orgUnitId: townId, estate, building, unitNo, area });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; version: number; status: string };
}

/** An apartment programme of 石柱镇 with approved applications: [tier, submitted at, requested area]. */
async function programme(apps: [string, string, string | null][]) {
  const rules = { tiers: [], minEducation: null, employerRequired: false, employerTypes: [], minYearsInCounty: null, amounts: {}, scores: { A: 100, B: 90, C: 80, D: 70, E: 60 }, documents: [] };
  const [p] = await queryRows<{ id: number }>(
    t.ctx.db,
    sql`insert into talent_programmes (tenant_id, code, name, kind, owner_unit_id, rules, opens_on, updated_by)
        values ('330784', ${`TEST-APT-${++seq}`}, ${`测试人才公寓${seq}`}, 'apartment', ${townId}, ${JSON.stringify(rules)}::jsonb, '2026-01-01', '测试') returning id`,
  );
  const persons = await people(apps.length);
  const ids: number[] = [];
  for (const [i, [tier, at, area]] of apps.entries()) {
    const [a] = await queryRows<{ id: number }>(
      t.ctx.db,
      sql`insert into talent_applications (tenant_id, programme_id, person_id, tier, form, status, submitted_at, decided_at)
          values ('330784', ${p.id}, ${persons[i]}, ${tier}, ${JSON.stringify(area ? { area } : {})}::jsonb, 'approved', ${at}::timestamptz, now()) returning id`,
    );
    ids.push(a.id);
  }
  return { id: p.id, apps: ids, persons };
}

async function figure(code: string, year: number) {
  const list = (await zzb.get('/api/indicators')).body as { id: number; code: string }[];
  const ind = list.find((i) => i.code === code)!;
  const r = await zzb.get(`/api/indicators/${ind.id}/aggregate?unitId=${countyId}&from=${year}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.value as number;
}

describe('the inventory', () => {
  it('counts flats per status, consistent with the contracts, under the filters', async () => {
    const all = await zzb.get('/api/apartments?pageSize=5');
    expect(all.status).toBe(200);
    const c = all.body.counts as Record<string, number>;
    expect(c.sold + c.rented + c.free + c.reserved).toBe(all.body.total);
    expect(c.sold).toBeGreaterThan(0);
    expect(c.rented).toBeGreaterThan(0);
    expect(c.free).toBeGreaterThan(0);
    const [db] = await queryRows<{ sold: number; rented: number }>(
      t.ctx.db,
      sql`select count(*) filter (where kind = 'sale')::int as sold, count(*) filter (where kind <> 'sale')::int as rented from apartment_contracts where terminated_on is null`,
    );
    expect([c.sold, c.rented]).toEqual([db.sold, db.rented]);
    const sold = await zzb.get('/api/apartments?status=sold&pageSize=3');
    expect(sold.body.total).toBe(c.sold);
    expect(sold.body.items.every((f: { status: string; contract: { kind: string } | null }) => f.status === 'sold' && f.contract?.kind === 'sale')).toBe(true);
    const estates = (await zzb.get('/api/apartments/estates')).body as { estate: string; total: number }[];
    const first = estates[0];
    expect((await zzb.get(`/api/apartments?estate=${encodeURIComponent(first.estate)}&pageSize=1`)).body.total).toBe(first.total);
    const big = await zzb.get('/api/apartments?minArea=100&pageSize=500');
    expect(big.body.items.every((f: { area: number }) => f.area >= 100)).toBe(true);
    expect((await (await t.login('town')).get('/api/apartments')).status).toBe(403);
  });

  it('keeps a flat’s status consistent with its contracts, with optimistic locking', async () => {
    const f = await flat('测试一致性小区', '1幢', '101', 80);
    expect(f.status).toBe('free');
    const dup = await zzb.post('/api/apartments', { orgUnitId: townId, estate: '测试一致性小区', building: '1幢', unitNo: '101', area: 60 });
    expect(dup.status).toBe(400);
    expect(dup.body.details[0].path).toBe('unitNo');
    const edited = await zzb.patch(`/api/apartments/${f.id}`, { version: f.version, area: 82.5 });
    expect(edited.status).toBe(200);
    expect(edited.body.area).toBe(82.5);
    const stale = await zzb.patch(`/api/apartments/${f.id}`, { version: f.version, area: 90 });
    expect(stale.status).toBe(409);
    expect(stale.body.details.current.area).toBe(82.5);
    const byHand = await zzb.patch(`/api/apartments/${f.id}`, { version: edited.body.version, status: 'rented' });
    expect(byHand.status).toBe(400);
    expect(byHand.body.code).toBe('apartment.status_by_contract');
    expect((await zzb.patch(`/api/apartments/${f.id}`, { version: edited.body.version, status: 'reserved' })).body.code).toBe('apartment.status_by_allocation');

    const [person] = await people(1);
    const noEnd = await zzb.post(`/api/apartments/${f.id}/contracts`, { version: edited.body.version, kind: 'free_rent', personId: person, signedOn: '2025-03-01', startDate: '2025-03-01' });
    expect(noEnd.status).toBe(400);
    expect(noEnd.body.details[0].path).toBe('endDate');
    const signed = await zzb.post(`/api/apartments/${f.id}/contracts`, { version: edited.body.version, kind: 'free_rent', personId: person, signedOn: '2025-03-01', startDate: '2025-03-01', endDate: '2028-02-29' });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    const after = (await zzb.get(`/api/apartments/${f.id}`)).body;
    expect(after.status).toBe('rented');
    expect(after.contract).toMatchObject({ id: signed.body.id, kind: 'free_rent', state: 'live' });
    const freeIt = await zzb.patch(`/api/apartments/${f.id}`, { version: after.version, status: 'free' });
    expect(freeIt.status).toBe(400);
    expect(freeIt.body.code).toBe('apartment.has_live_contract');
    const second = await zzb.post(`/api/apartments/${f.id}/contracts`, { version: after.version, kind: 'sale', personId: person, signedOn: '2025-04-01', startDate: '2025-04-01' });
    expect(second.status).toBe(409);

    const early = await zzb.post(`/api/apartment-contracts/${signed.body.id}/terminate`, { terminatedOn: '2025-02-01', reason: '退房' });
    expect(early.status).toBe(400);
    const ended = await zzb.post(`/api/apartment-contracts/${signed.body.id}/terminate`, { terminatedOn: '2026-01-31', reason: '购房后退房' });
    expect(ended.status).toBe(200);
    expect(ended.body.state).toBe('terminated');
    const freed = (await zzb.get(`/api/apartments/${f.id}`)).body;
    expect(freed.status).toBe('free');
    expect(freed.contract).toBe(null);
    expect(freed.contracts).toHaveLength(1);
    expect((await zzb.post(`/api/apartment-contracts/${signed.body.id}/terminate`, { terminatedOn: '2026-02-01', reason: '再次' })).status).toBe(409);
    const [audit] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int n from audit_events where entity_type in ('apartment', 'apartment_contract') and summary like '%测试一致性小区%'`);
    expect(audit.n).toBeGreaterThanOrEqual(4);
  });

  it('never lets two contracts at once take the same flat', async () => {
    const f = await flat('测试并发签约小区', '1幢', '101', 70);
    const [a, b] = await people(2);
    const body = (personId: number) => ({ version: f.version, kind: 'rent', personId, signedOn: '2025-05-01', startDate: '2025-05-01', endDate: '2026-04-30' });
    const results = await Promise.all([zzb.post(`/api/apartments/${f.id}/contracts`, body(a)), zzb.post(`/api/apartments/${f.id}/contracts`, body(b))]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const [live] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int n from apartment_contracts where apartment_id = ${f.id} and terminated_on is null`);
    expect(live.n).toBe(1);
  });
});

describe('importing the inventory from .xlsx', () => {
  const sheet = async (rows: string[][]) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('房源');
    ws.addRow(['所在镇街编码', '小区（项目）', '楼栋', '房号', '面积（平方米）']);
    rows.forEach((r) => ws.addRow(r));
    return Buffer.from(await wb.xlsx.writeBuffer());
  };

  it('reports each bad row by line and column, then applies nothing or every valid row, as chosen', async () => {
    await flat('测试导入小区', '1幢', '101', 60);
    const file = await sheet([
      [TOWN, '测试导入小区', '2幢', '101', '75'], // line 2: good
      [TOWN, '测试导入小区', '2幢', '102', '七十'], // line 3: area not a number
      ['999999', '测试导入小区', '2幢', '103', '75'], // line 4: unknown unit
      [TOWN, '测试导入小区', '1幢', '101', '60'], // line 5: already in the inventory
      [TOWN, '测试导入小区', '2幢', '101', '75'], // line 6: repeats line 2
      [TOWN, '测试导入小区', '', '104', '90'], // line 7: no building
      [TOWN, '测试导入小区', '3幢', '201', '89.5'], // line 8: good
    ]);
    const preview = await zzb.upload('/api/apartments/import?mode=preview', file);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ total: 7, valid: 2, invalid: 5, applied: 0 });
    const at = (line: number) => preview.body.issues.filter((i: { line: number }) => i.line === line).map((i: { column: string }) => i.column);
    expect(at(3)).toEqual(['面积（平方米）']);
    expect(at(4)).toEqual(['所在镇街编码']);
    expect(at(5)).toEqual(['房号']);
    expect(at(6)).toEqual(['房号']);
    expect(at(7)).toEqual(['楼栋']);
    expect(preview.body.issues.find((i: { line: number }) => i.line === 6).message).toContain('第 2 行');
    const count = async () => (await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int n from apartments where estate = '测试导入小区'`))[0].n;

    const none = await zzb.upload(`/api/apartments/import?mode=all-or-nothing&previewToken=${preview.body.previewToken}`, file);
    expect(none.body.applied).toBe(0);
    expect(await count()).toBe(1);
    const some = await zzb.upload(`/api/apartments/import?mode=valid-only&previewToken=${preview.body.previewToken}`, file);
    expect(some.body.applied).toBe(2);
    expect(await count()).toBe(3);
    const imported = (await zzb.get(`/api/apartments?estate=${encodeURIComponent('测试导入小区')}`)).body.items as { building: string; unitNo: string; status: string; area: number }[];
    expect(imported.map((f) => `${f.building}${f.unitNo}:${f.status}:${f.area}`)).toEqual(['1幢101:free:60', '2幢101:free:75', '3幢201:free:89.5']);
    // The same file again: every row is now a duplicate or bad; the stale token is refused.
    expect((await zzb.upload(`/api/apartments/import?mode=valid-only&previewToken=${preview.body.previewToken}`, file)).status).toBe(409);
  });
});

describe('allocation by the published rule', () => {
  it('ranks by score, breaks a tie by submission time, matches requested areas, and publishes the run', async () => {
    const estate = `测试规则公寓${++seq}`;
    const f1 = await flat(estate, '2幢', '101', 60);
    const f2 = await flat(estate, '10幢', '101', 90);
    const f3 = await flat(estate, '2幢', '1201', 45);
    const f4 = await flat(estate, '2幢', '301', 75);
    const p = await programme([
      ['C', '2026-03-05T10:00:00+08:00', null], // 80, later
      ['C', '2026-03-01T09:00:00+08:00', null], // 80, earlier: ranks first among the Cs
      ['B', '2026-03-20T09:00:00+08:00', '90'], // 90: first, gets the 90㎡ flat
      ['E', '2026-02-01T09:00:00+08:00', '45'], // 60: last, asked for 45㎡
      ['D', '2026-02-02T09:00:00+08:00', null], // 70: no flat left
    ]);
    const preview = await zzb.post('/api/apartment-allocations/preview', { programmeId: p.id, estate });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const rows = preview.body.rows as { rank: number; applicationId: number; score: number; apartmentId: number | null; note: string | null }[];
    expect(rows.map((r) => r.applicationId)).toEqual([p.apps[2], p.apps[1], p.apps[0], p.apps[4], p.apps[3]]);
    expect(rows.map((r) => r.score)).toEqual([90, 80, 80, 70, 60]);
    expect(rows[2].note).toContain('同为 80 分');
    // Flats in order 2幢101 (60), 2幢301 (75), 2幢1201 (45), 10幢101 (90): the B asked for 90㎡.
    expect(rows.map((r) => r.apartmentId)).toEqual([f2.id, f1.id, f4.id, f3.id, null]);
    expect(rows[3].apartmentId).toBe(f3.id);
    expect(preview.body.ruleText).toContain('提交时间');

    const run = await zzb.post('/api/apartment-allocations', { programmeId: p.id, estate, previewToken: preview.body.previewToken });
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    expect(run.body.results.map((r: { apartmentId: number | null; state: string }) => r.state)).toEqual(['reserved', 'reserved', 'reserved', 'reserved', 'waiting']);
    expect(run.body.ruleText).toBe(preview.body.ruleText);
    for (const f of [f1, f2, f3, f4]) expect((await zzb.get(`/api/apartments/${f.id}`)).body.status).toBe('reserved');
    const listed = (await zzb.get(`/api/apartment-allocations?programmeId=${p.id}`)).body;
    expect(listed).toMatchObject([{ id: run.body.id, applications: 5, allocated: 4 }]);

    // Reserved for the B applicant: nobody else may sign for it; they may, and their application is on the contract.
    const flat2 = (await zzb.get(`/api/apartments/${f2.id}`)).body;
    expect(flat2.reservation).toMatchObject({ applicationId: p.apps[2], rank: 1 });
    const wrong = await zzb.post(`/api/apartments/${f2.id}/contracts`, { version: flat2.version, kind: 'free_rent', personId: p.persons[0], signedOn: '2026-06-01', startDate: '2026-06-01', endDate: '2029-05-31' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('apartment_contract.reserved_for_other');
    const right = await zzb.post(`/api/apartments/${f2.id}/contracts`, { version: flat2.version, kind: 'free_rent', personId: p.persons[2], signedOn: '2026-06-01', startDate: '2026-06-01', endDate: '2029-05-31' });
    expect(right.status, JSON.stringify(right.body)).toBe(201);
    expect(right.body.applicationId).toBe(p.apps[2]);
    const published = (await zzb.get(`/api/apartment-allocations/${run.body.id}`)).body;
    expect(published.results[0].state).toBe('signed');

    // Releasing a reservation puts its applicant back in the queue; the next run starts from there.
    const flat3 = (await zzb.get(`/api/apartments/${f3.id}`)).body;
    const released = await zzb.patch(`/api/apartments/${f3.id}`, { version: flat3.version, status: 'free' });
    expect(released.status).toBe(200);
    const again = await zzb.post('/api/apartment-allocations/preview', { programmeId: p.id, estate });
    expect(again.body.rows.map((r: { applicationId: number; apartmentId: number | null }) => [r.applicationId, r.apartmentId])).toEqual([
      [p.apps[4], f3.id],
      [p.apps[3], null],
    ]);
    expect((await zzb.get(`/api/apartment-allocations/${run.body.id}`)).body.results[3].state).toBe('released');
  });

  it('refuses a confirmation that no longer matches its preview', async () => {
    const estate = `测试过期公寓${++seq}`;
    await flat(estate, '1幢', '101', 60);
    const p = await programme([['C', '2026-03-05T10:00:00+08:00', null]]);
    const preview = await zzb.post('/api/apartment-allocations/preview', { programmeId: p.id, estate });
    await flat(estate, '1幢', '100', 60); // a new flat comes first in the order now
    const stale = await zzb.post('/api/apartment-allocations', { programmeId: p.id, estate, previewToken: preview.body.previewToken });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('apartment_allocation.preview_stale');
    const [n] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int n from apartment_allocations where programme_id = ${p.id}`);
    expect(n.n).toBe(0);
  });

  it('never gives one flat twice when two allocations run at once', async () => {
    const estate = `测试并发公寓${++seq}`;
    const flats = [await flat(estate, '1幢', '101', 60), await flat(estate, '1幢', '102', 60)];
    // The same run confirmed twice at once, and another programme over the same flats.
    const p = await programme([['B', '2026-03-01T09:00:00+08:00', null], ['C', '2026-03-02T09:00:00+08:00', null]]);
    const q = await programme([['A', '2026-03-01T09:00:00+08:00', null]]);
    const token = (await zzb.post('/api/apartment-allocations/preview', { programmeId: p.id, estate })).body.previewToken;
    const other = (await zzb.post('/api/apartment-allocations/preview', { programmeId: q.id, estate })).body;
    expect(other.rows[0].apartmentId).toBe(flats[0].id); // both previews offer the first flat
    const results = await Promise.all([
      zzb.post('/api/apartment-allocations', { programmeId: p.id, estate, previewToken: token }),
      zzb.post('/api/apartment-allocations', { programmeId: p.id, estate, previewToken: token }),
      zzb.post('/api/apartment-allocations', { programmeId: q.id, estate, previewToken: other.previewToken }),
    ]);
    const codes = results.map((r) => r.status);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(2);
    const given = await queryRows<{ apartment_id: number; n: number }>(
      t.ctx.db,
      sql`select (r->>'apartmentId')::int as apartment_id, count(*)::int as n from apartment_allocations al cross join lateral jsonb_array_elements(al.results) r
          where al.programme_id in (${p.id}, ${q.id}) and r->>'apartmentId' is not null group by 1`,
    );
    expect(given.every((g) => g.n === 1)).toBe(true);
    const [reserved] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int n from apartments where estate = ${estate} and status = 'reserved'`);
    expect(reserved.n).toBe(given.length);
  });
});

describe('the seed’s housing figures, from the contracts', () => {
  it('counts sales and free rentals signed in the period, live', async () => {
    const [db] = await queryRows<{ sales: number; free21: number; free22: number }>(
      t.ctx.db,
      sql`select count(*) filter (where kind = 'sale' and extract(year from signed_on) = 2022)::int as sales,
            count(*) filter (where kind = 'free_rent' and extract(year from signed_on) = 2021)::int as free21,
            count(*) filter (where kind = 'free_rent' and extract(year from signed_on) = 2022)::int as free22 from apartment_contracts`,
    );
    expect(db.sales).toBeGreaterThan(0);
    expect(await figure('RC_ZFCS', 2022)).toBe(db.sales);
    expect(await figure('RC_MFZF', 2021)).toBe(db.free21);
    expect(await figure('RC_MFZF', 2022)).toBe(db.free22);
    const f = await flat('测试指标小区', '1幢', '101', 88);
    const [person] = await people(1);
    expect((await zzb.post(`/api/apartments/${f.id}/contracts`, { version: f.version, kind: 'free_rent', personId: person, signedOn: '2022-11-30', startDate: '2022-12-01', endDate: '2025-11-30' })).status).toBe(201);
    expect(await figure('RC_MFZF', 2022)).toBe(db.free22 + 1);
    expect(await figure('RC_ZFCS', 2022)).toBe(db.sales);
  });
});
