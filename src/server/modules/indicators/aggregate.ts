import { evaluateFormula, parseFormula, type Formula } from './formula';

/**
 * How an indicator's figures combine (汇总规则) — up the org tree and over time. Pure
 * functions: the service loads approved figures and hands them here, so the rules are tested
 * in isolation (aggregate.test.ts checks them against direct computation on random trees).
 */
export type TreeRule = 'sum' | 'avg' | 'max' | 'min';
/** Over time: flows add up (sum), stocks take the last figure (latest), rates average. */
export type TimeRule = TreeRule | 'latest';

export type Aggregation =
  | { kind: 'simple'; tree: TreeRule; time: TimeRule }
  /** Ratio of two indicators, each summed first: 占比 = Σ numerator / Σ denominator × scale. */
  | { kind: 'ratio'; numerator: string; denominator: string; scale: number }
  /** A formula over other indicators' aggregates at the same unit and period. */
  | { kind: 'formula'; expression: string };

export interface TreeNode {
  id: number;
  parentId: number | null;
}

interface Partial {
  sum: number;
  count: number;
  max: number;
  min: number;
}

const EMPTY: Partial = { sum: 0, count: 0, max: -Infinity, min: Infinity };

function finish(rule: TreeRule, p: Partial): number | null {
  if (p.count === 0) return null;
  switch (rule) {
    case 'sum':
      return p.sum;
    case 'avg':
      return p.sum / p.count;
    case 'max':
      return p.max;
    case 'min':
      return p.min;
  }
}

/**
 * For every unit, the aggregate of the figures reported in its subtree, its own included.
 * One post-order pass, so a league table of 25,000 villages costs the same as one unit.
 * Units with no reported figure anywhere below them get null, not 0.
 */
export function rollUpTree(rule: TreeRule, nodes: readonly TreeNode[], values: ReadonlyMap<number, number>): Map<number, number | null> {
  const children = new Map<number, number[]>();
  for (const n of nodes) {
    if (n.parentId != null) {
      const list = children.get(n.parentId) ?? [];
      list.push(n.id);
      children.set(n.parentId, list);
    }
  }
  // Iterative post-order from every root, so deep trees cannot overflow the stack.
  const partial = new Map<number, Partial>();
  const known = new Set(nodes.map((n) => n.id));
  const roots = nodes.filter((n) => n.parentId == null || !known.has(n.parentId));
  for (const root of roots) {
    const stack: [number, boolean][] = [[root.id, false]];
    while (stack.length) {
      const [id, expanded] = stack.pop()!;
      if (!expanded) {
        stack.push([id, true]);
        for (const c of children.get(id) ?? []) stack.push([c, false]);
        continue;
      }
      const own = values.get(id);
      const p: Partial = own === undefined ? { ...EMPTY } : { sum: own, count: 1, max: own, min: own };
      for (const c of children.get(id) ?? []) {
        const q = partial.get(c)!;
        p.sum += q.sum;
        p.count += q.count;
        p.max = Math.max(p.max, q.max);
        p.min = Math.min(p.min, q.min);
      }
      partial.set(id, p);
    }
  }
  const out = new Map<number, number | null>();
  for (const [id, p] of partial) out.set(id, finish(rule, p));
  return out;
}

/** Combines one unit's figures over consecutive periods (given in chronological order). */
export function rollUpTime(rule: TimeRule, series: readonly (number | null | undefined)[]): number | null {
  const present = series.filter((v): v is number => v != null);
  if (!present.length) return null;
  if (rule === 'latest') return present[present.length - 1];
  return finish(rule, {
    sum: present.reduce((a, b) => a + b, 0),
    count: present.length,
    max: Math.max(...present),
    min: Math.min(...present),
  });
}

/** Σ numerator / Σ denominator × scale; null when the denominator is missing or zero. */
export function ratio(numerator: number | null, denominator: number | null, scale = 1): number | null {
  if (numerator == null || denominator == null || denominator === 0) return null;
  return (numerator / denominator) * scale;
}

const parsed = new Map<string, Formula>();

/** Evaluates a formula aggregation given the referenced indicators' aggregates. */
export function formulaValue(expression: string, values: (code: string) => number | null | undefined): number | null {
  let f = parsed.get(expression);
  if (!f) {
    f = parseFormula(expression);
    parsed.set(expression, f);
  }
  return evaluateFormula(f, values);
}

/** Change against a base figure: 0.4706 means "增长47.06%"; negative means a fall. */
export function relativeChange(current: number | null, base: number | null): number | null {
  if (current == null || base == null || base === 0) return null;
  return (current - base) / Math.abs(base);
}

/** One unit's figure (already combined over time) with the unit's materialized path. */
export interface PathValue {
  path: string;
  value: number;
}

/**
 * The tree rule applied for chosen target units at once: each target gets the figures of every
 * unit whose path runs through it (its subtree, itself included). Equivalent to rollUpTree read
 * at the targets, but needs only the figures' paths, not the whole tree — so the service can
 * compute "all 25,547 villages" or "the children of this town" from one query.
 */
export function rollUpToUnits(rule: TreeRule, rows: readonly PathValue[], targets: ReadonlySet<number>): Map<number, number | null> {
  const partial = new Map<number, Partial>();
  for (const row of rows) {
    for (const segment of row.path.split('.')) {
      if (!segment) continue;
      const id = Number(segment);
      if (!targets.has(id)) continue;
      const p = partial.get(id) ?? { ...EMPTY };
      p.sum += row.value;
      p.count += 1;
      p.max = Math.max(p.max, row.value);
      p.min = Math.min(p.min, row.value);
      partial.set(id, p);
    }
  }
  const out = new Map<number, number | null>();
  for (const id of targets) {
    const p = partial.get(id);
    out.set(id, p ? finish(rule, p) : null);
  }
  return out;
}

/** The tree rule over all given figures: the aggregate for the unit whose subtree they cover. */
export function rollUpAll(rule: TreeRule, values: readonly number[]): number | null {
  const p: Partial = { ...EMPTY };
  for (const v of values) {
    p.sum += v;
    p.count += 1;
    if (v > p.max) p.max = v;
    if (v < p.min) p.min = v;
  }
  return finish(rule, p);
}
