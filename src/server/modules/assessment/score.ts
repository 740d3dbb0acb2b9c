import type { Band, Normalization, SchemeDefinition } from '../../../shared/assessment';

/**
 * The scoring engine: pure, so a league table is reproducible from its inputs and the property
 * tests can run it over random cohorts. Every figure a page shows is rounded here, once, and
 * the total and the ranking use the rounded figures, so a reader adding up a breakdown gets
 * exactly the total shown, and two units shown with the same total are really tied.
 */

export interface CohortUnit {
  id: number;
  code: string;
}

export type Direction = 'higher' | 'lower';

export interface ScoreInput {
  definition: SchemeDefinition;
  units: readonly CohortUnit[];
  /** Item key → unit id → raw value (null or missing = no figure). */
  itemValues: ReadonlyMap<string, ReadonlyMap<number, number | null>>;
  /** Item key → which way is better (the indicator's direction). */
  directions: ReadonlyMap<string, Direction>;
  /** Item key → unit id → the unit's own target, for target normalization without a fixed target. */
  itemTargets?: ReadonlyMap<string, ReadonlyMap<number, number | null>>;
  /** Adjustment or veto key → unit id → measured value. */
  measureValues: ReadonlyMap<string, ReadonlyMap<number, number | null>>;
}

export interface ItemScore {
  key: string;
  raw: number | null;
  /** 0–1, four decimals. */
  normalized: number;
  weight: number;
  /** normalized × weight, two decimals. */
  points: number;
  /** Why the score is what it is when it is not a plain computation: 无数据, 无目标值, 未落入任何分档. */
  note: string | null;
  /** What the normalization compared against: cohort min/max, target, rank of n, or the band hit. */
  basis: Record<string, number | null>;
}

export interface AdjustmentScore {
  key: string;
  direction: 'bonus' | 'penalty';
  raw: number | null;
  points: number;
  capped: boolean;
}

/** What a published row keeps of its scoring: every item, adjustment and veto, with the sums. */
export type StoredBreakdown = Pick<ScoredRow, 'code' | 'base' | 'bonus' | 'penalty' | 'vetoes' | 'items' | 'adjustments'>;

export interface ScoredRow {
  unitId: number;
  code: string;
  rank: number;
  total: number;
  base: number;
  bonus: number;
  penalty: number;
  grade: string | null;
  vetoed: boolean;
  vetoes: string[];
  items: ItemScore[];
  adjustments: AdjustmentScore[];
}

export const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round((x + Number.EPSILON * Math.sign(x)) * f) / f;
};

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** The band a value falls in: the first with min ≤ value < max (open ends allowed). */
export function bandFor(bands: readonly Band[], value: number): Band | null {
  return bands.find((b) => (b.min == null || value >= b.min) && (b.max == null || value < b.max)) ?? null;
}

