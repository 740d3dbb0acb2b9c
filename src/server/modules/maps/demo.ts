/**
 * The demo county's map data, drawn for this project (no survey data is used): a schematic
 * outline of Yongkang and Voronoi cells around approximate town centres as town boundaries
 * ("示意图，非精确边界"); village points placed deterministically inside their town's cell;
 * synthetic elderly-care facilities and residents over 60 (indicator LN_60) for 2022.
 */
import type { DbOrTx } from '../../db/client';
import { findUnitsByCodes, unitsOfTypesUnder } from '../org';
import { seedIndicator, writeSignedOffFigures } from '../indicators';
import type { CareFacilityKind, Position } from '../../../shared/maps';
import { pointInRing, voronoiCells } from './geometry';
import { careFacilities, unitGeometries } from './maps.table';

export const DEMO_SOURCE = '示意图（演示，非精确边界）';

/** Approximate town centres (WGS84), read off public maps at town level; schematic. */
const TOWN_CENTRES: Record<string, Position> = {
  东城街道: [120.065, 28.905],
  西城街道: [120.005, 28.9],
  江南街道: [120.035, 28.862],
  石柱镇: [120.075, 28.805],
  前仓镇: [120.135, 28.8],
  舟山镇: [120.205, 28.75],
  古山镇: [119.95, 28.965],
  方岩镇: [120.185, 28.9],
  龙山镇: [119.935, 28.845],
  西溪镇: [119.93, 28.775],
  象珠镇: [120.105, 28.985],
  唐先镇: [120.035, 29.03],
  花街镇: [120.02, 28.775],
  芝英镇: [120.125, 28.905],
};
/** A convex schematic outline of the county. */
const OUTLINE: Position[] = [
  [119.86, 28.93],
  [119.88, 28.74],
  [120.02, 28.69],
  [120.24, 28.7],
  [120.29, 28.84],
  [120.22, 28.99],
  [120.06, 29.08],
  [119.91, 29.04],
  [119.86, 28.93],
];
const KINDS: CareFacilityKind[] = ['home_center', 'day_care'];

export async function seedMapsDemo(db: DbOrTx, countyCode: string, r: { next(): number; int(min: number, max: number): number }) {
  const [county] = await findUnitsByCodes(db, [countyCode]);
  const towns = (await unitsOfTypesUnder(db, county.path, ['town', 'street'])).filter((t) => TOWN_CENTRES[t.name]);
  const cells = voronoiCells(towns.map((t) => TOWN_CENTRES[t.name]), OUTLINE);
  const rows: (typeof unitGeometries.$inferInsert)[] = [];
  const base = { tenantId: countyCode, source: DEMO_SOURCE, updatedBy: '演示数据' };
  const cx = OUTLINE.slice(0, -1).reduce((a, p) => [a[0] + p[0] / 8, a[1] + p[1] / 8] as Position, [0, 0] as Position);
  rows.push({ ...base, orgUnitId: county.id, lng: cx[0], lat: cx[1], boundary: { type: 'Polygon', coordinates: [OUTLINE] } });
  const facilities: (typeof careFacilities.$inferInsert)[] = [];
  const elderly: { unitId: number; value: number }[] = [];
  for (const [i, town] of towns.entries()) {
    const cell = cells[i];
    const centre = TOWN_CENTRES[town.name];
    rows.push({ ...base, orgUnitId: town.id, lng: centre[0], lat: centre[1], boundary: { type: 'Polygon', coordinates: [cell] } });
    // A 康养联合体 at every town centre.
    facilities.push({ tenantId: countyCode, orgUnitId: town.id, name: `${town.name}康养联合体（演示）`, kind: 'wellness', beds: r.int(60, 160), lng: centre[0], lat: centre[1] });
    const xs = cell.map((p) => p[0]);
    const ys = cell.map((p) => p[1]);
    for (const v of await unitsOfTypesUnder(db, town.path, ['village', 'community'])) {
      let at: Position = centre;
      for (let k = 0; k < 40; k++) {
        const p: Position = [Math.min(...xs) + r.next() * (Math.max(...xs) - Math.min(...xs)), Math.min(...ys) + r.next() * (Math.max(...ys) - Math.min(...ys))];
        if (pointInRing(p, cell)) {
          at = p;
          break;
        }
      }
      rows.push({ ...base, orgUnitId: v.id, lng: Math.round(at[0] * 1e5) / 1e5, lat: Math.round(at[1] * 1e5) / 1e5 });
      const pop = v.type === 'community' ? r.int(600, 2400) : r.int(150, 900);
      elderly.push({ unitId: v.id, value: pop });
      // About three in ten villages and communities host a home-care centre or day-care centre.
      if (r.next() < 0.3) facilities.push({ tenantId: countyCode, orgUnitId: v.id, name: `${v.name}${r.next() < 0.5 ? '居家养老服务中心' : '老年照料中心'}（演示）`, kind: KINDS[r.int(0, 1)], beds: r.int(8, 45), lng: at[0] + 0.001, lat: at[1] + 0.001 });
    }
  }
  for (let i = 0; i < rows.length; i += 500) await db.insert(unitGeometries).values(rows.slice(i, i + 500));
  for (let i = 0; i < facilities.length; i += 500) await db.insert(careFacilities).values(facilities.slice(i, i + 500));
  const indicatorId = await seedIndicator(db, countyCode, {
    code: 'LN_60',
    name: '60岁以上老年人口',
    unit: '人',
    dept: 'ZZB',
    periodType: 'year',
    effectiveFrom: '2021',
    aggregation: { kind: 'simple', tree: 'sum', time: 'latest' },
    valueKind: 'integer',
    minValue: 0,
    description: '各村（社区）60周岁以上老年人口，养老设施规划三色图按此计算每千名老人床位数（演示数据为合成）',
  });
  await writeSignedOffFigures(
    db,
    { system: true, tenantId: countyCode, displayName: '演示数据', scopePath: county.path },
    { indicatorId, period: '2022', rows: elderly.map((e) => ({ orgUnitId: e.unitId, value: e.value })), source: 'imported', sourceRef: 'demo:LN_60', comment: '民政部门提供（演示数据为合成）', at: new Date('2023-01-20T02:00:00Z') },
  );
  return { geometries: rows.length, facilities: facilities.length };
}
