/**
 * How the assessment pages say things: rules in words (normalization, bands, measures), what an
 * item's score was compared against, rank changes, points and money.
 */
import { RECORD_KIND_ZH, DATE_BASES } from '../../../shared/ledger';
import { NORMALIZATION_ZH, SCHEME_KIND_ZH, type Measure, type Normalization, type SchemeKind } from '../../../shared/assessment';
import { ORG_TYPE_ZH, type OrgType } from '../../../shared/org-types';
import { fmtNum, fmtPct } from '../indicators/format';
import type { ItemScore } from './types';

export { SCHEME_KIND_ZH, NORMALIZATION_ZH };

export const KIND_COLOR: Record<SchemeKind, string> = { competition: 'volcano', index: 'blue', evaluation: 'geekblue', selection: 'green' };

export const SCHEME_PERIOD_ZH: Record<string, string> = { year: '按年度', half: '按半年', quarter: '按季度', month: '按月' };

/** Unit types a scheme may rank, most common first (villages and communities compete most). */
export const COHORT_TYPES: OrgType[] = ['village', 'community', 'town', 'street', 'branch', 'general_branch', 'party_committee', 'enterprise', 'school', 'religious_venue', 'department', 'other'];

export const unitTypesText = (types: readonly string[]) => types.map((t) => ORG_TYPE_ZH[t as OrgType] ?? t).join('、');

/** Points as every table shows them: two decimals, so columns line up and sums can be checked. */
export const pts = (v: number | null | undefined) => (v == null || !Number.isFinite(v) ? '—' : v.toFixed(2));

/** A raw figure with its unit: "393.8 万元"; null → 无数据. */
export const rawText = (v: number | null | undefined, unit?: string | null) => (v == null ? '无数据' : `${fmtNum(v, 4)}${unit ? ` ${unit}` : ''}`);

/** 名次变化: positive = moved up. */
export function rankChangeText(change: number | null | undefined): { text: string; color?: string; label: string } {
  if (change == null) return { text: '—', label: '上期无排名' };
  if (change > 0) return { text: `↑${change}`, color: '#389e0d', label: `上升${change}名` };
  if (change < 0) return { text: `↓${-change}`, color: '#cf1322', label: `下降${-change}名` };
  return { text: '持平', label: '名次持平' };
}

const num = (v: number | null | undefined) => (v == null ? '' : fmtNum(v, 4));

/** A band's range in words: "1–3", "3 及以上", "1 以下". */
export function bandRange(b: { min?: number | null; max?: number | null }, unit?: string | null): string {
  const u = unit ? ` ${unit}` : '';
  if (b.min != null && b.max != null) return `${num(b.min)}–${num(b.max)}${u}（不含 ${num(b.max)}）`;
  if (b.min != null) return `${num(b.min)}${u}及以上`;
  if (b.max != null) return `低于 ${num(b.max)}${u}`;
  return '任意值';
}

/** How an item is normalized, as a rule: shown in the rules summary. */
export function normalizationWords(n: Normalization, direction: 'higher' | 'lower' = 'higher', unit?: string | null): string {
  const lower = direction === 'lower';
  switch (n.kind) {
    case 'minmax':
      return lower ? '极差标准化：同批最低（最好）得满分、最高得0分，其余按比例' : '极差标准化：同批最高得满分、最低得0分，其余按比例';
    case 'target':
      return n.target != null
        ? `目标完成率：${lower ? '不超过' : '达到'}目标 ${fmtNum(n.target, 4)}${unit ? ` ${unit}` : ''} 得满分，${lower ? '超出按目标÷实际' : '不足按完成比例'}计分（封顶100%）`
        : `目标完成率：按各单位自己的目标值，${lower ? '不超过目标得满分' : '完成比例计分'}（封顶100%）`;
    case 'rank':
      return '按名次：第1名得满分、最后一名得0分，其余按名次等距计分（并列取较好名次）';
    case 'bands':
      return `分档计分：${n.bands.map((b) => `${bandRange(b, unit)}得 ${fmtNum(b.score)} 分`).join('；')}`;
  }
}

/** What one unit's item score was compared against: "同批最高 418.6、最低 37.6". */
export function basisWords(kind: Normalization['kind'], s: ItemScore, direction: 'higher' | 'lower' = 'higher', unit?: string | null): string {
  if (s.note) return s.note;
  const b = s.basis;
  const u = unit ? ` ${unit}` : '';
  switch (kind) {
    case 'minmax':
      if (b.min == null || b.max == null) return '—';
      if (b.min === b.max) return `同批各单位数值相同（${num(b.max)}${u}），均得满分`;
      return `同批最高 ${num(b.max)}${u}、最低 ${num(b.min)}${u}${direction === 'lower' ? '（越低越好）' : ''}`;
    case 'target': {
      if (b.target == null || s.raw == null) return '无目标值';
      const done = s.raw / b.target;
      return direction === 'lower' ? `目标不超过 ${num(b.target)}${u}，实际为目标的 ${fmtPct(done)}` : `目标 ${num(b.target)}${u}，完成 ${fmtPct(done)}`;
    }
    case 'rank':
      return b.rank == null || b.of == null ? '—' : `第${b.rank}名/共${b.of}个`;
    case 'bands':
      return `落在“${bandRange({ min: b.bandMin, max: b.bandMax }, unit)}”档，得 ${fmtNum(b.bandScore)} 分`;
  }
}

/** What a bonus, penalty or veto counts, when the server's words are not at hand. */
export function measureWords(m: Measure, indicatorName: (code: string) => string | undefined = () => undefined): string {
  switch (m.kind) {
    case 'indicator':
      return `指标：${indicatorName(m.indicatorCode) ?? m.indicatorCode}`;
    case 'records': {
      const q = m.query;
      const basis = DATE_BASES[q.kind].find((d) => d.key === q.dateBasis)?.label ?? q.dateBasis;
      return `台账：${RECORD_KIND_ZH[q.kind]}类别 ${q.categoryCode}（含下级），按${basis}${q.measure === 'sum' ? '求和' : '计数'}`;
    }
    case 'overdueCases':
      return '台账：本期到期未按期办结的事项数';
  }
}

/** The server's measure text, with a doubled "台账：" prefix (stored by results published before it was fixed) tidied. */
export const tidyMeasureText = (t: string) => t.replace(/^(台账：)+/, '台账：');

/** 2000000 → "2,000,000 元"; with `wan`: "2,000,000 元（200万元）". */
export function yuan(v: number | null | undefined, wan = false): string {
  if (v == null || !Number.isFinite(v)) return '—';
  const s = `${v.toLocaleString('zh-CN')} 元`;
  return wan && v >= 10000 ? `${s}（${(v / 10000).toLocaleString('zh-CN', { maximumFractionDigits: 4 })}万元）` : s;
}

export const dateTimeText = (d: string | Date | null | undefined) =>
  d ? new Date(d).toLocaleString('zh-CN', { hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }) : '—';
