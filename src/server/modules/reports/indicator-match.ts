/**
 * Matching a figure claim to the tenant's indicators (数据核验 step two): which indicator does
 * "开展宣讲5200余场次" speak of? A small synonym table first (the words the genre uses for an
 * indicator are not its name: 党员 → 党员人数, 违法/违纪 → 党员违纪违法案件数), then the indicator
 * names themselves (the longest run of a name's characters found in the clause). A candidate must
 * have a compatible unit: a people count is not checked against an amount of money.
 */
import type { FigureClaim } from './extract';
import { MONEY_UNIT_SCALE } from '../../../shared/cn-figures';

/** What matching needs to know of an indicator. */
export interface IndicatorInfo {
  code: string;
  name: string;
  unit: string;
}

/**
 * Words the genre uses for an indicator, most specific first: the first entry whose keyword
 * is in the clause (and whose indicator exists with a compatible unit) ranks highest. An entry
 * for an indicator the tenant does not have is ignored, so the table can name the demo county's
 * codes without harm elsewhere. 违法/违纪 prefer the ledger-derived WJWF_JS over the typed DY_WFJL.
 */
export const SYNONYMS: ReadonlyArray<{ keywords: readonly string[]; code: string }> = [
  { keywords: ['入党宣誓', '宣誓'], code: 'DY_XS' },
  { keywords: ['发展党员', '新党员'], code: 'DY_FZ' },
  { keywords: ['违纪违法', '违法违纪', '违法', '违纪'], code: 'WJWF_JS' },
  { keywords: ['违纪违法', '违法违纪', '违法', '违纪'], code: 'DY_WFJL' },
  { keywords: ['党员'], code: 'DY_RS' },
  { keywords: ['微视频'], code: 'XJ_SP' },
  { keywords: ['宣讲'], code: 'XJ_CC' },
  { keywords: ['企业需求', '企业诉求', '企业难题'], code: 'QYXQ_JJ' },
  { keywords: ['学习强国'], code: 'XXQG_GJ' },
  { keywords: ['央媒', '中央媒体'], code: 'YM_GJ' },
  { keywords: ['共建强基', '共建', '强基'], code: 'GJQJ_TZ' },
  { keywords: ['文化礼堂'], code: 'WHLT_JC' },
  { keywords: ['集中办公'], code: 'BG_CC' },
  { keywords: ['议政直通车'], code: 'YZZTC_JY' },
  { keywords: ['社会服务'], code: 'SHFW_CC' },
  { keywords: ['安防'], code: 'AFSB_TS' },
  { keywords: ['容错', '澄清'], code: 'RCCQ_JS' },
  { keywords: ['荣誉', '表彰'], code: 'RY_JHS' },
  { keywords: ['上市公司'], code: 'RC_SSGS' },
  { keywords: ['R&D', '研发人员'], code: 'RC_RD' },
  { keywords: ['国家级人才'], code: 'RC_GJ' },
  { keywords: ['省级人才'], code: 'RC_SJ' },
  { keywords: ['群众评价'], code: 'QZPJ_DF' },
  { keywords: ['100万元以上'], code: 'JT_100_ZB' },
  { keywords: ['经营性收入'], code: 'JT_JYSR' },
];

/** Measure words that count the same thing. A unit not listed is compatible only with itself. */
const UNIT_FAMILIES: ReadonlyArray<readonly string[]> = [
  ['名', '人', '位'],
  ['元', '万元', '亿元'],
  ['场', '场次', '次'],
  ['件', '起'],
  ['个', '项'],
];

/** Yuan per indicator unit for money indicators kept in 万元/亿元; 1 otherwise. */
export function unitScale(indicatorUnit: string): number {
  return MONEY_UNIT_SCALE[indicatorUnit] ?? 1;
}

export function unitsCompatible(claimUnit: string, indicatorUnit: string): boolean {
  if (claimUnit === indicatorUnit) return true;
  return UNIT_FAMILIES.some((f) => f.includes(claimUnit) && f.includes(indicatorUnit));
}

/** Whether an indicator can be what a claim states, by kind and unit. */
function claimFits(claim: Pick<FigureClaim, 'kind' | 'unit'>, ind: IndicatorInfo, ranked: ReadonlySet<string>): boolean {
  if (claim.kind === 'ranking') return ranked.has(ind.code);
  if (claim.kind === 'change') {
    // A rate change (个百分点) is of a rate; a relative change (%) of anything but a rate.
    if (claim.unit === '个百分点') return ind.unit === '%';
    return claim.unit === '%' && ind.unit !== '%';
  }
  return unitsCompatible(claim.unit, ind.unit);
}

/** Name words too generic to say which indicator a clause is about. */
const GENERIC = new Set(['人数', '数量', '项目', '案件', '以上', '全市', '全县', '开展', '完成', '建设']);

/**
 * A name match needs three characters in a row: two (省级, 入选) say too little
 * ("省级海外引才19人" is not 入选省级人才数).
 */
export const MIN_NAME_OVERLAP = 3;

/** Longest run of the name's characters (≥ 2, not a generic word) that occurs in the phrase. */
export function nameOverlap(name: string, phrase: string): number {
  let best = 0;
  for (let i = 0; i < name.length; i++) {
    for (let j = name.length; j - i > Math.max(best, 1); j--) {
      const piece = name.slice(i, j);
      if (GENERIC.has(piece)) continue;
      if (phrase.includes(piece)) {
        best = j - i;
        break;
      }
    }
  }
  return best;
}

export interface MatchCandidate extends IndicatorInfo {
  /** Higher is better: synonym matches rank above name overlaps. */
  score: number;
  by: 'synonym' | 'name';
  /** The keyword or the part of the name found in the clause. */
  matched: string;
}

/**
 * Candidate indicators for a claim, best first (empty: unknown). Matching reads the claim's
 * clause; for a ranking only indicators with a peer standing (`ranked`, by code) qualify.
 */
export function matchClaim(claim: Pick<FigureClaim, 'kind' | 'unit' | 'phrase'>, indicators: readonly IndicatorInfo[], ranked: ReadonlySet<string> = new Set()): MatchCandidate[] {
  const fits = indicators.filter((i) => claimFits(claim, i, ranked));
  const byCode = new Map(fits.map((i) => [i.code, i]));
  const out = new Map<string, MatchCandidate>();
  SYNONYMS.forEach((s, n) => {
    const ind = byCode.get(s.code);
    const kw = s.keywords.find((k) => claim.phrase.includes(k));
    if (ind && kw && !out.has(ind.code)) out.set(ind.code, { ...ind, score: 1000 - n, by: 'synonym', matched: kw });
  });
  for (const ind of fits) {
    if (out.has(ind.code)) continue;
    const n = nameOverlap(ind.name, claim.phrase);
    if (n >= MIN_NAME_OVERLAP) out.set(ind.code, { ...ind, score: n, by: 'name', matched: '' });
  }
  for (const c of out.values()) if (c.by === 'name') c.matched = longestPiece(c.name, claim.phrase);
  return [...out.values()].sort((a, b) => b.score - a.score);
}

function longestPiece(name: string, phrase: string): string {
  const n = nameOverlap(name, phrase);
  for (let i = 0; i + n <= name.length; i++) if (phrase.includes(name.slice(i, i + n)) && !GENERIC.has(name.slice(i, i + n))) return name.slice(i, i + n);
  return '';
}
