/**
 * Request values made from a route's Zod schema, for the fuzz test: a plausible value that may
 * well pass validation, and hostile variants — each leaf replaced by an edge value (empty, huge,
 * NUL, lone surrogates, markup, out-of-range and wrong-typed numbers). Reads Zod 4's public
 * definition objects (`schema._zod.def`).
 */
import type { z } from 'zod';

type Def = { type: string; [k: string]: unknown };
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

export type Rng = () => number;
export function rngOf(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** Hostile leaf values: every one must be refused cleanly or handled, never crash the server. */
export const EDGE_VALUES: readonly unknown[] = [
  '',
  ' ',
  'x'.repeat(100_000),
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; drop table persons; --",
  '𠮷野家'.repeat(40),
  '\u202eRTL\u200b\ufeff',
  '١٢٣',
  '%00%ff',
  'NaN',
  '-1',
  '1e309',
  0,
  -1,
  2 ** 31,
  -(2 ** 31) - 1,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  0.5,
  -0.0001,
  true,
  null,
  [],
  {},
  [1, 2, 3],
  { $gt: '' },
];

/** A value the schema may accept (formats and bounds respected where the definition says them). */
export function plausible(schema: unknown, r: Rng, depth = 0): unknown {
  const d = defOf(schema);
  if (depth > 6) return undefined;
  switch (d.type) {
    case 'string': {
      const format = (d as { format?: string }).format;
      if (format === 'date') return '2022-06-01';
      if (format === 'datetime') return '2022-06-01T08:00:00+08:00';
      if (format === 'email') return 'someone@example.com';
      const checks = ((d.checks as unknown[]) ?? []).map((c) => defOf(c) as Def & { check?: string; minimum?: number; format?: string });
      const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 1;
      if (checks.some((c) => c.format === 'date')) return '2022-06-01';
      return pick(r, ['测试', '2022', '330784105', 'A1']).padEnd(min, '测');
    }
    case 'number':
    case 'int':
    case 'bigint': {
      const checks = ((d.checks as unknown[]) ?? []).map((c) => defOf(c) as Def & { check?: string; value?: number });
      const lo = checks.find((c) => c.check === 'greater_than')?.value ?? 1;
      return Math.max(1, Math.ceil(Number(lo))) + Math.floor(r() * 3);
    }
    case 'boolean':
      return r() < 0.5;
    case 'date':
      return '2022-06-01';
    case 'enum':
      return pick(r, Object.values(d.entries as Record<string, unknown>));
    case 'literal':
      return pick(r, d.values as unknown[]);
    case 'optional':
    case 'nullable':
      return r() < 0.3 ? (d.type === 'nullable' ? null : undefined) : plausible(d.innerType, r, depth + 1);
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return plausible(d.innerType, r, depth + 1);
    case 'pipe':
      return plausible(d.in, r, depth + 1);
    case 'transform':
      return undefined;
    case 'lazy':
      return plausible((d.getter as () => unknown)(), r, depth + 1);
    case 'union':
      return plausible(pick(r, d.options as unknown[]), r, depth + 1);
    case 'intersection':
      return { ...(plausible(d.left, r, depth + 1) as object), ...(plausible(d.right, r, depth + 1) as object) };
    case 'array':
      return Array.from({ length: 1 + Math.floor(r() * 2) }, () => plausible(d.element, r, depth + 1));
    case 'tuple':
      return (d.items as unknown[]).map((i) => plausible(i, r, depth + 1));
    case 'record':
      return { k: plausible(d.valueType, r, depth + 1) };
    case 'object': {
      const shape = d.shape as Record<string, unknown>;
      return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, plausible(v, r, depth + 1)]).filter(([, v]) => v !== undefined));
    }
    default:
      return 'x';
  }
}

/** Paths to every leaf of a plain value (objects and arrays are walked). */
function leafPaths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.length ? v.flatMap((x, i) => leafPaths(x, [...at, i])) : [at];
  if (v && typeof v === 'object') {
    const entries = Object.entries(v);
    return entries.length ? entries.flatMap(([k, x]) => leafPaths(x, [...at, k])) : [at];
  }
  return [at];
}

function setAt(v: unknown, path: (string | number)[], value: unknown): unknown {
  if (!path.length) return value;
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>;
  copy[path[0]] = setAt(copy[path[0]], path.slice(1), value);
  return copy;
}

/** The plausible value, then up to `n` variants with one leaf (or the whole value) made hostile. */
export function hostileVariants(schema: z.ZodType | undefined, r: Rng, n: number): unknown[] {
  if (!schema) return [];
  const base = plausible(schema, r);
  const out: unknown[] = [base];
  const paths = leafPaths(base);
  for (let i = 0; i < n; i++) {
    if (i % 6 === 5) out.push(pick(r, EDGE_VALUES));
    else out.push(setAt(base, pick(r, paths), pick(r, EDGE_VALUES)));
  }
  return out;
}

// A URL cannot carry a lone surrogate: a client sends U+FFFD in its place.
const enc = (s: string) => encodeURIComponent((s as string & { toWellFormed(): string }).toWellFormed());

/** A query string from a value: leaves as strings (objects flattened to their JSON). */
export function toQuery(v: unknown): string {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return `q=${enc(String(v))}`;
  return Object.entries(v)
    .filter(([, x]) => x !== undefined)
    .map(([k, x]) => `${enc(k)}=${enc(typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x))}`)
    .join('&');
}
