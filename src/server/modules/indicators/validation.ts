/**
 * Checks on a figure as it is entered (pure, so the form and the .xlsx upload share them).
 * Errors block saving; warnings (outliers) only ask the filler to confirm with a comment.
 */
export interface FieldRule {
  name: string;
  unit: string;
  valueKind: 'integer' | 'decimal';
  minValue: number | null;
  maxValue: number | null;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/\.?0+$/, ''));

/** The error for one value, or null. */
export function checkValue(rule: FieldRule, value: number): string | null {
  if (!Number.isFinite(value)) return '请填写数字';
  if (rule.valueKind === 'integer' && !Number.isInteger(value)) return `「${rule.name}」应为整数`;
  if (rule.minValue != null && value < rule.minValue) return `不能小于 ${fmt(rule.minValue)}${rule.unit}`;
  if (rule.maxValue != null && value > rule.maxValue) return `不能大于 ${fmt(rule.maxValue)}${rule.unit}`;
  return null;
}

/** Parses what a user typed or a cell held: "1,234", " 12 ", "12.5%"… → number; '' → null. */
export function parseFigure(text: string): number | null | 'invalid' {
  const t = text.replace(/[,，\s]/g, '').replace(/%$/, '');
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : 'invalid';
}

/** Above this relative change against the previous period, a figure needs a comment. */
export const PREVIOUS_CHANGE_LIMIT = 0.5;
/** Above this multiple of (or below its inverse) the siblings' median, a figure needs a comment. */
export const SIBLING_FACTOR = 3;
/** Too few siblings make a median meaningless. */
export const MIN_SIBLINGS = 3;

/** The siblings' median, or null when there are too few siblings for it to mean anything. */
export function siblingMedian(xs: readonly number[]): number | null {
  return xs.length >= MIN_SIBLINGS ? median(xs) : null;
}

export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Outlier warnings: against the unit's own previous figure (more than ±50%, and by more than
 * one unit so small counts like 1 → 2 pass), and against the median of its siblings' figures.
 */
export function outlierWarnings(value: number, previous: { label: string; value: number } | null, siblingMedian: number | null, unit: string): string[] {
  const out: string[] = [];
  if (previous && Math.abs(value - previous.value) > 1) {
    const base = Math.abs(previous.value);
    const change = base === 0 ? Infinity : Math.abs(value - previous.value) / base;
    if (change > PREVIOUS_CHANGE_LIMIT) {
      const pct = base === 0 ? '' : `${value > previous.value ? '增加' : '减少'}${Math.round(change * 100)}%，`;
      out.push(`与${previous.label}（${fmt(previous.value)}${unit}）相比${pct}变化较大`);
    }
  }
  const m = siblingMedian;
  // Like above, a difference of one (0 vs 1 for a yes/no count) is never an outlier.
  if (m != null && m > 0 && Math.abs(value - m) > 1) {
    if (value > m * SIBLING_FACTOR) out.push(`明显高于同级单位的中位数（${fmt(m)}${unit}）`);
    else if (value < m / SIBLING_FACTOR) out.push(`明显低于同级单位的中位数（${fmt(m)}${unit}）`);
  }
  return out;
}
