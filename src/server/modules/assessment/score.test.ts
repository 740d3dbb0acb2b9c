import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Normalization, SchemeDefinition } from '../../../shared/assessment';
import { round, scoreCohort, type ScoreInput } from './score';

const normalization: fc.Arbitrary<Normalization> = fc.oneof(
  fc.constant<Normalization>({ kind: 'minmax' }),
  fc.record({ kind: fc.constant('target' as const), target: fc.option(fc.double({ min: 1, max: 1000, noNaN: true }), { nil: null }) }),
  fc.constant<Normalization>({ kind: 'rank' }),
  fc.constant<Normalization>({ kind: 'bands', bands: [{ min: null, max: 10, score: 0 }, { min: 10, max: 50, score: 1 }, { min: 50, max: null, score: 2 }] }),
);

/** Weights that sum to exactly 100 over n items. */
const weights = (n: number) =>
  fc.array(fc.integer({ min: 1, max: 20 }), { minLength: n, maxLength: n }).map((w) => {
    const s = w.reduce((a, b) => a + b, 0);
    const out = w.map((x) => Math.max(2, Math.floor((x / s) * 100)));
    out[0] += 100 - out.reduce((a, b) => a + b, 0);
    return out;
  });

const scenario = fc.integer({ min: 1, max: 4 }).chain((nItems) =>
  fc.record({
    norms: fc.array(normalization, { minLength: nItems, maxLength: nItems }),
    weights: weights(nItems).filter((w) => w.every((x) => x > 2)),
    directions: fc.array(fc.constantFrom('higher' as const, 'lower' as const), { minLength: nItems, maxLength: nItems }),
    units: fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 30 }),
    values: fc.array(fc.array(fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null, freq: 6 }), { minLength: 30, maxLength: 30 }), { minLength: nItems, maxLength: nItems }),
    targets: fc.array(fc.option(fc.double({ min: 1, max: 100, noNaN: true }), { nil: null }), { minLength: 30, maxLength: 30 }),
    penalties: fc.array(fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }), { minLength: 30, maxLength: 30 }),
    vetoed: fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
  }),
);

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function inputOf(s: Scenario, opts: { penalties?: boolean; vetoes?: boolean } = {}): ScoreInput {
  const definition: SchemeDefinition = {
    items: s.norms.map((n, i) => ({ key: `I${i}`, label: `项目${i}`, indicatorCode: `X${i}`, weight: s.weights[i], normalization: n.kind === 'bands' ? { kind: 'bands', bands: n.bands.map((b) => ({ ...b, score: Math.min(b.score * 5, s.weights[i]) })) } : n })),
    adjustments: opts.penalties ? [{ key: 'P', label: '超期', direction: 'penalty', measure: { kind: 'overdueCases' }, pointsPer: 3, cap: 9 }] : [],
    vetoes: opts.vetoes ? [{ key: 'V', label: '违纪', measure: { kind: 'overdueCases' }, atLeast: 1 }] : [],
    grades: [
      { label: '优秀', min: 85 },
      { label: '良好', min: 70 },
      { label: '一般', min: 0 },
    ],
  };
  const units = s.units.map((id) => ({ id, code: `U${String(id).padStart(5, '0')}` }));
  return {
    definition,
    units,
    itemValues: new Map(s.norms.map((_, i) => [`I${i}`, new Map(units.map((u, j) => [u.id, s.values[i][j]]))])),
    itemTargets: new Map(s.norms.map((_, i) => [`I${i}`, new Map(units.map((u, j) => [u.id, s.targets[j]]))])),
    directions: new Map(s.directions.map((d, i) => [`I${i}`, d])),
    measureValues: new Map([
      ['P', new Map(units.map((u, j) => [u.id, s.penalties[j]]))],
      ['V', new Map(units.map((u, j) => [u.id, s.vetoed[j] ? 1 : 0]))],
    ]),
  };
}

