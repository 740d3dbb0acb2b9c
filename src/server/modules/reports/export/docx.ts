/**
 * Year-end summary (年度综述) → Word .docx laid out as a Party/government document per GB/T 9704-2012
 * 《党政机关公文格式》, so a department can print it or paste it into its own 红头 template unchanged.
 *
 * Layout (the standard's numbers; PDF export in ./pdf.ts reuses the exported constants):
 * - A4; 天头 37 mm, 下白边 35 mm, 订口 (left — the standard puts the binding edge on the left, so margins
 *   are not mirrored) 28 mm, 右白边 26 mm: a 156 × 225 mm text block.
 * - §5.2.2: 22 lines of 28 characters a page. The text block is 12756 twips high, so the line pitch is
 *   fixed at 579 twips (28.95 pt): 22 × 579 = 12738 fits, 580 would leave room for only 21 lines.
 *   (The issue asked for "28–29 lines a page"; the standard says 22, and we follow the standard.)
 *   28 × 三号 (16 pt) characters are 158 mm, wider than 156 mm, so body and heading runs are
 *   condensed by 0.25 pt (15.75 pt a character); the section's line grid keeps the 22 lines.
 * - Title 方正小标宋简体 二号 (22 pt) centred; subtitle 楷体_GB2312 三号 centred; a blank line; body
 *   仿宋_GB2312 三号 justified with a 2-character first-line indent; first-level headings 黑体 三号
 *   numbered 一、二、…; 附注 (`footerNote`) in parentheses below the body, indented two characters.
 * - Page numbers (§7.5): 4号 半角宋体 Arabic digits between 一字线, "— 1 —", about 7 mm below the text
 *   block; odd pages right-aligned and even pages left-aligned, each one character in from the edge.
 *
 * Fonts: runs name the GB fonts exactly (eastAsia) with Times New Roman for digits and Latin (ascii,
 * hAnsi). Machines without the GB fonts fall back, and the font table says to what: each entry gets a
 * w:altName plus GB2312 charset and family, from which Word picks the nearest installed face.
 *   仿宋_GB2312  → 仿宋 (FangSong)                      → Noto Serif CJK SC
 *   方正小标宋简体 → 华文中宋, then 宋体 (SimSun) by family → Noto Serif CJK SC
 *   楷体_GB2312  → 楷体 (KaiTi)                         → Noto Serif CJK SC
 *   黑体         → SimHei (its English name)             → Noto Sans CJK SC
 *   宋体         → SimSun                                → Noto Serif CJK SC
 * altName holds one name only; the Noto step is what LibreOffice/fontconfig on Linux substitutes.
 * The docx library writes an empty font table and has no altName option for fonts it does not embed,
 * so the table is rewritten after packing.
 */
import {
  AlignmentType,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
  type IParagraphStyleOptions,
} from 'docx';
import JSZip from 'jszip';
import type { SummaryDocument } from '../../../../shared/reports';

const mmToTwips = (mm: number) => Math.round((mm * 1440) / 25.4);

export const PAGE_MM = { width: 210, height: 297 } as const;
export const MARGIN_MM = { top: 37, bottom: 35, left: 28, right: 26 } as const;
export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;
/** Twips; see the header for why 579 and not the 579.8 that 12756 / 22 gives. */
export const LINE_PITCH_TWIPS = 579;
export const LINE_PITCH_PT = LINE_PITCH_TWIPS / 20;
export const SIZE_PT = { title: 22, body: 16, pageNumber: 14 } as const;
/** The page number's 一字线 sits this far below the text block (§7.5). */
export const PAGE_NUMBER_GAP_MM = 7;

export const FONT = {
  body: '仿宋_GB2312',
  title: '方正小标宋简体',
  subtitle: '楷体_GB2312',
  heading: '黑体',
  pageNumber: '宋体',
  latin: 'Times New Roman',
} as const;

