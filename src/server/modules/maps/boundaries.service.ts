/**
 * Uploading boundaries (GeoJSON from an admin): a FeatureCollection whose features name their
 * unit by `properties.code` (the official code). All or nothing: every bad feature is reported
 * by its number and code, and nothing is written unless all are good. A unit's point becomes the
 * centroid of its largest ring unless the feature gives `properties.lng`/`lat`.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../context';
import type { DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { badRequest } from '../../errors';
import { recordAudit } from '../audit';
import { findUnitsByCodes } from '../org';
import type { GeoGeometry, Position } from '../../../shared/maps';
import { geometryProblem, ringCentroid } from './geometry';
import { unitGeometries } from './maps.table';

export const MAX_FEATURES = 5000;

interface Issue {
  feature: number;
  code: string;
  message: string;
}

export async function uploadBoundaries(db: DbOrTx, actor: Actor, input: { fileName: string; geojson: unknown }) {
  requirePermission(actor, 'write:org');
  const fc = input.geojson as { type?: unknown; features?: unknown };
  if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw badRequest('maps.not_feature_collection', '文件应为 GeoJSON FeatureCollection（含 features 数组）', [{ path: 'geojson', message: '不是 FeatureCollection' }]);
  }
  if (!fc.features.length) throw badRequest('maps.empty', '文件中没有任何边界', [{ path: 'geojson', message: '没有 features' }]);
  if (fc.features.length > MAX_FEATURES) throw badRequest('maps.too_many', `一次最多上传${MAX_FEATURES}个边界`, [{ path: 'geojson', message: '边界过多' }]);
  const features = fc.features as { properties?: Record<string, unknown>; geometry?: unknown }[];
  const codes = features.map((f) => String(f?.properties?.code ?? '').trim());
  const units = new Map((await findUnitsByCodes(db, codes.filter(Boolean))).map((u) => [u.code, u]));
  const issues: Issue[] = [];
  const outside: Issue[] = [];
  const seen = new Set<string>();
  const rows: (typeof unitGeometries.$inferInsert)[] = [];
  features.forEach((f, i) => {
    const code = codes[i];
    const fail = (message: string) => issues.push({ feature: i + 1, code, message });
    if (!code) return fail('缺少 properties.code（单位编码）');
    if (seen.has(code)) return fail(`单位编码 ${code} 重复出现`);
    seen.add(code);
    const unit = units.get(code);
    if (!unit || unit.tenantId !== actor.tenantId || !unit.path.startsWith(actor.scopePath)) return outside.push({ feature: i + 1, code, message: `单位编码 ${code} 不存在或不在您的管辖范围内` });
    const problem = geometryProblem(f.geometry);
    if (problem) return fail(problem);
    const g = f.geometry as GeoGeometry;
    const rings = g.type === 'Polygon' ? [g.coordinates[0]] : g.coordinates.map((p) => p[0]);
    const largest = rings.reduce((a, r) => (r.length > a.length ? r : a));
    const given = [Number(f.properties?.lng), Number(f.properties?.lat)] as Position;
    const point = Number.isFinite(given[0]) && Number.isFinite(given[1]) ? given : ringCentroid(largest);
    rows.push({ orgUnitId: unit.id, tenantId: actor.tenantId, lng: point[0], lat: point[1], boundary: g, source: input.fileName, updatedBy: actor.displayName });
  });
  const details = (list: Issue[]) => list.map((x) => ({ path: `features.${x.feature - 1}`, message: `第${x.feature}个（${x.code || '无编码'}）：${x.message}` }));
  if (outside.length) throw badRequest('maps.out_of_scope', `有${outside.length}个边界的单位不存在或不在您的管辖范围内，未写入任何数据`, details([...outside, ...issues]));
  if (issues.length) throw badRequest('maps.invalid_features', `有${issues.length}个边界不合格，未写入任何数据`, details(issues));
  await db.transaction(async (tx) => {
    for (const r of rows) {
      await tx
        .insert(unitGeometries)
        .values(r)
        .onConflictDoUpdate({ target: unitGeometries.orgUnitId, set: { lng: r.lng, lat: r.lat, boundary: r.boundary, source: r.source, updatedBy: r.updatedBy, updatedAt: sql`now()` } });
    }
    await recordAudit(tx, actor, { action: 'maps.boundaries_upload', entityType: 'unit_geometry', summary: `上传边界文件“${input.fileName}”：${rows.length}个单位`, after: { codes: rows.length } });
  });
  return { written: rows.length };
}
