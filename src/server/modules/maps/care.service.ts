/**
 * The elderly-care facility planning map (养老设施规划三色图): each village or community coloured
 * by its beds per 1,000 residents over 60 and the distance to the nearest facility, against
 * thresholds the planners edit (CareThresholdsSchema states the rule). Residents over 60 are the
 * indicator LN_60 (entered per village). A red village shows its gap and the nearest facilities.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Actor } from '../../context';
import type { DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { notFound, versionConflict } from '../../errors';
import { recordAudit } from '../audit';
import { findUnitsByIds, getUnitInScope } from '../org';
import { aggregateAt, loadDefinitions, rangeFor } from '../indicators';
import { DEFAULT_CARE_THRESHOLDS, type CareColour, type CareFacility, type CareFacilityKind, type CareGap, type CareMap, type CareThresholds, type CareVillage, type Position } from '../../../shared/maps';
import { childFeatures, villageFeatures } from './features.service';
import { haversineKm } from './geometry';
import { careFacilities, careMapSettings } from './maps.table';

export const ELDERLY_INDICATOR = 'LN_60';

export function colourOf(t: CareThresholds, bedsPer1000: number | null, nearestKm: number | null): CareColour {
  const beds = bedsPer1000 ?? 0;
  const km = nearestKm ?? Infinity;
  if (beds >= t.greenBeds || km <= t.greenKm) return 'green';
  if (beds < t.redBeds && km > t.redKm) return 'red';
  return 'yellow';
}

async function settings(db: DbOrTx, tenantId: string) {
  const [row] = await db.select().from(careMapSettings).where(eq(careMapSettings.tenantId, tenantId));
  return row ?? { thresholds: DEFAULT_CARE_THRESHOLDS, version: 0 };
}

export async function careMap(db: DbOrTx, actor: Actor, q: { unitId?: number; period: string }): Promise<CareMap> {
  requirePermission(actor, 'read:indicators');
  const unit = await getUnitInScope(db, actor, q.unitId ?? actor.orgUnitId);
  const s = await settings(db, actor.tenantId);
  const villages = (await villageFeatures(db, unit.path)).filter((v) => v.geo);
  const defs = await loadDefinitions(db, actor.tenantId);
  const def = defs.get(ELDERLY_INDICATOR);
  const elderly = def
    ? await aggregateAt(db, defs, ELDERLY_INDICATOR, rangeFor(def.row.periodType, q.period), { tenantId: actor.tenantId, underPath: unit.path, provisional: false }, new Set(villages.map((v) => v.unit.id)))
    : new Map<number, number | null>();
  const fac = await db.select().from(careFacilities).where(and(eq(careFacilities.tenantId, actor.tenantId), isNull(careFacilities.archivedAt)));
  const hostName = new Map((await findUnitsByIds(db, [...new Set(fac.map((f) => f.orgUnitId))])).map((u) => [u.id, u]));
  // Facilities of the subtree are counted and shown; those just outside still serve as the nearest.
  const facilities: (CareFacility & { path: string; orgUnitId: number })[] = fac.map((f) => ({ id: f.id, name: f.name, kind: f.kind as CareFacilityKind, beds: f.beds, lng: f.lng, lat: f.lat, unitName: hostName.get(f.orgUnitId)?.name ?? '', path: hostName.get(f.orgUnitId)?.path ?? '', orgUnitId: f.orgUnitId }));
  const parents = new Map((await findUnitsByIds(db, [...new Set(villages.map((v) => v.unit.parentId!).filter(Boolean))])).map((u) => [u.id, u.name]));
  const out: CareVillage[] = villages.map(({ unit: v, geo }) => {
    const at: Position = [geo!.lng, geo!.lat];
    const beds = facilities.filter((f) => f.orgUnitId === v.id).reduce((a, f) => a + f.beds, 0);
    const pop = elderly.get(v.id) ?? null;
    const bedsPer1000 = pop && pop > 0 ? Math.round((beds / pop) * 1000 * 10) / 10 : null;
    const nearestKm = facilities.length ? Math.round(Math.min(...facilities.map((f) => haversineKm(at, [f.lng, f.lat]))) * 100) / 100 : null;
    const gap = pop ? Math.max(0, Math.ceil((s.thresholds.greenBeds * pop) / 1000 - beds)) : 0;
    return { unitId: v.id, name: v.name, townName: parents.get(v.parentId!) ?? '', lng: geo!.lng, lat: geo!.lat, boundary: geo!.boundary ?? null, elderly: pop, beds, bedsPer1000, nearestKm, colour: colourOf(s.thresholds, bedsPer1000, nearestKm), gap };
  });
  const counts = { green: 0, yellow: 0, red: 0 } as Record<CareColour, number>;
  for (const v of out) counts[v.colour]++;
  const towns = unit.parentId == null ? await childFeatures(db, unit.id) : { features: [], sources: [] };
  return {
    unit: { id: unit.id, name: unit.name },
    period: q.period,
    thresholds: s.thresholds,
    thresholdsVersion: s.version,
    villages: out,
    facilities: facilities.filter((f) => f.path.startsWith(unit.path)).map(({ path: _p, orgUnitId: _o, ...f }) => f),
    towns: towns.features,
    counts,
    sources: [...new Set([...towns.sources, ...villages.map((v) => v.geo!.source)])],
  };
}

/** A village's gap and its three nearest facilities. */
export async function careGap(db: DbOrTx, actor: Actor, villageId: number, period: string): Promise<CareGap> {
  const unit = await getUnitInScope(db, actor, villageId);
  if (unit.type !== 'village' && unit.type !== 'community') throw notFound('maps.not_village', '只有村（社区）有养老设施覆盖情况');
  const map = await careMap(db, actor, { unitId: unit.parentId ?? unit.id, period });
  const village = map.villages.find((v) => v.unitId === villageId);
  if (!village) throw notFound('maps.no_point', '该村（社区）还没有位置坐标');
  const fac = await db.select().from(careFacilities).where(and(eq(careFacilities.tenantId, actor.tenantId), isNull(careFacilities.archivedAt)));
  const hosts = new Map((await findUnitsByIds(db, [...new Set(fac.map((f) => f.orgUnitId))])).map((u) => [u.id, u.name]));
  const nearest = fac
    .map((f) => ({ id: f.id, name: f.name, kind: f.kind as CareFacilityKind, beds: f.beds, lng: f.lng, lat: f.lat, unitName: hosts.get(f.orgUnitId) ?? '', km: Math.round(haversineKm([village.lng, village.lat], [f.lng, f.lat]) * 100) / 100 }))
    .sort((a, b) => a.km - b.km)
    .slice(0, 3);
  const t = map.thresholds;
  const explanation =
    village.elderly == null
      ? `${village.name}${period}年没有60岁以上人口数，无法计算每千名老人床位数`
      : `${village.name}有60岁以上老人${village.elderly}人、养老床位${village.beds}张（每千人${village.bedsPer1000 ?? 0}张），最近的养老设施${village.nearestKm ?? '—'}公里；` +
        (village.gap > 0 ? `按每千名老人${t.greenBeds}张的标准缺${village.gap}张床位` : `已达到每千名老人${t.greenBeds}张的标准`) +
        (village.colour === 'green' ? '。' : `，或在${t.greenKm}公里内设置服务点。`);
  return { village, nearest, explanation };
}

