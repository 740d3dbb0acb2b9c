/**
 * Fact-check (数据核验): every figure claim of a draft, matched to an indicator of the tenant and
 * judged against the indicator's value at the county (the tenant's root unit) for the year.
 *
 * Verdict rules ({@link judgeQuantity}, {@link judgeChange}, {@link judgeRanking}) are the
 * formatter's honesty rules read backwards (src/shared/cn-figures/format.ts header):
 * - no qualifier: the written figure is the value; money to 0.01 of the magnitude the formatter
 *   would choose (10.67亿元 for 1,066,800,000); percentages to the decimals written.
 * - 余/多: value > written, and written is the value rounded down to two significant figures
 *   (the formatter's step) or one: "5200余场次"/"5000余场次" for 5236, "70余场次" for 73 (the seed
 *   writes it), but not "5100余场次" (true, yet no writer rounds that way — likely a typo).
 * - 超/逾: value > written. 以上: value ≥ written. 以下: value ≤ written.
 * - 近: value < written, within 5% of it.
 * - 约/左右: |value − written| within the formatter's rounding step for the value.
 * - changes: the 同比 relative change ×100, rounded to the decimals written (at most 2), and the
 *   direction; 个百分点 against the difference of a rate indicator.
 * - rankings: the peer standing's rank for the year.
 * A mismatch carries the ledger's value, the wording the formatter writes for it with the same
 * qualifier style ("应为5200余场次"), and the source (indicator, unit, period). No matching
 * indicator, or no value for the year, is `unknown` — never a guess.
 */
import type { DbOrTx } from '../../db/client';
import { findUnitsByCodes, findUnitsByIds } from '../org';
import { loadDefinitions, peerStandingsAt, relativeChange, yearValueAt } from '../indicators';
import { formatChange, formatMoney, formatOrdinal, formatPointChange, formatQuantity, EXACT_BELOW, NEAR_TOLERANCE, type QuantityStyle } from '../../../shared/cn-figures';
import { extractClaims, type FigureClaim } from './extract';
import { matchClaim, unitScale, type IndicatorInfo, type MatchCandidate } from './indicator-match';

/** Where a clause starts (as the extractor cuts phrases), for the stretch of text a claim belongs to. */
const SENTENCE_BREAK = ['。', '！', '？', '!', '?', '\n'];
const CLAUSE_BREAK = [...SENTENCE_BREAK, '，', ',', '；', ';', '：', ':'];
/** Index just after the last break character before `at` (0 if none). */
const lastBreak = (text: string, breaks: readonly string[], at: number) => Math.max(...breaks.map((b) => text.lastIndexOf(b, at - 1))) + 1;

export type Verdict = 'verified' | 'mismatch' | 'unknown';

export interface ClaimSource {
  code: string;
  name: string;
  /** The indicator's unit of measure (名, 万元, %…). */
  unit: string;
  /** Period checked against ("2022"). */
  period: string;
  /** The unit (county) the value is read at. */
  orgUnit: string;
  /** Rankings: where the standing was published. */
  peerGroup?: string;
  sourceTitle?: string;
}

export interface CheckedClaim {
  text: string;
  start: number;
  end: number;
  phrase: string;
  kind: FigureClaim['kind'];
  value: number;
  unit: string;
  qualifier: FigureClaim['qualifier'];
  direction?: 'up' | 'down';
  verdict: Verdict;
  /** The ledger's figure in the claim's terms: base unit (元 for money), percent for changes, rank for rankings. */
  actual?: number;
  /** How the formatter writes the ledger's figure in the claim's style (mismatches and verified alike). */
  expected?: string;
  /** "应为5200余场次" (mismatches only). */
  suggestion?: string;
  /** Why unknown, in Chinese. */
  reason?: string;
  source?: ClaimSource;
  /** Other indicators that would also have matched, for the writer to see what was chosen over. */
  alternatives?: string[];
}

