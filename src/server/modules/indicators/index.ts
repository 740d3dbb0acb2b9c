// The indicators module (issue 3). So far: the pure core — how figures roll up the tree and over
// time, formulas over other indicators, and reporting periods. Tables, collection tasks and
// routes come next; see docs/decisions/005-indicator-aggregation.md.
export { rollUpTree, rollUpTime, ratio, formulaValue, relativeChange, type Aggregation, type TreeRule, type TimeRule, type TreeNode } from './aggregate';
export { parseFormula, formulaRefs, evaluateFormula, FormulaError, type Formula } from './formula';
export { parsePeriod, periodCode, periodLabel, subPeriods, previousPeriod, sameLastYear, type Period, type PeriodType } from './periods';