/** The font-table entries: altName is Word's first fallback, charset 86 (GB2312) and family the next. */
const FONT_TABLE: Array<{ name: string; altName?: string; family: 'auto' | 'roman' | 'modern'; pitch: 'variable' | 'fixed' }> = [
  { name: FONT.body, altName: '仿宋', family: 'modern', pitch: 'fixed' },
  { name: FONT.title, altName: '华文中宋', family: 'roman', pitch: 'variable' },
  { name: FONT.subtitle, altName: '楷体', family: 'modern', pitch: 'fixed' },
  { name: FONT.heading, altName: 'SimHei', family: 'modern', pitch: 'fixed' },
  { name: FONT.pageNumber, altName: 'SimSun', family: 'auto', pitch: 'variable' },
  { name: FONT.latin, family: 'roman', pitch: 'variable' },
];

const DIGITS = '零一二三四五六七八九';

/** 1 → 一, 12 → 十二, 23 → 二十三: first-level heading numbers. */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n];
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  return String(n);
}

/** Headings an author already numbered ("一、…") keep their text; the count runs on regardless. */
const NUMBERED = /^[一二三四五六七八九十]+、/;

/**
 * The printable lines of a summary in order, shared by both exporters so they agree on numbering and
 * on what counts as a paragraph (a line break inside an edited paragraph starts a new one).
 */
export interface SummaryBlock {
  kind: 'title' | 'subtitle' | 'blank' | 'heading' | 'body' | 'note';
  text: string;
}

export function summaryBlocks(doc: SummaryDocument, footerNote?: string): SummaryBlock[] {
  const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const blocks: SummaryBlock[] = lines(doc.title).map((text) => ({ kind: 'title' as const, text }));
  for (const text of lines(doc.subtitle)) blocks.push({ kind: 'subtitle', text });
  blocks.push({ kind: 'blank', text: '' });
  let n = 0;
  for (const section of doc.sections) {
    const heading = section.heading.trim();
    if (heading) {
      const number = chineseNumber(++n);
      blocks.push({ kind: 'heading', text: NUMBERED.test(heading) ? heading : `${number}、${heading}` });
    }
    for (const p of section.paragraphs) for (const text of lines(p)) blocks.push({ kind: 'body', text });
  }
  const note = footerNote?.trim();
  if (note) blocks.push({ kind: 'note', text: /^（.*）$/.test(note) ? note : `（${note}）` });
  return blocks;
}

/** hint=eastAsia: shared-range characters (“”、—、…) take the Chinese face, as in Word's own zh-CN files. */
const fonts = (eastAsia: string, latin: string = FONT.latin) => ({ eastAsia, ascii: latin, hAnsi: latin, cs: latin, hint: 'eastAsia' });
const exact = { line: LINE_PITCH_TWIPS, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
const twoChars = { firstLineChars: 200, firstLine: 2 * SIZE_PT.body * 20 };

/**
 * 28 characters across the text block: each 三号 character is condensed by the difference between
 * its 16 pt and the pitch 156 mm / 28 allows, in twentieths of a point, rounded away from zero so
 * the 28th character never wraps (−5: 15.75 pt). Condensed spacing rather than a character grid
 * (linesAndChars): Word and LibreOffice lay it out alike, where LibreOffice spreads a grid's
 * characters far apart.
 */
const CONDENSE_TWENTIETHS = (() => {
  const textWidthPt = (mmToTwips(PAGE_MM.width) - mmToTwips(MARGIN_MM.left) - mmToTwips(MARGIN_MM.right)) / 20;
  return Math.floor((textWidthPt / CHARS_PER_LINE - SIZE_PT.body) * 20);
})();

const STYLES: IParagraphStyleOptions[] = [
  {
    id: 'GwTitle',
    name: '公文标题',
    basedOn: 'Normal',
    next: 'GwSubtitle',
    quickFormat: true,
    paragraph: { alignment: AlignmentType.CENTER, spacing: exact },
    run: { font: fonts(FONT.title), size: SIZE_PT.title * 2 },
  },
  {
    id: 'GwSubtitle',
    name: '公文副标题',
    basedOn: 'Normal',
    next: 'GwBody',
    quickFormat: true,
    paragraph: { alignment: AlignmentType.CENTER, spacing: exact },
    run: { font: fonts(FONT.subtitle), size: SIZE_PT.body * 2 },
  },
  {
    id: 'GwHeading1',
    name: '公文一级标题',
    basedOn: 'Normal',
    next: 'GwBody',
    quickFormat: true,
    paragraph: { alignment: AlignmentType.JUSTIFIED, spacing: exact, indent: twoChars, outlineLevel: 0, keepNext: true },
    run: { font: fonts(FONT.heading), size: SIZE_PT.body * 2, characterSpacing: CONDENSE_TWENTIETHS },
  },
  {
    id: 'GwBody',
    name: '公文正文',
    basedOn: 'Normal',
    next: 'GwBody',
    quickFormat: true,
    paragraph: { alignment: AlignmentType.JUSTIFIED, spacing: exact, indent: twoChars },
    run: { font: fonts(FONT.body), size: SIZE_PT.body * 2, characterSpacing: CONDENSE_TWENTIETHS },
  },
  {
    id: 'GwPageNumber',
    name: '公文页码',
    basedOn: 'Normal',
    // Exact 20 pt so the footer distance below puts the 一字线 where §7.5 wants it.
    paragraph: { spacing: { line: 400, lineRule: LineRuleType.EXACT, before: 0, after: 0 } },
    // 半角宋体 digits too, not Times New Roman.
    run: { font: fonts(FONT.pageNumber, FONT.pageNumber), size: SIZE_PT.pageNumber * 2 },
  },
];

const STYLE_OF: Record<SummaryBlock['kind'], string> = {
  title: 'GwTitle',
  subtitle: 'GwSubtitle',
  blank: 'GwBody',
  heading: 'GwHeading1',
  body: 'GwBody',
  note: 'GwBody',
};

/** "— 1 —", one character in from the outer edge: right on odd pages, left on even ones. */
function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const inset = SIZE_PT.pageNumber * 20;
  return new Footer({
    children: [
      new Paragraph({
        style: 'GwPageNumber',
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: inset } : { left: inset },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'] })],
      }),
    ],
  });
}


