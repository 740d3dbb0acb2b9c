import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseYear, readDraft } from './report-check';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// The exit codes on a real database are tested with the small demo in
// src/server/modules/reports/factcheck.int.test.ts (checkDraft); here the checks made before it opens.
describe('lizhou report check', () => {
  it('refuses a broken .docx with a clear message and a non-zero exit code, before touching the database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lizhou-check-'));
    const file = join(dir, 'draft.docx');
    writeFileSync(file, 'PK');
    const r = spawnSync(process.execPath, [resolve(ROOT, 'bin/lizhou.js'), 'report', 'check', file], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LIZHOU_DATA_DIR: dir, DATABASE_URL: '' } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('不是有效的 Word 文档');
    expect(existsSync(join(dir, 'pgdata'))).toBe(false);
  });

  it('validates its arguments', async () => {
    await expect(readDraft(undefined)).rejects.toThrow('用法');
    expect(parseYear(undefined)).toBe(2022);
    expect(parseYear('2021')).toBe(2021);
    expect(() => parseYear('22')).toThrow('--year');
  });
});
