import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

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

  it('refuses .docx for now, with a non-zero exit', () => {
    const r = spawnSync(process.execPath, [resolve(ROOT, 'bin/lizhou.js'), 'report', 'extract', 'draft.docx'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('暂只支持 .txt');
  });
});
