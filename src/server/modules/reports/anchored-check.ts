/**
 * Checking an edited draft against the figures it was generated with. The fact-check matches a
 * figure to an indicator by its words, and some figures a template writes have no indicator to
 * match (a count of project records, a publication's grade count, an incentive pool) or words
 * the matcher cannot tell apart. Where a claim the fact-check left unknown is still the figure a
 * slot wrote — the same text, right after the same words — the slot is resolved again with
 * today's records and decides: verified, or a mismatch carrying today's figure.
 */
import type { FactCheckReport } from './factcheck';
import type { GeneratedSummary } from '../../../shared/reports';
import { resolveSlot, type ResolveContext } from './resolve';
import { parseParagraph } from './slots';

/** Characters of the text before a figure that must still precede it in the edit. */
const ANCHOR = 6;

export async function checkAgainstGenerated(report: FactCheckReport, text: string, generated: GeneratedSummary, ctx: () => Promise<ResolveContext>): Promise<FactCheckReport> {
  const figures: { anchor: string; text: string; slot: string; label: string }[] = [];
  for (const s of generated.sections)
    for (const p of s.paragraphs) {
      let before = '';
      for (const seg of p) {
        if (seg.figure) figures.push({ anchor: before.slice(-ANCHOR), text: seg.text, slot: seg.figure.slot, label: seg.figure.source.label });
        before += seg.text;
      }
    }
  const unknown = report.claims.filter((c) => c.verdict === 'unknown');
  if (!unknown.length || !figures.length) return report;
  let rc: ResolveContext | null = null;
  const claims = [...report.claims];
  for (const c of unknown) {
    const f = figures.find((x) => x.text === c.text && x.anchor && text.slice(Math.max(0, c.start - x.anchor.length), c.start) === x.anchor);
    if (!f) continue;
    const part = parseParagraph(f.slot)[0];
    if (!part || !('slot' in part)) continue;
    rc ??= await ctx();
    const now = await resolveSlot(rc, part.slot);
    if ('problem' in now) continue;
    const ok = now.text === c.text;
    const i = claims.indexOf(c);
    claims[i] = {
      ...c,
      verdict: ok ? 'verified' : 'mismatch',
      actual: now.figure.value,
      expected: now.text,
      ...(ok ? {} : { suggestion: `应为${now.text}` }),
      reason: undefined,
      source: { code: f.slot, name: now.figure.source.label, unit: now.figure.unit, period: String(report.year), orgUnit: report.orgUnit.name },
    };
  }
  const counts = { verified: 0, mismatch: 0, unknown: 0 };
  for (const c of claims) counts[c.verdict]++;
  return { ...report, claims, counts };
}
