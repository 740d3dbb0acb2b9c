import { useEffect, useState } from 'react';
import { api } from '../../api';
import type { GeoGeometry } from '../../../shared/maps';

export interface FeatureCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: Record<string, string>; geometry: GeoGeometry }[];
}

/**
 * Outlines keyed by `uid` (the unit's id), so two same-named villages stay apart; the name is
 * kept in `name` for labels.
 */
export function collection(items: { unitId: number; name: string; boundary: GeoGeometry | null }[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: items
      .filter((i) => i.boundary)
      .map((i) => ({ type: 'Feature', properties: { uid: String(i.unitId), name: i.name }, geometry: i.boundary! })),
  };
}

/**
 * With no outline to draw on, a `geo` still needs a map: an invisible rectangle around the points
 * (padded a little) gives it the right extent and keeps longitude and latitude proportional.
 */
export function extentCollection(points: { lng: number | null; lat: number | null }[]): FeatureCollection {
  const ps = points.filter((p) => p.lng != null && p.lat != null) as { lng: number; lat: number }[];
  const xs = ps.map((p) => p.lng);
  const ys = ps.map((p) => p.lat);
  const [x0, x1, y0, y1] = ps.length ? [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)] : [119.9, 120.3, 28.7, 29.1];
  const pad = Math.max(x1 - x0, y1 - y0, 0.01) * 0.08;
  const ring: [number, number][] = [
    [x0 - pad, y0 - pad],
    [x1 + pad, y0 - pad],
    [x1 + pad, y1 + pad],
    [x0 - pad, y1 + pad],
    [x0 - pad, y0 - pad],
  ];
  return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { uid: 'extent', name: '' }, geometry: { type: 'Polygon', coordinates: [ring] } }] };
}

/** "来源：指标分析 · 边界：…" and, with a tile server configured, its attribution. */
export function sourceLine(first: string, sources: string[], attribution: string | null): string {
  const parts = [`来源：${first}`, `边界：${sources.length ? sources.join('、') : '暂无'}`];
  if (attribution) parts.push(attribution);
  return parts.join(' · ');
}

/** GET /api/maps/config once: the tile server's attribution when one is configured. */
export function useTilesAttribution(): string | null {
  const [attribution, setAttribution] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    api
      .get<{ tiles: null | { url: string; attribution: string } }>('/api/maps/config')
      .then((c) => !cancelled && setAttribution(c.tiles?.attribution ?? null))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);
  return attribution;
}
