import { fmtNum } from '../indicators/format';
import type { CheckedClaim, Verdict } from './types';

export const VERDICT_ZH: Record<Verdict, string> = { verified: '核实', mismatch: '不符', unknown: '未知' };

/** Tag colours (antd presets) for the verdict tags. */
export const VERDICT_TAG: Record<Verdict, string> = { verified: 'success', mismatch: 'error', unknown: 'default' };

/**
 * Highlight colours in the re-rendered draft: light backgrounds with dark text, all well above
 * WCAG AA (4.5:1) — #135200 on #d9f7be ≈ 9:1, #820014 on #ffd8d6 ≈ 9:1, #262626 on #e6e6e6 ≈ 12:1.
 * A mismatch is also underlined so the verdict does not rest on colour alone.
 */
export const VERDICT_MARK: Record<Verdict, { background: string; color: string; borderBottom: string }> = {
  verified: { background: '#d9f7be', color: '#135200', borderBottom: '2px solid #52c41a' },
  mismatch: { background: '#ffd8d6', color: '#820014', borderBottom: '2px solid #cf1322' },
  unknown: { background: '#e6e6e6', color: '#262626', borderBottom: '2px dashed #8c8c8c' },
};

/** The stripe on a claim card (phones). */
export const VERDICT_ACCENT: Record<Verdict, string> = { verified: '#52c41a', mismatch: '#cf1322', unknown: '#8c8c8c' };

/** Mismatches first, then unknowns, then the verified; within a verdict, in reading order. */
export const VERDICT_ORDER: Record<Verdict, number> = { mismatch: 0, unknown: 1, verified: 2 };

/** The ledger's figure in the claim's terms: "5,236场次", "同比增长3.1%", "第2名". */
export function actualText(c: CheckedClaim): string {
  if (c.actual == null) return '—';
  switch (c.kind) {
    case 'ranking':
      return `第${fmtNum(c.actual, 0)}名`;
    case 'change':
      if (c.unit === '个百分点') return `${c.actual >= 0 ? '提高' : '降低'}${fmtNum(Math.abs(c.actual))}个百分点`;
      return c.actual === 0 ? '持平' : `${c.actual > 0 ? '增长' : '下降'}${fmtNum(Math.abs(c.actual))}%`;
    default:
      // Money arrives in 元; written the way drafts write it (10.67亿元, 356.2万元).
      if (c.unit === '元' && Math.abs(c.actual) >= 1e8) return `${fmtNum(c.actual / 1e8, 4)}亿元`;
      if (c.unit === '元' && Math.abs(c.actual) >= 1e4) return `${fmtNum(c.actual / 1e4, 2)}万元`;
      return `${fmtNum(c.actual)}${c.unit}`;
  }
}

/** Year choices: 2022 (the first year of the ledger) through the current year, newest last. */
export function yearOptions(now = new Date()): { value: number; label: string }[] {
  const out: { value: number; label: string }[] = [];
  for (let y = 2022; y <= Math.max(2022, now.getFullYear()); y++) out.push({ value: y, label: `${y}年` });
  return out;
}

/** The draft cut into plain stretches and claim stretches, in order (claims never overlap). */
export function segments(text: string, claims: CheckedClaim[]): ({ kind: 'text'; text: string } | { kind: 'claim'; index: number; text: string })[] {
  const order = claims.map((c, index) => ({ c, index })).sort((a, b) => a.c.start - b.c.start);
  const out: ({ kind: 'text'; text: string } | { kind: 'claim'; index: number; text: string })[] = [];
  let at = 0;
  for (const { c, index } of order) {
    if (c.start < at || c.end > text.length) continue;
    if (c.start > at) out.push({ kind: 'text', text: text.slice(at, c.start) });
    out.push({ kind: 'claim', index, text: text.slice(c.start, c.end) });
    at = c.end;
  }
  if (at < text.length) out.push({ kind: 'text', text: text.slice(at) });
  return out;
}
