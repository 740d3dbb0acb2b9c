/**
 * Figure-claim extraction (数据核验 step one): finds every figure a year-end summary asserts —
 * a quantity with unit and qualifier, a change, a ranking, an honour count — with the clause it
 * belongs to, so the fact-checker can match it to an indicator and import can propose values.
 *
 * What is NOT a claim, and why (each rule has an example from the seed texts):
 * - Figures inside quoted names and titles (“千名乡贤助共富”, 《…》, “六学六进六争先”): a
 *   campaign or document name, not a measured figure. Counts written outside the quotes
 *   (12支“小巷队伍”) are claims.
 * - Numbers without a measure word or magnitude: dates and durations (2022年, 3月, 12月31日,
 *   连续三年 — 年/月/日 are not units), names (党的二十大, 3+4应急队伍, 五金).
 * - Ordinals after 第 that are not standings (第一批, 第十七届, 第二轮, 第一时间, 第一责任人).
 * - A bare 一 or an unqualified lone magnitude (一批, 一线, 一体化, 统一, 唯一, 千名, 百镇): idioms.
 *   Qualified ones are figures ("百余场", "逾千篇").
 * - Political formulas without quotes (两个维护, 四个意识, 四个全面).
 * - "10万+作品": a category.
 * - Thresholds inside an indicator's definition ("100万元以上行政村占比…第1": the claim is the
 *   ranking, 100万元 defines what is ranked).
 * - The size of an outside list an award comes from ("获评全省100家…单位", "入选全省首批20个…"):
 *   it describes the award, not the county's work.
 *
 * Kinds: change (after 增长/下降/提高/减少/缩短/前移…; 提高/提升 before a count such as "改造提升226座"
 * is the work done, a quantity), ranking (居/位居/位列/排名…第N/首位/前N, 全省第N), honour (a
 * count of units or people in a clause with an award verb — 获评, 荣获, 荣立, 获得, 入选, 评为,
 * 授予, 命名, 创建, 选树, 表彰 — anywhere in the clause: "6人入选", "47名个人获省级以上表彰";
 * a parallel clause after a comma inherits it), otherwise quantity.
 */
import { FIGURE_SRC, RANKING_SRC } from '../../../shared/cn-figures/grammar';
import { readFigureGroups, readRankingGroups, type FigureKind, type ParsedFigure } from '../../../shared/cn-figures/parse';
import type { Qualifier } from '../../../shared/cn-figures/format';

export interface FigureClaim {
  /** Exact substring: text === input.slice(start, end). */
  text: string;
  /** Base unit, 万/亿 multiplied out; percentages as written (47.06). Ranges: the lower bound. */
  value: number;
  unit: string;
  qualifier: Qualifier;
  kind: FigureKind;
  start: number;
  end: number;
  /** Changes only. */
  direction?: 'up' | 'down';
  /** Ranges only ("3至5个" → 5). */
  upper?: number;
  /** The clause the claim sits in, between punctuation, layout line breaks removed. */
  phrase: string;
}

const FIGURE_RE = new RegExp(FIGURE_SRC, 'g');
const RANKING_RE = new RegExp(RANKING_SRC, 'g');
/** "全省第一", "金华第3名" without a verb in front. */
const SCOPED_RANK_RE = /(?<scope>全省|全国|全市|全县|全区|全金华|金华市?|省内|市内)(?:排名)?第(?<ord>[0-9０-９]+|[一二两三四五六七八九十]+)(?:位|名)?(?![批届轮次期季号个家条项时责])/g;

const CLAUSE_END = /[，。；！？：;!?:]/;
const HONOUR_VERB = /获评|荣获|荣立|获得|获奖|入选|评为|评选|授予|命名|创建|选树|表彰|获批|认定为/;
const HONOUR_UNITS = new Set(['家', '个', '名', '人', '项', '枚', '处', '所', '座', '支', '件', '部', '首', '位', '块', '村', '镇', '条']);
const LIST_SIZE_BEFORE = /(?:全省|全国|全市|首批|第[一二三四五六七八九十\d]+批)$/;
const LIST_VERB = /获评|入选|评为|列入|成为/;
/** "稳定在6,800头以上" states a level; "100万元以上行政村", "30万元以下的薄弱村" define a category. */
const LEVEL_BEFORE = /(?:在|达|达到|保持|超过)$/;
/** Rate-like units: with these 提高/提升 is a change; with a count ("改造提升226座") it is the work done. */
const RATE_UNITS = new Set(['%', '个百分点', '倍', '成', '']);
/** Political formulas often written without quotes: 两个确立, 两个维护, 四个意识, 四个自信, 四个全面. */
const FORMULA_AFTER = /^(?:确立|维护|意识|自信|全面|务必|一线|健康|规定|代表)/;
/** "零发案", "零事故": a zero the genre writes without a unit. */
const ZERO_RE = /零(?=发案|事故|伤亡|死亡|投诉|信访|上访|进京|差错)/g;
/** Quote pairs whose content is a name; a pair longer than this is treated as unbalanced. */
const QUOTES: Array<[string, string]> = [['“', '”'], ['《', '》'], ['「', '」'], ['『', '』'], ['"', '"']];
const MAX_NAME = 40;

