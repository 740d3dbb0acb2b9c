import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';
import { rollUpTime, type TimeRule } from './aggregate';
import { unitFigures } from './aggregate.service';

let t: TestApp;
let zzb: Client;
let town: Client;
let village: Client;
let countyId: number;
let ids: Map<string, number>;
const TOWN = '330784105';

beforeAll(async () => {
  t = await createTestApp();
  [zzb, town, village] = await Promise.all([t.login('zzb'), t.login('town'), t.login('village')]);
  countyId = await t.unitId('330784');
  const list = await zzb.get('/api/indicators');
  ids = new Map(list.body.map((i: { code: string; id: number }) => [i.code, i.id]));
});
afterAll(() => t?.close());

const agg = async (code: string, q: string) => {
  const res = await zzb.get(`/api/indicators/${ids.get(code)}/aggregate?${q}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

describe('the demo county reproduces the seed', () => {
  it('党员违法数量 同比下降47.06%: 17 cases in 2021, 9 in 2022', async () => {
    const a = await agg('DY_WFJL', `unitId=${countyId}&from=2022`);
    expect(a.value).toBe(9);
    expect(a.lastYear).toBe(17);
    expect(a.yoy).toBeCloseTo(-0.4706, 4);
    expect(a).toMatchObject({ target: 12, met: true });
  });

  // The small test county holds proportionally fewer records; ledger/demo.int.test.ts checks 463 and 5,236 on the full county.
  it('学习强国 articles and lectures are counted live from the ledger, month by month', async () => {
    const [{ articles, lectures }] = await queryRows<{ articles: number; lectures: number }>(
      t.ctx.db,
      sql`select count(*) filter (where c.code = 'GJ' and a.attributes ->> 'outlet' = '学习强国')::int as articles,
                 count(*) filter (where c.code in ('XJ', 'XJ_ESD', 'XJ_GTFY'))::int as lectures
          from activities a join ledger_categories c on c.id = a.category_id
          where a.archived_at is null and a.held_on between '2022-01-01' and '2022-12-31'`,
    );
    expect(articles).toBeGreaterThan(0);
    expect((await agg('XXQG_GJ', `unitId=${countyId}&from=2022`)).value).toBe(articles);
    expect((await agg('XXQG_GJ', `unitId=${countyId}&from=2022-01&to=2022-12`)).value).toBe(articles);
    const series = await zzb.get(`/api/indicators/${ids.get('XXQG_GJ')}/series?unitId=${countyId}&from=2022&granularity=quarter`);
    expect(series.body.points.map((p: { period: string }) => p.period)).toEqual(['2022Q1', '2022Q2', '2022Q3', '2022Q4']);
    expect(series.body.points.reduce((s: number, p: { value: number }) => s + p.value, 0)).toBe(articles);
    expect((await agg('XJ_CC', `unitId=${countyId}&from=2022`)).value).toBe(lectures);
  });

  it('the collective-economy share is villages over the threshold / all administrative villages, ranked 1st in Jinhua', async () => {
    const a = await agg('JT_100_ZB', `unitId=${countyId}&from=2022`);
    const [direct] = await queryRows<{ over: number; all: number }>(
      t.ctx.db,
      sql`select count(*) filter (where v.approved_value >= 100)::int as over, count(*)::int as "all"
          from indicator_values v join org_units o on o.id = v.org_unit_id join indicators i on i.id = v.indicator_id
          where i.code = 'JT_JYSR' and v.period = '2022' and o.type = 'village'`,
    );
    expect(direct.all).toBeGreaterThan(0);
    expect(a.value).toBeCloseTo((direct.over / direct.all) * 100, 9);
    expect(a.benchmarks).toEqual([expect.objectContaining({ rank: 1, peerCount: 9, peerGroup: '金华市9个县（市、区）' })]);
    const league = await zzb.get(`/api/indicators/${ids.get('JT_JYSR')}/league?unitId=${countyId}&from=2022&unitTypes=village&threshold=100`);
    expect(league.body.total).toBe(direct.all);
    expect(league.body.meeting).toBe(direct.over);
    const values = league.body.rows.map((r: { value: number }) => r.value);
    expect(values).toEqual([...values].sort((x: number, y: number) => y - x));
    expect(league.body.rows[0].rank).toBe(1);
  });

  it('a formula reads other indicators at the same unit and period: 违法违纪率 = 案件数 / 党员人数 × 1000', async () => {
    const rate = await agg('DY_WFL', `unitId=${countyId}&from=2022`);
    const members = await agg('DY_RS', `unitId=${countyId}&from=2022`);
    expect(members.value).toBeGreaterThan(0);
    expect(rate.value).toBeCloseTo((9 / members.value) * 1000, 9);
  });

  it('drills down one level and every child value adds up to the parent for a summed indicator', async () => {
    const res = await zzb.get(`/api/indicators/${ids.get('JT_JYSR')}/children?unitId=${countyId}&from=2022`);
    const total = res.body.unit.value;
    const sumChildren = res.body.rows.reduce((s: number, r: { value: number | null }) => s + (r.value ?? 0), 0);
    expect(sumChildren).toBeCloseTo(total, 6);
    const townRow = res.body.rows.find((r: { name: string }) => r.name === '石柱镇');
    const down = await zzb.get(`/api/indicators/${ids.get('JT_JYSR')}/children?unitId=${townRow.id}&from=2022`);
    expect(down.body.unit.value).toBeCloseTo(townRow.value, 6);
  });

  it('the open 2023 task has approved, submitted, returned, draft and overdue units, and the demo village sees its return', async () => {
    const tasks = await zzb.get('/api/tasks');
    const open = tasks.body.find((x: { title: string }) => x.title === '2023年度村级组织和集体经济统计');
    expect(open.counts.approved).toBeGreaterThan(0);
    expect(open.counts.overdue).toBeGreaterThan(0);
    const mine = await village.get('/api/tasks/mine');
    const own = mine.body.fill.find((f: { taskId: number }) => f.taskId === open.id);
    expect(own.status).toBe('returned');
    const done = tasks.body.find((x: { title: string }) => x.title === '2022年度村级组织和集体经济统计');
    expect(done.counts.approved).toBe(done.counts.total);
  });

  it('exports the headline, drill-down and source figures, and a provisional export says so on every sheet', async () => {
    const read = async (provisional: boolean) => {
      const res = await zzb.post(`/api/indicators/${ids.get('JT_JYSR')}/explore/export?unitId=${countyId}&from=2023&provisional=${provisional}`);
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
      return { wb, name: decodeURIComponent(String(res.headers['content-disposition']).split("''")[1]) };
    };
    const official = await read(false);
    expect(official.wb.worksheets.map((w) => w.name)).toEqual(['汇总', '下钻', '来源数据']);
    expect(official.name).toBe('指标分析.xlsx');
    const provisional = await read(true);
    expect(provisional.name).toBe('指标分析（临时）.xlsx');
    expect(provisional.wb.worksheets[0].name).toBe('汇总（临时）');
    expect(String(provisional.wb.worksheets[1].getRow(1).getCell(1).value)).toContain('临时数据');
    expect(String(provisional.wb.worksheets[2].getRow(1).getCell(1).value)).toContain('临时数据');
    const sourceRows = provisional.wb.worksheets[2].rowCount - 1;
    const officialRows = official.wb.worksheets[2].rowCount - 1;
    expect(sourceRows).toBeGreaterThan(officialRows);
  });

  it('lists each indicator with its rule in words and its latest peer standing', async () => {
    const list = await zzb.get('/api/indicators');
    const share = list.body.find((i: { code: string }) => i.code === 'JT_100_ZB');
    expect(share.ruleText).toBe('比值：CUN_JY100 ÷ CUN_ZS × 100');
    expect(share.latestBenchmark).toMatchObject({ period: '2022', rank: 1, peerCount: 9 });
    expect(list.body.find((i: { code: string }) => i.code === 'RC_GJ').ruleText).toBe('求和（时间上求和）');
    expect(list.body.find((i: { code: string }) => i.code === 'XJ_CC').ruleText).toBe('台账：活动类别 XJ（含下级），按活动日期计数');
  });

  it('a provisional view includes figures not yet approved and says so', async () => {
    const published = await agg('JT_JYSR', `unitId=${countyId}&from=2023`);
    const provisional = await agg('JT_JYSR', `unitId=${countyId}&from=2023&provisional=true`);
    expect(published.provisional).toBe(false);
    expect(provisional.provisional).toBe(true);
    expect(provisional.value).toBeGreaterThan(published.value);
  });
});

describe('indicator definitions', () => {
  it('a new definition applies from a later period and never rewrites published figures', async () => {
    const id = ids.get('DY_WFL')!;
    const early = await zzb.post(`/api/indicators/${id}/versions`, { effectiveFrom: '2022', aggregation: { kind: 'formula', expression: 'DY_WFJL / DY_RS * 100' }, valueKind: 'decimal' });
    // Its inputs were signed off for 2022, so the 2022 rate is published under the old formula.
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('indicator.version_rewrites_published');
    const backwards = await zzb.post(`/api/indicators/${id}/versions`, { effectiveFrom: '2021', aggregation: { kind: 'formula', expression: 'DY_WFJL' }, valueKind: 'decimal' });
    expect(backwards.body.code).toBe('indicator.effective_from_order');
    const before = (await agg('DY_WFL', `unitId=${countyId}&from=2022`)).value;
    const [{ id: vid }] = await queryRows<{ id: number }>(t.ctx.db, sql`select id from indicators where code = 'DY_WFJL'`);
    expect(vid).toBe(ids.get('DY_WFJL'));
    const rewrites = await zzb.post(`/api/indicators/${ids.get('DY_WFJL')}/versions`, { effectiveFrom: '2022', aggregation: { kind: 'simple', tree: 'max', time: 'sum' }, valueKind: 'integer' });
    expect(rewrites.status).toBe(409);
    expect(rewrites.body.code).toBe('indicator.version_rewrites_published');
    const later = await zzb.post(`/api/indicators/${id}/versions`, { effectiveFrom: '2024', aggregation: { kind: 'formula', expression: 'DY_WFJL / DY_RS * 100' }, valueKind: 'decimal' });
    expect(later.status, JSON.stringify(later.body)).toBe(200);
    expect((await agg('DY_WFL', `unitId=${countyId}&from=2022`)).value).toBe(before);
    const detail = await zzb.get(`/api/indicators/${id}`);
    expect(detail.body.versions.map((v: { effectiveFrom: string }) => v.effectiveFrom)).toEqual(['2021', '2024']);
  });

  it('refuses a version that would start inside already-approved periods', async () => {
    const res = await zzb.post('/api/indicators', { code: 'T_PUB', name: '已发布测试', unit: '个', direction: 'higher', periodType: 'year', definition: { effectiveFrom: '2020', aggregation: { kind: 'simple', tree: 'sum', time: 'sum' } } });
    const id = res.body.id;
    const villageId = (await village.get('/api/auth/me')).body.orgUnitId;
    const tk = await zzb.post('/api/tasks', { title: '发布', period: '2025', deadline: '2030-01-01', indicatorIds: [id], unitIds: [villageId] });
    const f = await village.get(`/api/tasks/${tk.body.id}/units/${villageId}`);
    await village.put(`/api/tasks/${tk.body.id}/units/${villageId}`, { version: f.body.submission.version, submit: true, values: [{ indicatorId: id, value: 3 }] });
    const g = await town.get(`/api/tasks/${tk.body.id}/units/${villageId}`);
    await town.post(`/api/tasks/${tk.body.id}/units/${villageId}/review`, { action: 'approve', version: g.body.submission.version });
    const v = await zzb.post(`/api/indicators/${id}/versions`, { effectiveFrom: '2024', aggregation: { kind: 'simple', tree: 'avg', time: 'sum' } });
    expect(v.status).toBe(409);
    expect(v.body.code).toBe('indicator.version_rewrites_published');
    expect(v.body.message).toBe('2025 已有审核通过的数据，新定义只能从之后的期次起生效');
  });

  it('checks formulas, references and codes, with messages in Chinese on the field', async () => {
    const base = { name: '公式测试', unit: '个', direction: 'higher', periodType: 'year' };
    const syntax = await zzb.post('/api/indicators', { ...base, code: 'T_F1', definition: { effectiveFrom: '2022', aggregation: { kind: 'formula', expression: 'DY_WFJL / (DY_RS' } } });
    expect(syntax.body.details[0]).toMatchObject({ path: 'definition.aggregation.expression' });
    expect(syntax.body.details[0].message).toMatch(/^公式有误/);
    const unknown = await zzb.post('/api/indicators', { ...base, code: 'T_F2', definition: { effectiveFrom: '2022', aggregation: { kind: 'formula', expression: 'NOPE * 2' } } });
    expect(unknown.body.message).toBe('引用的指标「NOPE」不存在');
    const badDenominator = await zzb.post('/api/indicators', { ...base, code: 'T_F5', definition: { effectiveFrom: '2022', aggregation: { kind: 'ratio', numerator: 'CUN_JY100', denominator: 'NOPE', scale: 100 } } });
    expect(badDenominator.body.details).toEqual([{ path: 'definition.aggregation.denominator', message: '引用的指标「NOPE」不存在' }]);
    // A new version's body is the definition itself, so its errors name fields without a prefix.
    const version = await zzb.post(`/api/indicators/${ids.get('DY_RS')}/versions`, { effectiveFrom: '2030', aggregation: { kind: 'simple', tree: 'sum', time: 'latest' }, notAbove: 'NOPE' });
    expect(version.body.details).toEqual([{ path: 'notAbove', message: '引用的指标「NOPE」不存在' }]);
    const monthly = await zzb.post('/api/indicators', { ...base, code: 'T_F3', definition: { effectiveFrom: '2022', aggregation: { kind: 'ratio', numerator: 'XXQG_GJ', denominator: 'DY_RS', scale: 1 } } });
    expect(monthly.body.code).toBe('indicator.reference_period_type');
    const dup = await zzb.post('/api/indicators', { ...base, code: 'DY_RS', definition: { effectiveFrom: '2022', aggregation: { kind: 'simple', tree: 'sum', time: 'sum' } } });
    expect(dup.body.details[0]).toEqual({ path: 'code', message: '编码「DY_RS」已被指标「党员人数」使用' });
    const lower = await zzb.post('/api/indicators', { ...base, code: 'lower', definition: { effectiveFrom: '2022', aggregation: { kind: 'simple', tree: 'sum', time: 'sum' } } });
    expect(lower.status).toBe(400);
    expect((await town.post('/api/indicators', { ...base, code: 'T_F4', definition: { effectiveFrom: '2022', aggregation: { kind: 'simple', tree: 'sum', time: 'sum' } } })).status).toBe(403);
  });

  it('edits the name with optimistic locking and records peer standings with their source', async () => {
    const id = ids.get('RC_SSGS')!;
    const cur = await zzb.get(`/api/indicators/${id}`);
    expect((await zzb.patch(`/api/indicators/${id}`, { version: cur.body.version, name: '境内外上市公司数' })).status).toBe(200);
    const stale = await zzb.patch(`/api/indicators/${id}`, { version: cur.body.version, name: '别的名字' });
    expect(stale.status).toBe(409);
    const bad = await zzb.post(`/api/indicators/${id}/benchmarks`, { period: '2022', peerGroup: '金华市9个县（市、区）', rank: 10, peerCount: 9, sourceTitle: '通报' });
    expect(bad.body.details[0].path).toBe('rank');
    const ok = await zzb.post(`/api/indicators/${id}/benchmarks`, { period: '2022', peerGroup: '金华市9个县（市、区）', rank: 2, peerCount: 9, sourceTitle: '2022年金华市人才工作考核通报' });
    expect(ok.status).toBe(201);
    expect((await agg('RC_SSGS', `unitId=${countyId}&from=2022`)).benchmarks[0]).toMatchObject({ rank: 2, sourceTitle: '2022年金华市人才工作考核通报' });
  });
});

describe('targets', () => {
  it('sets targets for a unit and its children, shows completion, and refuses a stale overwrite', async () => {
    const id = ids.get('JT_JYSR')!;
    const list = await zzb.get(`/api/indicators/${id}/targets?unitId=${countyId}&period=2022`);
    const shizhu = list.body.rows.find((r: { unitName: string }) => r.unitName === '石柱镇');
    expect(shizhu.actual).toBeGreaterThan(0);
    const put = await zzb.put(`/api/indicators/${id}/targets`, { period: '2022', items: [{ orgUnitId: shizhu.unitId, target: shizhu.actual * 2, version: null }] });
    expect(put.body.changed).toBe(1);
    const after = await zzb.get(`/api/indicators/${id}/targets?unitId=${countyId}&period=2022`);
    const row = after.body.rows.find((r: { unitName: string }) => r.unitName === '石柱镇');
    expect(row.completion).toBeCloseTo(0.5, 9);
    expect(row.met).toBe(false);
    const stale = await zzb.put(`/api/indicators/${id}/targets`, { period: '2022', items: [{ orgUnitId: shizhu.unitId, target: 1, version: null }] });
    expect(stale.status).toBe(409);
    expect((await town.put(`/api/indicators/${id}/targets`, { period: '2022', items: [] })).status).toBe(403);
    const tooFine = await zzb.get(`/api/indicators/${id}/targets?unitId=${countyId}&period=2022-03`);
    expect(tooFine.status).toBe(400);
  });

  it('imports targets from a sheet: preview names bad rows by line and column; all-or-nothing writes none when any is bad', async () => {
    const file = async (rows: string[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('目标值');
      ws.addRow(['单位编码', '单位名称', '指标编码', '指标名称', '期次', '目标值']);
      rows.forEach((r) => ws.addRow(r));
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const f = await file([
      [TOWN, '石柱镇', 'DY_FZ', '', '2024', '30'],
      ['NOPE', '', 'DY_FZ', '', '2024', '3'],
      [TOWN, '石柱镇', 'DY_FZ', '', '2024-05', 'abc'],
    ]);
    const preview = await zzb.upload('/api/targets/import?mode=preview', f);
    expect(preview.body.issues).toEqual([
      { line: 3, column: '单位编码', message: '单位编码「NOPE」不存在或不在您的管辖范围内' },
      { line: 4, column: '期次', message: expect.stringContaining('期次「2024-05」无效') },
      { line: 4, column: '目标值', message: '「abc」不是数字' },
    ]);
    const none = await zzb.upload(`/api/targets/import?mode=all-or-nothing&previewToken=${preview.body.previewToken}`, f);
    expect(none.body.applied).toBe(0);
    const some = await zzb.upload(`/api/targets/import?mode=valid-only&previewToken=${preview.body.previewToken}`, f);
    expect(some.body.applied).toBe(1);
    const townId = await t.unitId(TOWN);
    const [row] = await queryRows<{ target: number }>(t.ctx.db, sql`select target from indicator_targets where indicator_id = ${ids.get('DY_FZ')} and org_unit_id = ${townId} and period = '2024'`);
    expect(row.target).toBe(30);
  });
});

describe('time rules in SQL agree with the pure rules', () => {
  it('sum, avg, max, min and latest over random monthly figures equal rollUpTime', async () => {
    const res = await zzb.post('/api/indicators', { code: 'T_TIME', name: '时间规则', unit: '个', direction: 'higher', periodType: 'month', definition: { effectiveFrom: '2020-01', aggregation: { kind: 'simple', tree: 'sum', time: 'sum' } } });
    const indicatorId = res.body.id;
    const [unit] = await queryRows<{ id: number; path: string }>(t.ctx.db, sql`select id, path from org_units where code = ${TOWN}`);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(fc.integer({ min: -500, max: 500 }), { nil: null }), { minLength: 12, maxLength: 12 }), async (months) => {
        await t.ctx.db.execute(sql`delete from indicator_values where indicator_id = ${indicatorId}`);
        for (let m = 0; m < 12; m++) {
          if (months[m] == null) continue;
          await t.ctx.db.execute(
            sql`insert into indicator_values (tenant_id, indicator_id, org_unit_id, period, value, approved_value) values ('330784', ${indicatorId}, ${unit.id}, ${`2025-${String(m + 1).padStart(2, '0')}`}, ${months[m]}, ${months[m]})`,
          );
        }
        for (const rule of ['sum', 'avg', 'max', 'min', 'latest'] as TimeRule[]) {
          const rows = await unitFigures(t.ctx.db, indicatorId, rule, { from: '2025-01', to: '2025-12' }, { tenantId: '330784', underPath: unit.path, provisional: false });
          const expected = rollUpTime(rule, months);
          if (expected == null) expect(rows).toEqual([]);
          else expect(rows[0].value).toBeCloseTo(expected, 9);
        }
      }),
      { numRuns: 25 },
    );
  });
});
