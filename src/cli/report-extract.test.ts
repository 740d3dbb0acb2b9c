import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { summaryToDocx } from '../server/modules/reports/export/docx';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// A copy of ../shared/seeds/000_543cd74df5d7101c.txt kept with the answer keys, so a bare clone tests it too.
const SEED = resolve(ROOT, 'src/server/modules/reports/answer-keys/seed-2022-yongkang.txt');
const run = (...args: string[]) => execFileSync(process.execPath, [resolve(ROOT, 'bin/lizhou.js'), ...args], { cwd: ROOT, encoding: 'utf8' });

describe('lizhou report extract', () => {
  it('prints the seed claims as JSON with exactly the promised fields', () => {
    const claims = JSON.parse(run('report', 'extract', SEED, '--json')) as Array<Record<string, unknown>>;
    expect(claims.length).toBeGreaterThanOrEqual(45);
    for (const c of claims) {
      const keys = Object.keys(c).sort();
      const base = ['end', 'kind', 'qualifier', 'start', 'text', 'unit', 'value'];
      expect(keys).toEqual(c.kind === 'change' ? [...base, 'direction'].sort() : base);
      expect(typeof c.value).toBe('number');
      expect(['quantity', 'change', 'ranking', 'honour']).toContain(c.kind);
    }
    expect(claims).toContainEqual({ text: '4.7万余名', value: 47_000, unit: '名', qualifier: '余', kind: 'quantity', start: expect.any(Number), end: expect.any(Number) });
    expect(claims).toContainEqual(expect.objectContaining({ text: '10.67亿元', value: 1_067_000_000, unit: '元' }));
    expect(claims).toContainEqual(expect.objectContaining({ text: '下降47.06%', value: 47.06, unit: '%', kind: 'change', direction: 'down' }));
  });

  it('prints a readable table without --json', () => {
    const out = run('report', 'extract', SEED);
    expect(out).toContain('5200余场次');
    expect(out).toMatch(/共 \d+ 处数字表述/);
  });

  it('reads a Word .docx: the same claims as the text it holds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lizhou-extract-'));
    const file = join(dir, 'draft.docx');
    writeFileSync(file, await summaryToDocx({ title: '综述', subtitle: '', sections: [{ heading: '', paragraphs: ['组织15支特色宣讲团开展基层宣讲5200余场次。', '总投资10.67亿元。'] }] }));
    const claims = JSON.parse(run('report', 'extract', file, '--json')) as { text: string; value: number }[];
    expect(claims.map((c) => [c.text, c.value])).toEqual([
      ['15支', 15],
      ['5200余场次', 5200],
      ['10.67亿元', 1067000000],
    ]);
  });

  it('refuses other files and broken .docx with a clear message and a non-zero exit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lizhou-extract-'));
    writeFileSync(join(dir, 'bad.docx'), 'PK not a zip');
    const bad = spawnSync(process.execPath, [resolve(ROOT, 'bin/lizhou.js'), 'report', 'extract', join(dir, 'bad.docx')], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('不是有效的 Word 文档');
    const pdf = spawnSync(process.execPath, [resolve(ROOT, 'bin/lizhou.js'), 'report', 'extract', 'draft.pdf'], { cwd: ROOT, encoding: 'utf8' });
    expect(pdf.status).not.toBe(0);
    expect(pdf.stderr).toContain('只支持 .txt 和 .docx');
  });
});
