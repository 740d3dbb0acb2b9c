import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { createTestApp, SMALL_DEMO, type Client, type TestApp } from '../../testing/harness';
import { ledgerDemoFigures, type LedgerFigures } from './demo';

/**
 * The demo ledger reproduces the seed's 2022 figures through derived indicators and the list
 * API. It loads the full county (49,000 people, about a minute) and checks the seed's own
 * numbers; `LIZHOU_FULL_DEMO=0` loads the small test county instead and checks its proportional
 * figures, for a quick run while working on the generator.
 */
const FULL = process.env.LIZHOU_FULL_DEMO !== '0';

/** The seed's figures, written out here rather than taken from the demo, for each indicator. */
const SEED_2022: Record<string, number> = {
  XJ_CC: 5236,
  XJ_SP: 126,
  QYXQ_JJ: 477,
  BG_CC: 26,
  GJQJ_TZ: 1_067_000_000,
  WHLT_JC: 20,
  XXQG_GJ: 463,
  YM_GJ: 232,
  RY_JHS: 45,
  YZZTC_JY: 26,
  SHFW_CC: 73,
  AFSB_TS: 108,
  WJWF_JS: 9,
  // RCCQ_JS (累计容错4名干部) is derived from the cadres module's decisions now: cadres.int.test.ts.
};

const byCode = (f: LedgerFigures): Record<string, number> => ({
  XJ_CC: f.lectures,
  XJ_SP: f.lectureVideos,
  QYXQ_JJ: f.enterpriseNeedsSolved,
  BG_CC: f.onSiteEvents,
  GJQJ_TZ: f.jointInvestment,
  WHLT_JC: f.hallsCompleted,
  XXQG_GJ: f.xxqgArticles,
  YM_GJ: f.centralMediaArticles,
  RY_JHS: f.honoursCityAndAbove,
  YZZTC_JY: f.proposals,
  SHFW_CC: f.socialServices,
  AFSB_TS: f.securitySystems,
  WJWF_JS: f.violations,
});

let t: TestApp;
let zzb: Client;
let ids: Map<string, number>;
const cat = new Map<string, number>();
let expected: Record<string, number>;
let violations2021: number;
let villageCount: number;

