import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { childUnits, unitsOfTypesUnder } from '../org';
import type { MapFeature } from '../../../shared/maps';
import { unitGeometries } from './maps.table';

/** Unit types a map shows: towns and streets under a county, villages and communities under a town. */
export const MAP_TYPES = ['town', 'street', 'village', 'community'] as const;

export async function geometriesOf(db: DbOrTx, ids: number[]) {
  if (!ids.length) return new Map<number, typeof unitGeometries.$inferSelect>();
  const rows = await db.select().from(unitGeometries).where(inArray(unitGeometries.orgUnitId, ids));
  return new Map(rows.map((r) => [r.orgUnitId, r]));
}

/** The unit's children that a map shows, with their points and boundaries (values left empty). */
export async function childFeatures(db: DbOrTx, parentId: number): Promise<{ features: MapFeature[]; sources: string[] }> {
  const children = (await childUnits(db, parentId)).filter((u) => (MAP_TYPES as readonly string[]).includes(u.type));
  const geo = await geometriesOf(db, children.map((c) => c.id));
  const features = children.map((c) => {
    const g = geo.get(c.id);
    return { unitId: c.id, code: c.code, name: c.name, type: c.type, lng: g?.lng ?? null, lat: g?.lat ?? null, boundary: g?.boundary ?? null, value: null, text: null };
  });
  return { features, sources: [...new Set(children.map((c) => geo.get(c.id)?.source).filter((s): s is string => !!s))] };
}

/** Villages and communities under a unit with their points (for the care map). */
export async function villageFeatures(db: DbOrTx, path: string) {
  const villages = await unitsOfTypesUnder(db, path, ['village', 'community']);
  const geo = await geometriesOf(db, villages.map((v) => v.id));
  return villages.map((v) => ({ unit: v, geo: geo.get(v.id) ?? null }));
}
