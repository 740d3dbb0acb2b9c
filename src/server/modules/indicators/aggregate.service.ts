import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { badRequest, fieldError, notFound } from '../../errors';
import { escapeLike } from '../../db/like';
import { generationCached } from '../../db/generation-cache';
import { childUnits, findUnitsByIds, unitsOfTypesUnder, unitNameOf } from '../org';
import { formulaValue, ratio, relativeChange, rollUpAll, rollUpToUnits, type TimeRule } from './aggregate';
import { loadDefinitions, versionFor, type IndicatorDef } from './definitions.service';
import { indicatorTargets, peerBenchmarks } from './indicators.table';
import { derivedSource } from './derived';
import { isFinerOrSame, parsePeriod, periodCode, periodEndDate, periodStartDate, periodLabel, periodsBetween, previousPeriod, sameLastYear, subPeriods, type Period } from '../../../shared/periods';

/**
 * Aggregates read figures from SQL and apply the rules in code (docs/decisions/005). SQL does
 * one thing: combine each unit's figures over the requested periods with the indicator's time
 * rule, so at most one row per unit leaves the database; the tree rule is then applied to those
 * rows for every unit asked about at once (one unit, its children, or a whole league).
 */

/** A period range in the indicator's own period type, as codes that sort chronologically. */
export interface Range {
  from: string;
  to: string;
}

/** Expands "2022" for a monthly indicator into 2022-01…2022-12; refuses finer than the type. */
export function rangeFor(periodType: string, fromCode: string, toCode?: string): Range {
  const from = parsePeriod(fromCode);
  const to = parsePeriod(toCode ?? fromCode);
  if (!from || !to) throw fieldError('indicator.period_format', 'from', '期次格式应为 2022、2022H1、2022Q3 或 2022-07');
  const type = periodType as Period['type'];
  if (!isFinerOrSame(type, from.type) || !isFinerOrSame(type, to.type)) throw fieldError('indicator.period_too_fine', 'from', '查询期次不能比指标的填报周期更细');
  const first = subPeriods(from, type)[0];
  const lastList = subPeriods(to, type);
  const last = lastList[lastList.length - 1];
  const r = { from: periodCode(first), to: periodCode(last) };
  if (r.from > r.to) throw fieldError('indicator.period_order', 'to', '结束期次不能早于开始期次');
  return r;
}

/** Shifts a range by whole periods of its own type (-1 for 环比 of a single period). */
function shiftRange(range: Range, how: 'year' | 'previous'): Range {
  const from = parsePeriod(range.from)!;
  const to = parsePeriod(range.to)!;
  if (how === 'year') return { from: periodCode(sameLastYear(from)), to: periodCode(sameLastYear(to)) };
  const n = periodsBetween(from, to).length;
  let f = from;
  let t = to;
  for (let i = 0; i < n; i++) {
    f = previousPeriod(f);
    t = previousPeriod(t);
  }
  return { from: periodCode(f), to: periodCode(t) };
}

function timeAggregate(rule: TimeRule, x: SQL): SQL {
  switch (rule) {
    case 'sum':
      return sql`sum(${x})`;
    case 'avg':
      return sql`avg(${x})`;
    case 'max':
      return sql`max(${x})`;
    case 'min':
      return sql`min(${x})`;
    case 'latest':
      return sql`(array_agg(${x} order by v.period desc))[1]`;
  }
}

export interface Scope {
  tenantId: string;
  underPath: string;
  provisional: boolean;
}

/**
 * Each unit's figure for an entered/derived indicator over a range, combined over time: the
 * only SQL aggregates run. Published view reads signed-off figures; provisional reads the
 * latest entered figure whatever its review state.
 */
