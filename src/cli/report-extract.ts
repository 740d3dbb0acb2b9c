// `lizhou report extract FILE.txt|FILE.docx [--json]`: lists the figure claims of a summary, the first
// step of fact-checking (数据核验) and of importing an old summary. Needs no database.
import { extractClaims, type FigureClaim } from '../server/modules/reports/extract';
import { readDraft } from './report-check';

/** The JSON shape promised by issue 7: these fields, plus direction on changes. */
export function claimJson(c: FigureClaim) {
  const { text, value, unit, qualifier, kind, start, end } = c;
  return c.kind === 'change' ? { text, value, unit, qualifier, kind, start, end, direction: c.direction } : { text, value, unit, qualifier, kind, start, end };
}

const KIND_LABEL: Record<FigureClaim['kind'], string> = { quantity: '数量', change: '增减', ranking: '排名', honour: '荣誉' };

export async function reportExtract(file: string | undefined, asJson: boolean): Promise<void> {
  const text = await readDraft(file, '用法：lizhou report extract FILE.txt|FILE.docx [--json]');
  const claims = extractClaims(text);
  if (asJson) {
    console.log(JSON.stringify(claims.map(claimJson), null, 2));
    return;
  }
  // Tab-separated: Chinese and ASCII widths differ, so padding cannot line columns up anyway.
  console.log(['位置', '类别', '原文', '数值', '单位', '限定', '所在短句'].join('\t'));
  for (const c of claims) {
    const value = `${c.kind === 'change' ? (c.direction === 'up' ? '+' : '-') : ''}${c.value}${c.upper !== undefined ? `~${c.upper}` : ''}`;
    console.log([`${c.start}-${c.end}`, KIND_LABEL[c.kind], c.text, value, c.unit || '-', c.qualifier || '-', c.phrase].join('\t'));
  }
  console.log(`共 ${claims.length} 处数字表述`);
}
