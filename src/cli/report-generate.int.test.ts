import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../server/testing/harness';
import { generateFiles, outFileFor, parseGenerateOptions } from './report-generate';

describe('lizhou report generate', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(() => t?.close());

  it('checks its arguments before opening the database', () => {
    expect(() => parseGenerateOptions({ year: '2022', dept: 'org' })).toThrow('--out');
    expect(() => parseGenerateOptions({ year: '2022', out: 'a.docx' })).toThrow('--dept');
    expect(() => parseGenerateOptions({ year: '2022', dept: 'finance', out: 'a.docx' })).toThrow('org、propaganda、united-front 或 all');
    expect(() => parseGenerateOptions({ year: '2022', dept: 'org', out: 'a.doc' })).toThrow('.docx、.pdf、.html 或 .txt');
    expect(() => parseGenerateOptions({ year: '22', dept: 'org', out: 'a.txt' })).toThrow('--year');
    expect(parseGenerateOptions({ year: '2022', dept: 'all', out: 'a.docx' })).toMatchObject({ year: 2022, depts: ['org', 'propaganda', 'united-front'], format: 'docx' });
    expect(outFileFor('/x/综述.docx', 'org', true)).toBe('/x/综述-org.docx');
  });

  it('writes one department’s summary as text, and all three as .docx files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lizhou-generate-'));
    const lines: string[] = [];
    const one = await generateFiles(t.ctx.db, parseGenerateOptions({ year: '2022', dept: 'org', out: join(dir, 'org.txt') }), (s) => lines.push(s));
    expect(one.problems).toBe(0);
    const text = readFileSync(join(dir, 'org.txt'), 'utf8');
    expect(text.split('\n')[0]).toBe('凝心聚力担使命 砥砺前行续华章');
    expect(text).toMatch(/解决企业需求\d+个/);
    expect(lines.join('\n')).toMatch(/组织工作：\d+ 个数字 → /);
    const all = await generateFiles(t.ctx.db, parseGenerateOptions({ year: '2022', dept: 'all', out: join(dir, 'all.docx') }), () => {});
    expect(all.files.map((f) => f.slice(dir.length + 1))).toEqual(['all-org.docx', 'all-propaganda.docx', 'all-united-front.docx']);
    for (const f of all.files) expect(readFileSync(f).subarray(0, 2).toString()).toBe('PK');
  });

  it('reports slots it cannot resolve, with a non-zero result', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lizhou-generate-'));
    const lines: string[] = [];
    const r = await generateFiles(t.ctx.db, parseGenerateOptions({ year: '2019', dept: 'org', out: join(dir, 'org.html') }), (s) => lines.push(s));
    expect(r.problems).toBeGreaterThan(0);
    expect(lines.join('\n')).toContain('2019年');
    expect(readFileSync(join(dir, 'org.html'), 'utf8')).toContain('【？】');
  });
});
