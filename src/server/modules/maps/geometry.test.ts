import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Position } from '../../../shared/maps';
import { geometryProblem, haversineKm, pointInRing, voronoiCells } from './geometry';

const SQUARE: Position[] = [
  [120, 28],
  [121, 28],
  [121, 29],
  [120, 29],
  [120, 28],
];

describe('map geometry', () => {
  it('measures great-circle distance', () => {
    // One degree of latitude is about 111.2 km anywhere.
    expect(haversineKm([120, 28], [120, 29])).toBeCloseTo(111.2, 0);
    expect(haversineKm([120, 28.9], [120, 28.9])).toBe(0);
  });

  it('puts every point of the outline in the Voronoi cell of its nearest site', () => {
    const sites: Position[] = [
      [120.2, 28.3],
      [120.8, 28.4],
      [120.5, 28.8],
      [120.1, 28.9],
    ];
    const cells = voronoiCells(sites, SQUARE);
    fc.assert(
      fc.property(fc.double({ min: 120.001, max: 120.999, noNaN: true }), fc.double({ min: 28.001, max: 28.999, noNaN: true }), (x, y) => {
        const p: Position = [x, y];
        const d = sites.map((s) => (s[0] - x) ** 2 + (s[1] - y) ** 2);
        const nearest = d.indexOf(Math.min(...d));
        const second = [...d].sort((a, b) => a - b)[1];
        // Points (almost) on a bisector may fall either side; elsewhere the cell is the nearest site's.
        if (second - d[nearest] < 1e-9) return;
        expect(cells.findIndex((c) => pointInRing(p, c))).toBe(nearest);
      }),
      { numRuns: 300 },
    );
  });

  it('explains a bad boundary in Chinese', () => {
    expect(geometryProblem({ type: 'Polygon', coordinates: [SQUARE] })).toBeNull();
    expect(geometryProblem({ type: 'Point', coordinates: [120, 28] })).toContain('Polygon 或 MultiPolygon');
    expect(geometryProblem({ type: 'Polygon', coordinates: [SQUARE.slice(0, 4)] })).toContain('闭合');
    expect(geometryProblem({ type: 'Polygon', coordinates: [SQUARE.map(([x, y]) => [y, x])] })).toContain('经度在前');
    expect(geometryProblem({ type: 'Polygon', coordinates: [[[120, 28], [121, 28], [120, 28]]] })).toContain('至少需要4个');
    expect(geometryProblem({ type: 'MultiPolygon', coordinates: [[SQUARE], [[[120, 28], ['x', 28], [121, 29], [120, 28]]]] })).toContain('第2个多边形');
  });
});
