/**
 * Reads the plain text out of an uploaded .docx (an old summary to read figures from): paragraphs of
 * the main body joined by "\n", tabs and line breaks kept, deleted revisions and field codes dropped.
 *
 * Uploads are untrusted, so before anything is parsed: the buffer is capped at 10 MB and must start
 * with a zip local-file header; word/document.xml is refused if the zip says it is over 20 MB, and
 * is inflated as a stream and abandoned past 20 MB whatever the zip says (a few kB of deflated
 * zeros can expand to gigabytes, and the sizes in the headers are the bomb-maker's to write).
 */
import JSZip from 'jszip';
import { AppError, badRequest } from '../../../errors';
import { declaredSize, readCapped, ZIP_MAGIC, ZipTooLarge } from '../../../zip-guard';

export const MAX_DOCX_BYTES = 10 * 1024 * 1024;
export const MAX_DOCUMENT_XML_BYTES = 20 * 1024 * 1024;

const invalid = (message = '文件不是有效的 Word 文档（.docx）') => badRequest('report.docx_invalid', message);
const tooLarge = (message: string) => new AppError(413, 'report.docx_too_large', message);

const TOO_MUCH_XML = '文档内容过大（正文解压后超过20MB），请拆分后再上传';

/** Word 97–2003 (.doc) files are OLE compound files; worth a hint of their own. */
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (all, e: string) => {
    if (e[0] !== '#') return ENTITIES[e] ?? all;
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}

/**
 * w:t is text; w:tab, w:br and w:cr are whitespace; a paragraph ends at </w:p>. w:delText (deleted
 * revisions) and w:instrText (field codes) are other elements, so they are skipped by construction.
 * mc:Fallback repeats the mc:Choice content (text boxes), so it is dropped to avoid doubled text.
 */
export function documentXmlToText(xml: string): string {
  const body = xml.replace(/<mc:Fallback\b[\s\S]*?<\/mc:Fallback>/g, '');
  const lines: string[] = [];
  let line = '';
  const token = /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:(tab|br|cr|noBreakHyphen)\b[^>]*\/>|<\/w:p>/g;
  for (let m = token.exec(body); m; m = token.exec(body)) {
    if (m[1] !== undefined) line += decodeXml(m[1]);
    else if (m[2] === 'tab') line += '\t';
    else if (m[2] === 'noBreakHyphen') line += '-';
    else if (m[2]) line += '\n';
    else {
      lines.push(line);
      line = '';
    }
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

export async function docxToText(buf: Buffer): Promise<string> {
  if (buf.length > MAX_DOCX_BYTES) throw tooLarge('文件过大（超过10MB），请压缩图片或拆分后再上传');
  if (buf.subarray(0, OLE_MAGIC.length).equals(OLE_MAGIC)) {
    throw invalid('文件不是有效的 Word 文档（.docx）：旧版 .doc 文件请在 Word 中另存为 .docx 后再上传');
  }
  if (buf.length < 22 || !buf.subarray(0, 4).equals(ZIP_MAGIC)) throw invalid();
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buf);
  } catch {
    throw invalid();
  }
  const entry = zip.file('word/document.xml');
  if (!entry) throw invalid();
  // An honest oversize claim is refused without inflating anything (JSZip keeps the central
  // directory's size privately); readCapped still catches the ones that lie.
  if ((declaredSize(entry) ?? 0) > MAX_DOCUMENT_XML_BYTES) throw tooLarge(TOO_MUCH_XML);
  const xml = (
    await readCapped(entry, MAX_DOCUMENT_XML_BYTES).catch((e: unknown) => {
      throw e instanceof ZipTooLarge ? tooLarge(TOO_MUCH_XML) : invalid();
    })
  ).toString('utf8');
  if (!/<w:document\b/.test(xml)) throw invalid();
  return documentXmlToText(xml);
}
