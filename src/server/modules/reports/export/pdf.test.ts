import { existsSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SummaryDocument } from '../../../../shared/reports';
import { AppError } from '../../../errors';
import { resolvePdfFonts, summaryToPdf, type PdfFonts } from './pdf';

// CI installs fonts-noto-cjk; without a CJK font these tests fail (on purpose) with the hint below.
let fonts: PdfFonts;
beforeAll(() => {
  try {
    fonts = resolvePdfFonts();
  } catch (e) {
    throw new Error(`PDF tests need a CJK font: apt-get install fonts-noto-cjk, or set LIZHOU_PDF_FONT. (${(e as Error).message})`);
  }
});

/** 81 ideographs and a full stop: exactly three lines (26 after the indent, then 28 and 28). */
const IDEOGRAPHS = '党建引领基层治理组织振兴人才兴县干部队伍建设全面从严治党强化政治监督推进乡村振兴深化改革';
const paragraph = (i: number) => {
  let s = '';
  for (let k = 0; s.length < 81; k++) s += IDEOGRAPHS[(i * 7 + k) % IDEOGRAPHS.length];
  return `${s}。`;
};

// 3 rows (title, subtitle, blank) + 10 × 3 + 1 heading + 10 × 3 = 64 rows: pages of 22, 22, 20.
const LONG: SummaryDocument = {
  title: '凝心聚力担使命 砥砺前行续华章',
  subtitle: '——2022年全市组织工作综述',
  sections: [
    { heading: '', paragraphs: Array.from({ length: 10 }, (_, i) => paragraph(i)) },
    { heading: '夯实基层基础', paragraphs: Array.from({ length: 10 }, (_, i) => paragraph(i + 10)) },
  ],
};

interface TextLine {
  x: number;
  y: number;
  font: string;
  size: number;
  glyphs: number;
}