/** Footer distance putting the 一字线 (mid-way up the 20 pt footer line) 7 mm below the text block. */
function footerDistanceTwips(): number {
  return mmToTwips(MARGIN_MM.bottom - PAGE_NUMBER_GAP_MM) - 200;
}

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Fills the empty w:fonts the library writes with the GB fonts and their fallbacks. */
async function writeFontTable(buf: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(buf);
  const part = zip.file('word/fontTable.xml');
  if (!part) return buf;
  const xml = await part.async('string');
  const entries = FONT_TABLE.map(
    (f) =>
      `<w:font w:name="${xmlEscape(f.name)}">` +
      (f.altName ? `<w:altName w:val="${xmlEscape(f.altName)}"/>` : '') +
      `<w:charset w:val="${f.name === FONT.latin ? '00' : '86'}"/>` +
      `<w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/></w:font>`,
  ).join('');
  const filled = xml.includes('</w:fonts>')
    ? xml.replace('</w:fonts>', `${entries}</w:fonts>`)
    : xml.replace(/<w:fonts([^>]*)\/>/, `<w:fonts$1>${entries}</w:fonts>`);
  zip.file('word/fontTable.xml', filled);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', mimeType: DOCX_MIME });
}

export async function summaryToDocx(doc: SummaryDocument, opts: { footerNote?: string } = {}): Promise<Buffer> {
  const children = summaryBlocks(doc, opts.footerNote).map(
    (b) => new Paragraph({ style: STYLE_OF[b.kind], children: b.text ? [new TextRun(b.text)] : [] }),
  );
  const document = new Document({
    title: doc.title,
    subject: doc.subtitle.replace(/^[—－-]+/, ''),
    creator: '丽州',
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: fonts(FONT.body), size: SIZE_PT.body * 2, language: { value: 'en-US', eastAsia: 'zh-CN' } },
          paragraph: { spacing: exact },
        },
      },
      paragraphStyles: STYLES,
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: mmToTwips(PAGE_MM.width), height: mmToTwips(PAGE_MM.height) },
            margin: {
              top: mmToTwips(MARGIN_MM.top),
              bottom: mmToTwips(MARGIN_MM.bottom),
              left: mmToTwips(MARGIN_MM.left),
              right: mmToTwips(MARGIN_MM.right),
              header: mmToTwips(15),
              footer: footerDistanceTwips(),
            },
          },
          grid: { type: DocumentGridType.LINES, linePitch: LINE_PITCH_TWIPS },
        },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children,
      },
    ],
  });
  return writeFontTable(await Packer.toBuffer(document));
}