export async function unitFigures(db: DbOrTx, indicatorId: number, rule: TimeRule, range: Range, scope: Scope): Promise<{ path: string; value: number }[]> {
  const x = scope.provisional ? sql`coalesce(v.value, v.approved_value)` : sql`v.approved_value`;
  // The path prefix goes in as a literal: with a parameter, PostgreSQL's generic plan cannot see
  // how much of the tree it selects and picks a per-unit nested loop (measured at province scale).
  if (!/^[0-9.]+$/.test(scope.underPath)) throw new Error(`unexpected org path ${scope.underPath}`);
  return queryRows<{ path: string; value: number }>(
    db,
    sql`select o.path, ${timeAggregate(rule, x)}::float8 as value
        from indicator_values v join org_units o on o.id = v.org_unit_id
        where v.indicator_id = ${indicatorId} and v.period >= ${range.from} and v.period <= ${range.to}
          and ${x} is not null and o.path like ${sql.raw(`'${scope.underPath}%'`)}
        group by o.path`,
  );
}

/** Per-unit figures and the subtree total of an indicator computed live from records. */
interface LiveFigures {
  range(db: DbOrTx, underPath: string): Promise<{ path: string; value: number }[]>;
  total(db: DbOrTx, underPath: string): Promise<number | null>;
}

/**
 * How an indicator computed live from records reads its figures over `range`, if it is one:
 * ledger records through the version's record query, or another module's dated records through
 * a source that needs no query (talent subsidy payments).
 */
function liveQuery(def: IndicatorDef, range: Range): LiveFigures | null {
  if (def.row.source !== 'derived') return null;
  const v = versionFor(def, range.to);
  const from = periodStartDate(parsePeriod(range.from)!);
  const to = periodEndDate(parsePeriod(range.to)!);
  const source = derivedSource(def.row.derivation ?? '');
  const live = source?.live;
  const query = v.recordQuery;
  if (live && query) return { range: (db, underPath) => live.computeRange(db, underPath, from, to, query), total: (db, underPath) => live.computeTotal(db, underPath, from, to, query) };
  const liveRange = source?.liveRange?.bind(source);
  if (!liveRange) return null;
  return {
    range: (db, underPath) => liveRange(db, underPath, from, to),
    // No records at all is no figure (as for ledger records), not zero.
    total: async (db, underPath) => {
      const rows = await liveRange(db, underPath, from, to);
      return rows.length ? rows.reduce((s, r) => s + r.value, 0) : null;
    },
  };
}

/**
 * Figures counted from records (always summed over the tree and over time): the scope root
 * alone is one aggregate query; anything else needs the per-unit rows.
 */
async function liveAt(db: DbOrTx, l: LiveFigures, scope: Scope, targetsIn: ReadonlySet<number> | Promise<ReadonlySet<number>>) {
  const targets = await targetsIn;
  const [only] = targets;
  if (targets.size === 1 && `.${scope.underPath}`.endsWith(`.${only}.`)) return new Map([[only, await l.total(db, scope.underPath)]]);
  return rollUpToUnits('sum', await l.range(db, scope.underPath), targets);
}

/** The indicator's aggregate at every target unit, by the definition in force at the range end. */
export async function aggregateAt(
  db: DbOrTx,
  defs: ReadonlyMap<string, IndicatorDef>,
  code: string,
  range: Range,
  scope: Scope,
  targetsIn: ReadonlySet<number> | Promise<ReadonlySet<number>>,
  depth = 0,
): Promise<Map<number, number | null>> {
  const def = defs.get(code);
  const a = def && depth <= 20 ? versionFor(def, range.to).aggregation : null;
  // Figures are read before the targets are needed, so a caller may still be loading them.
  const l = a?.kind === 'simple' ? liveQuery(def!, range) : null;
  if (l) return liveAt(db, l, scope, targetsIn);
  const rowsRead = a?.kind === 'simple' ? unitFigures(db, def!.row.id, a.time, range, scope) : null;
  rowsRead?.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  const targets = await targetsIn;
  if (!def || !a) return new Map([...targets].map((t) => [t, null]));
  if (a.kind === 'simple') {
    const rows = await rowsRead!;
    // Every row lies under the scope root: for that one unit, the rule over all rows is the answer.
    const [only] = targets;
    if (targets.size === 1 && `.${scope.underPath}`.endsWith(`.${only}.`)) {
      return new Map([[only, rollUpAll(a.tree, rows.map((r) => r.value))]]);
    }
    return rollUpToUnits(a.tree, rows, targets);
  }
  if (a.kind === 'ratio') {
    const [num, den] = await Promise.all([aggregateAt(db, defs, a.numerator, range, scope, targets, depth + 1), aggregateAt(db, defs, a.denominator, range, scope, targets, depth + 1)]);
    return new Map([...targets].map((t) => [t, ratio(num.get(t) ?? null, den.get(t) ?? null, a.scale)]));
  }
  const refs = [...new Set(a.expression.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [])];
  const inputs = new Map<string, Map<number, number | null>>();
  for (const ref of refs) inputs.set(ref, await aggregateAt(db, defs, ref, range, scope, targets, depth + 1));
  return new Map([...targets].map((t) => [t, formulaValue(a.expression, (c) => inputs.get(c)?.get(t))]));
}