export interface FactCheckReport {
  year: number;
  orgUnit: { id: number; name: string };
  claims: CheckedClaim[];
  counts: Record<Verdict, number>;
}

/** The formatter's rounding step: two significant figures from 100 up, exact below. */
export function roundingStep(value: number): number {
  if (value < EXACT_BELOW) return 1;
  return 10 ** Math.max(0, Math.floor(Math.log10(value)) + 1 - 2);
}

/** The step keeping `sig` significant figures of n. */
const sigStep = (n: number, sig: number) => 10 ** Math.max(0, Math.floor(Math.log10(n)) + 1 - sig);

const EPS = 1e-9;
const same = (a: number, b: number) => Math.abs(a - b) <= EPS * Math.max(1, Math.abs(a), Math.abs(b));
const decimalsOf = (x: number) => {
  const s = String(x);
  const i = s.indexOf('.');
  return i < 0 ? 0 : Math.min(2, s.length - i - 1);
};
const roundTo = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/** The formatter's style for a written qualifier. */
export function styleOf(qualifier: string): QuantityStyle {
  if (qualifier === '余' || qualifier === '多') return 'approx';
  if (qualifier === '超' || qualifier === '逾' || qualifier === '以上') return 'over';
  if (qualifier === '近') return 'near';
  if (qualifier === '约') return 'about';
  return 'exact';
}

/**
 * Whether a written quantity (value in the claim's base unit) with its qualifier is true of the
 * ledger's value. `money` applies the genre's 0.01-of-万/亿 rounding to unqualified amounts;
 * percentages compare at the decimals written.
 */
export function judgeQuantity(written: number, qualifier: string, actual: number, opts: { money?: boolean; percent?: boolean } = {}): boolean {
  switch (qualifier) {
    case '余':
    case '多':
      // The value rounded down at two significant figures (the formatter's step) or one
      // ("70余场次" for 73, "4万余名" for 47,213): true, and as round as the genre writes.
      return actual > written && [2, 1].some((sig) => same(Math.floor(actual / sigStep(actual, sig)) * sigStep(actual, sig), written));
    case '超':
    case '逾':
      return actual > written;
    case '以上':
      return actual >= written;
    case '以下':
      return actual <= written;
    case '近':
      return actual < written && (written - actual) / written <= NEAR_TOLERANCE + EPS;
    case '约':
      return Math.abs(actual - written) <= roundingStep(actual) / 2 + EPS;
    default:
      if (same(actual, written)) return true;
      if (opts.percent) return same(roundTo(actual, decimalsOf(written)), written);
      if (opts.money) {
        for (const size of [1e8, 1e4]) if (actual >= size) return same(Math.round((actual / size) * 100) / 100, written / size);
      }
      return false;
  }
}

/** Whether "增长/下降X%" is true of current against base (relative change ×100, rounded as written). */
export function judgeChange(written: number, direction: 'up' | 'down' | undefined, qualifier: string, current: number, base: number): boolean {
  const rate = relativeChange(current, base);
  if (rate == null) return false;
  const pct = Math.abs(rate) * 100;
  const dir = rate > 0 ? 'up' : rate < 0 ? 'down' : undefined;
  if (written !== 0 && dir !== direction) return false;
  if (qualifier) return judgeQuantity(written, qualifier, roundTo(pct, 2));
  return same(roundTo(pct, decimalsOf(written)), written);
}

/** Whether "提高/下降X个百分点" is true of a rate indicator (values in %). */
export function judgePointChange(written: number, direction: 'up' | 'down' | undefined, current: number, base: number): boolean {
  const diff = current - base;
  const dir = diff > 0 ? 'up' : diff < 0 ? 'down' : undefined;
  return dir === direction && same(roundTo(Math.abs(diff), decimalsOf(written)), written);
}

export const judgeRanking = (written: number, rank: number) => written === rank;

