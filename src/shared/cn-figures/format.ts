/**
 * Writes figures the way county year-end summaries write them: "4.7万余名", "5200余场次",
 * "10.67亿元", "同比下降47.06%", "提高2.3个百分点", "居金华第一".
 *
 * Honesty rules for qualifiers (the fact-checker relies on them, so do the templates):
 * - 余 — the true value is strictly above the written figure. Never on an exact figure.
 * - 超 — the true value is strictly above a round threshold (one significant figure).
 * - 近 — the true value is strictly below the written figure, by at most 5% of it.
 * - 约 — the written figure is the true value rounded to nearest, either way.
 * - no qualifier — the written figure is the true value (money: rounded to 0.01 of its
 *   magnitude, the genre's convention for 万元/亿元, see {@link formatMoney}).
 *
 * Rounding rule for the approximate styles: values below 100 are always written exactly
 * (the genre writes "13场", "67个", never "10余场" for 13); from 100 up, the figure keeps
 * two significant figures (5236 → 5200, 47213 → 4.7万, 1523400 → 150万). When rounding
 * changes nothing (5200 exactly) the figure is written without a qualifier.
 */
import { toChineseNumeral } from './numerals';

/**
 * Qualifiers as written. 多 ≈ 余, 逾 ≈ 超, 以上/以下 and 左右 (read as 约) are read by the parser
 * but never written by this formatter. 前 marks a top-N standing ("前三").
 */
export type Qualifier = '' | '余' | '多' | '超' | '逾' | '近' | '约' | '以上' | '以下' | '前';

/** exact: the value itself · approx: 余 · over: 超 · near: 近 · about: 约 */
export type QuantityStyle = 'exact' | 'approx' | 'over' | 'near' | 'about';

export interface QuantityOptions {
  /** Measure word written after the number: 名, 场次, 个, 元 … */
  unit: string;
  style?: QuantityStyle;
}

/** Below this, approximate styles still write the exact value. */
export const EXACT_BELOW = 100;
/** 近 is allowed only when the true value is within this fraction below the written figure. */
export const NEAR_TOLERANCE = 0.05;

/** Trims a fixed-decimal string: "10.60" → "10.6", "200.00" → "200". */
function trimDecimals(x: number, decimals: number): string {
  return x.toFixed(decimals).replace(/\.?0+$/, '');
}

/** True when x has at most `decimals` decimal places (within float noise). */
function hasAtMostDecimals(x: number, decimals: number): boolean {
  const f = 10 ** decimals;
  return Math.abs(Math.round(x * f) - x * f) < 1e-6;
}

/**
 * Writes a number with 万/亿 where that is exact to two decimals (110000 → "11万",
 * 1067000000 → "10.67亿", 47213 → "47213", 5200 → "5200"). Used for figures that are
 * already the value to print.
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`formatNumber: ${n} is not finite`);
  const a = Math.abs(n);
  if (a >= 1e8 && hasAtMostDecimals(n / 1e8, 2)) return trimDecimals(n / 1e8, 2) + '亿';
  if (a >= 1e4 && hasAtMostDecimals(n / 1e4, 2)) return trimDecimals(n / 1e4, 2) + '万';
  return Number.isInteger(n) ? String(n) : trimDecimals(n, 2);
}

/** The rounding step that keeps `sig` significant figures of n (n ≥ 1). */
function stepFor(n: number, sig: number): number {
  const digits = Math.floor(Math.log10(n)) + 1;
  return 10 ** Math.max(0, digits - sig);
}

/**
 * Places 余 the way the genre does: before 万/亿 after a whole mantissa of two or more digits
 * ("150余万", "20余万"), after it otherwise ("4.7万余", "5万余" — "5余万" is not Chinese).
 */
function withYu(written: number): string {
  const text = formatNumber(written);
  const m = /^(\d{2,})(万|亿)$/.exec(text);
  return m ? `${m[1]}余${m[2]}` : `${text}余`;
}

/**
 * Formats a count with its measure word. `style` (default exact) decides the qualifier,
 * following the honesty rules at the top of this file:
 * - exact 5236 → "5236场次"; approx 5236 → "5200余场次"; approx 47213 名 → "4.7万余名"
 * - over 203456 人次 → "超20万人次"; near 4870 人 → "近4900人"; about 5260 → "约5300"
 */
export function formatQuantity(n: number, opts: QuantityOptions): string {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`formatQuantity: ${n} is not a non-negative number`);
  const { unit, style = 'exact' } = opts;
  if (style === 'exact' || n < EXACT_BELOW) return formatNumber(n) + unit;
  if (style === 'approx') {
    const step = stepFor(n, 2);
    const written = Math.floor(n / step) * step;
    return written === n ? formatNumber(n) + unit : withYu(written) + unit;
  }
  if (style === 'over') {
    const step = stepFor(n, 1);
    const threshold = Math.floor(n / step) * step;
    return threshold === n ? formatNumber(n) + unit : `超${formatNumber(threshold)}${unit}`;
  }
  if (style === 'near') {
    for (const sig of [1, 2]) {
      const step = stepFor(n, sig);
      const written = Math.ceil(n / step) * step;
      if (written === n) return formatNumber(n) + unit;
      if ((written - n) / written <= NEAR_TOLERANCE) return `近${formatNumber(written)}${unit}`;
    }
    // Not close enough below any round figure to say 近 honestly.
    return formatQuantity(n, { unit, style: 'approx' });
  }
  const step = stepFor(n, 2);
  const written = Math.round(n / step) * step;
  return written === n ? formatNumber(n) + unit : `约${formatNumber(written)}${unit}`;
}