describe('scoreCohort', () => {
  it('gives the same league table whatever order the units are stored in', () => {
    fc.assert(
      fc.property(scenario, fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), (s, keys) => {
        const input = inputOf(s, { penalties: true, vetoes: true });
        const k = input.units.map(() => keys.next().value as number);
        const shuffled = { ...input, units: input.units.map((u, i) => ({ u, k: k[i] })).sort((a, b) => a.k - b.k).map((x) => x.u) };
        expect(scoreCohort(shuffled)).toEqual(scoreCohort(input));
      }),
    );
  });

  it('keeps totals within [0, 100] when the weights sum to 100, with or without penalties', () => {
    fc.assert(
      fc.property(scenario, fc.boolean(), (s, penalties) => {
        for (const row of scoreCohort(inputOf(s, { penalties }))) {
          expect(row.total).toBeGreaterThanOrEqual(0);
          expect(row.total).toBeLessThanOrEqual(100);
        }
      }),
    );
  });

  it('always ranks a vetoed unit below every unit that was not vetoed, with a total of 0 and no grade', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const rows = scoreCohort(inputOf(s, { vetoes: true }));
        const worstClean = Math.max(0, ...rows.filter((r) => !r.vetoed).map((r) => r.rank));
        for (const r of rows.filter((x) => x.vetoed)) {
          expect(r.rank).toBeGreaterThan(worstClean);
          expect(r.total).toBe(0);
          expect(r.grade).toBeNull();
        }
      }),
    );
  });

  it('reproduces every item score and every total from the breakdown alone', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const input = inputOf(s, { penalties: true });
        for (const row of scoreCohort(input)) {
          for (const [i, it] of row.items.entries()) {
            const def = input.definition.items[i];
            const dir = input.directions.get(it.key)!;
            expect(it.points).toBe(round(it.normalized * it.weight, 2));
            if (it.raw == null) {
              expect(it.normalized).toBe(0);
              continue;
            }
            const b = it.basis;
            let expected: number | null = null;
            if (def.normalization.kind === 'minmax') expected = b.max === b.min ? 1 : dir === 'higher' ? (it.raw - b.min!) / (b.max! - b.min!) : (b.max! - it.raw) / (b.max! - b.min!);
            if (def.normalization.kind === 'target') expected = b.target == null ? 0 : dir === 'higher' ? Math.min(it.raw / b.target, 1) : it.raw <= b.target ? 1 : b.target / it.raw;
            if (def.normalization.kind === 'rank') expected = b.of === 1 ? 1 : (b.of! - b.rank!) / (b.of! - 1);
            if (def.normalization.kind === 'bands') expected = b.bandScore == null ? 0 : b.bandScore / it.weight;
            expect(it.normalized).toBe(round(expected!, 4));
          }
          const sum = round(row.items.reduce((a, x) => a + x.points, 0), 2);
          expect(row.base).toBe(sum);
          expect(row.total).toBe(row.vetoed ? 0 : Math.max(0, round(row.base + row.bonus - row.penalty, 2)));
        }
      }),
    );
  });

  it('ranks by total, then by item points in scheme order; units equal on all of them share a rank', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const rows = scoreCohort(inputOf(s));
        for (let i = 1; i < rows.length; i++) {
          const [a, b] = [rows[i - 1], rows[i]];
          expect(a.total).toBeGreaterThanOrEqual(b.total);
          const same = a.total === b.total && a.items.every((x, j) => x.points === b.items[j].points);
          expect(b.rank === a.rank).toBe(same);
          if (!same) expect(b.rank).toBe(i + 1);
        }
      }),
    );
  });

  it('scores a worked example by hand', () => {
    const units = [
      { id: 1, code: 'A' },
      { id: 2, code: 'B' },
      { id: 3, code: 'C' },
    ];
    const rows = scoreCohort({
      definition: {
        items: [
          { key: 'inc', label: '收入', indicatorCode: 'X', weight: 60, normalization: { kind: 'minmax' } },
          { key: 'case', label: '案件', indicatorCode: 'Y', weight: 40, normalization: { kind: 'target', target: 2 } },
        ],
        adjustments: [{ key: 'hon', label: '荣誉', direction: 'bonus', measure: { kind: 'overdueCases' }, pointsPer: 3, cap: 5 }],
        vetoes: [],
        grades: [
          { label: '优秀', min: 90 },
          { label: '一般', min: 0 },
        ],
      },
      units,
      itemValues: new Map([
        ['inc', new Map([[1, 100], [2, 50], [3, null]])],
        ['case', new Map([[1, 4], [2, 1], [3, 0]])],
      ]),
      directions: new Map([
        ['inc', 'higher'],
        ['case', 'lower'],
      ]),
      measureValues: new Map([['hon', new Map([[2, 2]])]]),
    });
    // A: 60 + 40×(2/4)=20 → 80. B: 0 + 40 + min(6,5)=5 → 45. C: no income figure → 0 + 40 → 40.
    expect(rows.map((r) => [r.code, r.rank, r.total, r.grade])).toEqual([
      ['A', 1, 80, '一般'],
      ['B', 2, 45, '一般'],
      ['C', 3, 40, '一般'],
    ]);
    expect(rows[1].adjustments[0]).toMatchObject({ raw: 2, points: 5, capped: true });
    expect(rows[2].items[0]).toMatchObject({ raw: null, points: 0, note: '无数据' });
  });
});