interface Query {
  indicatorId: number;
  unitId?: number;
  from: string;
  to?: string;
  provisional?: boolean | 'true' | 'false';
}

async function prepare(ctx: AppContext, actor: Actor, q: Query) {
  requirePermission(actor, 'read:indicators');
  const unitId = q.unitId ?? actor.orgUnitId;
  // The tenant's definitions hold the indicator: no query of its own.
  const [defs, [unit]] = await Promise.all([loadDefinitions(ctx.db, actor.tenantId), findUnitsByIds(ctx.db, [unitId])]);
  const row = [...defs.values()].find((d) => d.row.id === q.indicatorId)?.row;
  if (!row) throw notFound('indicator.not_found', '指标不存在');
  if (!unit || !unit.path.startsWith(actor.scopePath)) throw notFound('org.not_found', '单位不存在或不在您的管辖范围内');
  const range = rangeFor(row.periodType, q.from, q.to);
  const provisional = q.provisional === true || q.provisional === 'true';
  return { row, unit, defs, range, provisional, scope: { tenantId: actor.tenantId, underPath: unit.path, provisional } };
}

const one = async (db: DbOrTx, defs: ReadonlyMap<string, IndicatorDef>, code: string, range: Range, scope: Scope, unitId: number) =>
  (await aggregateAt(db, defs, code, range, scope, new Set([unitId]))).get(unitId) ?? null;

/** A single-period range's code ("2022" when asked for 2022), for looking up targets and standings. */
const rangeCode = (fromCode: string, toCode?: string) => (!toCode || toCode === fromCode ? fromCode : null);

/** One indicator for one unit over a range: value, target completion, 同比 and 环比, peer standing. */
export async function aggregateIndicator(ctx: AppContext, actor: Actor, q: Query) {
  const { row, unit, defs, range, provisional, scope } = await prepare(ctx, actor, q);
  // Independent queries: on a server pool they run side by side.
  // For a whole year 同比 and 环比 are the same range: read it once.
  const yearAgo = shiftRange(range, 'year');
  const before = shiftRange(range, 'previous');
  const lastYearRead = one(ctx.db, defs, row.code, yearAgo, scope, unit.id);
  const [value, lastYear, previous] = await Promise.all([
    one(ctx.db, defs, row.code, range, scope, unit.id),
    lastYearRead,
    before.from === yearAgo.from && before.to === yearAgo.to ? lastYearRead : one(ctx.db, defs, row.code, before, scope, unit.id),
  ]);
  const code = rangeCode(q.from, q.to);
  const [[target], benchmarks] = code
    ? await Promise.all([
        ctx.db.select().from(indicatorTargets).where(and(eq(indicatorTargets.indicatorId, row.id), eq(indicatorTargets.orgUnitId, unit.id), eq(indicatorTargets.period, code))),
        ctx.db.select().from(peerBenchmarks).where(and(eq(peerBenchmarks.indicatorId, row.id), eq(peerBenchmarks.orgUnitId, unit.id), eq(peerBenchmarks.period, code))),
      ])
    : [[], []];
  const def = defs.get(row.code)!;
  return {
    indicator: { id: row.id, code: row.code, name: row.name, unit: row.unit, direction: row.direction as 'higher' | 'lower' },
    unit: { id: unit.id, name: unit.name, type: unit.type },
    range,
    label: code ? periodLabel(parsePeriod(code)!) : `${range.from} 至 ${range.to}`,
    provisional,
    definitionVersion: versionFor(def, range.to).versionNo,
    value,
    lastYear,
    yoy: relativeChange(value, lastYear),
    previous,
    pop: relativeChange(value, previous),
    ...completion(value, target?.target ?? null, row.direction),
    benchmarks: benchmarks.map((b) => ({ peerGroup: b.peerGroup, rank: b.rank, peerCount: b.peerCount, value: b.value, sourceTitle: b.sourceTitle, sourceRef: b.sourceRef, sourceDate: b.sourceDate })),
  };
}

