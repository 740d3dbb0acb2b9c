/**
 * A summary as a standalone HTML page (to mail or archive): official-document typography, and
 * for a generated revision every figure marked with its source in a tooltip. Everything from
 * the text is escaped, so markup typed into a draft is shown, never run.
 */
import { toChineseNumeral } from '../../../../shared/cn-figures';
import type { GeneratedSummary, SummaryDocument } from '../../../../shared/reports';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]);

const STYLE = `body{max-width:156mm;margin:2em auto;font:16pt/1.8 "仿宋_GB2312","FangSong","Noto Serif CJK SC",serif;color:#000}
h1{font:22pt/1.5 "方正小标宋简体","SimSun","Noto Serif CJK SC",serif;text-align:center;margin:0}
.sub{font-family:"楷体_GB2312","KaiTi","Noto Serif CJK SC",serif;text-align:center;margin:0 0 1em}
h2{font:16pt/1.8 "黑体","SimHei","Noto Sans CJK SC",sans-serif;text-indent:2em;margin:0}
p{text-indent:2em;margin:0;text-align:justify}
mark{background:#e6f4ff;border-bottom:1px dotted #1677ff;color:inherit}`;

export function summaryToHtml(doc: SummaryDocument, generated: GeneratedSummary | null): string {
  const body: string[] = [`<h1>${escapeHtml(doc.title)}</h1>`];
  if (doc.subtitle) body.push(`<p class="sub">${escapeHtml(doc.subtitle)}</p>`);
  // A generated revision's paragraphs keep their figures; the text is the same either way.
  const marked = generated?.sections.flatMap((s) => s.paragraphs) ?? null;
  let pi = 0;
  let hn = 0;
  for (const s of doc.sections) {
    if (s.heading) body.push(`<h2>${toChineseNumeral(++hn)}、${escapeHtml(s.heading)}</h2>`);
    for (const p of s.paragraphs) {
      const segs = marked?.[pi++];
      const same = segs && segs.map((x) => x.text).join('') === p;
      body.push(
        `<p>${
          same
            ? segs.map((x) => (x.figure ? `<mark title="${escapeHtml(x.figure.source.label)}">${escapeHtml(x.text)}</mark>` : escapeHtml(x.text))).join('')
            : escapeHtml(p)
        }</p>`,
      );
    }
  }
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(doc.title)}</title><style>${STYLE}</style></head><body>${body.join('\n')}</body></html>\n`;
}
