import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateByTiers, allocateProportional, type Ranked } from './allocate';

const table = fc
  .array(fc.record({ total: fc.double({ min: 0, max: 100, noNaN: true }).map((x) => Math.round(x * 100) / 100), vetoed: fc.boolean() }), { minLength: 1, maxLength: 80 })
  .map((xs) => {
    const sorted = [...xs].sort((a, b) => Number(a.vetoed) - Number(b.vetoed) || b.total - a.total);
    const rows: Ranked[] = sorted.map((x, i) => ({ orgUnitId: i + 1, code: `U${String(i).padStart(3, '0')}`, rank: i + 1, total: x.vetoed ? 0 : x.total, vetoed: x.vetoed }));
    rows.forEach((r, i) => {
      if (i > 0 && r.total === rows[i - 1].total && r.vetoed === rows[i - 1].vetoed) r.rank = rows[i - 1].rank;
    });
    return rows;
  });
const pool = fc.integer({ min: 1, max: 50_000_000 });

describe('incentive pool allocation', () => {
  it('in proportion: whole yuan, never negative, adding up to the pool exactly, nothing to vetoed or floor-level units', () => {
    fc.assert(
      fc.property(table, pool, fc.double({ min: 0, max: 90, noNaN: true }), (rows, amount, floor) => {
        fc.pre(rows.some((r) => !r.vetoed && r.total > floor));
        const a = allocateProportional(amount, rows, floor);
        expect(a.reduce((s, x) => s + x.amount, 0)).toBe(amount);
        for (const x of a) {
          expect(Number.isInteger(x.amount)).toBe(true);
          expect(x.amount).toBeGreaterThanOrEqual(0);
          const r = rows.find((y) => y.orgUnitId === x.orgUnitId)!;
          if (r.vetoed || r.total <= floor) expect(x.amount).toBe(0);
        }
        // A higher score never gets more than a yuan less than a lower one.
        for (const x of a) for (const y of a) if (rows[x.orgUnitId - 1].total > rows[y.orgUnitId - 1].total) expect(x.amount).toBeGreaterThanOrEqual(y.amount - 1);
      }),
    );
  });

  it('by tiers: adds up to the pool exactly, whether or not the tier amounts do; same tier, same amount within a yuan', () => {
    fc.assert(
      fc.property(table, pool, fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 1_000_000 }), (rows, amount, cut, each) => {
        const tiers = [
          { fromRank: 1, toRank: cut, amountEach: each * 2 },
          { fromRank: cut + 1, toRank: cut * 3, amountEach: each },
        ];
        fc.pre(rows.some((r) => !r.vetoed && r.rank <= cut * 3));
        const t = allocateByTiers(amount, rows, tiers);
        expect(t.allocations.reduce((s, x) => s + x.amount, 0)).toBe(amount);
        const first = t.allocations.filter((x) => rows[x.orgUnitId - 1].rank <= cut && !rows[x.orgUnitId - 1].vetoed).map((x) => x.amount);
        if (first.length) expect(Math.max(...first) - Math.min(...first)).toBeLessThanOrEqual(1);
        for (const x of t.allocations) if (rows[x.orgUnitId - 1].vetoed) expect(x.amount).toBe(0);
      }),
    );
  });

  it('pays the tier amounts as set when they add up to the pool', () => {
    const rows: Ranked[] = Array.from({ length: 6 }, (_, i) => ({ orgUnitId: i + 1, code: `U${i}`, rank: i + 1, total: 90 - i, vetoed: false }));
    const t = allocateByTiers(2_000_000, rows, [
      { fromRank: 1, toRank: 2, amountEach: 600_000 },
      { fromRank: 3, toRank: 4, amountEach: 400_000 },
    ]);
    expect(t.scaled).toBe(false);
    expect(t.allocations.map((a) => a.amount)).toEqual([600_000, 600_000, 400_000, 400_000, 0, 0]);
  });
});