/** How the formatter writes the ledger's value in the claim's style. */
export function expectedWording(claim: Pick<FigureClaim, 'text' | 'unit' | 'qualifier' | 'kind'>, actual: number, base?: number): string {
  if (claim.kind === 'ranking') {
    const arabic = /第[0-9０-９]/.test(claim.text);
    return claim.text.replace(/第([0-9０-９]+|[一二两三四五六七八九十]+)/, formatOrdinal(actual, arabic ? 'arabic' : 'chinese'));
  }
  if (claim.kind === 'change' && base !== undefined) {
    if (claim.unit === '个百分点') return formatPointChange(actual / 100, base / 100, { basis: '' });
    return formatChange(actual, base, { basis: claim.text.includes('同比') ? '同比' : '' });
  }
  if (claim.unit === '%') return `${roundTo(actual, 2)}%`;
  const style = styleOf(claim.qualifier);
  if (claim.unit === '元') return formatMoney(actual, { style: style === 'approx' ? 'approx' : 'rounded' });
  return formatQuantity(actual, { unit: claim.unit, style });
}

/** The tenant's root unit: the unit whose code is the tenant id (the county). */
export async function rootUnit(db: DbOrTx, tenantId: string): Promise<{ id: number; name: string; path: string }> {
  const [byCode] = await findUnitsByCodes(db, [tenantId]);
  if (byCode && byCode.tenantId === tenantId) return byCode;
  throw new Error(`找不到 ${tenantId} 的县级单位，请指定核验单位`);
}

export interface FactCheckOptions {
  /** Check against this unit instead of the tenant's root (the county). */
  orgUnitId?: number;
}

/** Extracts the draft's figure claims and judges each against the ledger for `year`. */
export async function factCheck(db: DbOrTx, tenantId: string, year: number, text: string, opts: FactCheckOptions = {}): Promise<FactCheckReport> {
  const claims = extractClaims(text);
  const unit = opts.orgUnitId ? await unitById(db, tenantId, opts.orgUnitId) : await rootUnit(db, tenantId);
  const defs = await loadDefinitions(db, tenantId);
  const active = [...defs.values()].filter((d) => d.row.archivedAt == null);
  const infos: IndicatorInfo[] = active.map((d) => ({ code: d.row.code, name: d.row.name, unit: d.row.unit }));
  const period = String(year);
  const standings = await peerStandingsAt(db, tenantId, unit.id, period);
  const codeById = new Map(active.map((d) => [d.row.id, d.row.code]));
  const standingByCode = new Map(standings.filter((s) => codeById.has(s.indicatorId)).map((s) => [codeById.get(s.indicatorId)!, s]));

  // One read per indicator and year, however many claims name it.
  const values = new Map<string, Promise<number | null>>();
  const valueOf = (code: string, y: number) => {
    const key = `${code}@${y}`;
    if (!values.has(key)) values.set(key, yearValueAt(db, defs, code, y, tenantId, unit));
    return values.get(key)!;
  };

  const out: CheckedClaim[] = [];
  for (const c of claims) {
    const base: CheckedClaim = { text: c.text, start: c.start, end: c.end, phrase: c.phrase, kind: c.kind, value: c.value, unit: c.unit, qualifier: c.qualifier, ...(c.direction ? { direction: c.direction } : {}), verdict: 'unknown' };
    // Match on the claim's own stretch of the clause first ("入选国家级人才2人、省级4人": 省级 for
    // 4人), then on the whole clause, but not to an indicator an earlier figure of the clause took.
    // Last, for money only, the sentence before it ("启动“百镇共建强基”项目36个,总投资10.67亿元": an
    // amount refers back to the project). For counts the sentence misleads ("国家级…第一,省级海外引才19人").
    const money = c.unit === '元';
    const clauseStart = lastBreak(text, CLAUSE_BREAK, c.start);
    const sentenceStart = lastBreak(text, SENTENCE_BREAK, c.start);
    const earlier = out.filter((o) => o.end <= c.start && o.end > sentenceStart);
    const inClause = earlier.filter((o) => o.end > clauseStart);
    const local = text.slice(Math.max(clauseStart, inClause.length ? inClause[inClause.length - 1].end : 0), c.end);
    const ranked = new Set(standingByCode.keys());
    const taken = (from: CheckedClaim[]) => new Set(from.map((o) => o.source?.code));
    let candidates = matchClaim({ ...c, phrase: local }, infos, ranked);
    if (!candidates.length) candidates = matchClaim(c, infos, ranked).filter((m) => !taken(inClause).has(m.code));
    if (!candidates.length && money) candidates = matchClaim({ ...c, phrase: text.slice(sentenceStart, c.end) }, infos, ranked).filter((m) => !taken(earlier).has(m.code));
    if (!candidates.length) {
      out.push({ ...base, reason: '没有对应的指标' });
      continue;
    }
    const m = candidates[0];
    const source: ClaimSource = { code: m.code, name: m.name, unit: m.unit, period, orgUnit: unit.name };
    const alternatives = candidates.slice(1, 4).map((x) => `${x.code} ${x.name}`);
    const judged = await judgeClaim(c, m, standingByCode.get(m.code), valueOf, year, source);
    out.push({ ...base, ...judged, source, ...(alternatives.length ? { alternatives } : {}) });
  }
  const counts = { verified: 0, mismatch: 0, unknown: 0 };
  for (const c of out) counts[c.verdict]++;
  return { year, orgUnit: { id: unit.id, name: unit.name }, claims: out, counts };
}

