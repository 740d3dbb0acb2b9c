/**
 * Generating a summary from a template for a unit and year, and the plain-text form drafts are
 * edited in: title line, subtitle line ("——…"), then paragraphs separated by blank lines, with a
 * section heading as its own line numbered 一、二、… (the genre's first-level heading).
 */
import { toChineseNumeral } from '../../../shared/cn-figures';
import type { GeneratedSummary, ReportDept, Segment, SlotProblem, SummaryDocument, TemplateDefinition } from '../../../shared/reports';
import { resolveSlot, type ResolveContext } from './resolve';
import { parseParagraph } from './slots';

const fill = (s: string, year: number) => s.replaceAll('{year}', String(year));

export async function generateSummary(ctx: ResolveContext, dept: ReportDept, def: TemplateDefinition): Promise<GeneratedSummary> {
  const problems: SlotProblem[] = [];
  let figureCount = 0;
  // Slots resolve concurrently; reads are shared through the context's cache.
  const sections = await Promise.all(
    def.sections.map(async (sec, si) => ({
      name: sec.name,
      heading: fill(sec.heading ?? '', ctx.year),
      paragraphs: await Promise.all(
        sec.paragraphs.map(async (para, pi) => {
          const parts = parseParagraph(fill(para, ctx.year));
          const segments: Segment[] = [];
          for (const part of parts) {
            if ('text' in part) segments.push({ text: part.text });
            else if ('bad' in part) {
              problems.push({ section: si + 1, paragraph: pi + 1, slot: part.bad.raw, code: 'slot.syntax', message: part.bad.message });
              segments.push({ text: '【？】', problem: part.bad.message });
            } else {
              const r = await resolveSlot(ctx, part.slot);
              if ('problem' in r) {
                problems.push({ section: si + 1, paragraph: pi + 1, slot: part.slot.raw, ...r.problem });
                segments.push({ text: '【？】', problem: r.problem.message });
              } else {
                figureCount++;
                segments.push({ text: r.text, figure: r.figure });
              }
            }
          }
          return segments;
        }),
      ),
    })),
  );
  problems.sort((a, b) => a.section - b.section || a.paragraph - b.paragraph);
  const subtitle = fill(def.subtitle ?? '', ctx.year);
  return {
    dept,
    year: ctx.year,
    unit: { id: ctx.unit.id, name: ctx.unit.name },
    title: fill(def.title, ctx.year),
    // The genre's subtitle starts with a double dash, which is also how the text form recognizes it.
    subtitle: subtitle && !subtitle.startsWith('——') ? `——${subtitle.replace(/^[—－-]+/, '')}` : subtitle,
    sections,
    problems,
    figureCount,
  };
}

/** The generated summary as a document: segments joined into paragraphs. */
export function documentOf(g: GeneratedSummary): SummaryDocument {
  return {
    title: g.title,
    subtitle: g.subtitle,
    sections: g.sections.map((s) => ({ heading: s.heading, paragraphs: s.paragraphs.map((p) => p.map((seg) => seg.text).join('')) })),
  };
}

const HEADING = /^([一二三四五六七八九十]+)、(.*)$/;

/** The editable text of a document. */
export function documentText(d: SummaryDocument): string {
  const lines: string[] = [d.title];
  if (d.subtitle) lines.push(d.subtitle);
  let n = 0;
  for (const s of d.sections) {
    if (s.heading) lines.push('', `${toChineseNumeral(++n)}、${s.heading}`);
    for (const p of s.paragraphs) lines.push('', p);
  }
  return lines.join('\n') + '\n';
}

/** Reads an edited text back: the first line is the title, a "——" line right after it the subtitle. */
export function parseDocumentText(text: string): SummaryDocument {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const title = lines.shift() ?? '';
  const subtitle = lines[0]?.startsWith('——') ? lines.shift()! : '';
  const sections: SummaryDocument['sections'] = [];
  let current: SummaryDocument['sections'][number] | null = null;
  for (const line of lines) {
    const m = HEADING.exec(line);
    // A numbered line as long as a heading may be (60 characters) is a heading; a longer one is a
    // paragraph that starts with a number.
    if (m && m[2].length <= 60 && !/[。；]$/.test(line)) {
      current = { heading: m[2], paragraphs: [] };
      sections.push(current);
    } else {
      if (!current) {
        current = { heading: '', paragraphs: [] };
        sections.push(current);
      }
      current.paragraphs.push(line);
    }
  }
  return { title, subtitle, sections };
}