/** The text lines of each page, read from pdfkit's content streams (one Tm … TJ per line). */
function pageLines(pdf: Buffer): TextLine[][] {
  const s = pdf.toString('latin1');
  return [...s.matchAll(/\/Type \/Page\b(?!s)[^]*?\/Contents (\d+) 0 R/g)].map((m) => {
    const obj = s.indexOf(`\n${m[1]} 0 obj`);
    const start = s.indexOf('stream\n', obj) + 'stream\n'.length;
    const content = inflateSync(pdf.subarray(start, s.indexOf('\nendstream', start))).toString('latin1');
    return [...content.matchAll(/1 0 0 1 ([\d.]+) ([\d.]+) Tm\n\/(F\d+) ([\d.]+) Tf\n(?:[-\d.]+ Tc\n)?\[<([0-9a-f]*)>/g)].map((l) => ({
      x: Number(l[1]),
      y: Number(l[2]),
      font: l[3],
      size: Number(l[4]),
      glyphs: l[5].length / 4,
    }));
  });
}

const mm = (v: number) => (v * 72) / 25.4;

describe('summaryToPdf', () => {
  it('lays a long summary out on A4 pages of 22 lines of 28 characters, numbered "— N —"', async () => {
    const pdf = await summaryToPdf(LONG);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const s = pdf.toString('latin1');
    expect(s.match(/\/Type \/Page\b(?!s)/g)).toHaveLength(3);
    expect(/\/MediaBox \[0 0 595\.2755\d* 841\.8897\d*\]/.test(s), 'A4 media box').toBe(true);

    const pages = pageLines(pdf);
    expect(pages).toHaveLength(3);
    const top = 841.89 - mm(37);
    const cell = mm(156) / 28;
    // Baselines sit on the 28.95 pt grid from the top margin, the em box centred in its line.
    const rowOf = (l: TextLine) => (top - l.y - ((28.95 - l.size) / 2 + 0.88 * l.size)) / 28.95;
    const rows = pages.map((lines) => new Map(lines.slice(0, -1).map((l) => [Math.round(rowOf(l)), l])));
    pages.forEach((lines, i) => {
      for (const l of lines.slice(0, -1)) {
        expect(Math.abs(rowOf(l) - Math.round(rowOf(l)))).toBeLessThan(0.01);
        expect(Math.round(rowOf(l))).toBeLessThan(22);
      }
      // "— N —" (dash, space, digit, space, dash) in 14 pt, its dash 7 mm below the text block;
      // one character in from the right edge on odd pages, from the left on even ones.
      const number = lines.at(-1)!;
      expect(number.size).toBe(14);
      expect(number.glyphs).toBe(5);
      expect(841.89 - number.y - 0.38 * 14).toBeCloseTo(841.89 - mm(35) + mm(7), 1);
      if (i % 2 === 0) expect(number.x).toBeGreaterThan(mm(105));
      else expect(number.x).toBeCloseTo(mm(28) + 14, 1);
    });
    expect([...rows[0].keys()]).toEqual([0, 1, ...Array.from({ length: 19 }, (_, r) => r + 3)]);
    expect([...rows[1].keys()]).toEqual(Array.from({ length: 22 }, (_, r) => r));
    expect([...rows[2].keys()]).toEqual(Array.from({ length: 20 }, (_, r) => r));
    expect(rows[0].get(0)).toMatchObject({ size: 22, glyphs: 15 });
    expect(rows[0].get(1)).toMatchObject({ size: 16, glyphs: 14 });
    // The heading opens row 11 of page 2: 一、 plus 6 characters, indented two cells.
    const heading = rows[1].get(11)!;
    expect(heading.glyphs).toBe(8);
    expect(heading.x).toBeCloseTo(mm(28) + 2 * cell, 1);
    if (fonts.heading.path !== fonts.body.path) expect(heading.font).not.toBe(rows[1].get(0)!.font);
    // Every body line is full: 26 characters after the two-character indent, then 28.
    const body = rows.flatMap((r, p) => [...r].filter(([row]) => !(p === 0 && row < 3) && !(p === 1 && row === 11)).map(([, l]) => l));
    expect(body).toHaveLength(60);
    for (const l of body) {
      if (l.x > mm(28) + 1) {
        expect(l.x).toBeCloseTo(mm(28) + 2 * cell, 1);
        expect(l.glyphs).toBe(26);
      } else expect(l.glyphs).toBe(28);
    }
  });

  it('keeps closing punctuation off line starts, opening quotes off line ends, and numbers whole (避头尾)', async () => {
    const run = (n: number) => IDEOGRAPHS.slice(0, n);
    const pdf = await summaryToPdf({
      title: '标题',
      subtitle: '',
      sections: [
        {
          heading: '',
          // Each first line has 26 cells after the indent: a plain greedy break would put "，" at
          // the start of line 2, "“" at the end of line 1, and split "2022" after its first digits.
          paragraphs: [`${run(26)}，${run(10)}`, `${run(25)}“${run(3)}”${run(6)}`, `${run(25)}2022年${run(6)}`],
        },
      ],
    });
    const [lines] = pageLines(pdf);
    const firstLines = lines.filter((l) => l.size === 16 && l.x > mm(28) + 1).map((l) => l.glyphs);
    expect(firstLines).toEqual([25, 25, 25]);
    const rest = lines.filter((l) => l.size === 16 && l.x < mm(28) + 1).map((l) => l.glyphs);
    expect(rest).toEqual([12, 11, 11]);
  });

  it('embeds the CJK font (subset) and records the title', async () => {
    const pdf = await summaryToPdf({ title: '年度综述', subtitle: '', sections: [{ heading: '', paragraphs: ['全年发展党员200名。'] }] });
    const s = pdf.toString('latin1');
    // (Booleans rather than toMatch: a failing match would print the whole binary PDF.)
    expect(/\/FontFile[23]? \d+ 0 R/.test(s), 'font file embedded').toBe(true);
    const face = (fonts.body.name ?? '').replace(/[^\w-]/g, '');
    expect(new RegExp(`/BaseFont /[A-Z]{6}\\+${face}`).test(s), `subset of ${face} embedded`).toBe(true);
    // Info strings are UTF-16BE with a byte-order mark.
    expect(pdf.includes(Buffer.from('\ufeff年度综述', 'utf16le').swap16()), 'title in document info').toBe(true);
    expect(s.match(/\/Type \/Page\b(?!s)/g)).toHaveLength(1);
  });
});

describe('resolvePdfFonts', () => {
  it('refuses with report.pdf_font_missing when no CJK font is installed', () => {
    const none = { body: [{ path: '/nonexistent/NotoSerifCJK-Regular.ttc', name: 'NotoSerifCJKsc-Regular' }], title: [], heading: [] };
    let err: unknown;
    try {
      resolvePdfFonts({ LIZHOU_PDF_FONT: '/nonexistent/font.ttf' }, none);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('report.pdf_font_missing');
    expect((err as AppError).status).toBe(503);
    expect((err as AppError).message).toBe('未找到中文字体，无法生成PDF；请安装 fonts-noto-cjk 或设置 LIZHOU_PDF_FONT');
    expect((err as AppError).details).toEqual({ tried: ['/nonexistent/font.ttf', '/nonexistent/NotoSerifCJK-Regular.ttc'] });
  });

  it('prefers LIZHOU_PDF_FONT for every role, and says so when its collection face name is wrong', () => {
    const f = fonts.body;
    expect(resolvePdfFonts({ LIZHOU_PDF_FONT: f.path, LIZHOU_PDF_FONT_NAME: f.name })).toEqual({ body: f, title: f, heading: f });
    if (/\.tt[cf]$|\.otc$/i.test(f.path) && f.name && existsSync(f.path)) {
      expect(() => resolvePdfFonts({ LIZHOU_PDF_FONT: f.path, LIZHOU_PDF_FONT_NAME: 'NoSuchFace-Regular' })).toThrow(/LIZHOU_PDF_FONT_NAME/);
    }
  });
});
