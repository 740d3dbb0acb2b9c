import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { badRequest, conflict, fieldError, notFound, versionConflict } from '../../errors';
import { recordAudit } from '../audit';
import { findUnitsByIds, orgUnitPath } from '../org';
import type { Aggregation } from './aggregate';
import { derivedSource } from './derived';
import { FormulaError, formulaRefs, parseFormula } from './formula';
import { indicators, indicatorVersions, peerBenchmarks, type IndicatorRow, type IndicatorVersionRow } from './indicators.table';
import type { DefinitionInput, IndicatorCreate, IndicatorUpdate } from './indicators.schema';
import { parsePeriod } from '../../../shared/periods';
import { memoRead } from '../../db/read-memo';
import { generationCached } from '../../db/generation-cache';

export const PERIOD_TYPE_ZH = { month: '月度', quarter: '季度', half: '半年', year: '年度' } as const;

/** An indicator with all its definition versions, oldest first. */
export interface IndicatorDef {
  row: IndicatorRow;
  versions: IndicatorVersionRow[];
}

/** The definition in force for a period: the latest version effective at or before it. */
export function versionFor(def: IndicatorDef, period: string): IndicatorVersionRow {
  let chosen = def.versions[0];
  for (const v of def.versions) if (v.effectiveFrom <= period) chosen = v;
  return chosen;
}

/**
 * Every indicator of the tenant with its versions, keyed by code (a county has at most hundreds).
 * Kept between requests until a definition changes (db/generation-cache): shared and frozen.
 */
export async function loadDefinitions(db: DbOrTx, tenantId: string): Promise<ReadonlyMap<string, IndicatorDef>> {
  return memoRead(db, `indicator_defs:${tenantId}`, () => generationCached(db, tenantId, 'indicator_defs', () => readDefinitions(db, tenantId)));
}

async function readDefinitions(db: DbOrTx, tenantId: string): Promise<ReadonlyMap<string, IndicatorDef>> {
  // In id order, whatever plan reads them: callers break ties by it (the fact-check's candidates).
  const rows = await db.select().from(indicators).where(eq(indicators.tenantId, tenantId)).orderBy(asc(indicators.id));
  const versions = rows.length
    ? await db.select().from(indicatorVersions).where(inArray(indicatorVersions.indicatorId, rows.map((r) => r.id))).orderBy(asc(indicatorVersions.versionNo))
    : [];
  const out = new Map<string, IndicatorDef>();
  for (const row of rows) out.set(row.code, { row, versions: versions.filter((v) => v.indicatorId === row.id) });
  return out;
}

export async function indicatorInTenant(db: DbOrTx, actor: Actor, id: number): Promise<IndicatorRow> {
  const [row] = await db.select().from(indicators).where(and(eq(indicators.id, id), eq(indicators.tenantId, actor.tenantId)));
  if (!row) throw notFound('indicator.not_found', '指标不存在');
  return row;
}

type Benchmark = typeof peerBenchmarks.$inferSelect;

const toDto = (def: IndicatorDef, departments: Map<number, string>, latest?: Benchmark) => {
  const current = def.versions[def.versions.length - 1];
  return {
    id: def.row.id,
    code: def.row.code,
    name: def.row.name,
    unit: def.row.unit,
    departmentId: def.row.departmentId,
    departmentName: def.row.departmentId ? (departments.get(def.row.departmentId) ?? null) : null,
    direction: def.row.direction as 'higher' | 'lower',
    periodType: def.row.periodType as keyof typeof PERIOD_TYPE_ZH,
    source: def.row.source as 'entered' | 'derived',
    derivation: def.row.derivation,
    derivationLabel: def.row.derivation ? (derivedSource(def.row.derivation)?.label ?? null) : null,
    description: def.row.description,
    archived: def.row.archivedAt != null,
    version: def.row.version,
    definition: current ? versionDto(current) : null,
    ruleText: current ? (current.recordQuery && derivedSource(def.row.derivation ?? '')?.live ? derivedSource(def.row.derivation!)!.live!.describe(current.recordQuery) : ruleText(current.aggregation)) : '',
    latestBenchmark: latest ? { period: latest.period, peerGroup: latest.peerGroup, rank: latest.rank, peerCount: latest.peerCount, sourceTitle: latest.sourceTitle } : null,
  };
};