/**
 * Each unit's target for an indicator and period code (目标值), for scoring against targets. Kept
 * between requests until a target of the tenant changes (db/generation-cache): shared, read only.
 */
export async function unitTargetsFor(db: DbOrTx, tenantId: string, indicatorId: number, period: string): Promise<ReadonlyMap<number, number>> {
  return generationCached(
    db,
    tenantId,
    'indicator_targets',
    async () => {
      const rows = await db.select({ orgUnitId: indicatorTargets.orgUnitId, target: indicatorTargets.target }).from(indicatorTargets).where(and(eq(indicatorTargets.indicatorId, indicatorId), eq(indicatorTargets.period, period)));
      return new Map(rows.filter((r) => r.target != null).map((r) => [r.orgUnitId, r.target as number]));
    },
    `${indicatorId}:${period}`,
  );
}

/**
 * A unit's peer standings (排名) for a period code, by indicator id: what rankings are checked
 * against. Kept between requests until a standing of the tenant changes (db/generation-cache).
 */
export async function peerStandingsAt(db: DbOrTx, tenantId: string, orgUnitId: number, period: string) {
  const t = peerBenchmarks;
  return generationCached(
    db,
    tenantId,
    'peer_benchmarks',
    () =>
      db
        .select({ indicatorId: t.indicatorId, peerGroup: t.peerGroup, rank: t.rank, peerCount: t.peerCount, sourceTitle: t.sourceTitle, sourceDate: t.sourceDate })
        .from(t)
        .where(and(eq(t.tenantId, tenantId), eq(t.orgUnitId, orgUnitId), eq(t.period, period))),
    `${orgUnitId}:${period}`,
  );
}

/** Completion against target: higher-better compares value/target; lower-better is met at or under. */
export function completion(value: number | null, target: number | null, direction: string) {
  if (target == null) return { target: null, completion: null, met: null };
  if (value == null) return { target, completion: null, met: false };
  return { target, completion: target === 0 ? null : value / target, met: direction === 'lower' ? value <= target : value >= target };
}

/** The indicator per period of the range, at a chosen granularity (the indicator's type or coarser). */
export async function indicatorSeries(ctx: AppContext, actor: Actor, q: Query & { granularity?: Period['type'] }) {
  const { row, unit, defs, range, provisional, scope } = await prepare(ctx, actor, q);
  const type = q.granularity ?? (row.periodType as Period['type']);
  if (!isFinerOrSame(row.periodType as Period['type'], type)) throw badRequest('indicator.granularity', '统计粒度不能比指标的填报周期更细');
  const from = parsePeriod(range.from)!;
  const to = parsePeriod(range.to)!;
  const buckets = periodsBetween(containing(from, type), containing(to, type));
  if (buckets.length > 120) throw badRequest('indicator.range_too_long', '一次最多查询 120 个期次');
  const points = [];
  for (const b of buckets) {
    const r = rangeFor(row.periodType, periodCode(b));
    const value = await one(ctx.db, defs, row.code, r, scope, unit.id);
    const lastYear = await one(ctx.db, defs, row.code, shiftRange(r, 'year'), scope, unit.id);
    points.push({ period: periodCode(b), label: periodLabel(b), value, lastYear, yoy: relativeChange(value, lastYear) });
  }
  return { indicator: { id: row.id, code: row.code, name: row.name, unit: row.unit }, unit: { id: unit.id, name: unit.name }, provisional, points };
}

