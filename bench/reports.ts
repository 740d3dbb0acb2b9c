/**
 * Year-end summaries (issue 7) on the demo county: loads the full demo (Yongkang, ~40 s), then
 * times generating all three 2022 summaries from their templates (every slot resolved against the
 * ledger: indicator values, live record counts, changes, standings, publications) — target under
 * 3 s — exporting them to .docx and PDF, and fact-checking a 10,000-character draft (target under
 * 2 s).
 *
 *   npm run bench:reports            # embedded PGlite
 *   DATABASE_URL=postgres://… npm run bench:reports
 *
 * RUNS=n sets the timed repetitions (after one warm-up).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/server/config';
import { seedDemo } from '../src/server/db/demo/demo-county';
import { openRuntime } from '../src/server/runtime';
import { createTempDatabase } from '../src/server/testing/temp-database';
import { firstRootUnit } from '../src/server/modules/org';
import { documentOf, documentText, factCheck, generateSummary, resolveContext } from '../src/server/modules/reports';
import { DEMO_TEMPLATES } from '../src/server/modules/reports/demo-templates';
import { summaryToDocx } from '../src/server/modules/reports/export/docx';
import { summaryToPdf } from '../src/server/modules/reports/export/pdf';

const RUNS = Number(process.env.RUNS ?? 10);
const pct = (s: number[], p: number) => [...s].sort((a, b) => a - b)[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
const ms = (n: number) => `${Math.round(n)} ms`;

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const v = await f();
  return [v, performance.now() - t];
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'lizhou-bench-reports-'));
  const temp = process.env.DATABASE_URL ? await createTempDatabase(process.env.DATABASE_URL, 'lizhou_bench') : undefined;
  const config = { ...loadConfig({ LIZHOU_DATA_DIR: dataDir } as NodeJS.ProcessEnv), databaseUrl: temp?.url };
  const { ctx, database } = await openRuntime(config);
  console.log(`database        ${database.kind}`);
  try {
    const [, load] = await timed(() => seedDemo(ctx));
    console.log(`demo county     ${(load / 1000).toFixed(1)} s`);
    const unit = (await firstRootUnit(ctx.db))!;

    // Generating all three: one context (definitions, standings), three templates, every slot resolved.
    const generateAll = async () => {
      const rc = await resolveContext(ctx.db, unit.tenantId, 2022, unit);
      return Promise.all(DEMO_TEMPLATES.map((t) => generateSummary(rc, t.dept, t.definition)));
    };
    const [summaries] = await timed(generateAll);
    const figures = summaries.reduce((a, g) => a + g.figureCount, 0);
    const problems = summaries.reduce((a, g) => a + g.problems.length, 0);
    const gen: number[] = [];
    for (let i = 0; i < RUNS; i++) gen.push((await timed(generateAll))[1]);
    console.log(`generate all 3  p50 ${ms(pct(gen, 50))}, p95 ${ms(pct(gen, 95))}, max ${ms(Math.max(...gen))} (${figures} figures, ${problems} unresolved; target < 3000 ms)`);

    const docs = summaries.map(documentOf);
    const [, docxMs] = await timed(() => Promise.all(docs.map((d) => summaryToDocx(d))));
    const [, pdfMs] = await timed(() => Promise.all(docs.map((d) => summaryToPdf(d))));
    const [, pdfWarm] = await timed(() => Promise.all(docs.map((d) => summaryToPdf(d))));
    console.log(`export .docx x3 ${ms(docxMs)}; PDF x3 ${ms(pdfMs)} first (font load), ${ms(pdfWarm)} after`);

    // A 10,000-character draft: the three summaries repeated.
    const all = docs.map(documentText).join('\n');
    let draft = '';
    while (draft.length < 10_000) draft += all;
    draft = draft.slice(0, 10_000);
    await factCheck(ctx.db, unit.tenantId, 2022, draft);
    const fc: number[] = [];
    let claims = 0;
    for (let i = 0; i < RUNS; i++) {
      const [r, t] = await timed(() => factCheck(ctx.db, unit.tenantId, 2022, draft));
      claims = r.claims.length;
      fc.push(t);
    }
    console.log(`fact-check 10k  p50 ${ms(pct(fc, 50))}, p95 ${ms(pct(fc, 95))} (${claims} claims; target < 2000 ms)`);
    console.log(
      JSON.stringify({ bench: 'reports', database: database.kind, generateAllP50: Math.round(pct(gen, 50)), generateAllP95: Math.round(pct(gen, 95)), figures, problems, docxMs: Math.round(docxMs), pdfMs: Math.round(pdfWarm), factCheck10kP50: Math.round(pct(fc, 50)), factCheck10kP95: Math.round(pct(fc, 95)) }),
    );
  } finally {
    await database.close();
    await temp?.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