const versionDto = (v: IndicatorVersionRow) => ({
  versionNo: v.versionNo,
  effectiveFrom: v.effectiveFrom,
  aggregation: v.aggregation,
  valueKind: v.valueKind as 'integer' | 'decimal',
  minValue: v.minValue,
  maxValue: v.maxValue,
  notAbove: v.notAbove,
  recordQuery: v.recordQuery,
  note: v.note,
  createdBy: v.createdBy,
  createdAt: v.createdAt.toISOString(),
});

export type IndicatorDto = ReturnType<typeof toDto>;

async function departmentNames(db: DbOrTx, defs: IndicatorDef[]) {
  const ids = [...new Set(defs.map((d) => d.row.departmentId).filter((x): x is number => x != null))];
  const units = ids.length ? await findUnitsByIds(db, ids) : [];
  return new Map(units.map((u) => [u.id, u.name]));
}

export async function listIndicators(ctx: AppContext, actor: Actor, q: { q?: string; periodType?: string; departmentId?: number; includeArchived?: 'true' | 'false' }) {
  requirePermission(actor, 'read:indicators');
  const defs = [...(await loadDefinitions(ctx.db, actor.tenantId)).values()]
    .filter((d) => q.includeArchived === 'true' || !d.row.archivedAt)
    .filter((d) => !q.periodType || d.row.periodType === q.periodType)
    .filter((d) => !q.departmentId || d.row.departmentId === q.departmentId)
    .filter((d) => !q.q || d.row.name.includes(q.q) || d.row.code.toLowerCase().includes(q.q.toLowerCase()))
    .sort((a, b) => a.row.code.localeCompare(b.row.code));
  const names = await departmentNames(ctx.db, defs);
  // The latest standing per indicator (by period, then by entry): shown beside it in the library.
  const benchmarks = await ctx.db.select().from(peerBenchmarks).where(eq(peerBenchmarks.tenantId, actor.tenantId)).orderBy(asc(peerBenchmarks.period), asc(peerBenchmarks.id));
  const latest = new Map(benchmarks.map((b) => [b.indicatorId, b]));
  return defs.map((d) => toDto(d, names, latest.get(d.row.id)));
}

export async function getIndicator(ctx: AppContext, actor: Actor, id: number) {
  requirePermission(actor, 'read:indicators');
  const row = await indicatorInTenant(ctx.db, actor, id);
  const defs = await loadDefinitions(ctx.db, actor.tenantId);
  const def = defs.get(row.code)!;
  const names = await departmentNames(ctx.db, [def]);
  const benchmarks = await ctx.db.select().from(peerBenchmarks).where(eq(peerBenchmarks.indicatorId, id)).orderBy(asc(peerBenchmarks.period));
  const usedBy = [...defs.values()]
    .filter((d) => d.versions.some((v) => refsOf(v.aggregation).includes(row.code) || v.notAbove === row.code))
    .map((d) => ({ id: d.row.id, code: d.row.code, name: d.row.name }));
  return {
    ...toDto(def, names, benchmarks[benchmarks.length - 1]),
    versions: def.versions.map(versionDto),
    usedBy,
    benchmarks: benchmarks.map((b) => ({ ...b, createdAt: b.createdAt.toISOString() })),
  };
}

/** Indicator codes an aggregation reads. */
export function refsOf(a: Aggregation): string[] {
  if (a.kind === 'ratio') return [a.numerator, a.denominator];
  if (a.kind === 'formula') {
    try {
      return formulaRefs(parseFormula(a.expression));
    } catch {
      return [];
    }
  }
  return [];
}

/**
 * Checks a definition against the indicator's period type and the other indicators. `prefix` is
 * where the definition sits in the request ("definition." when creating, "" for a new version),
 * so each error names the exact field at fault.
 */
/**
 * A live (ledger) source needs a record query the ledger accepts; a record query is meaningless
 * anywhere else. Counts and sums over records add up the tree and over time, so only 求和.
 */
