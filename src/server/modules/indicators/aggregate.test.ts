import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formulaValue, ratio, relativeChange, rollUpAll, rollUpTime, rollUpToUnits, rollUpTree, type TreeNode, type TreeRule } from './aggregate';
import { evaluateFormula, formulaRefs, parseFormula, type Formula } from './formula';
import { parsePeriod, periodCode, previousPeriod, sameLastYear, subPeriods, type Period } from '../../../shared/periods';

/** A random tree: node i's parent is an earlier node (or none, for a forest). */
const treeArb = fc
  .integer({ min: 1, max: 80 })
  .chain((n) => fc.tuple(fc.constant(n), fc.array(fc.nat(), { minLength: n, maxLength: n }), fc.array(fc.option(fc.integer({ min: -1000, max: 1000 }), { nil: undefined }), { minLength: n, maxLength: n })))
  .map(([n, parentSeeds, vals]) => {
    const nodes: TreeNode[] = Array.from({ length: n }, (_, i) => ({ id: i + 1, parentId: i === 0 || parentSeeds[i] % 7 === 0 ? null : (parentSeeds[i] % i) + 1 }));
    const values = new Map<number, number>();
    vals.forEach((v, i) => v !== undefined && values.set(i + 1, v));
    return { nodes, values };
  });

/** Direct computation: every reported figure whose unit has `id` on its ancestor chain. */
function subtreeFigures(nodes: TreeNode[], values: Map<number, number>, id: number): number[] {
  const parent = new Map(nodes.map((n) => [n.id, n.parentId]));
  const out: number[] = [];
  for (const [unit, v] of values) {
    for (let cur: number | null | undefined = unit; cur != null; cur = parent.get(cur)) {
      if (cur === id) {
        out.push(v);
        break;
      }
    }
  }
  return out;
}

const direct: Record<TreeRule, (xs: number[]) => number | null> = {
  sum: (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) : null),
  avg: (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null),
  max: (xs) => (xs.length ? Math.max(...xs) : null),
  min: (xs) => (xs.length ? Math.min(...xs) : null),
};

