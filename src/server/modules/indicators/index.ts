// Indicators (指标), targets, peer standings and collection tasks (填报任务): figures collected up
// the hierarchy, reviewed, locked and rolled up. Other modules use only what is exported here.
export { rollUpTree, rollUpTime, rollUpToUnits, rollUpAll, ratio, formulaValue, relativeChange, type Aggregation, type TreeRule, type TimeRule, type TreeNode } from './aggregate';
export { parseFormula, formulaRefs, evaluateFormula, FormulaError, type Formula } from './formula';
export { parsePeriod, periodCode, periodLabel, subPeriods, previousPeriod, sameLastYear, periodEndDate, type Period, type PeriodType } from '../../../shared/periods';
export { registerDerivedSource, type DerivedSource } from './derived';
export { aggregateIndicator, leagueTable, indicatorSeries, indicatorChildren, aggregateSources, aggregateAt, rangeFor, unitTargetsFor, peerStandingsAt, yearValueAt, yearValuesAt } from './aggregate.service';
export { loadDefinitions, versionFor, type IndicatorDef } from './definitions.service';
export { indicatorRoutes } from './indicators.routes';
export { seedIndicatorDemo, seedDerivedCountyFigures } from './demo';
export { writeSignedOffFigures, seedIndicator, type FigureWriter, type SignedOffFigures, type SeedIndicator } from './external-figures.service';


export { openTaskCount } from './open-tasks.service';
