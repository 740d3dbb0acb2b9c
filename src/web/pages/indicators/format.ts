/**
 * Display rules shared by the indicator pages: Chinese number formatting, period codes
 * (2022, 2022H1, 2022Q3, 2022-07) and the aggregation rule in words.
 */
import { PERIODS_PER_YEAR, isFinerOrSame, nextPeriod as nextShared, parsePeriod as parseShared, periodCode, periodLabel as labelOf, subPeriods, type Period } from '../../../shared/periods';
import type { Aggregation, Direction, PeriodType } from './types';

export { isFinerOrSame, periodCode, type Period };

export const PERIOD_TYPE_ZH: Record<PeriodType, string> = { month: '月度', quarter: '季度', half: '半年', year: '年度' };
export const GRANULARITY_ZH: Record<PeriodType, string> = { month: '按月', quarter: '按季度', half: '按半年', year: '按年' };
export const DIRECTION_ZH: Record<Direction, string> = { higher: '越高越好', lower: '越低越好' };
export const SOURCE_ZH = { entered: '单位填报', derived: '台账派生', computed: '由其他指标计算' } as const;

/** Where an indicator's figures come from: typed by units, derived from records, or computed. */
export function sourceOf(i: { source: 'entered' | 'derived'; definition: { aggregation: { kind: string } } | null }): keyof typeof SOURCE_ZH {
  const kind = i.definition?.aggregation.kind;
  return kind === 'ratio' || kind === 'formula' ? 'computed' : i.source;
}

const TREE_ZH = { sum: '求和', avg: '平均', max: '最大值', min: '最小值' } as const;
const TIME_ZH = { sum: '求和', avg: '平均', max: '取最大', min: '取最小', latest: '取最新' } as const;
export const TREE_RULE_OPTIONS = Object.entries(TREE_ZH).map(([value, label]) => ({ value, label }));
export const TIME_RULE_OPTIONS = Object.entries(TIME_ZH).map(([value, label]) => ({ value, label: value === 'latest' ? '取最新（存量，如人数）' : label }));

/** 1234567.5 → "1,234,567.5"; null → "—". */
export function fmtNum(v: number | null | undefined, maxDigits = 2): string {
  if (v == null || !Number.isFinite(v)) return '—';
  return v.toLocaleString('zh-CN', { maximumFractionDigits: maxDigits });
}

/** A fraction as a percentage: 0.470588 → "47.06%". */
export function fmtPct(v: number | null | undefined, digits = 2): string {
  if (v == null || !Number.isFinite(v)) return '—';
  return `${(v * 100).toLocaleString('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits })}%`;
}

/** "同比下降47.06%", "同比增长3.10%", "同比持平"; null when there is nothing to compare with. */
export function changeText(label: string, change: number | null | undefined): string | null {
  if (change == null || !Number.isFinite(change)) return null;
  if (change === 0) return `${label}持平`;
  return `${label}${change < 0 ? '下降' : '增长'}${fmtPct(Math.abs(change))}`;
}

/** Whether a change is good news for an indicator of this direction (null when flat or unknown). */
export function isGood(change: number | null | undefined, direction: Direction): boolean | null {
  if (change == null || change === 0) return null;
  return direction === 'higher' ? change > 0 : change < 0;
}

export const GOOD_COLOR = '#389e0d';
export const BAD_COLOR = '#cf1322';

/** The aggregation rule in words; indicator codes become names where known. */
export function ruleText(a: Aggregation | null | undefined, nameOf: (code: string) => string | undefined = () => undefined): string {
  if (!a) return '—';
  const name = (code: string) => nameOf(code) ?? code;
  switch (a.kind) {
    case 'simple':
      return `${TREE_ZH[a.tree]}（时间：${TIME_ZH[a.time]}）`;
    case 'ratio':
      return `比值：${name(a.numerator)} ÷ ${name(a.denominator)}${a.scale === 1 ? '' : ` × ${fmtNum(a.scale)}`}`;
    case 'formula':
      return `公式：${a.expression.replace(/[A-Za-z_][A-Za-z0-9_]*/g, (c) => name(c)).replace(/\*/g, ' × ').replace(/\//g, ' ÷ ').replace(/\s+/g, ' ').trim()}`;
  }
}

