/**
 * Year-end summary (年度综述) → A4 PDF with the GB/T 9704-2012 layout of the .docx export (./docx.ts
 * has the numbers and why): 37/35/28/26 mm margins, 22 lines of 28 characters at a fixed 28.95 pt
 * pitch, title 22 pt, body 16 pt, "— N —" page numbers 7 mm below the text block, odd pages right and
 * even pages left. For people who want to read or print, not edit.
 *
 * Lines are broken and justified here rather than by pdfkit: pdfkit finds CJK break points (UAX #14)
 * but justifies only by stretching spaces, which Chinese text has none of, so its right edge is
 * ragged. Here every character sits on the 28-per-line grid, closing punctuation (，。、”）…) stays
 * with the character before it and opening punctuation (“（《) with the one after, so neither starts
 * or ends a line (避头尾), and a number or Latin word is never split.
 *
 * PDF needs a real CJK font file, looked up in order: LIZHOU_PDF_FONT (with LIZHOU_PDF_FONT_NAME, the
 * PostScript name, for a .ttc), Debian's fonts-noto-cjk, the usual Windows and macOS fonts. Where a
 * family has a serif, a bold serif and a sans, they stand in for 仿宋 (body), 小标宋 (title) and 黑体
 * (headings); otherwise the body font does everything.
 */