export async function updateThresholds(db: DbOrTx, actor: Actor, input: { thresholds: CareThresholds; version: number }) {
  requirePermission(actor, 'define:indicators');
  return db.transaction(async (tx) => {
    const current = await settings(tx, actor.tenantId);
    if (current.version !== input.version) throw versionConflict('maps.thresholds_stale', { version: current.version, thresholds: current.thresholds });
    // The version check is in the statement, so two planners saving at once cannot both succeed.
    const written = await tx
      .insert(careMapSettings)
      .values({ tenantId: actor.tenantId, thresholds: input.thresholds, version: current.version + 1, updatedBy: actor.displayName })
      .onConflictDoUpdate({ target: careMapSettings.tenantId, set: { thresholds: input.thresholds, version: current.version + 1, updatedBy: actor.displayName, updatedAt: new Date() }, setWhere: eq(careMapSettings.version, input.version) })
      .returning({ version: careMapSettings.version });
    if (!written.length) throw versionConflict('maps.thresholds_stale', { version: current.version, thresholds: current.thresholds });
    await recordAudit(tx, actor, { action: 'maps.care_thresholds', entityType: 'care_map_settings', summary: '修改养老设施三色图标准', before: current.thresholds, after: input.thresholds });
    return { thresholds: input.thresholds, version: current.version + 1 };
  });
}