/** Normalizes one item over the cohort: every unit's 0–1 score with what it was compared to. */
function normalizeItem(
  n: Normalization,
  weight: number,
  direction: Direction,
  values: ReadonlyMap<number, number | null> | undefined,
  units: readonly CohortUnit[],
  targets: ReadonlyMap<number, number | null> | undefined,
): Map<number, { normalized: number; note: string | null; basis: Record<string, number | null> }> {
  const out = new Map<number, { normalized: number; note: string | null; basis: Record<string, number | null> }>();
  const present = units.map((u) => values?.get(u.id)).filter(finite);
  const min = present.length ? present.reduce((a, b) => Math.min(a, b)) : null;
  const max = present.length ? present.reduce((a, b) => Math.max(a, b)) : null;
  // Sorted best first, so a unit's rank is found by binary search (cohorts reach 25,000 units).
  const ranked = [...present].sort((a, b) => (direction === 'higher' ? b - a : a - b));
  const betterCount = (v: number) => {
    let lo = 0;
    let hi = ranked.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (direction === 'higher' ? ranked[mid] > v : ranked[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const u of units) {
    const v = values?.get(u.id);
    if (!finite(v)) {
      out.set(u.id, { normalized: 0, note: '无数据', basis: {} });
      continue;
    }
    switch (n.kind) {
      case 'minmax': {
        const span = max! - min!;
        const x = span === 0 ? 1 : direction === 'higher' ? (v - min!) / span : (max! - v) / span;
        out.set(u.id, { normalized: x, note: null, basis: { min, max } });
        break;
      }
      case 'target': {
        const t = n.target ?? targets?.get(u.id) ?? null;
        if (!finite(t) || t <= 0) {
          out.set(u.id, { normalized: 0, note: '无目标值', basis: { target: null } });
          break;
        }
        const x = direction === 'higher' ? Math.max(0, Math.min(v / t, 1)) : v <= t ? 1 : t / v;
        out.set(u.id, { normalized: x, note: null, basis: { target: t } });
        break;
      }
      case 'rank': {
        // Ties share the best rank among them; the best scores 1, the worst 0.
        const rank = 1 + betterCount(v);
        const x = present.length === 1 ? 1 : (present.length - rank) / (present.length - 1);
        out.set(u.id, { normalized: x, note: null, basis: { rank, of: present.length } });
        break;
      }
      case 'bands': {
        const b = bandFor(n.bands, v);
        out.set(u.id, {
          normalized: b ? Math.min(b.score / weight, 1) : 0,
          note: b ? null : '未落入任何分档',
          basis: b ? { bandMin: b.min ?? null, bandMax: b.max ?? null, bandScore: b.score } : {},
        });
        break;
      }
    }
  }
  return out;
}

/**
 * Scores every unit of the cohort and ranks them. Order of ranking: vetoed units last; then
 * total, high first; then each item's points in the scheme's order; units still equal share a
 * rank and are listed by unit code. The result never depends on the order `units` came in.
 */
export function scoreCohort(input: ScoreInput): ScoredRow[] {
  const { definition: d, units } = input;
  const sorted = [...units].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.id - b.id));
  const perItem = d.items.map((it) =>
    normalizeItem(it.normalization, it.weight, input.directions.get(it.key) ?? 'higher', input.itemValues.get(it.key), sorted, input.itemTargets?.get(it.key)),
  );
  const rows: ScoredRow[] = sorted.map((u) => {
    const items: ItemScore[] = d.items.map((it, i) => {
      const s = perItem[i].get(u.id)!;
      const raw = input.itemValues.get(it.key)?.get(u.id);
      const normalized = round(s.normalized, 4);
      return { key: it.key, raw: finite(raw) ? raw : null, normalized, weight: it.weight, points: round(normalized * it.weight, 2), note: s.note, basis: s.basis };
    });
    const adjustments: AdjustmentScore[] = d.adjustments.map((a) => {
      const raw = input.measureValues.get(a.key)?.get(u.id);
      const uncapped = finite(raw) && raw > 0 ? raw * a.pointsPer : 0;
      return { key: a.key, direction: a.direction, raw: finite(raw) ? raw : null, points: round(Math.min(uncapped, a.cap), 2), capped: uncapped > a.cap };
    });
    const vetoes = d.vetoes.filter((v) => {
      const x = input.measureValues.get(v.key)?.get(u.id);
      return finite(x) && x >= v.atLeast;
    });
    const base = round(items.reduce((s, x) => s + x.points, 0), 2);
    const bonusSum = round(adjustments.filter((a) => a.direction === 'bonus').reduce((s, x) => s + x.points, 0), 2);
    const bonus = d.bonusCap != null ? Math.min(bonusSum, d.bonusCap) : bonusSum;
    const penalty = round(adjustments.filter((a) => a.direction === 'penalty').reduce((s, x) => s + x.points, 0), 2);
    const vetoed = vetoes.length > 0;
    const total = vetoed ? 0 : Math.max(0, round(base + bonus - penalty, 2));
    const grade = vetoed ? null : (d.grades.find((g) => total >= g.min)?.label ?? null);
    return { unitId: u.id, code: u.code, rank: 0, total, base, bonus, penalty, grade, vetoed, vetoes: vetoes.map((v) => v.key), items, adjustments };
  });
  const compare = (a: ScoredRow, b: ScoredRow) => {
    if (a.vetoed !== b.vetoed) return a.vetoed ? 1 : -1;
    if (a.total !== b.total) return b.total - a.total;
    for (let i = 0; i < a.items.length; i++) if (a.items[i].points !== b.items[i].points) return b.items[i].points - a.items[i].points;
    return 0;
  };
  rows.sort((a, b) => compare(a, b) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  rows.forEach((r, i) => {
    r.rank = i > 0 && compare(rows[i - 1], r) === 0 ? rows[i - 1].rank : i + 1;
  });
  return rows;
}