import { existsSync, readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { AppError } from '../../../errors';
import type { SummaryDocument } from '../../../../shared/reports';
import {
  CHARS_PER_LINE,
  LINE_PITCH_PT,
  LINES_PER_PAGE,
  MARGIN_MM,
  PAGE_MM,
  PAGE_NUMBER_GAP_MM,
  SIZE_PT,
  summaryBlocks,
  type SummaryBlock,
} from './docx';

export interface FontFile {
  path: string;
  /** PostScript name of the face inside a .ttc/.otc collection. */
  name?: string;
}

export interface PdfFonts {
  body: FontFile;
  title: FontFile;
  heading: FontFile;
}

const NOTO_DIRS = ['/usr/share/fonts/opentype/noto', '/usr/share/fonts/google-noto-cjk', '/usr/share/fonts/noto-cjk'];
const noto = (file: string, name: string): FontFile[] => NOTO_DIRS.map((dir) => ({ path: `${dir}/${file}`, name }));
const WIN = 'C:\\Windows\\Fonts';

/** Per role, first existing file wins; title and heading fall back to the body font. */
export const FONT_CANDIDATES: Record<keyof PdfFonts, FontFile[]> = {
  body: [
    ...noto('NotoSerifCJK-Regular.ttc', 'NotoSerifCJKsc-Regular'),
    ...noto('NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'),
    { path: `${WIN}\\simfang.ttf` },
    { path: `${WIN}\\simsun.ttc`, name: 'SimSun' },
    { path: '/System/Library/Fonts/Supplemental/Songti.ttc', name: 'STSongti-SC-Regular' },
    { path: '/Library/Fonts/Arial Unicode.ttf' },
  ],
  title: [
    ...noto('NotoSerifCJK-Bold.ttc', 'NotoSerifCJKsc-Bold'),
    { path: `${WIN}\\STZHONGS.TTF` },
    { path: '/System/Library/Fonts/Supplemental/Songti.ttc', name: 'STSongti-SC-Bold' },
  ],
  heading: [
    ...noto('NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'),
    { path: `${WIN}\\simhei.ttf` },
    { path: '/System/Library/Fonts/STHeiti Medium.ttc', name: 'STHeitiSC-Medium' },
  ],
};

const fontMissing = (tried: string[]) =>
  new AppError(503, 'report.pdf_font_missing', '未找到中文字体，无法生成PDF；请安装 fonts-noto-cjk 或设置 LIZHOU_PDF_FONT', { tried });

/** Font bytes, read once per process: the Noto collections are ~25 MB each. */
const fontBytes = new Map<string, Buffer>();
const usable = new Map<string, boolean>();

function bytesOf(f: FontFile): Buffer {
  let b = fontBytes.get(f.path);
  if (!b) fontBytes.set(f.path, (b = readFileSync(f.path)));
  return b;
}

/** Whether pdfkit can open the face (a wrong PostScript name in a collection is caught here, not mid-document). */
function canOpen(f: FontFile): boolean {
  const key = `${f.path}#${f.name ?? ''}`;
  let ok = usable.get(key);
  if (ok === undefined) {
    try {
      // widthOfString lays text out, which fails on a collection opened without a face name.
      ok = new PDFDocument().font(bytesOf(f), f.name ?? '').widthOfString('中') > 0;
    } catch {
      ok = false;
    }
    usable.set(key, ok);
  }
  return ok;
}

export function resolvePdfFonts(env: NodeJS.ProcessEnv = process.env, candidates = FONT_CANDIDATES): PdfFonts {
  const tried: string[] = [];
  const configured = env.LIZHOU_PDF_FONT?.trim();
  if (configured) {
    tried.push(configured);
    if (existsSync(configured)) {
      const f: FontFile = { path: configured, name: env.LIZHOU_PDF_FONT_NAME?.trim() || undefined };
      // A file that is there but unusable is a configuration mistake: say so rather than fall back.
      if (!canOpen(f)) {
        throw new AppError(503, 'report.pdf_font_missing', `无法加载 LIZHOU_PDF_FONT 指定的字体 ${configured}；.ttc 字体集需同时设置 LIZHOU_PDF_FONT_NAME`, { tried });
      }
      return { body: f, title: f, heading: f };
    }
  }
  const find = (list: FontFile[]) =>
    list.find((f) => {
      tried.push(f.path);
      return existsSync(f.path) && canOpen(f);
    });
  const body = find(candidates.body);
  if (!body) throw fontMissing([...new Set(tried)]);
  return { body, title: find(candidates.title) ?? body, heading: find(candidates.heading) ?? body };
}

const mmToPt = (mm: number) => (mm * 72) / 25.4;
const PAGE = { width: mmToPt(PAGE_MM.width), height: mmToPt(PAGE_MM.height) };
const BLOCK = {
  left: mmToPt(MARGIN_MM.left),
  top: mmToPt(MARGIN_MM.top),
  width: mmToPt(PAGE_MM.width - MARGIN_MM.left - MARGIN_MM.right),
  bottom: PAGE.height - mmToPt(MARGIN_MM.bottom),
};
/** The grid's character cell: 156 mm / 28, a little narrower than a 16 pt character (as Word's grid). */
const CELL = BLOCK.width / CHARS_PER_LINE;
/** Ideographic em box: the baseline sits 0.12 em above its bottom. */
const EM_DESCENT = 0.12;

const OPEN = '（(《〈「『“‘【〔［';
const CLOSE = '，。、；：？！）)》〉」』”’】〕］,.;:?!%‰·';
/** One unbreakable unit: opening marks, then a Latin/number run, a dash or ellipsis run, or one character, then closing marks. */
const UNIT = new RegExp(`[${OPEN}]*(?:[A-Za-z0-9.,:%‰+\\-/_@#&]+|—+|…+|\\s+|[^])[${CLOSE}]*`, 'gu');

type Role = 'body' | 'title' | 'heading';
interface Style {
  role: Role;
  size: number;
  align: 'center' | 'justify';
  indentCells: number;
}
const STYLE: Record<SummaryBlock['kind'], Style> = {
  title: { role: 'title', size: SIZE_PT.title, align: 'center', indentCells: 0 },
  subtitle: { role: 'body', size: SIZE_PT.body, align: 'center', indentCells: 0 },
  blank: { role: 'body', size: SIZE_PT.body, align: 'justify', indentCells: 0 },
  heading: { role: 'heading', size: SIZE_PT.body, align: 'justify', indentCells: 2 },
  body: { role: 'body', size: SIZE_PT.body, align: 'justify', indentCells: 2 },
  note: { role: 'body', size: SIZE_PT.body, align: 'justify', indentCells: 2 },
};

const chars = (s: string) => [...s].length;

/**
 * Greedy lines of whole units. A unit fits while it stays inside the block at the grid's pitch, i.e.
 * its natural width plus `adjust` (negative: the squeeze to CELL) per character; a unit wider than a
 * line is split.
 */
function breakLines(doc: PDFKit.PDFDocument, text: string, firstIndent: number, adjust: number): string[] {
  // Widths add up unit by unit (CJK faces do not kern): measuring each growing line is quadratic.
  const widths = new Map<string, number>();
  const width = (u: string) => {
    let w = widths.get(u);
    if (w === undefined) widths.set(u, (w = doc.widthOfString(u) + chars(u) * adjust));
    return w;
  };
  const lines: string[] = [];
  let line = '';
  let used = 0;
  const units = (text.match(UNIT) ?? []).flatMap((u) => (width(u) > BLOCK.width - firstIndent ? [...u] : [u]));
  for (const unit of units) {
    const room = BLOCK.width - (lines.length ? 0 : firstIndent) + 0.01;
    if (!line || used + width(unit) <= room) {
      line += unit;
      used += width(unit);
    } else {
      lines.push(line.trimEnd());
      line = unit.trimStart();
      used = line ? width(line) : 0;
    }
  }
  if (line.trim() || !lines.length) lines.push(line.trimEnd());
  return lines;
}

class Pager {
  page = 0;
  row = LINES_PER_PAGE;
  constructor(private readonly doc: PDFKit.PDFDocument) {}

  /** Top of the next grid line, starting a page when this one is full. */
  next(): number {
    if (this.row >= LINES_PER_PAGE) {
      if (this.page++) this.doc.addPage();
      this.row = 0;
    }
    return BLOCK.top + LINE_PITCH_PT * this.row++;
  }
}

/** Fonts are registered under their role's name. */
function drawBlock(doc: PDFKit.PDFDocument, pager: Pager, block: SummaryBlock): void {
  const style = STYLE[block.kind];
  doc.font(style.role).fontSize(style.size);
  const indent = style.indentCells * CELL;
  // The grid squeezes 三号 text to 28 a line; the title's 二号 keeps its natural pitch.
  const adjust = style.size === SIZE_PT.body ? CELL - SIZE_PT.body : 0;
  // A heading never ends a page (Word's keepNext).
  if (block.kind === 'heading' && pager.row === LINES_PER_PAGE - 1) pager.row = LINES_PER_PAGE;
  const lines = breakLines(doc, block.text, indent, adjust);
  lines.forEach((line, i) => {
    const top = pager.next();
    if (!line) return;
    // Centre the em box in the 28.95 pt line, as Word does with exact spacing.
    const baseline = top + (LINE_PITCH_PT - style.size) / 2 + style.size * (1 - EM_DESCENT);
    const natural = doc.widthOfString(line);
    const n = chars(line);
    let x = BLOCK.left + (i === 0 ? indent : 0);
    let spacing = adjust;
    if (style.align === 'center') x = BLOCK.left + (BLOCK.width - (natural + (n - 1) * spacing)) / 2;
    // Justify every line but a paragraph's last: spread the gap evenly over the character gaps.
    else if (i < lines.length - 1 && n > 1) spacing = (BLOCK.left + BLOCK.width - x - natural) / (n - 1);
    doc.text(line, x, baseline, { lineBreak: false, baseline: 'alphabetic', characterSpacing: spacing });
  });
}

/** "— N —", one character in from the outer edge of the block: right on odd pages, left on even. */
function drawPageNumbers(doc: PDFKit.PDFDocument): void {
  const { start, count } = doc.bufferedPageRange();
  const size = SIZE_PT.pageNumber;
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    doc.font('body').fontSize(size);
    const label = `— ${i + 1} —`;
    const width = doc.widthOfString(label);
    const x = (i + 1) % 2 ? BLOCK.left + BLOCK.width - size - width : BLOCK.left + size;
    // The 一字线 sits mid-em: put that 7 mm below the block.
    const baseline = BLOCK.bottom + mmToPt(PAGE_NUMBER_GAP_MM) + size * (0.5 - EM_DESCENT);
    doc.text(label, x, baseline, { lineBreak: false, baseline: 'alphabetic' });
  }
}

export const PDF_MIME = 'application/pdf';

export async function summaryToPdf(doc: SummaryDocument): Promise<Buffer> {
  const files = resolvePdfFonts();
  const pdf = new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: doc.title, Subject: doc.subtitle.replace(/^[—－-]+/, ''), Creator: '丽州', Producer: '丽州' },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  for (const role of ['body', 'title', 'heading'] as const) pdf.registerFont(role, bytesOf(files[role]), files[role].name);
  const pager = new Pager(pdf);
  for (const block of summaryBlocks(doc)) drawBlock(pdf, pager, block);
  drawPageNumbers(pdf);
  pdf.end();
  return done;
}
