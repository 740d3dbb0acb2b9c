import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';

let t: TestApp;
let zzb: Client;
let town: Client;
let village: Client;
let leader: Client;
let countyId: number;
let townId: number;
let villageId: number;
const cat = new Map<string, number>();

beforeAll(async () => {
  t = await createTestApp();
  [zzb, town, village, leader] = await Promise.all([t.login('zzb'), t.login('town'), t.login('village'), t.login('leader')]);
  countyId = await t.unitId('330784');
  townId = (await town.get('/api/auth/me')).body.orgUnitId;
  villageId = (await village.get('/api/auth/me')).body.orgUnitId;
  for (const c of (await zzb.get('/api/ledger/categories?kind=case')).body) cat.set(c.code, c.id);
});
afterAll(() => t?.close());

const definition = (over: Record<string, unknown> = {}) => ({
  items: [
    { key: 'JYSR', label: '集体经营性收入', indicatorCode: 'JT_JYSR', weight: 60, normalization: { kind: 'minmax' } },
    { key: 'FZ', label: '发展党员', indicatorCode: 'DY_FZ', weight: 40, normalization: { kind: 'rank' } },
  ],
  adjustments: [{ key: 'CQ', label: '超期', direction: 'penalty', measure: { kind: 'overdueCases' }, pointsPer: 2, cap: 6 }],
  vetoes: [{ key: 'WJWF', label: '违纪违法', measure: { kind: 'records', query: { kind: 'case', measure: 'count', categoryCode: 'WJWF', dateBasis: 'registered' } }, atLeast: 1 }],
  grades: [
    { label: '优秀', min: 80 },
    { label: '良好', min: 60 },
    { label: '一般', min: 0 },
  ],
  ...over,
});
const scheme = (code: string, over: Record<string, unknown> = {}) => ({
  code,
  name: `测试擂台${code}`,
  kind: 'competition',
  scopeUnitId: countyId,
  unitTypes: ['village', 'community'],
  periodType: 'year',
  definition: definition(),
  ...over,
});

