import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';
import type { CockpitDetail, CockpitSummary, CockpitView, CounterView, HeadlineView, HonoursView, LeagueView } from '../../../shared/cockpit';

describe('cockpit (驾驶舱) on the small demo county', () => {
  let t: TestApp;
  let leader: Client;
  let zzb: Client;
  let town: Client;
  let county: CockpitSummary;
  let view: CockpitView;
  const headline = (v: CockpitView, code: string) => v.widgets.find((w) => w.kind === 'headline' && w.indicator.code === code) as HeadlineView;
  beforeAll(async () => {
    t = await createTestApp();
    leader = await t.login('leader');
    zzb = await t.login('zzb');
    town = await t.login('town');
    const list = (await leader.get('/api/cockpits')).body as CockpitSummary[];
    county = list.find((c) => c.scope === 'county')!;
    view = (await leader.get(`/api/cockpits/${county.id}/view?year=2022`)).body;
  }, 120_000);
  afterAll(() => t?.close());

  it('shows the county’s headline figures the way the reports write them, with the same values as the explorer', async () => {
    expect(view.cockpit.unit.name).toBe('永康市');
    const needs = headline(view, 'QYXQ_JJ');
    const aggregate = (await leader.get(`/api/indicators/${needs.indicator.id}/aggregate?unitId=${view.cockpit.unit.id}&from=2022`)).body;
    expect(needs.value).toBe(aggregate.value);
    expect(needs.text).toBe(`${aggregate.value}个`);
    expect(needs.period).toBe('2022');
    expect(needs.trend.map((p) => p.period)).toEqual(['2017', '2018', '2019', '2020', '2021', '2022']);
    expect(needs.recordQuery).toMatchObject({ kind: 'case', categoryCode: 'QYXQ' });
    expect(headline(view, 'GJQJ_TZ').text).toMatch(/万元$|亿元$/);
    expect(headline(view, 'DY_RS').text).toMatch(/^\d+名$|余名$/);
    const share = headline(view, 'JT_100_ZB');
    expect(share.standing).toMatchObject({ rank: 1, peerGroup: expect.stringContaining('金华') });
    expect(share.target).toBe(55);
    expect(share.met).toBe(share.value! >= 55);
    const cases = headline(view, 'WJWF_JS');
    expect(cases.change).toMatch(/^同比(下降|增长)[\d.]+%$|持平$/);
  });

  it('counts open and overdue cases, active orders and owing tasks live', async () => {
    const counter = (c: string) => (view.widgets.find((w) => w.kind === 'counter' && w.counter === c) as CounterView).value;
    const [{ open }] = await queryRows<{ open: number }>(
      t.ctx.db,
      sql`select count(*)::int as open from cases c where c.archived_at is null and c.status not in ('resolved', 'closed') and not exists (select 1 from ledger_categories lc where lc.id = c.category_id and lc.sensitive)`,
    );
    expect(counter('open_cases')).toBe(open);
    expect(counter('overdue_cases')).toBeLessThanOrEqual(open);
    expect(counter('open_tasks')).toBeGreaterThan(0);
    const league = view.widgets.find((w) => w.kind === 'league') as LeagueView;
    expect(league.result?.period).toBe('2022');
    expect(league.rows.map((r) => r.rank)).toEqual([...league.rows.map((r) => r.rank)].sort((a, b) => a - b));
    const honours = view.widgets.find((w) => w.kind === 'honours') as HonoursView;
    expect(honours.total).toBe(honours.byLevel.reduce((a, b) => a + b.count, 0));
  });

  it('shows a town account the same cockpit with its own town’s figures', async () => {
    const mine = (await town.get(`/api/cockpits/${county.id}/view?year=2022`)).body as CockpitView;
    expect(mine.cockpit.unit.name).toBe('石柱镇');
    expect(headline(mine, 'QYXQ_JJ').value ?? 0).toBeLessThanOrEqual(headline(view, 'QYXQ_JJ').value!);
    const league = mine.widgets.find((w) => w.kind === 'league') as LeagueView;
    expect(league.rows.every((r) => r.parentName === '石柱镇')).toBe(true);
    // A unit outside its subtree is refused.
    expect((await town.get(`/api/cockpits/${county.id}/view?unitId=${view.cockpit.unit.id}`)).status).toBe(404);
  });

  it('is composed without code: validated, versioned, and changed only by its owners', async () => {
    const detail = (await zzb.get(`/api/cockpits/${county.id}`)).body as CockpitDetail;
    const bad = await zzb.put(`/api/cockpits/${county.id}`, { definition: { title: '', widgets: [{ kind: 'headline', indicatorCode: '' }, { kind: 'pie' }] }, version: detail.version });
    expect(bad.status).toBe(400);
    const paths = (bad.body.details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['definition.title', 'definition.widgets.0.indicatorCode', 'definition.widgets.1.kind']));
    const definition = { ...detail.definition, widgets: [...detail.definition.widgets, { kind: 'headline', indicatorCode: 'NOPE_X', label: '', style: 'exact' }] };
    const saved = await zzb.put(`/api/cockpits/${county.id}`, { definition, version: detail.version });
    expect(saved.status).toBe(200);
    const stale = await zzb.put(`/api/cockpits/${county.id}`, { definition, version: detail.version });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('cockpit.stale');
    const after = (await leader.get(`/api/cockpits/${county.id}/view?year=2022`)).body as CockpitView;
    expect(after.widgets.at(-1)).toMatchObject({ kind: 'error', message: expect.stringContaining('NOPE_X') });
    expect((await town.put(`/api/cockpits/${county.id}`, { definition, version: saved.body.version })).status).toBe(403);
    expect((await leader.put(`/api/cockpits/${county.id}`, { definition, version: saved.body.version })).status).toBe(403);
    const [audit] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int n from audit_events where action = 'cockpit.update' and entity_id = ${String(county.id)}`);
    expect(audit.n).toBe(1);
  });
});