describe('rolling up the tree', () => {
  for (const rule of ['sum', 'avg', 'max', 'min'] as const) {
    it(`${rule} at every unit equals the direct ${rule} over the figures in its subtree`, () => {
      fc.assert(
        fc.property(treeArb, ({ nodes, values }) => {
          const rolled = rollUpTree(rule, nodes, values);
          for (const n of nodes) {
            const expected = direct[rule](subtreeFigures(nodes, values, n.id));
            const got = rolled.get(n.id);
            if (expected === null) expect(got).toBeNull();
            else expect(got).toBeCloseTo(expected, 9);
          }
        }),
        { numRuns: 200 },
      );
    });
  }

  for (const rule of ['sum', 'avg', 'max', 'min'] as const) {
    it(`${rule} by materialized paths for chosen units equals the tree roll-up at those units`, () => {
      fc.assert(
        fc.property(treeArb, fc.array(fc.boolean(), { minLength: 80, maxLength: 80 }), ({ nodes, values }, pick) => {
          const parent = new Map(nodes.map((n) => [n.id, n.parentId]));
          const pathOf = (id: number): string => {
            const p = parent.get(id);
            return (p == null ? '' : pathOf(p)) + id + '.';
          };
          const rows = [...values].map(([id, value]) => ({ path: pathOf(id), value }));
          const targets = new Set(nodes.filter((n) => pick[n.id - 1]).map((n) => n.id));
          const byPath = rollUpToUnits(rule, rows, targets);
          const byTree = rollUpTree(rule, nodes, values);
          expect(byPath.size).toBe(targets.size);
          for (const id of targets) {
            const a = byPath.get(id);
            const b = byTree.get(id);
            if (b == null) expect(a).toBeNull();
            else expect(a).toBeCloseTo(b, 9);
          }
          const roots = nodes.filter((n) => n.parentId == null);
          if (roots.length === 1) {
            const all = rollUpAll(rule, [...values.values()]);
            const atRoot = byTree.get(roots[0].id);
            if (atRoot == null) expect(all).toBeNull();
            else expect(all).toBeCloseTo(atRoot, 9);
          }
        }),
        { numRuns: 200 },
      );
    });
  }

  it('a ratio of sums equals Σ numerator / Σ denominator over the leaves, never an average of ratios', () => {
    fc.assert(
      fc.property(treeArb, fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 80, maxLength: 80 }), ({ nodes, values }, dens) => {
        const num = new Map([...values].map(([k, v]) => [k, Math.abs(v)]));
        const den = new Map([...values.keys()].map((k, i) => [k, dens[i] + Math.abs(values.get(k)!)]));
        const sn = rollUpTree('sum', nodes, num);
        const sd = rollUpTree('sum', nodes, den);
        for (const n of nodes) {
          const a = direct.sum(subtreeFigures(nodes, num, n.id));
          const b = direct.sum(subtreeFigures(nodes, den, n.id));
          const expected = a == null || b == null || b === 0 ? null : a / b;
          const got = ratio(sn.get(n.id)!, sd.get(n.id)!);
          if (expected === null) expect(got).toBeNull();
          else expect(got).toBeCloseTo(expected, 9);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the seed\'s collective-economy share: 3 of 4 villages over the threshold is 75%', () => {
    const nodes = [{ id: 1, parentId: null }, ...[2, 3, 4, 5].map((id) => ({ id, parentId: 1 }))];
    const over = rollUpTree('sum', nodes, new Map([[2, 1], [3, 1], [4, 1], [5, 0]]));
    const all = rollUpTree('sum', nodes, new Map([[2, 1], [3, 1], [4, 1], [5, 1]]));
    expect(ratio(over.get(1)!, all.get(1)!, 100)).toBe(75);
  });

  it('handles a 25,000-village tree in one pass without deep recursion', () => {
    const nodes: TreeNode[] = [{ id: 0, parentId: null }];
    const values = new Map<number, number>();
    // A pathological chain 20,000 deep, plus 5,000 leaves under the root.
    for (let i = 1; i <= 20_000; i++) nodes.push({ id: i, parentId: i - 1 });
    for (let i = 20_001; i <= 25_000; i++) nodes.push({ id: i, parentId: 0 });
    nodes.forEach((n) => values.set(n.id, 1));
    expect(rollUpTree('sum', nodes, values).get(0)).toBe(25_001);
  });
});

describe('rolling up over time', () => {
  const months = fc.array(fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }), { minLength: 12, maxLength: 12 });

  it('a year summed from months equals the sum of its quarters, each summed from months', () => {
    fc.assert(
      fc.property(months, (m) => {
        const quarters = [0, 1, 2, 3].map((q) => rollUpTime('sum', m.slice(q * 3, q * 3 + 3)));
        expect(rollUpTime('sum', quarters)).toEqual(rollUpTime('sum', m));
      }),
    );
  });

  it('latest takes the last reported figure, skipping months with none', () => {
    fc.assert(
      fc.property(months, (m) => {
        const last = [...m].reverse().find((v) => v != null) ?? null;
        expect(rollUpTime('latest', m)).toEqual(last);
        const quarters = [0, 1, 2, 3].map((q) => rollUpTime('latest', m.slice(q * 3, q * 3 + 3)));
        expect(rollUpTime('latest', quarters)).toEqual(last);
      }),
    );
  });

  it('max of maxima is the max', () => {
    fc.assert(
      fc.property(months, (m) => {
        const halves = [rollUpTime('max', m.slice(0, 6)), rollUpTime('max', m.slice(6))];
        expect(rollUpTime('max', halves)).toEqual(rollUpTime('max', m));
      }),
    );
  });
});

describe('change figures', () => {
  it('says 党员违法数量 fell 47.06% when 17 cases became 9', () => {
    expect(relativeChange(9, 17)).toBeCloseTo(-0.470588, 6);
    expect(relativeChange(5, 0)).toBeNull();
  });
});

describe('formulas', () => {
  const leaf: fc.Arbitrary<Formula> = fc.oneof(
    fc.integer({ min: 0, max: 99 }).map((value) => ({ kind: 'num' as const, value })),
    fc.constantFrom('A', 'B', 'DY_ZS').map((code) => ({ kind: 'ref' as const, code })),
  );
  const formulaArb: fc.Arbitrary<Formula> = fc.letrec<{ f: Formula }>((tie) => ({
    f: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      tie('f').map((arg) => ({ kind: 'neg' as const, arg })),
      fc.record({ kind: fc.constant('bin' as const), op: fc.constantFrom('+', '-', '*', '/') as fc.Arbitrary<'+' | '-' | '*' | '/'>, left: tie('f'), right: tie('f') }),
    ),
  })).f;
  const print = (f: Formula): string =>
    f.kind === 'num' ? String(f.value) : f.kind === 'ref' ? f.code : f.kind === 'neg' ? `-(${print(f.arg)})` : `(${print(f.left)} ${f.op} ${print(f.right)})`;

  it('printing and parsing again gives a formula that evaluates the same', () => {
    fc.assert(
      fc.property(formulaArb, fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 }), fc.integer({ min: 1, max: 20 }), (f, a, b, z) => {
        const env = (c: string) => ({ A: a, B: b, DY_ZS: z })[c];
        const again = parseFormula(print(f));
        expect(evaluateFormula(again, env)).toEqual(evaluateFormula(f, env));
      }),
    );
  });

  it('respects precedence and reads its references', () => {
    const f = parseFormula('DY_WF / DY_ZS * 1000 - -2');
    expect(formulaRefs(f)).toEqual(['DY_WF', 'DY_ZS']);
    expect(evaluateFormula(f, (c) => ({ DY_WF: 9, DY_ZS: 47_213 })[c])).toBeCloseTo((9 / 47_213) * 1000 + 2, 9);
    expect(formulaValue('1 + 2 * 3', () => null)).toBe(7);
  });

  it('yields null, not Infinity, on division by zero or a missing input', () => {
    expect(formulaValue('A / B', (c) => ({ A: 1, B: 0 })[c])).toBeNull();
    expect(formulaValue('A + B', (c) => ({ A: 1 })[c])).toBeNull();
  });

  it.each([
    ['', '公式不能为空'],
    ['A +', '公式不完整'],
    ['(A + B', '缺少右括号'],
    ['A $ B', '「$」无法识别'],
    ['A B', '多余内容'],
  ])('explains a broken formula %j in Chinese', (src, message) => {
    expect(() => parseFormula(src)).toThrow(message);
  });
});