beforeAll(async () => {
  t = await createTestApp(FULL ? {} : SMALL_DEMO);
  zzb = await t.login('zzb');
  ids = new Map((await zzb.get('/api/indicators')).body.map((i: { code: string; id: number }) => [i.code, i.id]));
  for (const kind of ['activity', 'case', 'project', 'honour']) {
    for (const c of (await zzb.get(`/api/ledger/categories?kind=${kind}`)).body) cat.set(`${kind}:${c.code}`, c.id);
  }
  const [{ n }] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from org_units where type in ('village', 'community')`);
  villageCount = n;
  const figures = ledgerDemoFigures(n);
  expected = FULL ? SEED_2022 : byCode(figures);
  violations2021 = FULL ? 17 : figures.violations2021;
}, 600_000);
afterAll(() => t?.close());

const aggregate = async (code: string, from = '2022') => {
  expect(ids.has(code), `indicator ${code}`).toBe(true);
  const res = await zzb.get(`/api/indicators/${ids.get(code)}/aggregate?from=${from}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

/** Every item of a list, page by page. */
const listAll = async (path: string) => {
  const items: Record<string, unknown>[] = [];
  for (let page = 1; ; page++) {
    const res = await zzb.get(`${path}&pageSize=200&page=${page}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body.items);
    if (items.length >= res.body.total || !res.body.items.length) return { items, total: res.body.total as number };
  }
};

describe('the demo ledger', () => {
  it('plans exactly the seed figures for the full county', () => {
    expect(byCode(ledgerDemoFigures(452))).toEqual(SEED_2022);
    expect(ledgerDemoFigures(452)).toMatchObject({ lectureTeams: 15, violations2021: 17 });
  });

  it.each(Object.keys(SEED_2022))('derived indicator %s gives the 2022 figure from records', async (code) => {
    const a = await aggregate(code);
    expect(a.value).toBe(expected[code]);
    expect(a.indicator.code).toBe(code);
  });

  it('学习强国 articles and lectures, monthly before the ledger, still give month and quarter series', async () => {
    const countyId = await t.unitId('330784');
    const series = await zzb.get(`/api/indicators/${ids.get('XXQG_GJ')}/series?unitId=${countyId}&from=2022&granularity=quarter`);
    expect(series.status, JSON.stringify(series.body)).toBe(200);
    expect(series.body.points.reduce((sum: number, p: { value: number }) => sum + p.value, 0)).toBe(expected.XXQG_GJ);
    expect((await aggregate('XJ_CC', '2022-01&to=2022-12')).value).toBe(expected.XJ_CC);
    expect((await aggregate('XJ_CC', '2022-10&to=2022-12')).value).toBeGreaterThan((await aggregate('XJ_CC', '2022-07&to=2022-09')).value);
  });

  it('宣讲场次 has a 2021 figure to compare with', async () => {
    const a = await aggregate('XJ_CC');
    const lectures2021 = FULL ? 4710 : ledgerDemoFigures(villageCount).lectures2021;
    expect(a.lastYear).toBe(lectures2021);
    expect(a.yoy).toBeCloseTo((expected.XJ_CC - lectures2021) / lectures2021, 9);
  });

  it('党员违纪违法: 17 cases in 2021, 9 in 2022, −47.06%', async () => {
    const a = await aggregate('WJWF_JS');
    expect(a.lastYear).toBe(violations2021);
    expect(a.indicator.direction).toBe('lower');
    if (FULL) expect(a.yoy).toBeCloseTo(-0.4706, 4);
    else expect(a.yoy).toBeCloseTo((expected.WJWF_JS - violations2021) / violations2021, 9);
  });

  it('the 2022 enterprise needs are listed closed, each from an on-site office event, registered by the county or a department and handled by a town', async () => {
    const { items, total } = await listAll(`/api/cases?categoryId=${cat.get('case:QYXQ')}&dateBasis=closed&from=2022-01-01&to=2022-12-31&status=closed`);
    expect(total).toBe(expected.QYXQ_JJ);
    const events = await listAll(`/api/activities?categoryId=${cat.get('activity:BG')}&from=2022-01-01&to=2022-12-31`);
    expect(events.total).toBe(expected.BG_CC);
    const eventIds = new Set(events.items.map((e) => e.id));
    expect(items.every((c) => eventIds.has(c.sourceActivityId))).toBe(true);
    const types = new Map((await queryRows<{ id: number; type: string }>(t.ctx.db, sql`select id, type from org_units`)).map((u) => [u.id, u.type]));
    expect(items.every((c) => ['county', 'department'].includes(types.get(c.registrarUnitId as number)!))).toBe(true);
    expect(items.every((c) => ['town', 'street'].includes(types.get(c.orgUnitId as number)!))).toBe(true);
    expect(items.every((c) => (c.resolvedOn as string) <= (c.closedOn as string) && (c.closedOn as string) <= '2022-12-31')).toBe(true);
    const detail = await zzb.get(`/api/cases/${items[0].id}`);
    expect(detail.body.events.map((e: { action: string }) => e.action)).toEqual(['register', 'assign', 'resolve', 'close']);
  });

  it('lists the lectures of 15 teams by towns and villages, and the articles by outlet', async () => {
    const lectures = await zzb.get(`/api/activities?categoryId=${cat.get('activity:XJ')}&from=2022-01-01&to=2022-12-31&pageSize=1`);
    expect(lectures.body.total).toBe(expected.XJ_CC);
    const [teams] = await queryRows<{ teams: number; units: string[] }>(
      t.ctx.db,
      sql`select count(distinct a.team)::int as teams, array_agg(distinct o.type) as units from activities a join org_units o on o.id = a.org_unit_id
          join ledger_categories c on c.id = a.category_id where c.code in ('XJ', 'XJ_ESD', 'XJ_GTFY') and a.held_on between '2022-01-01' and '2022-12-31'`,
    );
    expect(teams.teams).toBe(15);
    expect(teams.units.every((u) => ['town', 'street', 'village', 'community'].includes(u))).toBe(true);
    for (const [outlet, code] of [['学习强国', 'XXQG_GJ'], ['央媒', 'YM_GJ']]) {
      const res = await zzb.get(`/api/activities?categoryId=${cat.get('activity:GJ')}&from=2022-01-01&to=2022-12-31&attrKey=outlet&attrValue=${encodeURIComponent(outlet)}&pageSize=1`);
      expect(res.body.total).toBe(expected[code]);
    }
  });

  it('lists the joint projects with funding lines that add up to each project and to the total', async () => {
    const { items, total } = await listAll(`/api/projects?categoryId=${cat.get('project:GJQJ')}&from=2022-01-01&to=2022-12-31`);
    expect(total).toBe(FULL ? 36 : items.length);
    expect(items.reduce((sum, p) => sum + (p.actualInvestment as number), 0)).toBe(expected.GJQJ_TZ);
    for (const p of items) {
      const d = (await zzb.get(`/api/projects/${p.id}`)).body;
      expect(d.funds.reduce((sum: number, f: { actual: number }) => sum + f.actual, 0)).toBe(d.actualInvestment);
      expect(d.funds.reduce((sum: number, f: { planned: number }) => sum + f.planned, 0)).toBe(d.plannedInvestment);
      expect(d.partners.length).toBeGreaterThan(0);
    }
  });

  it('puts the security systems at religious venues and counts only city-level and higher honours', async () => {
    const { items } = await listAll(`/api/projects?categoryId=${cat.get('project:AFSB')}&from=2022-01-01&to=2022-12-31`);
    const [{ venues }] = await queryRows<{ venues: number[] }>(t.ctx.db, sql`select coalesce(array_agg(id), '{}') as venues from org_units where type = 'religious_venue'`);
    expect(items.every((p) => venues.includes(p.orgUnitId as number))).toBe(true);
    expect(new Set(items.map((p) => (p.attributes as { device: string }).device))).toEqual(new Set(['视频监控', '智慧用电', '燃气报警'].slice(0, Math.min(3, items.length))));
    const honours = await zzb.get(`/api/honours?categoryId=${cat.get('honour:RY')}&from=2022-01-01&to=2022-12-31&level=city,provincial,national&pageSize=1`);
    expect(honours.body.total).toBe(expected.RY_JHS);
    const county = await zzb.get(`/api/honours?categoryId=${cat.get('honour:RY')}&from=2022-01-01&to=2022-12-31&level=county&pageSize=1`);
    expect(county.body.total).toBeGreaterThan(0);
  });

  it('has open cases past their deadline for the overdue view', async () => {
    const overdue = await zzb.get('/api/cases?flag=overdue&pageSize=1');
    expect(overdue.body.total).toBeGreaterThan(0);
    const byUnit = await zzb.get('/api/cases/overdue');
    expect(byUnit.body.items.some((u: { overdue: number }) => u.overdue > 0)).toBe(true);
    const town = await t.login('town');
    expect((await town.get('/api/cases?flag=overdue&pageSize=1')).body.total).toBeGreaterThan(0);
  });
});