/** Character ranges [start, end) inside quoted names or titles. */
function quotedSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const [open, close] of QUOTES) {
    for (let i = text.indexOf(open); i >= 0; i = text.indexOf(open, i + 1)) {
      const j = text.indexOf(close, i + 1);
      if (j < 0 || j - i > MAX_NAME) continue;
      // A nested opening quote before the close means this one is stray (seed: “石榴籽心向党”·…一家亲”).
      const nested = text.indexOf(open, i + 1);
      if (open !== close && nested >= 0 && nested < j) continue;
      spans.push([i, j + 1]);
      if (open === close) i = j; // straight quotes pair up left to right
    }
  }
  return spans;
}

const isCjk = (c: string | undefined) => !!c && /[\u4e00-\u9fff]/.test(c);

/**
 * Whether a position is a clause boundary. A comma between digits ("3,126") is not. A line
 * break is one unless it wraps a long body line between two Chinese characters — pasted PDF
 * text breaks mid-word ("组\n\n织优势"), while titles are short lines.
 */
function isBoundary(text: string, i: number): boolean {
  const c = text[i];
  if (c === ',') return !(/\d/.test(text[i - 1] ?? '') && /^\d{3}/.test(text.slice(i + 1, i + 4)));
  if (c === '\n') {
    const lineStart = text.lastIndexOf('\n', i - 1) + 1;
    const prev = text.slice(lineStart, i).trimEnd();
    const next = text.slice(i).trimStart()[0];
    return !(prev.length > 30 && isCjk(prev[prev.length - 1]) && isCjk(next));
  }
  return CLAUSE_END.test(c);
}

/** The clause [start, end) around a span. Line breaks not after a full stop are layout (PDF wraps), not clause ends. */
function clauseAround(text: string, start: number, end: number): [number, number] {
  let a = start;
  while (a > 0 && !isBoundary(text, a - 1)) a--;
  let b = end;
  while (b < text.length && !isBoundary(text, b)) b++;
  return [a, b];
}

/** Rejects number matches that the rules at the top of this file say are not claims. */
function notAClaim(text: string, m: RegExpExecArray, fig: ParsedFigure, clause: string, clauseOffset: number): boolean {
  const g = m.groups!;
  const before = text[m.index - 1];
  const after = text[m.index + m[0].length];
  if (before === '第' && !g.verb && !g.pre) return true; // ordinal: 第一批, 第十七届
  if (/[A-Za-z0-9.]/.test(before ?? '') || /[A-Za-z]/.test(after ?? '')) return true; // G20, 5G, part of a code
  // A bare number is a date, name or code — unless a change verb governs it and the clause
  // ends there ("较上年下降0.04。").
  if (!g.unit && !g.n1m && !g.n2m && !(g.verb && !isCjk(after))) return true;
  const cn = g.n1c;
  if (cn === '一') return true; // 一批, 一线, 一家亲
  // A lone magnitude is an idiom (千名乡贤, 百镇, 万家) unless qualified: 百余场, 逾千篇.
  if (cn !== undefined && /^[十百千万亿]+$/.test(cn) && !g.n1q1 && !g.pre) return true;
  if (after === '+' || after === '＋') return true; // "10万+作品": a category, not a count
  if ((g.post === '以上' || g.post === '以下') && isCjk(after) && !LEVEL_BEFORE.test(text.slice(Math.max(0, m.index - 2), m.index))) return true;
  const pre = text.slice(Math.max(clauseOffset, m.index - 4), m.index);
  if (LIST_SIZE_BEFORE.test(pre) && LIST_VERB.test(clause)) return true;
  return FORMULA_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 2)) && /^[两二三四五六七八九十]个$/.test(m[0]);
}

