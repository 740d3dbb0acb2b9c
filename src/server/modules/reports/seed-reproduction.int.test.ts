/**
 * Issue 7's quality target: on the demo county, generating the 2022 summaries reproduces the
 * seed's figures — at least 90% of the figure claims of ../shared/seeds/000_543cd74df5d7101c.txt
 * (as annotated in answer-keys/seed-2022-yongkang.key.json) appear in the generated text with the
 * same value, unit and qualifier. The claims it misses are printed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness';
import { KEY_DIR, loadAnswerKey } from './answer-key';
import { extractClaims, type FigureClaim } from './extract';

const SEED = resolve(KEY_DIR, '../../../../../../shared/seeds/000_543cd74df5d7101c.txt');

describe('generating the 2022 summaries on the demo county reproduces the seed', () => {
  let t: TestApp;
  const generated: Record<string, { text: string; figures: number; problems: string[] }> = {};
  beforeAll(async () => {
    t = await createTestApp({});
    const zzb = await t.login('zzb');
    const templates = (await zzb.get('/api/report-templates')).body as { id: number; dept: string }[];
    expect(templates.map((x) => x.dept).sort()).toEqual(['org', 'propaganda', 'united-front']);
    for (const tpl of templates) {
      const res = await zzb.post('/api/report-drafts', { templateId: tpl.id, year: 2022 });
      expect(res.status).toBe(200);
      generated[tpl.dept] = { text: res.body.revision.text, figures: res.body.revision.generated.figureCount, problems: res.body.revision.generated.problems.map((p: { message: string }) => p.message) };
    }
  }, 300_000);
  afterAll(() => t?.close());

  it('reads the seed itself when it is beside the repository, and the copy is the same text', () => {
    const { text } = loadAnswerKey('seed-2022-yongkang.key.json');
    if (existsSync(SEED)) expect(readFileSync(SEED, 'utf8')).toBe(text);
    expect(text).toContain('2022年全市组织工作综述');
  });

  it('resolves every slot of the three templates', () => {
    for (const [dept, g] of Object.entries(generated)) {
      expect(g.problems, dept).toEqual([]);
      expect(g.figures, dept).toBeGreaterThan(5);
    }
  });

  it('reproduces at least 90% of the seed figure claims with the same value, unit and qualifier', () => {
    const { key, spans, text } = loadAnswerKey('seed-2022-yongkang.key.json');
    // Each seed claim is sought in the summary of its own department, in order: after the figure
    // the previous seed claim matched, so a figure elsewhere that happens to agree cannot stand in.
    const starts = (['宣传思想工作综述', '统战工作综述'] as const).map((s) => text.indexOf(s));
    const deptAt = (pos: number) => (pos < starts[0] ? 'org' : pos < starts[1] ? 'propaganda' : 'united-front');
    const generatedClaims = Object.fromEntries(Object.entries(generated).map(([dept, g]) => [dept, extractClaims(g.text)])) as Record<string, FigureClaim[]>;
    const cursor: Record<string, number> = { org: 0, propaganda: 0, 'united-front': 0 };
    const missed: string[] = [];
    for (const c of [...spans].sort((a, b) => a.start - b.start)) {
      const dept = deptAt(c.start);
      const pool = generatedClaims[dept];
      const i = pool.findIndex((p, j) => j >= cursor[dept] && Math.abs(p.value - c.value) <= 1e-9 * Math.max(1, c.value) && p.unit === c.unit && p.qualifier === c.qualifier);
      if (i >= 0) cursor[dept] = i + 1;
      else missed.push(`${c.text}（${c.anchor}）`);
    }
    const rate = (key.claims.length - missed.length) / key.claims.length;
    console.log(`seed claims reproduced: ${key.claims.length - missed.length}/${key.claims.length} (${(rate * 100).toFixed(1)}%)${missed.length ? `; missed: ${missed.join('、')}` : ''}`);
    expect(rate).toBeGreaterThanOrEqual(0.9);
  });

  it('passes its own fact-check: no figure of a generated summary is a mismatch', async () => {
    const zzb = await t.login('zzb');
    for (const [dept, g] of Object.entries(generated)) {
      const r = await zzb.post('/api/reports/check', { year: 2022, text: g.text });
      expect(r.body.counts.mismatch, `${dept}: ${JSON.stringify(r.body.claims.filter((c: { verdict: string }) => c.verdict === 'mismatch'))}`).toBe(0);
    }
  });
});