async function checkRecordQuery(db: DbOrTx, tenantId: string, derivation: string | null, d: DefinitionInput, prefix: string) {
  const live = derivation ? derivedSource(derivation)?.live : undefined;
  if (!live) {
    if (d.recordQuery) throw fieldError('indicator.record_query_unused', `${prefix}recordQuery`, '只有来源于台账记录的指标才能设置台账查询');
    return;
  }
  if (!d.recordQuery) throw fieldError('indicator.record_query_required', `${prefix}recordQuery`, '请设置要统计的台账记录');
  const a = d.aggregation as Aggregation;
  if (a.kind !== 'simple' || a.tree !== 'sum' || a.time !== 'sum') throw fieldError('indicator.record_query_sum_only', `${prefix}aggregation`, '台账记录的计数或求和只能按“求和（时间上求和）”汇总');
  const issue = await live.validate(db, tenantId, d.recordQuery);
  if (issue) throw fieldError('indicator.record_query_invalid', `${prefix}recordQuery.${issue.path}`, issue.message);
}

function validateDefinition(code: string, periodType: string, d: DefinitionInput, defs: ReadonlyMap<string, IndicatorDef>, prefix = 'definition.') {
  const at = (field: string) => `${prefix}${field}`;
  const p = parsePeriod(d.effectiveFrom);
  if (!p || p.type !== periodType) throw fieldError('indicator.effective_from_type', at('effectiveFrom'), '生效期次须与指标的填报周期一致，如月度填 2023-01、年度填 2023');
  if (d.minValue != null && d.maxValue != null && d.minValue > d.maxValue) throw fieldError('indicator.range', at('minValue'), '最小值不能大于最大值');
  const a = d.aggregation as Aggregation;
  const refs: [string, string][] =
    a.kind === 'formula'
      ? formulaRefsChecked(a.expression, at('aggregation.expression')).map((r) => [r, at('aggregation.expression')])
      : a.kind === 'ratio'
        ? [
            [a.numerator, at('aggregation.numerator')],
            [a.denominator, at('aggregation.denominator')],
          ]
        : [];
  if (d.notAbove) refs.push([d.notAbove, at('notAbove')]);
  for (const [ref, path] of refs) {
    if (ref === code) throw fieldError('indicator.self_reference', path, '指标不能引用自身');
    const other = defs.get(ref);
    if (!other) throw fieldError('indicator.unknown_reference', path, `引用的指标「${ref}」不存在`);
    if (other.row.periodType !== periodType) throw fieldError('indicator.reference_period_type', path, `引用的指标「${other.row.name}」填报周期不同，不能组合`);
  }
  // A formula must not reach back to itself through others.
  const seen = new Set<string>();
  const walk = (c: string, path: string, depth: number) => {
    if (c === code) throw fieldError('indicator.cycle', path, '公式存在循环引用');
    if (seen.has(c) || depth > 20) return;
    seen.add(c);
    const other = defs.get(c);
    if (other) for (const v of other.versions) for (const r of refsOf(v.aggregation)) walk(r, path, depth + 1);
  };
  for (const [ref, path] of refs) if (path !== at('notAbove')) walk(ref, path, 0);
}

function formulaRefsChecked(expression: string, path: string): string[] {
  try {
    return formulaRefs(parseFormula(expression));
  } catch (e) {
    if (e instanceof FormulaError) throw fieldError('indicator.formula_syntax', path, `公式有误（第 ${e.position + 1} 个字符）：${e.message}`);
    throw e;
  }
}

/** An aggregation in words, for tables and exports: "求和（时间上取最新）", "比值：A ÷ B × 100". */
export function ruleText(a: Aggregation, names: (code: string) => string = (c) => c): string {
  const zh = { sum: '求和', avg: '平均', max: '最大值', min: '最小值', latest: '取最新' } as const;
  if (a.kind === 'simple') return `${zh[a.tree]}（时间上${zh[a.time]}）`;
  if (a.kind === 'ratio') return `比值：${names(a.numerator)} ÷ ${names(a.denominator)}${a.scale !== 1 ? ` × ${a.scale}` : ''}`;
  return `公式：${a.expression}`;
}