export interface MoneyOptions {
  /**
   * rounded (default): to 0.01 of the chosen magnitude, no qualifier — the genre's convention
   * ("总投资10.67亿元" is read as rounded to the 百万). exact: never rounds; falls back to a
   * smaller magnitude or plain 元. approx: as {@link formatQuantity} approx ("150余万元").
   */
  style?: 'rounded' | 'exact' | 'approx';
}

/**
 * Formats an amount in yuan: 1_067_000_000 → "10.67亿元", 120_000_000 → "1.2亿元",
 * 2_000_000 → "200万元", 3500 → "3500元". Magnitude: 亿 from 1亿, 万 from 1万.
 */
export function formatMoney(yuan: number, opts: MoneyOptions = {}): string {
  if (!Number.isFinite(yuan) || yuan < 0) throw new RangeError(`formatMoney: ${yuan} is not a non-negative amount`);
  const style = opts.style ?? 'rounded';
  if (style === 'approx') return formatQuantity(yuan, { unit: '元', style: 'approx' });
  if (style === 'exact') return formatNumber(yuan) + '元';
  for (const [size, name] of [[1e8, '亿'], [1e4, '万']] as const) {
    if (yuan < size) continue;
    const mantissa = Math.round((yuan / size) * 100) / 100;
    // 9999.999万 rounds to 10000万: write it as 1亿 instead.
    if (name === '万' && mantissa >= 1e4) return '1亿元';
    return trimDecimals(mantissa, 2) + name + '元';
  }
  return trimDecimals(Math.round(yuan * 100) / 100, 2) + '元';
}

/** 0.4706 → "47.06%"; 1 → "100%". `decimals` (default 2) are trimmed of trailing zeros. */
export function formatPercent(ratio: number, decimals = 2): string {
  if (!Number.isFinite(ratio)) throw new RangeError(`formatPercent: ${ratio} is not finite`);
  return trimDecimals(Math.round(ratio * 100 * 10 ** decimals) / 10 ** decimals, decimals) + '%';
}

export type Basis = '同比' | '环比' | '';

export interface ChangeOptions {
  /** 同比 (against the same period last year, default), 环比 (against the previous period), or none. */
  basis?: Basis;
  decimals?: number;
}

const FLAT: Record<Basis, string> = { 同比: '与上年', 环比: '与上期', '': '' };

/**
 * Relative change of `current` against `base`: "同比下降47.06%", "同比增长12.5%",
 * "与上年持平" when equal, "与上年基本持平" when it rounds to 0.00% but is not equal
 * (saying 持平 there would hide a real change).
 * Throws when base is not positive: a rate against zero is meaningless; the template must say
 * something else ("新增…").
 */
export function formatChange(current: number, base: number, opts: ChangeOptions = {}): string {
  const { basis = '同比', decimals = 2 } = opts;
  if (!(base > 0) || !Number.isFinite(current)) throw new RangeError(`formatChange: cannot compute a rate of ${current} against ${base}`);
  if (current === base) return `${FLAT[basis]}持平`;
  const rate = (current - base) / base;
  const pct = Math.round(Math.abs(rate) * 100 * 10 ** decimals) / 10 ** decimals;
  if (pct === 0) return `${FLAT[basis]}基本持平`;
  return `${basis}${rate > 0 ? '增长' : '下降'}${trimDecimals(pct, decimals)}%`;
}

/**
 * Change of a rate in percentage points: (0.623, 0.6) → "提高2.3个百分点",
 * (0.55, 0.6) → "下降5个百分点", equal → "持平". Rates are ratios (0.6 = 60%).
 */
export function formatPointChange(currentRate: number, baseRate: number, opts: ChangeOptions = {}): string {
  const { basis = '', decimals = 2 } = opts;
  const diff = Math.round((currentRate - baseRate) * 100 * 10 ** decimals) / 10 ** decimals;
  if (diff === 0) return basis ? `${FLAT[basis]}持平` : '持平';
  return `${basis}${diff > 0 ? '提高' : '下降'}${trimDecimals(Math.abs(diff), decimals)}个百分点`;
}

export type OrdinalStyle = 'arabic' | 'chinese';

/** 1 → "第1" (arabic) or "第一" (chinese). */
export function formatOrdinal(n: number, style: OrdinalStyle = 'chinese'): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`formatOrdinal: ${n} is not a positive integer`);
  return '第' + (style === 'arabic' ? String(n) : toChineseNumeral(n));
}

export interface RankOptions {
  style?: OrdinalStyle;
  /** 居 (default), 位居, 位列. */
  verb?: '居' | '位居' | '位列';
}

/** Standing within a scope: (1, '金华') → "居金华第一"; arabic style → "居金华第1". */
export function formatRank(rank: number, scope: string, opts: RankOptions = {}): string {
  return `${opts.verb ?? '居'}${scope}${formatOrdinal(rank, opts.style ?? 'chinese')}`;
}

/** Yuan per unit of a money indicator kept in 元, 万元 or 亿元. */
export const MONEY_UNIT_SCALE: Readonly<Record<string, number>> = { 元: 1, 万元: 1e4, 亿元: 1e8 };

/**
 * An indicator's value written the genre's way in the indicator's own unit: money in 万/亿元
 * (10.67亿元), rates as percentages, counts with their measure word and the chosen style.
 */
export function formatIndicatorValue(value: number, indicatorUnit: string, style: QuantityStyle = 'exact'): string {
  const scale = MONEY_UNIT_SCALE[indicatorUnit];
  if (scale) return formatMoney(value * scale, { style: style === 'approx' ? 'approx' : 'rounded' });
  if (indicatorUnit === '%') return `${Math.round(value * 100) / 100}%`;
  return formatQuantity(Math.max(0, value), { unit: indicatorUnit, style });
}
