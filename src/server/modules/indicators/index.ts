// Indicators (指标), targets, peer standings and collection tasks (填报任务): figures collected up
// the hierarchy, reviewed, locked and rolled up. Other modules use only what is exported here.
export { rollUpTree, rollUpTime, rollUpToUnits, rollUpAll, ratio, formulaValue, relativeChange, type Aggregation, type TreeRule, type TimeRule, type TreeNode } from './aggregate';
export { parseFormula, formulaRefs, evaluateFormula, FormulaError, type Formula } from './formula';
export { parsePeriod, periodCode, periodLabel, subPeriods, previousPeriod, sameLastYear, periodEndDate, type Period, type PeriodType } from '../../../shared/periods';
export { registerDerivedSource, type DerivedSource } from './derived';
export { aggregateIndicator, leagueTable, indicatorSeries, indicatorChildren, aggregateSources, aggregateAt, rangeFor, unitTargetsFor } from './aggregate.service';
export { loadDefinitions, versionFor, type IndicatorDef } from './definitions.service';
export { indicatorRoutes } from './indicators.routes';
export { seedIndicatorDemo } from './demo';
export { writeSignedOffFigures, seedIndicator, type FigureWriter, type SignedOffFigures, type SeedIndicator } from './external-figures.service';

import { and as andWhere, eq as eqWhere } from 'drizzle-orm';
import type { DbOrTx as Db } from '../../db/client';
import { peerBenchmarks as peerBenchmarkTable } from './indicators.table';

/** A unit's peer standings (排名) for a period code, by indicator id: what rankings are checked against. */
export async function peerStandingsAt(db: Db, tenantId: string, orgUnitId: number, period: string) {
  const t = peerBenchmarkTable;
  return db
    .select({ indicatorId: t.indicatorId, peerGroup: t.peerGroup, rank: t.rank, peerCount: t.peerCount, sourceTitle: t.sourceTitle, sourceDate: t.sourceDate })
    .from(t)
    .where(andWhere(eqWhere(t.tenantId, tenantId), eqWhere(t.orgUnitId, orgUnitId), eqWhere(t.period, period)));
}