/** The period of `type` that contains `p`. */
function containing(p: Period, type: Period['type']): Period {
  const month = subPeriods(p, 'month')[0].index;
  const per = { year: 12, half: 6, quarter: 3, month: 1 }[type];
  return { type, year: p.year, index: Math.floor((month - 1) / per) + 1 };
}

/** Drill down one level: the unit's own figure and each child's subtree aggregate. */
export async function indicatorChildren(ctx: AppContext, actor: Actor, q: Query) {
  const { row, unit, defs, range, scope } = await prepare(ctx, actor, q);
  const children = await childUnits(ctx.db, unit.id);
  const targets = new Set([unit.id, ...children.map((c) => c.id)]);
  const values = await aggregateAt(ctx.db, defs, row.code, range, scope, targets);
  const code = rangeCode(q.from, q.to);
  const targetRows = code ? await ctx.db.select().from(indicatorTargets).where(and(eq(indicatorTargets.indicatorId, row.id), eq(indicatorTargets.period, code))) : [];
  const targetOf = new Map(targetRows.map((t) => [t.orgUnitId, t.target]));
  const total = values.get(unit.id) ?? null;
  // A child's share of the total means something only when the total is the children's sum.
  const a = versionFor(defs.get(row.code)!, range.to).aggregation;
  const additive = a.kind === 'simple' && a.tree === 'sum';
  return {
    unit: { id: unit.id, name: unit.name, value: total },
    rows: children.map((c) => {
      const value = values.get(c.id) ?? null;
      return { id: c.id, name: c.name, type: c.type, childCount: c.childCount, value, share: additive && total && value != null ? value / total : null, ...completion(value, targetOf.get(c.id) ?? null, row.direction) };
    }),
  };
}

/**
 * League table: every unit of the given types under the unit, ranked by the indicator in its
 * better direction (ties share a rank; units without a figure come last, unranked). With a
 * threshold, also the share of those units meeting it (e.g. 经营性收入100万元以上行政村占比).
 */