export async function createIndicator(ctx: AppContext, actor: Actor, input: IndicatorCreate) {
  requirePermission(actor, 'define:indicators');
  return ctx.db.transaction(async (tx) => {
    const defs = await loadDefinitions(tx, actor.tenantId);
    if (defs.has(input.code)) throw fieldError('indicator.code_taken', 'code', `编码「${input.code}」已被指标「${defs.get(input.code)!.row.name}」使用`);
    if (input.source === 'derived' && (!input.derivation || !derivedSource(input.derivation))) throw fieldError('indicator.unknown_derivation', 'derivation', '请选择一个可用的数据来源');
    if (input.source === 'derived' && input.definition.aggregation.kind !== 'simple') throw fieldError('indicator.derived_simple_only', 'definition.aggregation', '来源于台账的指标只能按求和等简单规则汇总');
    await checkRecordQuery(tx, actor.tenantId, input.source === 'derived' ? input.derivation! : null, input.definition, 'definition.');
    validateDefinition(input.code, input.periodType, input.definition, defs);
    const departmentId = input.departmentId ?? actor.departmentId ?? null;
    if (departmentId) await assertDepartment(tx, actor, departmentId);
    const [row] = await tx
      .insert(indicators)
      .values({
        tenantId: actor.tenantId,
        code: input.code,
        name: input.name,
        unit: input.unit,
        departmentId,
        direction: input.direction,
        periodType: input.periodType,
        source: input.source,
        derivation: input.source === 'derived' ? input.derivation! : null,
        description: input.description ?? null,
      })
      .returning();
    await insertVersion(tx, actor, row, 1, input.definition);
    await recordAudit(tx, actor, { action: 'indicator.create', entityType: 'indicator', entityId: row.id, orgUnitId: actor.orgUnitId, orgPath: actor.scopePath, summary: `新建指标「${row.name}」(${row.code})`, after: input });
    return row;
  });
}

async function assertDepartment(db: DbOrTx, actor: Actor, id: number) {
  const [u] = await findUnitsByIds(db, [id]);
  if (!u || u.type !== 'department' || !u.path.startsWith(actor.scopePath)) throw fieldError('indicator.department', 'departmentId', '牵头部门须是本县的部门');
}

async function insertVersion(db: DbOrTx, actor: Actor, row: IndicatorRow, versionNo: number, d: DefinitionInput) {
  await db.insert(indicatorVersions).values({
    indicatorId: row.id,
    versionNo,
    effectiveFrom: d.effectiveFrom,
    aggregation: d.aggregation as Aggregation,
    valueKind: d.valueKind,
    minValue: d.minValue ?? null,
    maxValue: d.maxValue ?? null,
    notAbove: d.notAbove ?? null,
    recordQuery: d.recordQuery ?? null,
    note: d.note ?? null,
    createdBy: actor.displayName,
  });
}

export async function updateIndicator(ctx: AppContext, actor: Actor, id: number, input: IndicatorUpdate) {
  requirePermission(actor, 'define:indicators');
  return ctx.db.transaction(async (tx) => {
    const row = await indicatorInTenant(tx, actor, id);
    if (row.version !== input.version) throw versionConflict('indicator.version_conflict', row);
    if (input.departmentId) await assertDepartment(tx, actor, input.departmentId);
    const { version: _v, archived, ...rest } = input;
    const [updated] = await tx
      .update(indicators)
      .set({ ...rest, ...(archived === undefined ? {} : { archivedAt: archived ? new Date() : null }), version: row.version + 1, updatedAt: new Date() })
      .where(and(eq(indicators.id, id), eq(indicators.version, input.version)))
      .returning();
    if (!updated) throw versionConflict('indicator.version_conflict', row);
    await recordAudit(tx, actor, { action: 'indicator.update', entityType: 'indicator', entityId: id, orgUnitId: actor.orgUnitId, orgPath: actor.scopePath, summary: `修改指标「${updated.name}」`, before: row, after: updated });
  });
  return getIndicator(ctx, actor, id);
}

/**
 * A new definition version, effective from a period on. Refused when approved figures exist
 * at or after that period for the indicator or anything it reads — published figures keep the
 * definition they were published under.
 */
