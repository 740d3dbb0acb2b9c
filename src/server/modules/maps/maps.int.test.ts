import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';
import type { CareGap, CareMap, IndicatorMap } from '../../../shared/maps';

describe('maps on the small demo county', () => {
  let t: TestApp;
  let leader: Client;
  let zzb: Client;
  let town: Client;
  beforeAll(async () => {
    t = await createTestApp();
    leader = await t.login('leader');
    zzb = await t.login('zzb');
    town = await t.login('town');
  }, 120_000);
  afterAll(() => t?.close());

  it('maps an indicator over the county’s towns with their (schematic) boundaries', async () => {
    const ind = (await leader.get('/api/indicators')).body.find((i: { code: string }) => i.code === 'QYXQ_JJ');
    const county = await t.unitId('330784');
    const map = (await leader.get(`/api/maps/indicator?indicatorId=${ind.id}&unitId=${county}&period=2022`)).body as IndicatorMap;
    expect(map.features.length).toBeGreaterThan(0);
    expect(map.features.every((f) => f.boundary?.type === 'Polygon' && f.lng != null)).toBe(true);
    expect(map.sources).toEqual(['示意图（演示，非精确边界）']);
    const sum = map.features.reduce((a, f) => a + (f.value ?? 0), 0);
    const total = (await leader.get(`/api/indicators/${ind.id}/aggregate?unitId=${county}&from=2022`)).body.value;
    expect(sum).toBeLessThanOrEqual(total);
    expect(map.features.find((f) => f.value != null)?.text).toMatch(/个$/);
    // A town's map shows its villages as points.
    const shizhu = await t.unitId('330784105');
    const villages = (await town.get(`/api/maps/indicator?indicatorId=${ind.id}&unitId=${shizhu}&period=2022`)).body as IndicatorMap;
    expect(villages.features.every((f) => ['village', 'community'].includes(f.type) && f.lat != null)).toBe(true);
    expect((await town.get(`/api/maps/indicator?indicatorId=${ind.id}&unitId=${county}&period=2022`)).status).toBe(404);
  });

  it('colours every village by beds per 1,000 over-60s and distance, and explains a red one’s gap', async () => {
    const county = await t.unitId('330784');
    const map = (await leader.get(`/api/maps/care?unitId=${county}&period=2022`)).body as CareMap;
    expect(map.villages.length).toBeGreaterThan(0);
    expect(map.counts.green + map.counts.yellow + map.counts.red).toBe(map.villages.length);
    const t0 = map.thresholds;
    for (const v of map.villages) {
      const beds = v.bedsPer1000 ?? 0;
      const km = v.nearestKm ?? Infinity;
      const expected = beds >= t0.greenBeds || km <= t0.greenKm ? 'green' : beds < t0.redBeds && km > t0.redKm ? 'red' : 'yellow';
      expect(v.colour, v.name).toBe(expected);
    }
    // Tighten the standard until some village is red, then ask why.
    const strict = await zzb.put('/api/maps/care/thresholds', { thresholds: { greenBeds: 200, redBeds: 150, greenKm: 0.1, redKm: 0.2 }, version: map.thresholdsVersion });
    expect(strict.status).toBe(200);
    const stale = await zzb.put('/api/maps/care/thresholds', { thresholds: t0, version: map.thresholdsVersion });
    expect(stale.status).toBe(409);
    const after = (await leader.get(`/api/maps/care?unitId=${county}&period=2022`)).body as CareMap;
    const red = after.villages.find((v) => v.colour === 'red')!;
    expect(red).toBeDefined();
    const gap = (await leader.get(`/api/maps/care/units/${red.unitId}?period=2022`)).body as CareGap;
    expect(gap.nearest).toHaveLength(3);
    expect(gap.nearest.map((f) => f.km)).toEqual([...gap.nearest.map((f) => f.km)].sort((a, b) => a - b));
    expect(gap.village.gap).toBe(Math.max(0, Math.ceil((200 * red.elderly!) / 1000 - red.beds)));
    expect(gap.explanation).toContain(`缺${red.gap}张床位`);
    const bad = await zzb.put('/api/maps/care/thresholds', { thresholds: { greenBeds: 10, redBeds: 20, greenKm: 5, redKm: 2 }, version: strict.body.version });
    expect(bad.status).toBe(400);
    expect((bad.body.details as { path: string }[]).map((d) => d.path).sort()).toEqual(['thresholds.redBeds', 'thresholds.redKm']);
    expect((await town.put('/api/maps/care/thresholds', { thresholds: t0, version: strict.body.version })).status).toBe(403);
  });

  it('takes uploaded boundaries all or nothing, naming each bad feature', async () => {
    const square = (x: number) => ({ type: 'Polygon', coordinates: [[[x, 28.8], [x + 0.01, 28.8], [x + 0.01, 28.81], [x, 28.81], [x, 28.8]]] });
    const [before] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int n from unit_geometries where source = '上传.geojson'`);
    const [village] = await queryRows<{ code: string }>(t.ctx.db, sql`select code from org_units where parent_id = (select id from org_units where code = '330784105') and type in ('village', 'community') order by id limit 1`);
    const bad = await zzb.post('/api/maps/boundaries', {
      fileName: '上传.geojson',
      geojson: {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { code: '330784105' }, geometry: square(120.05) },
          { type: 'Feature', properties: {}, geometry: square(120.1) },
          { type: 'Feature', properties: { code: village.code }, geometry: { type: 'Polygon', coordinates: [[[28.8, 120], [28.8, 120.1], [28.9, 120.1], [28.8, 120]]] } },
          { type: 'Feature', properties: { code: '330784105' }, geometry: square(120.2) },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('maps.invalid_features');
    expect((bad.body.details as { message: string }[]).map((d) => d.message)).toEqual([
      expect.stringMatching(/^第2个.*缺少 properties.code/),
      expect.stringMatching(new RegExp(`^第3个（${village.code}）.*经度在前`)),
      expect.stringMatching(/^第4个（330784105）.*重复/),
    ]);
    const [mid] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int n from unit_geometries where source = '上传.geojson'`);
    expect(mid.n).toBe(before.n);
    const ok = await zzb.post('/api/maps/boundaries', { fileName: '上传.geojson', geojson: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '330784105' }, geometry: square(120.05) }] } });
    expect(ok.status).toBe(200);
    const [row] = await queryRows<{ source: string; lng: number }>(t.ctx.db, sql`select source, lng from unit_geometries where org_unit_id = (select id from org_units where code = '330784105')`);
    expect(row).toMatchObject({ source: '上传.geojson' });
    expect(row.lng).toBeCloseTo(120.055, 3);
    expect((await town.post('/api/maps/boundaries', { fileName: 'x.geojson', geojson: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '330784001' }, geometry: square(120) }] } })).body.code).toBe('maps.out_of_scope');
    expect((await zzb.post('/api/maps/boundaries', { fileName: 'x.geojson', geojson: { type: 'Topology' } })).body.code).toBe('maps.not_feature_collection');
  });
});
