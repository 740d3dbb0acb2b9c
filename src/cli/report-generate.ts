// `lizhou report generate --year 2022 --dept org|propaganda|united-front|all --out FILE.docx|.pdf|.html|.txt
// [--unit 单位编码]`: drafts the year's summary from the department's template (the first one, if
// several) and writes it. With --dept all, one file per department: FILE-org.docx, FILE-propaganda.docx…
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import type { Config } from '../server/config';
import { openRuntime } from '../server/runtime';
import type { DbOrTx } from '../server/db/client';
import { findUnitsByCodes, firstRootUnit } from '../server/modules/org';
import { documentOf, documentText, generateSummary, resolveContext } from '../server/modules/reports';
import { reportTemplates } from '../server/modules/reports/reports.table';
import { summaryToDocx } from '../server/modules/reports/export/docx';
import { summaryToPdf } from '../server/modules/reports/export/pdf';
import { summaryToHtml } from '../server/modules/reports/export/html';
import { EXPORT_FORMATS, REPORT_DEPTS, REPORT_DEPT_ZH, type ExportFormat, type ReportDept } from '../shared/reports';
import { parseYear } from './report-check';

export interface GenerateOptions {
  year?: string;
  dept?: string;
  out?: string;
  unit?: string;
}

const USAGE = '用法：lizhou report generate --year 2022 --dept org|propaganda|united-front|all --out FILE.docx|.pdf|.html|.txt';

/** Checks the arguments before the database is opened. */
export function parseGenerateOptions(o: GenerateOptions): { year: number; depts: ReportDept[]; out: string; format: ExportFormat } {
  const year = parseYear(o.year);
  if (!o.dept) throw new Error(`缺少 --dept。${USAGE}`);
  const depts = o.dept === 'all' ? [...REPORT_DEPTS] : [o.dept as ReportDept];
  if (!depts.every((d) => REPORT_DEPTS.includes(d))) throw new Error(`--dept 应为 org、propaganda、united-front 或 all：${o.dept}`);
  if (!o.out) throw new Error(`缺少 --out。${USAGE}`);
  const format = extname(o.out).slice(1).toLowerCase() as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new Error(`--out 的扩展名应为 .docx、.pdf、.html 或 .txt：${o.out}`);
  return { year, depts, out: o.out, format };
}

/** The file for one department: FILE.docx alone, FILE-org.docx among several. */
export const outFileFor = (out: string, dept: ReportDept, several: boolean) => (several ? out.replace(/(\.[^.]+)$/, `-${dept}$1`) : out);

/** Generates and writes the summaries; returns the files written and the time generation took. */
export async function generateFiles(db: DbOrTx, o: ReturnType<typeof parseGenerateOptions> & { unit?: string }, print: (s: string) => void = console.log) {
  const unit = o.unit ? (await findUnitsByCodes(db, [o.unit]))[0] : await firstRootUnit(db);
  if (!unit) throw new Error(o.unit ? `单位编码 ${o.unit} 不存在` : '数据库中还没有组织架构（先运行 lizhou seed demo 或 lizhou start）');
  const started = performance.now();
  const ctx = await resolveContext(db, unit.tenantId, o.year, unit);
  const generated = await Promise.all(
    o.depts.map(async (dept) => {
      const [tpl] = await db.select().from(reportTemplates).where(and(eq(reportTemplates.tenantId, unit.tenantId), eq(reportTemplates.dept, dept))).orderBy(asc(reportTemplates.id)).limit(1);
      if (!tpl) throw new Error(`还没有${REPORT_DEPT_ZH[dept]}的综述模板`);
      return generateSummary(ctx, dept, tpl.definition);
    }),
  );
  const ms = performance.now() - started;
  const files: string[] = [];
  for (const g of generated) {
    const doc = documentOf(g);
    const body = o.format === 'docx' ? await summaryToDocx(doc) : o.format === 'pdf' ? await summaryToPdf(doc) : o.format === 'html' ? summaryToHtml(doc, g) : documentText(doc);
    const file = outFileFor(o.out, g.dept, o.depts.length > 1);
    writeFileSync(file, body);
    files.push(file);
    print(`${REPORT_DEPT_ZH[g.dept]}：${g.figureCount} 个数字${g.problems.length ? `，${g.problems.length} 处无法生成：` : ''} → ${file}`);
    for (const p of g.problems) print(`  第${p.section}节第${p.paragraph}段 ${p.message}`);
  }
  print(`生成用时 ${Math.round(ms)} ms（${unit.name}，${o.year}年）`);
  return { files, ms, problems: generated.reduce((a, g) => a + g.problems.length, 0) };
}

export async function reportGenerate(config: Config, opts: GenerateOptions): Promise<number> {
  const parsed = parseGenerateOptions(opts);
  const { ctx, database } = await openRuntime(config);
  try {
    const r = await generateFiles(ctx.db, { ...parsed, unit: opts.unit });
    return r.problems ? 1 : 0;
  } finally {
    await database.close();
  }
}