describe('schemes', () => {
  it('refuses bad definitions field by field, in Chinese', async () => {
    const r = await zzb.post('/api/schemes', scheme('BAD1', { definition: definition({ items: [{ key: 'A', label: '', indicatorCode: 'JT_JYSR', weight: 0, normalization: { kind: 'bands', bands: [{ min: 5, max: 1, score: 3 }] } }], grades: [{ label: '优', min: 50 }, { label: '良', min: 60 }] }) }));
    expect(r.status).toBe(400);
    const paths = r.body.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['definition.items.0.label', 'definition.items.0.weight', 'definition.items.0.normalization.bands.0.max', 'definition.grades.1.min']));
    expect(r.body.details.find((d: { path: string }) => d.path === 'definition.grades.1.min').message).toContain('从高到低');
    const unknown = await zzb.post('/api/schemes', scheme('BAD2', { definition: definition({ items: [{ key: 'A', label: '甲', indicatorCode: 'NOPE', weight: 10, normalization: { kind: 'minmax' } }] }) }));
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'scheme.unknown_indicator', details: [{ path: 'definition.items.0.indicatorCode' }] });
    const monthly = await zzb.post('/api/schemes', scheme('BAD3', { periodType: 'quarter' }));
    expect(monthly.body).toMatchObject({ code: 'scheme.indicator_period' });
    const badQuery = await zzb.post('/api/schemes', scheme('BAD4', { definition: definition({ vetoes: [{ key: 'V', label: '否', measure: { kind: 'records', query: { kind: 'case', measure: 'count', categoryCode: 'NOPE', dateBasis: 'registered' } }, atLeast: 1 }] }) }));
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.details[0].path).toMatch(/^definition\.vetoes\.0\.measure\.query\./);
  });

  it('runs a league table whose every total is reproduced from its breakdown, and ranks a vetoed village last', async () => {
    // A discipline case registered against one village this year vetoes it.
    const c = await zzb.post('/api/cases', { categoryId: cat.get('WJWF'), orgUnitId: villageId, title: '测试违纪案件', registeredOn: '2022-05-01' });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const created = await zzb.post('/api/schemes', scheme('RUN1'));
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const run = await zzb.get(`/api/schemes/${created.body.id}/run?period=2022`);
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    const rows = run.body.rows;
    const villages = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int n from org_units where type in ('village','community') and tenant_id = '330784' and archived_at is null`);
    expect(rows).toHaveLength(villages[0].n);
    const last = rows[rows.length - 1];
    expect(last).toMatchObject({ unitId: villageId, vetoed: true, total: 0, grade: null, vetoes: ['WJWF'] });
    expect(rows.filter((r: { vetoed: boolean }) => r.vetoed)).toHaveLength(1);
    // Min–max over the cohort: the top earner has the full 60 points on that item.
    const incomes = rows.map((r: { items: { raw: number | null }[] }) => r.items[0].raw).filter((x: number | null) => x != null);
    const top = rows.find((r: { items: { raw: number }[] }) => r.items[0].raw === Math.max(...incomes));
    expect(top.items[0]).toMatchObject({ normalized: 1, points: 60, basis: { max: Math.max(...incomes), min: Math.min(...incomes) } });
    for (const r of rows.filter((x: { vetoed: boolean }) => !x.vetoed)) {
      const sum = Math.round(r.items.reduce((s: number, i: { points: number }) => s + i.points, 0) * 100) / 100;
      expect(r.total).toBe(Math.max(0, Math.round((sum + r.bonus - r.penalty) * 100) / 100));
      expect(r.grade).toBe(r.total >= 80 ? '优秀' : r.total >= 60 ? '良好' : '一般');
    }
    // Against the figures themselves: JT_JYSR as the indicators module aggregates it.
    const figure = await zzb.get(`/api/indicators/${(await zzb.get('/api/indicators')).body.find((i: { code: string }) => i.code === 'JT_JYSR').id}/aggregate?unitId=${rows[0].unitId}&from=2022`);
    expect(rows[0].items[0].raw).toBe(figure.body.value);
    expect(run.body.summary).toMatchObject({ cohortSize: rows.length, vetoedCount: 1, maxBase: 100 });
    expect(run.body.summary.tieBreak).toContain('总分相同');
    expect(run.body.summary.vetoes[0].measureText).toBe('台账：事项类别“党员违纪违法”（WJWF，含下级），按登记日期计数');
  });

  it('versions the rules: editing adds a version; a stale edit is refused with 409', async () => {
    const created = await zzb.post('/api/schemes', scheme('VER1'));
    const id = created.body.id;
    const renamed = await zzb.put(`/api/schemes/${id}`, { ...scheme('VER1'), name: '改名不改规则', version: 1 });
    expect(renamed.body.definitionVersionNo).toBe(1);
    const changed = await zzb.put(`/api/schemes/${id}`, { ...scheme('VER1'), definition: definition({ grades: [{ label: '优秀', min: 90 }] }), note: '提高分数线', version: 2 });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.definitionVersionNo).toBe(2);
    const stale = await zzb.put(`/api/schemes/${id}`, { ...scheme('VER1'), version: 2 });
    expect(stale.status).toBe(409);
    const detail = await zzb.get(`/api/schemes/${id}`);
    expect(detail.body.versions.map((v: { versionNo: number }) => v.versionNo)).toEqual([2, 1]);
    const v1 = await zzb.get(`/api/schemes/${id}?versionNo=1`);
    expect(v1.body.definition.grades).toHaveLength(3);
  });
});

describe('publishing', () => {
  let schemeId: number;
  let resultId: number;
  let slug: string;

  it('freezes a result: later corrections to the figures do not move it, and the database refuses to change it', async () => {
    schemeId = (await zzb.post('/api/schemes', scheme('PUB1'))).body.id;
    const before = await zzb.get(`/api/schemes/${schemeId}/run?period=2022`);
    const pub = await zzb.post(`/api/schemes/${schemeId}/results`, { period: '2022', public: true, schemeVersion: 1 });
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    resultId = pub.body.id;
    slug = pub.body.publicSlug;
    expect(slug).toMatch(/^[A-Za-z0-9_-]{24}$/);
    // A discipline case registered late against the leader: the live run drops it, the snapshot does not.
    const leaderId = before.body.rows[0].unitId;
    expect((await zzb.post('/api/cases', { categoryId: cat.get('WJWF'), orgUnitId: leaderId, title: '补登违纪案件', registeredOn: '2022-11-01' })).status).toBe(201);
    const after = await zzb.get(`/api/schemes/${schemeId}/run?period=2022`);
    expect(after.body.rows.find((r: { unitId: number }) => r.unitId === leaderId)).toMatchObject({ vetoed: true, total: 0 });
    const frozen = await zzb.get(`/api/scheme-results/${resultId}`);
    expect(frozen.body.rows.map((r: { unitId: number; total: number }) => [r.unitId, r.total])).toEqual(before.body.rows.map((r: { unitId: number; total: number }) => [r.unitId, r.total]));
    const refused = async (q: Promise<unknown>) => {
      const e = (await q.then(() => null, (x: unknown) => x)) as { message: string; cause?: { message: string } } | null;
      expect(e?.cause?.message ?? e?.message).toMatch(/written once/);
    };
    await refused(t.ctx.db.execute(sql`update scheme_result_rows set total = 100 where result_id = ${resultId}`));
    await refused(t.ctx.db.execute(sql`delete from scheme_results where id = ${resultId}`));
    // The rules changing after publication leave the result on the version it used.
    expect((await zzb.put(`/api/schemes/${schemeId}`, { ...scheme('PUB1'), definition: definition({ grades: [{ label: '优秀', min: 99 }] }), version: 1 })).status).toBe(200);
    expect((await zzb.get(`/api/scheme-results/${resultId}`)).body.summary.versionNo).toBe(1);
  });

  it('refuses to publish when the rules changed since the page was loaded', async () => {
    const r = await zzb.post(`/api/schemes/${schemeId}/results`, { period: '2022', public: false, schemeVersion: 1 });
    expect(r.status).toBe(409);
  });

  it('shows the league table on a public page without login, without breakdowns or veto reasons', async () => {
    const anon = t.anonymous();
    const r = await anon.get(`/api/public/results/${slug}`);
    expect(r.status).toBe(200);
    expect(r.body.rows.length).toBeGreaterThan(5);
    expect(r.body.rows[0]).not.toHaveProperty('breakdown');
    expect(JSON.stringify(r.body)).not.toContain('unitPath');
    expect((await anon.get('/api/public/results/AAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    expect((await anon.get(`/api/scheme-results/${resultId}`)).status).toBe(401);
  });

  it('lets competitors see the published table but not a live ranking, and only their own breakdown', async () => {
    const list = await village.get('/api/schemes');
    expect(list.body.items.find((s: { id: number }) => s.id === schemeId)).toMatchObject({ access: 'participant' });
    expect((await village.get(`/api/schemes/${schemeId}/run?period=2022`)).status).toBe(403);
    const table = await village.get(`/api/scheme-results/${resultId}`);
    expect(table.status).toBe(200);
    expect(table.body.ownUnits).toEqual([villageId]);
    expect(table.body.publicSlug).toBeNull();
    const own = await village.get(`/api/scheme-results/${resultId}/units/${villageId}`);
    expect(own.status).toBe(200);
    expect(own.body.breakdown.items).toHaveLength(2);
    const other = table.body.rows.find((r: { unitId: number }) => r.unitId !== villageId).unitId;
    expect((await village.get(`/api/scheme-results/${resultId}/units/${other}`)).status).toBe(404);
    expect((await village.post(`/api/schemes/${schemeId}/results`, { period: '2022', public: false, schemeVersion: 2 })).status).toBe(403);
    // A town manages nothing here, but sees its villages' breakdowns.
    const townTable = await town.get(`/api/scheme-results/${resultId}`);
    expect(townTable.body.ownUnits.length).toBeGreaterThan(0);
    expect((await leader.get(`/api/schemes/${schemeId}/run?period=2022`)).status).toBe(200);
  });

  it('hides the public address from competitors, and marks a public page superseded by a later publication', async () => {
    expect((await village.get(`/api/schemes/${schemeId}/results`)).body.items[0]).toMatchObject({ publicSlug: null, hasPublicPage: true });
    expect((await village.get('/api/schemes')).body.items.find((s: { id: number }) => s.id === schemeId).latestResult.publicSlug).toBeNull();
    expect((await zzb.get(`/api/schemes/${schemeId}/results`)).body.items[0].publicSlug).toBe(slug);
    const anon = t.anonymous();
    expect((await anon.get(`/api/public/results/${slug}`)).body.superseded).toBe(false);
    const again = await zzb.post(`/api/schemes/${schemeId}/results`, { period: '2022', public: false, schemeVersion: 2 });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect((await anon.get(`/api/public/results/${slug}`)).body.superseded).toBe(true);
    const list = (await zzb.get(`/api/schemes/${schemeId}/results`)).body.items;
    expect(list.map((r: { id: number; superseded: boolean }) => [r.id, r.superseded])).toEqual([
      [again.body.id, false],
      [resultId, true],
    ]);
  });

  it('exports the table as .xlsx, one row per unit', async () => {
    const r = await zzb.get(`/api/scheme-results/${resultId}/export`);
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const frozen = await zzb.get(`/api/scheme-results/${resultId}`);
    expect(ws.rowCount).toBe(frozen.body.rows.length + 1);
    expect(ws.getRow(1).values).toEqual(expect.arrayContaining(['名次', '单位', '总分', '等次', '集体经营性收入（60分）']));
  });

  it('allocates an incentive pool that sums to the pool exactly, and exports it for finance', async () => {
    const bad = await zzb.post(`/api/scheme-results/${resultId}/pools/preview`, { name: '奖金', amount: 100, method: 'tiers', tiers: [{ fromRank: 3, toRank: 1, amountEach: 10 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]).toMatchObject({ path: 'tiers.0.toRank' });
    const preview = await zzb.post(`/api/scheme-results/${resultId}/pools/preview`, { name: '激励奖金', amount: 2_000_000, method: 'tiers', tiers: [{ fromRank: 1, toRank: 3, amountEach: 300_000 }, { fromRank: 4, toRank: 8, amountEach: 100_000 }] });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.sum).toBe(2_000_000);
    const proportional = await zzb.post(`/api/scheme-results/${resultId}/pools`, { name: '按分配比', amount: 1_000_001, method: 'proportional', floor: 30 });
    expect(proportional.status, JSON.stringify(proportional.body)).toBe(200);
    expect(proportional.body.allocations.reduce((s: number, a: { amount: number }) => s + a.amount, 0)).toBe(1_000_001);
    const file = await zzb.get(`/api/incentive-pools/${proportional.body.id}/export`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.raw as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('奖金分配')!;
    let sum = 0;
    ws.eachRow((row, n) => {
      if (n > 1 && row.getCell(2).value !== '合计') sum += Number(row.getCell(5).value);
    });
    expect(sum).toBe(1_000_001);
    expect((await village.get(`/api/incentive-pools/${proportional.body.id}/export`)).status).toBe(403);
    const seen = await village.get(`/api/scheme-results/${resultId}/pools`);
    expect(seen.body.items[0].allocations.every((a: { orgUnitId: number }) => a.orgUnitId === villageId)).toBe(true);
  });

  it('keeps a retired scheme\'s results readable, and takes its public page down', async () => {
    const id = (await zzb.post('/api/schemes', scheme('RET1', { definition: definition({ vetoes: [] }) }))).body.id;
    const pub = await zzb.post(`/api/schemes/${id}/results`, { period: '2022', public: true, schemeVersion: 1 });
    expect((await zzb.post(`/api/schemes/${id}/archive`, { version: 1 })).status).toBe(200);
    expect((await zzb.get(`/api/schemes/${id}`)).status).toBe(404);
    expect((await zzb.get(`/api/scheme-results/${pub.body.id}`)).status).toBe(200);
    expect((await village.get(`/api/scheme-results/${pub.body.id}/units/${villageId}`)).status).toBe(200);
    expect((await t.anonymous().get(`/api/public/results/${pub.body.publicSlug}`)).status).toBe(404);
  });

  it('records every write in the audit log', async () => {
    const rows = await queryRows<{ action: string }>(t.ctx.db, sql`select action from audit_events where action like 'scheme%' or action like 'pool%'`);
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['scheme.create', 'scheme.update', 'scheme.publish', 'scheme_result.export', 'pool.create', 'pool.export']) expect(actions).toContain(a);
  });
});

describe('scope', () => {
  it('keeps a town out of a scheme over another town, and lets it manage nothing without the permission', async () => {
    const other = (await queryRows<{ id: number }>(t.ctx.db, sql`select id from org_units where type in ('town','street') and id <> ${townId} and tenant_id = '330784' order by code limit 1`))[0].id;
    const s = await zzb.post('/api/schemes', scheme('OTHER', { scopeUnitId: other }));
    expect(s.status).toBe(200);
    expect((await town.get(`/api/schemes/${s.body.id}`)).status).toBe(404);
    expect((await town.get('/api/schemes')).body.items.some((x: { id: number }) => x.id === s.body.id)).toBe(false);
    expect((await town.post('/api/schemes', scheme('TOWN1', { scopeUnitId: townId }))).status).toBe(403);
  });
});
