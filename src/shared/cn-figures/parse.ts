/**
 * Reads one figure phrase back into a value: the inverse of format.ts.
 *   "4.7万余名"  → { value: 47000, unit: '名', qualifier: '余', kind: 'quantity' }
 *   "10.67亿元"  → { value: 1067000000, unit: '元', qualifier: '', kind: 'quantity' }
 *   "下降47.06%" → { value: 47.06, unit: '%', kind: 'change', direction: 'down' }
 *   "第一"       → { value: 1, kind: 'ranking' }
 */
import { FIGURE_SRC, RANKING_SRC } from './grammar';
import type { Qualifier } from './format';
import { parseChineseNumeral, scale, toHalfWidthDigits } from './numerals';

export type FigureKind = 'quantity' | 'change' | 'ranking' | 'honour';

export interface ParsedFigure {
  /** In the base unit, 万/亿 multiplied out; a percentage as written (47.06 for "47.06%"). */
  value: number;
  /** Measure word without magnitude: 名, 元, %, 个百分点 … ('' when none, e.g. rankings). */
  unit: string;
  qualifier: Qualifier;
  /** honour is never produced here: it depends on the clause (see the extractor). */
  kind: Exclude<FigureKind, 'honour'>;
  direction?: 'up' | 'down';
  /** Upper bound of a range ("3至5个" → value 3, upper 5). */
  upper?: number;
  /** Ranking scope ("居金华第一" → 金华). */
  scope?: string;
}

type Groups = Record<string, string | undefined>;

const MAGNITUDE: Record<string, number> = { 万亿: 1e12, 亿: 1e8, 万: 1e4 };
// 突破 ("突破150万") says the same as 超; 不少于/不低于 as 以上; 不超过/不高于 as 以下.
const PRE: Record<string, Qualifier> = {
  超过: '超', 超: '超', 突破: '超', 逾: '逾', 将近: '近', 接近: '近', 近: '近', 大约: '约', 约: '约',
  不少于: '以上', 不低于: '以上', 不超过: '以下', 不高于: '以下',
};
const UP = new Set(['增长', '增加', '提高', '提升', '上升', '前移']);
const POST: Record<string, Qualifier> = { 以上: '以上', 以下: '以下', 左右: '约' };

/** A lone magnitude is one of it when qualified: "百余场", "逾千篇", "万余人". */
const LONE: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 1e4, 亿: 1e8 };

function readNumber(g: Groups, p: 'n1' | 'n2'): { n: number; mag?: string } | null {
  const arabic = g[`${p}a`];
  const cn = g[`${p}c`];
  const n = arabic !== undefined ? Number(toHalfWidthDigits(arabic).replace(/,/g, '')) : cn !== undefined ? (parseChineseNumeral(cn) ?? LONE[cn] ?? null) : null;
  return n === null || Number.isNaN(n) ? null : { n, mag: g[`${p}m`] };
}

/** Turns the named groups of {@link FIGURE_SRC} into a figure; null if the number is unreadable. */
export function readFigureGroups(g: Groups): ParsedFigure | null {
  const first = readNumber(g, 'n1');
  if (!first) return null;
  const second = g.n2a !== undefined || g.n2c !== undefined ? readNumber(g, 'n2') : null;
  // "3至5万人" means 3万 to 5万: the first number borrows the second's magnitude.
  const mag1 = first.mag ?? second?.mag;
  const value = mag1 ? scale(first.n, MAGNITUDE[mag1]) : first.n;
  const unit = (g.unit ?? '').replace('％', '%');
  const inner = (g.n1q1 ?? g.n1q2 ?? g.n2q1 ?? g.n2q2) as Qualifier | undefined;
  const qualifier: Qualifier = inner ?? (g.pre ? PRE[g.pre] : g.post ? POST[g.post] : '');
  const fig: ParsedFigure = { value, unit, qualifier, kind: g.verb ? 'change' : 'quantity' };
  if (g.verb) fig.direction = UP.has(g.verb) ? 'up' : 'down';
  if (second) fig.upper = second.mag ? scale(second.n, MAGNITUDE[second.mag]) : second.n;
  return fig;
}

/** Turns the named groups of {@link RANKING_SRC} into a ranking figure. */
export function readRankingGroups(g: Groups): ParsedFigure | null {
  const raw = g.ord ?? g.top;
  const n = g.first ? 1 : raw === undefined ? null : /\d|[０-９]/.test(raw) ? Number(toHalfWidthDigits(raw)) : parseChineseNumeral(raw);
  if (n === null || !(n >= 1)) return null;
  const fig: ParsedFigure = { value: n, unit: '', qualifier: g.top ? '前' : '', kind: 'ranking' };
  if (g.scope) fig.scope = g.scope;
  return fig;
}

const FIGURE_RE = new RegExp(`^(?:${FIGURE_SRC})$`);
const RANKING_RE = new RegExp(`^(?:${RANKING_SRC})$`);
const BARE_ORDINAL_RE = /^(?:第([0-9０-９]+|[〇零一二两三四五六七八九十百千]+)(?:位|名)?|(首位|榜首))$/;

/**
 * Parses a single figure phrase (the whole string must be the figure). Returns null for text
 * that is not a figure ("半年", "2022年" — dates carry no unit the grammar accepts). Context rules
 * (idioms like "一批", names like "二十大") belong to the extractor, which sees the sentence.
 */
export function parseFigure(text: string): ParsedFigure | null {
  const s = text.trim();
  const bare = BARE_ORDINAL_RE.exec(s);
  if (bare) return readRankingGroups(bare[2] ? { first: bare[2] } : { ord: bare[1] });
  const r = RANKING_RE.exec(s);
  if (r?.groups) return readRankingGroups(r.groups);
  const m = FIGURE_RE.exec(s);
  return m?.groups ? readFigureGroups(m.groups) : null;
}
