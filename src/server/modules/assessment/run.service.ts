import { independentReads, type DbOrTx } from '../../db/client';
import { badRequest, fieldError } from '../../errors';
import { findUnitsByIds, unitsOfTypesUnder } from '../org';
import { aggregateAt, loadDefinitions, rangeFor, rollUpToUnits, unitTargetsFor, type IndicatorDef } from '../indicators';
import { overdueCasesPerUnit, runRecordQuery } from '../ledger';
import { isFinerOrSame, parsePeriod, periodEndDate, periodStartDate, type Period } from '../../../shared/periods';
import type { Measure, SchemeDefinition } from '../../../shared/assessment';
import { scoreCohort, type Direction, type ScoredRow } from './score';

/**
 * Running a scheme: the cohort (units of the scheme's types under its scope unit), every
 * item's figure for each unit from the indicators module (signed-off figures, or live counts
 * of ledger records), every bonus/penalty/veto measure, then the pure scoring engine.
 */

export interface SchemeLike {
  tenantId: string;
  scopeUnitId: number;
  unitTypes: string[];
  periodType: string;
}

export interface CohortMember {
  id: number;
  code: string;
  name: string;
  type: string;
  path: string;
  parentId: number | null;
}

export interface RunOutput {
  period: string;
  /** What the run read, for the summary written beside it. */
  defs: ReadonlyMap<string, IndicatorDef>;
  scope: { id: number; name: string; path: string };
  cohort: CohortMember[];
  parentNames: Map<number, string>;
  rows: ScoredRow[];
  /** Item key → the indicator it read (code, name, unit, direction). */
  indicators: Record<string, { code: string; name: string; unit: string | null; direction: Direction }>;
}

/** Checks a definition against the tenant's indicators: known codes, period types not coarser than the scheme's. */
export function checkDefinition(defs: ReadonlyMap<string, IndicatorDef>, periodType: string, d: SchemeDefinition): void {
  const check = (code: string, path: string) => {
    const def = defs.get(code);
    if (!def) throw fieldError('scheme.unknown_indicator', path, `指标 ${code} 不存在`);
    if (!isFinerOrSame(def.row.periodType as Period['type'], periodType as Period['type']))
      throw fieldError('scheme.indicator_period', path, `指标“${def.row.name}”按${PERIOD_ZH[def.row.periodType] ?? def.row.periodType}填报，不能用于更短周期的考评`);
  };
  d.items.forEach((it, i) => check(it.indicatorCode, `definition.items.${i}.indicatorCode`));
  d.adjustments.forEach((a, i) => a.measure.kind === 'indicator' && check(a.measure.indicatorCode, `definition.adjustments.${i}.measure.indicatorCode`));
  d.vetoes.forEach((v, i) => v.measure.kind === 'indicator' && check(v.measure.indicatorCode, `definition.vetoes.${i}.measure.indicatorCode`));
}

const PERIOD_ZH: Record<string, string> = { year: '年', half: '半年', quarter: '季度', month: '月' };

export async function loadCohort(db: DbOrTx, scheme: SchemeLike) {
  const [scope] = await findUnitsByIds(db, [scheme.scopeUnitId]);
  if (!scope) throw badRequest('scheme.scope_missing', '参评范围单位不存在');
  const cohort = (await unitsOfTypesUnder(db, scope.path, scheme.unitTypes)) as CohortMember[];
  return { scope, cohort };
}

/** Runs a definition for a period over the scheme's cohort. */
export async function runDefinition(db: DbOrTx, scheme: SchemeLike, definition: SchemeDefinition, periodCode: string): Promise<RunOutput> {
  const period = parsePeriod(periodCode);
  if (!period || period.type !== scheme.periodType) throw fieldError('scheme.period_type', 'period', `该方案按${PERIOD_ZH[scheme.periodType]}考评，期次格式不符`);
  const [defs, { scope, cohort }] = await independentReads(db, [() => loadDefinitions(db, scheme.tenantId), () => loadCohort(db, scheme)] as const);
  checkDefinition(defs, scheme.periodType, definition);
  const targets = new Set(cohort.map((u) => u.id));
  const scopeQ = { tenantId: scheme.tenantId, underPath: scope.path, provisional: false };
  const fromDate = periodStartDate(period);
  const toDate = periodEndDate(period);

  const indicatorValues = (code: string) => aggregateAt(db, defs, code, rangeFor(defs.get(code)!.row.periodType, periodCode), scopeQ, targets);
  const measure = async (m: Measure): Promise<Map<number, number | null>> => {
    if (m.kind === 'indicator') return indicatorValues(m.indicatorCode);
    const rows = m.kind === 'records' ? await runRecordQuery(db, scope.path, fromDate, toDate, m.query) : await overdueCasesPerUnit(db, scheme.tenantId, scope.path, fromDate, toDate);
    return rollUpToUnits('sum', rows, targets);
  };

  // Items, targets and measures are independent reads; on a server pool they run side by side.
  type Read = () => Promise<readonly ['item' | 'target' | 'measure', string, ReadonlyMap<number, number | null>]>;
  const reads: Read[] = [
    ...definition.items.map((it): Read => async () => ['item', it.key, await indicatorValues(it.indicatorCode)]),
    ...definition.items
      .filter((it) => it.normalization.kind === 'target' && it.normalization.target == null)
      .map((it): Read => async () => ['target', it.key, await unitTargetsFor(db, scheme.tenantId, defs.get(it.indicatorCode)!.row.id, periodCode)]),
    ...[...definition.adjustments, ...definition.vetoes].map((x): Read => async () => ['measure', x.key, await measure(x.measure)]),
  ];
  const results = await independentReads(db, reads);
  const group = (g: string) => new Map(results.filter((r) => r[0] === g).map((r) => [r[1], r[2]]));
  const [itemValues, itemTargets, measureValues] = [group('item'), group('target'), group('measure')];
  const indicators: RunOutput['indicators'] = {};
  for (const it of definition.items) {
    const row = defs.get(it.indicatorCode)!.row;
    indicators[it.key] = { code: row.code, name: row.name, unit: row.unit, direction: row.direction as Direction };
  }
  const rows = scoreCohort({
    definition,
    units: cohort,
    itemValues,
    itemTargets,
    directions: new Map(Object.entries(indicators).map(([k, v]) => [k, v.direction])),
    measureValues,
  });
  const parents = await findUnitsByIds(db, [...new Set(cohort.map((u) => u.parentId).filter((x): x is number => x != null))]);
  return { period: periodCode, defs, scope, cohort, parentNames: new Map(parents.map((p) => [p.id, p.name])), rows, indicators };
}