export async function leagueTable(ctx: AppContext, actor: Actor, q: Query & { unitTypes?: readonly string[] | string; threshold?: number }) {
  const { row, unit, defs, range, scope } = await prepare(ctx, actor, q);
  const types = typeof q.unitTypes === 'string' ? q.unitTypes.split(',').filter(Boolean) : (q.unitTypes ?? ['village', 'community']);
  // The units and the figures are independent reads; on a server pool they overlap.
  const unitsRead = unitsOfTypesUnder(ctx.db, unit.path, types);
  const [units, values] = await Promise.all([unitsRead, aggregateAt(ctx.db, defs, row.code, range, scope, unitsRead.then((us) => new Set(us.map((u) => u.id))))]);
  const sign = row.direction === 'lower' ? 1 : -1;
  const rows = units.map((u) => ({ id: u.id, code: u.code, name: u.name, type: u.type, parentId: u.parentId, value: values.get(u.id) ?? null, rank: null as number | null }));
  rows.sort((a, b) => (a.value == null ? 1 : 0) - (b.value == null ? 1 : 0) || sign * ((a.value ?? 0) - (b.value ?? 0)) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  let rank = 0;
  rows.forEach((r, i) => {
    if (r.value == null) return;
    if (i === 0 || r.value !== rows[i - 1].value) rank = i + 1;
    r.rank = rank;
  });
  const parents = await findUnitsByIds(ctx.db, [...new Set(rows.map((r) => r.parentId).filter((x): x is number => x != null))]);
  const parentName = new Map(parents.map((p) => [p.id, p.name]));
  const threshold = q.threshold;
  const meeting = threshold == null ? null : rows.filter((r) => r.value != null && (row.direction === 'lower' ? r.value <= threshold : r.value >= threshold)).length;
  return {
    indicator: { id: row.id, code: row.code, name: row.name, unit: row.unit, direction: row.direction as 'higher' | 'lower' },
    range,
    total: rows.length,
    reported: rows.filter((r) => r.value != null).length,
    threshold: threshold ?? null,
    meeting,
    share: meeting == null || !rows.length ? null : meeting / rows.length,
    rows: rows.map(({ parentId, ...r }) => ({ ...r, parentName: parentId ? (parentName.get(parentId) ?? null) : null })),
  };
}

/**
 * The figures an aggregate came from: each unit's figure per period under the unit, with who
 * signed it off and how often it changed since. For ratio and formula indicators, the figures
 * of every indicator they read.
 */
export async function aggregateSources(ctx: AppContext, actor: Actor, q: Query & { limit?: number }) {
  const { row, unit, defs, range, provisional } = await prepare(ctx, actor, q);
  const codes: string[] = [];
  const walk = (code: string, depth: number) => {
    const def = defs.get(code);
    if (!def || depth > 20 || codes.includes(code)) return;
    const a = versionFor(def, range.to).aggregation;
    if (a.kind === 'simple') codes.push(code);
    else if (a.kind === 'ratio') [a.numerator, a.denominator].forEach((c) => walk(c, depth + 1));
    else (a.expression.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).forEach((c) => walk(c, depth + 1));
  };
  walk(row.code, 0);
  const ids = codes.map((c) => defs.get(c)!.row.id);
  const limit = Math.min(q.limit ?? 500, 5000);
  const x = provisional ? sql`coalesce(v.value, v.approved_value)` : sql`v.approved_value`;
  const items = ids.length
    ? await queryRows<Record<string, unknown>>(
        ctx.db,
        sql`select v.id, i.code as "indicatorCode", i.name as "indicatorName", v.org_unit_id as "unitId", ${unitNameOf('"v"."org_unit_id"')} as "unitName",
              v.period, v.value, v.approved_value as "approvedValue", v.approved_by as "approvedBy", v.approved_at as "approvedAt",
              v.changes_since_signoff as "changesSinceSignoff", v.source, v.comment,
              (select t.title from collection_tasks t where t.id = v.task_id) as "taskTitle", v.task_id as "taskId"
            from indicator_values v join indicators i on i.id = v.indicator_id join org_units o on o.id = v.org_unit_id
            where v.indicator_id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) and v.period >= ${range.from} and v.period <= ${range.to}
              and ${x} is not null and o.path like ${escapeLike(unit.path) + '%'}
            order by i.code, o.path, v.period limit ${limit + 1}`,
      )
    : [];
  // Figures computed live from ledger records have no stored rows: say which records they count.
  const fromDate = periodStartDate(parsePeriod(range.from)!);
  const toDate = periodEndDate(parsePeriod(range.to)!);
  const recordQueries = codes.flatMap((c) => {
    const def = defs.get(c)!;
    const v = versionFor(def, range.to);
    return def.row.source === 'derived' && v.recordQuery ? [{ indicatorCode: c, indicatorName: def.row.name, recordQuery: v.recordQuery, fromDate, toDate, unitId: unit.id }] : [];
  });
  return { indicatorCodes: codes, provisional, truncated: items.length > limit, items: items.slice(0, limit), recordQueries };
}

/**
 * The published value of an indicator at one unit for a year (signed-off figures; live for
 * ledger-derived ones), or null: what summaries, fact-checks and cockpits quote.
 */
export async function yearValueAt(db: DbOrTx, defs: ReadonlyMap<string, IndicatorDef>, code: string, year: number, tenantId: string, unit: { id: number; path: string }): Promise<number | null> {
  const def = defs.get(code);
  if (!def) return null;
  const values = await aggregateAt(db, defs, code, rangeFor(def.row.periodType, String(year)), { tenantId, underPath: unit.path, provisional: false }, new Set([unit.id]));
  const v = values.get(unit.id);
  return v == null || !Number.isFinite(v) ? null : v;
}

/**
 * yearValueAt for consecutive years at once (a cockpit's six-year trend): one query for the
 * years together instead of one per year wherever every year is read by the same definition
 * version, and the same answers as asking year by year (checked against it in tests).
 */
export async function yearValuesAt(db: DbOrTx, defs: ReadonlyMap<string, IndicatorDef>, code: string, years: readonly number[], tenantId: string, unit: { id: number; path: string }): Promise<(number | null)[]> {
  const def = defs.get(code);
  if (!def) return years.map(() => null);
  const ranges = years.map((y) => rangeFor(def.row.periodType, String(y)));
  const values = await rangesAt(db, defs, code, ranges, { tenantId, underPath: unit.path, provisional: false }, unit.id, 0);
  return values.map((v) => (v == null || !Number.isFinite(v) ? null : v));
}

/** The figure at the scope's root unit for each range, by the rules of aggregateAt. */
async function rangesAt(db: DbOrTx, defs: ReadonlyMap<string, IndicatorDef>, code: string, ranges: readonly Range[], scope: Scope, unitId: number, depth: number): Promise<(number | null)[]> {
  const def = defs.get(code);
  if (!def || depth > 20) return ranges.map(() => null);
  const versions = ranges.map((r) => versionFor(def, r.to));
  const oneByOne = () => Promise.all(ranges.map(async (r) => (await aggregateAt(db, defs, code, r, scope, new Set([unitId]), depth)).get(unitId) ?? null));
  if (versions.some((v) => v !== versions[0])) return oneByOne();
  const a = versions[0].aggregation;
  if (a.kind === 'ratio') {
    const [num, den] = await Promise.all([rangesAt(db, defs, a.numerator, ranges, scope, unitId, depth + 1), rangesAt(db, defs, a.denominator, ranges, scope, unitId, depth + 1)]);
    return ranges.map((_, i) => ratio(num[i], den[i], a.scale));
  }
  if (a.kind !== 'simple') {
    const refs = [...new Set(a.expression.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [])];
    const inputs = new Map<string, (number | null)[]>();
    for (const ref of refs) inputs.set(ref, await rangesAt(db, defs, ref, ranges, scope, unitId, depth + 1));
    return ranges.map((_, i) => formulaValue(a.expression, (c) => inputs.get(c)?.[i]));
  }
  if (def.row.source === 'derived') {
    const source = derivedSource(def.row.derivation ?? '');
    const query = versions[0].recordQuery;
    const years = calendarYears(ranges);
    if (source?.live?.computeYearTotals && query && years) {
      const totals = await source.live.computeYearTotals(db, scope.underPath, years[0], years[years.length - 1], query);
      return years.map((y) => totals.get(y) ?? null);
    }
    // Other live sources go year by year; derived figures stored by tasks are read below.
    if (source?.live || source?.liveRange) return oneByOne();
  }
  if (!/^[0-9.]+$/.test(scope.underPath)) throw new Error(`unexpected org path ${scope.underPath}`);
  const x = scope.provisional ? sql`coalesce(v.value, v.approved_value)` : sql`v.approved_value`;
  // Each range's bounds as a row, so every figure is selected exactly as unitFigures selects it.
  const bounds = sql.join(ranges.map((r, i) => sql`(${i}::int, ${r.from}::text, ${r.to}::text)`), sql`, `);
  const rows = await queryRows<{ i: number; value: number }>(
    db,
    sql`select b.i, ${timeAggregate(a.time, x)}::float8 as value
        from (values ${bounds}) b(i, pfrom, pto)
        join indicator_values v on v.indicator_id = ${def.row.id} and v.period >= b.pfrom and v.period <= b.pto
        join org_units o on o.id = v.org_unit_id
        where ${x} is not null and o.path like ${sql.raw(`'${scope.underPath}%'`)}
        group by b.i, o.path`,
  );
  return ranges.map((_, i) => rollUpAll(a.tree, rows.filter((r) => r.i === i).map((r) => r.value)));
}

/** The ranges' years when they are whole consecutive calendar years, else null. */
function calendarYears(ranges: readonly Range[]): number[] | null {
  const years: number[] = [];
  for (const r of ranges) {
    const from = periodStartDate(parsePeriod(r.from)!);
    const to = periodEndDate(parsePeriod(r.to)!);
    const y = Number(from.slice(0, 4));
    if (from !== `${y}-01-01` || to !== `${y}-12-31` || (years.length && y !== years[years.length - 1] + 1)) return null;
    years.push(y);
  }
  return years.length ? years : null;
}