type Judged = Pick<CheckedClaim, 'verdict' | 'actual' | 'expected' | 'suggestion' | 'reason'>;

async function judgeClaim(
  c: FigureClaim,
  m: MatchCandidate,
  standing: { rank: number; peerGroup: string; sourceTitle: string } | undefined,
  valueOf: (code: string, y: number) => Promise<number | null>,
  year: number,
  source: ClaimSource,
): Promise<Judged> {
  const verdict = (ok: boolean, actual: number, expected: string): Judged => ({ verdict: ok ? 'verified' : 'mismatch', actual, expected, ...(ok ? {} : { suggestion: `应为${expected}` }) });
  if (c.kind === 'ranking') {
    if (!standing) return { verdict: 'unknown', reason: `${year}年没有该指标的排名` };
    source.peerGroup = standing.peerGroup;
    source.sourceTitle = standing.sourceTitle;
    return verdict(judgeRanking(c.value, standing.rank), standing.rank, expectedWording(c, standing.rank));
  }
  if (c.kind === 'change') {
    const [cur, last] = await Promise.all([valueOf(m.code, year), valueOf(m.code, year - 1)]);
    if (cur == null || last == null) return { verdict: 'unknown', reason: `${cur == null ? year : year - 1}年没有该指标的数值` };
    source.period = `${year}（对比${year - 1}）`;
    if (c.unit === '个百分点') return verdict(judgePointChange(c.value, c.direction, cur, last), roundTo(cur - last, 2), expectedWording(c, cur, last));
    if (!(last > 0)) return { verdict: 'unknown', reason: `${year - 1}年数值为0，无法计算增减幅度` };
    const pct = roundTo((relativeChange(cur, last) ?? 0) * 100, 2);
    return verdict(judgeChange(c.value, c.direction, c.qualifier, cur, last), pct, expectedWording(c, cur, last));
  }
  const raw = await valueOf(m.code, year);
  if (raw == null) return { verdict: 'unknown', reason: `${year}年没有该指标的数值` };
  const actual = raw * unitScale(m.unit);
  const ok = judgeQuantity(c.value, c.qualifier, actual, { money: c.unit === '元', percent: c.unit === '%' });
  return verdict(ok, actual, expectedWording(c, actual));
}

async function unitById(db: DbOrTx, tenantId: string, id: number) {
  const [row] = await findUnitsByIds(db, [id]);
  if (!row || row.tenantId !== tenantId) throw new Error(`单位 ${id} 不存在`);
  return row;
}