/** "金华市9个县（市、区）" → "金华": the short form for badges ("金华第1/9"). */
export function shortPeerGroup(peerGroup: string): string {
  const m = /^(.+?)(?:市|省|\d|[（(])/.exec(peerGroup);
  // "全省" stays whole: a one-character stem says nothing.
  return m && m[1].length >= 2 ? m[1] : peerGroup;
}

export function standingText(b: { peerGroup: string; rank: number; peerCount: number }): string {
  return `${shortPeerGroup(b.peerGroup)}第${b.rank}/${b.peerCount}`;
}

// ---- periods ----

const CN_DIGIT: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4 };

/** Like the shared parser, but forgiving of an empty field. */
export function parsePeriod(code: string | null | undefined): Period | null {
  return code ? parseShared(code) : null;
}

/** "2022Q3" → "2022年第3季度"; unknown text is returned unchanged. */
export function periodLabel(code: string): string {
  const p = parsePeriod(code);
  return p ? labelOf(p) : code;
}

/**
 * Reads what people type for a period: "2023", "2023年", "2023h1", "2023上半年", "2023q1",
 * "2023年第一季度", "2023-1", "2023.01", "2023年1月", "202301". Returns the code or null.
 */
export function normalizePeriod(text: string | null | undefined): string | null {
  if (!text) return null;
  const t = text.trim().replace(/\s+/g, '').toUpperCase();
  if (parsePeriod(t)) return t;
  let m = /^(\d{4})年?$/.exec(t);
  if (m) return m[1];
  m = /^(\d{4})年?(?:H([12])|([上下])半年)$/.exec(t);
  if (m) return `${m[1]}H${m[2] ?? (m[3] === '上' ? 1 : 2)}`;
  m = /^(\d{4})年?(?:Q([1-4])|第?([1-4一二三四])季度?)$/.exec(t);
  if (m) return `${m[1]}Q${m[2] ?? (CN_DIGIT[m[3]] ?? m[3])}`;
  m = /^(\d{4})(?:[-./年]?)(\d{1,2})月?$/.exec(t);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12 && (m[2].length === 2 || !/^\d{5}$/.test(t))) return `${m[1]}-${m[2].padStart(2, '0')}`;
  return null;
}

/** The same year's first period of another type: ("2023", month) → "2023-01". */
export function convertPeriod(code: string, type: PeriodType): string | null {
  const p = parsePeriod(code);
  if (!p) return null;
  if (p.type === type) return code;
  const firstMonth = subPeriods(p, 'month')[0].index;
  return periodCode({ type, year: p.year, index: Math.floor((firstMonth - 1) / (12 / PERIODS_PER_YEAR[type])) + 1 });
}

/** Suggestions for a period field: the given year's periods of `type` and every coarser type. */
export function periodSuggestions(type: PeriodType, years: number[]): { value: string; label: string }[] {
  const types = (['year', 'half', 'quarter', 'month'] as const).filter((t) => isFinerOrSame(type, t));
  const out: { value: string; label: string }[] = [];
  for (const year of years) {
    for (const t of types) {
      for (let i = 1; i <= PERIODS_PER_YEAR[t]; i++) {
        const code = periodCode({ type: t, year, index: i });
        out.push({ value: code, label: `${code}（${periodLabel(code)}）` });
      }
    }
  }
  return out;
}

/** Rejection message for a period field, or null when the code is usable for this indicator. */
export function periodProblem(code: string | null, indicatorType: PeriodType | undefined, exactType = false): string | null {
  const p = parsePeriod(code);
  if (!p) return '期次格式应为 2023、2023H1、2023Q1 或 2023-01';
  if (!indicatorType) return null;
  if (exactType && p.type !== indicatorType) return `该指标为${PERIOD_TYPE_ZH[indicatorType]}指标，期次应为 ${periodCode({ type: indicatorType, year: p.year, index: 1 })} 这样的格式`;
  if (!isFinerOrSame(indicatorType, p.type)) return `该指标为${PERIOD_TYPE_ZH[indicatorType]}指标，期次不能比${PERIOD_TYPE_ZH[indicatorType]}更细`;
  return null;
}

/** The period right after: 2022Q4 → 2023Q1. */
export function nextPeriod(code: string): string | null {
  const p = parsePeriod(code);
  if (!p) return null;
  return periodCode(nextShared(p));
}
