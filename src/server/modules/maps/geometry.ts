/**
 * Plane geometry for maps, small enough to own: great-circle distance, point in polygon, a
 * polygon clipped by a half-plane (for the demo's schematic Voronoi boundaries), and GeoJSON
 * geometry checks with Chinese messages. Coordinates are [lng, lat] in WGS84.
 */
import type { GeoGeometry, Position } from '../../../shared/maps';

const R_KM = 6371.0088;
const rad = (d: number) => (d * Math.PI) / 180;

export function haversineKm(a: Position, b: Position): number {
  const dLat = rad(b[1] - a[1]);
  const dLng = rad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLng / 2) ** 2;
  return 2 * R_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Ray casting on the outer ring (holes are not used by the demo and are treated as filled). */
export function pointInRing(p: Position, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInGeometry(p: Position, g: GeoGeometry): boolean {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polygons.some((poly) => pointInRing(p, poly[0]));
}

/** The part of a convex or simple polygon on the side of the line where f(p) <= 0 (Sutherland–Hodgman). */
export function clipByHalfPlane(ring: Position[], f: (p: Position) => number): Position[] {
  const open = ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring.slice(0, -1) : ring;
  const out: Position[] = [];
  for (let i = 0; i < open.length; i++) {
    const a = open[i];
    const b = open[(i + 1) % open.length];
    const fa = f(a);
    const fb = f(b);
    if (fa <= 0) out.push(a);
    if ((fa < 0 && fb > 0) || (fa > 0 && fb < 0)) {
      const t = fa / (fa - fb);
      out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
    }
  }
  return out.length ? [...out, out[0]] : [];
}

/** Each site's Voronoi cell inside a convex outline: the outline clipped by every bisector. */
export function voronoiCells(sites: Position[], outline: Position[]): Position[][] {
  return sites.map((s, i) =>
    sites.reduce((cell, o, j) => {
      if (i === j || cell.length === 0) return cell;
      // Points nearer to s than to o: (p − m)·(o − s) <= 0, m the midpoint.
      const m: Position = [(s[0] + o[0]) / 2, (s[1] + o[1]) / 2];
      return clipByHalfPlane(cell, (p) => (p[0] - m[0]) * (o[0] - s[0]) + (p[1] - m[1]) * (o[1] - s[1]));
    }, outline),
  );
}

export function ringCentroid(ring: Position[]): Position {
  const pts = ring.slice(0, -1);
  return [pts.reduce((a, p) => a + p[0], 0) / pts.length, pts.reduce((a, p) => a + p[1], 0) / pts.length];
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
/** China's extent, loosely: catches swapped lng/lat and projected (metre) coordinates. */
const inChina = (p: Position) => p[0] >= 73 && p[0] <= 136 && p[1] >= 3 && p[1] <= 54;

function checkRing(ring: unknown, where: string): string | null {
  if (!Array.isArray(ring) || ring.length < 4) return `${where}至少需要4个坐标点（首尾相同）`;
  for (const [k, p] of ring.entries()) {
    if (!Array.isArray(p) || p.length < 2 || !finite(p[0]) || !finite(p[1])) return `${where}第${k + 1}个坐标不是 [经度, 纬度] 数字`;
    if (!inChina(p as Position)) return `${where}第${k + 1}个坐标 [${p[0]}, ${p[1]}] 不在中国范围内（应为 WGS84 经纬度，经度在前）`;
  }
  const a = ring[0] as Position;
  const b = ring[ring.length - 1] as Position;
  if (a[0] !== b[0] || a[1] !== b[1]) return `${where}首尾坐标不一致（多边形须闭合）`;
  return null;
}

/** What is wrong with a boundary geometry, in Chinese; null when it is a valid Polygon or MultiPolygon. */
export function geometryProblem(g: unknown): string | null {
  if (!g || typeof g !== 'object') return '缺少 geometry';
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  if (type !== 'Polygon' && type !== 'MultiPolygon') return `边界类型应为 Polygon 或 MultiPolygon，而不是 ${String(type)}`;
  const polygons = type === 'Polygon' ? [coordinates] : coordinates;
  if (!Array.isArray(polygons) || !polygons.length) return '边界没有坐标';
  for (const [i, poly] of polygons.entries()) {
    if (!Array.isArray(poly) || !poly.length) return `第${i + 1}个多边形没有坐标`;
    for (const [j, ring] of poly.entries()) {
      const problem = checkRing(ring, `第${i + 1}个多边形的第${j + 1}个环`);
      if (problem) return problem;
    }
  }
  return null;
}