/** Honour: a count of awarded units or people in a clause with an award verb, before or after ("6人入选"). */
function honourish(fig: ParsedFigure, clause: string): boolean {
  return fig.kind === 'quantity' && HONOUR_UNITS.has(fig.unit) && HONOUR_VERB.test(clause);
}

/**
 * Extracts the figure claims of a text, in reading order. Pure and synchronous: a 10,000
 * character draft takes a few milliseconds.
 */
export function extractClaims(text: string): FigureClaim[] {
  const quoted = quotedSpans(text);
  const inQuote = (i: number) => quoted.some(([a, b]) => i >= a && i < b);
  const claims: FigureClaim[] = [];
  const taken: Array<[number, number]> = [];
  const overlaps = (s: number, e: number) => taken.some(([a, b]) => s < b && e > a);

  const push = (fig: ParsedFigure, kind: FigureKind, start: number, end: number) => {
    const [a, b] = clauseAround(text, start, end);
    const claim: FigureClaim = {
      text: text.slice(start, end), value: fig.value, unit: fig.unit, qualifier: fig.qualifier, kind, start, end,
      phrase: text.slice(a, b).replace(/\s+/g, ''),
    };
    if (fig.direction) claim.direction = fig.direction;
    if (fig.upper !== undefined) claim.upper = fig.upper;
    claims.push(claim);
    taken.push([start, end]);
  };

  for (const re of [RANKING_RE, SCOPED_RANK_RE]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const fig = readRankingGroups(m.groups ?? {});
      if (!fig || inQuote(m.index) || overlaps(m.index, m.index + m[0].length)) continue;
      push(fig, 'ranking', m.index, m.index + m[0].length);
    }
  }

  FIGURE_RE.lastIndex = 0;
  for (let m = FIGURE_RE.exec(text); m; m = FIGURE_RE.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[0].length === 0) {
      FIGURE_RE.lastIndex++;
      continue;
    }
    const fig = readFigureGroups(m.groups ?? {});
    if (!fig || inQuote(start) || overlaps(start, end)) continue;
    const [a, b] = clauseAround(text, start, end);
    const clause = text.slice(a, b);
    if (notAClaim(text, m, fig, clause, a)) continue;
    let from = start;
    if ((m.groups!.verb === '提升' || m.groups!.verb === '提高') && !RATE_UNITS.has(fig.unit)) {
      // "改造提升226座": the count of things upgraded, not a change of 226.
      from = start + m[0].indexOf(m.groups!.verb) + m.groups!.verb.length + (m[0][m.groups!.verb.length] === '了' ? 1 : 0);
      fig.kind = 'quantity';
      delete fig.direction;
    }
    push(fig, honourish(fig, clause) ? 'honour' : fig.kind, from, end);
  }
  ZERO_RE.lastIndex = 0;
  for (let m = ZERO_RE.exec(text); m; m = ZERO_RE.exec(text)) {
    if (inQuote(m.index) || overlaps(m.index, m.index + 1)) continue;
    push({ value: 0, unit: '', qualifier: '', kind: 'quantity' }, 'quantity', m.index, m.index + 1);
  }
  claims.sort((x, y) => x.start - y.start);
  inheritHonours(text, claims);
  return claims;
}

/**
 * Parallel enumerations carry the award verb over commas: "推荐选树…“担当作为好干部”4名，
 * 金华市“扛旗先锋”1名，抗击疫情先进团队67个、个人115名" and "创建…示范型“清廉民企”2家，标准型16家".
 * A clause that ends in a count, right after a comma that closed a clause ending in an honour
 * count, is an honour clause too.
 */
function inheritHonours(text: string, claims: FigureClaim[]): void {
  const endsClause = (c: FigureClaim) => clauseAround(text, c.start, c.end)[1] === c.end;
  for (let i = 0; i < claims.length; i++) {
    const c = claims[i];
    if (c.kind !== 'quantity' || !HONOUR_UNITS.has(c.unit)) continue;
    const [a, b] = clauseAround(text, c.start, c.end);
    const last = claims.filter((x) => x.start >= a && x.end <= b).at(-1);
    if (!last || last.end !== b || a === 0 || !/[，,]/.test(text[a - 1])) continue;
    const prev = claims.filter((x) => x.end <= a - 1 && x.end >= clauseAround(text, a - 2, a - 1)[0]).at(-1);
    if (prev?.kind === 'honour' && prev.end === a - 1 && endsClause(prev)) {
      for (const x of claims) if (x.start >= a && x.end <= b && x.kind === 'quantity' && HONOUR_UNITS.has(x.unit)) x.kind = 'honour';
    }
  }
}