describe('periods', () => {
  const periodArb: fc.Arbitrary<Period> = fc.oneof(
    fc.integer({ min: 2000, max: 2100 }).map((year) => ({ type: 'year' as const, year, index: 1 })),
    fc.record({ type: fc.constant('half' as const), year: fc.integer({ min: 2000, max: 2100 }), index: fc.integer({ min: 1, max: 2 }) }),
    fc.record({ type: fc.constant('quarter' as const), year: fc.integer({ min: 2000, max: 2100 }), index: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ type: fc.constant('month' as const), year: fc.integer({ min: 2000, max: 2100 }), index: fc.integer({ min: 1, max: 12 }) }),
  );

  it('codes round-trip', () => {
    fc.assert(
      fc.property(periodArb, (p) => {
        expect(parsePeriod(periodCode(p))).toEqual(p);
      }),
    );
  });

  it('previous period and same period last year step back correctly', () => {
    expect(periodCode(previousPeriod(parsePeriod('2022Q1')!))).toBe('2021Q4');
    expect(periodCode(previousPeriod(parsePeriod('2022-01')!))).toBe('2021-12');
    expect(periodCode(sameLastYear(parsePeriod('2022H2')!))).toBe('2021H2');
  });

  it('splits a period into the finer periods it covers', () => {
    expect(subPeriods(parsePeriod('2022Q3')!, 'month').map(periodCode)).toEqual(['2022-07', '2022-08', '2022-09']);
    expect(subPeriods(parsePeriod('2022')!, 'quarter').map(periodCode)).toEqual(['2022Q1', '2022Q2', '2022Q3', '2022Q4']);
    expect(subPeriods(parsePeriod('2022H2')!, 'quarter').map(periodCode)).toEqual(['2022Q3', '2022Q4']);
    fc.assert(
      fc.property(periodArb, (p) => {
        expect(subPeriods(p, 'month')).toHaveLength({ year: 12, half: 6, quarter: 3, month: 1 }[p.type]);
      }),
    );
  });

  it('refuses malformed codes', () => {
    for (const bad of ['22', '2022Q5', '2022-13', '2022H3', '2022-7']) expect(parsePeriod(bad)).toBeNull();
  });
});