export async function addVersion(ctx: AppContext, actor: Actor, id: number, d: DefinitionInput) {
  requirePermission(actor, 'define:indicators');
  return ctx.db.transaction(async (tx) => {
    const row = await indicatorInTenant(tx, actor, id);
    const defs = await loadDefinitions(tx, actor.tenantId);
    const def = defs.get(row.code)!;
    validateDefinition(row.code, row.periodType, d, defs, '');
    if (row.source === 'derived' && d.aggregation.kind !== 'simple') throw fieldError('indicator.derived_simple_only', 'aggregation', '来源于台账的指标只能按求和等简单规则汇总');
    await checkRecordQuery(tx, actor.tenantId, row.derivation, d, '');
    const last = def.versions[def.versions.length - 1];
    if (last && d.effectiveFrom <= last.effectiveFrom) throw fieldError('indicator.effective_from_order', 'effectiveFrom', `新版本须晚于当前版本的生效期次 ${last.effectiveFrom}`);
    const codes = [row.code, ...refsOf(d.aggregation as Aggregation), ...refsOf(last.aggregation)];
    const ids = codes.map((c) => defs.get(c)?.row.id).filter((x): x is number => x != null);
    const [published] = await queryRows<{ period: string }>(
      tx,
      sql`select max(period) as period from indicator_values where indicator_id in ${sql`(${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`} and approved_value is not null and period >= ${d.effectiveFrom}`,
    );
    if (published?.period) {
      throw conflict('indicator.version_rewrites_published', `${published.period} 已有审核通过的数据，新定义只能从之后的期次起生效`, { latestPublished: published.period });
    }
    await insertVersion(tx, actor, row, (last?.versionNo ?? 0) + 1, d);
    await tx.update(indicators).set({ version: row.version + 1, updatedAt: new Date() }).where(eq(indicators.id, id));
    await recordAudit(tx, actor, { action: 'indicator.version', entityType: 'indicator', entityId: id, orgUnitId: actor.orgUnitId, orgPath: actor.scopePath, summary: `指标「${row.name}」新定义自 ${d.effectiveFrom} 起生效`, before: last, after: d });
    return { ok: true };
  });
}

export async function addBenchmark(ctx: AppContext, actor: Actor, id: number, input: { period: string; orgUnitId?: number; peerGroup: string; rank: number; peerCount: number; value?: number | null; sourceTitle: string; sourceRef?: string | null; sourceDate?: string | null }) {
  requirePermission(actor, 'define:indicators');
  if (input.rank > input.peerCount) throw fieldError('benchmark.rank', 'rank', `名次不能大于参与比较的单位数（${input.peerCount}）`);
  return ctx.db.transaction(async (tx) => {
    const row = await indicatorInTenant(tx, actor, id);
    const unitId = input.orgUnitId ?? actor.orgUnitId;
    const path = await orgUnitPath(tx, unitId).catch(() => '');
    if (!path.startsWith(actor.scopePath)) throw fieldError('benchmark.out_of_scope', 'orgUnitId', '只能为本辖区单位登记排名');
    const [b] = await tx
      .insert(peerBenchmarks)
      .values({ tenantId: actor.tenantId, indicatorId: id, orgUnitId: unitId, period: input.period, peerGroup: input.peerGroup, rank: input.rank, peerCount: input.peerCount, value: input.value ?? null, sourceTitle: input.sourceTitle, sourceRef: input.sourceRef ?? null, sourceDate: input.sourceDate ?? null, createdBy: actor.displayName })
      .returning();
    await recordAudit(tx, actor, { action: 'indicator.benchmark', entityType: 'indicator', entityId: id, orgUnitId: unitId, orgPath: path, summary: `登记「${row.name}」${input.period} 在${input.peerGroup}中排名第${input.rank}`, after: input });
    return b;
  });
}

export function assertPeriodOfType(code: string, type: string, path: string) {
  const p = parsePeriod(code);
  if (!p) throw fieldError('indicator.period_format', path, '期次格式应为 2022、2022H1、2022Q3 或 2022-07');
  if (p.type !== type) throw badRequest('indicator.period_type', `期次 ${code} 与指标的填报周期（${PERIOD_TYPE_ZH[type as keyof typeof PERIOD_TYPE_ZH]}）不一致`, [{ path, message: '期次类型不一致' }]);
  return p;
}
