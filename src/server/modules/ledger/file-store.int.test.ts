import { createHash, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';
import { diskFileStore, sweepStaleTempFiles, tempPathOf } from './file-store';

/**
 * A full disk without a tmpfs: the file store's temporary file for the next upload is made a
 * symlink to /dev/full, so the write fails with a real ENOSPC from the kernel — the path a full
 * disk takes — while everything else (the database, the rest of the folder) works as usual.
 */
let t: TestApp;
let village: Client;
let talent: Client;
let activityCategory: number;

beforeAll(async () => {
  t = await createTestApp();
  [village, talent] = await Promise.all([t.login('village'), t.login('talent')]);
  activityCategory = (await village.get('/api/ledger/categories?kind=activity')).body.find((c: { code: string }) => c.code === 'FW').id;
});
afterAll(() => t?.close());

const png = () => Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(64 * 1024)]);
const pdf = () => Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(64 * 1024), Buffer.from('\n%%EOF\n')]);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const filesDir = () => join(t.ctx.config.dataDir, 'files');
const targetOf = (bytes: Buffer) => join(filesDir(), sha256(bytes).slice(0, 2), sha256(bytes));

/** Makes the next write of `bytes` into the store hit a full device; returns where it would have gone. */
function diskFullFor(bytes: Buffer) {
  const target = targetOf(bytes);
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync('/dev/full', tempPathOf(target));
  return target;
}
const leftovers = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tmp')) : []);
const exists = (p: string) => {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
};

describe('the file store on a full disk', () => {
  it('answers 507 storage.full for a ledger attachment, stores neither row nor partial file, and takes the same upload once there is room', async () => {
    const { body: a } = await village.post('/api/activities', { categoryId: activityCategory, title: '磁盘已满测试', heldOn: '2026-05-01' });
    const bytes = png();
    const target = diskFullFor(bytes);
    const url = `/api/activities/${a.id}/attachments?name=${encodeURIComponent('现场照片.png')}`;

    const full = await village.request('POST', url, bytes, { 'content-type': 'image/png' });
    expect(full.status, JSON.stringify(full.body)).toBe(507);
    expect(full.body).toEqual({ code: 'storage.full', message: '存储空间已满，文件未保存，请稍后重试或联系管理员', details: null });
    const rows = () => queryRows<{ sha256: string; storageKey: string; size: number }>(t.ctx.db, sql`select sha256, storage_key as "storageKey", size::int as size from attachments where record_kind = 'activity' and record_id = ${a.id}`);
    expect(await rows()).toEqual([]);
    expect(exists(target)).toBe(false);
    expect(exists(tempPathOf(target))).toBe(false);
    expect(leftovers(filesDir())).toEqual([]);
    expect((await village.get(`/api/activities/${a.id}`)).body.files).toEqual([]);

    // Space is back (the device is out of the way): the same request succeeds, no restart.
    const retry = await village.request('POST', url, bytes, { 'content-type': 'image/png' });
    expect(retry.status, JSON.stringify(retry.body)).toBe(201);
    const [row] = await rows();
    expect(row).toMatchObject({ sha256: sha256(bytes), size: bytes.length });
    expect(sha256(readFileSync(join(filesDir(), row.storageKey)))).toBe(row.sha256);
    expect(Buffer.compare((await village.get(`/api/attachments/${retry.body.id}`)).raw, bytes)).toBe(0);
    expect(leftovers(filesDir())).toEqual([]);
  });

  it('answers the same for a talent application document', async () => {
    const programme = (await talent.get('/api/me/talent-programmes')).body.find((p: { code: string }) => p.code === 'RCGFBZ');
    const draft = await talent.post('/api/me/applications', { programmeId: programme.id });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const bytes = pdf();
    const target = diskFullFor(bytes);
    const url = `/api/me/applications/${draft.body.id}/files?docKey=degree&name=${encodeURIComponent('学位证.pdf')}`;

    const full = await talent.request('POST', url, bytes, { 'content-type': 'application/pdf' });
    expect(full.status, JSON.stringify(full.body)).toBe(507);
    expect(full.body.code).toBe('storage.full');
    const files = () => queryRows<{ sha256: string }>(t.ctx.db, sql`select sha256 from talent_application_files where application_id = ${draft.body.id}`);
    expect(await files()).toEqual([]);
    expect(exists(target) || exists(tempPathOf(target))).toBe(false);

    const retry = await talent.request('POST', url, bytes, { 'content-type': 'application/pdf' });
    expect(retry.status, JSON.stringify(retry.body)).toBe(201);
    expect(await files()).toEqual([{ sha256: sha256(bytes) }]);
    expect(sha256(readFileSync(target))).toBe(sha256(bytes));
  });

  it('fails every caller of one write together, and leaves nothing behind', async () => {
    const store = diskFileStore(t.ctx.config.dataDir);
    const bytes = png();
    const target = diskFullFor(bytes);
    const answers = await Promise.allSettled([store.put(bytes), store.put(bytes)]);
    expect(answers.map((r) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : 'stored'))).toEqual(['storage.full', 'storage.full']);
    expect(exists(target) || exists(tempPathOf(target))).toBe(false);
    expect(await store.put(bytes)).toEqual({ key: `${sha256(bytes).slice(0, 2)}/${sha256(bytes)}`, sha256: sha256(bytes) });
    expect(await store.has(`${sha256(bytes).slice(0, 2)}/${sha256(bytes)}`)).toBe(true);
  });
});

describe('temporary files orphaned by a killed instance', () => {
  it('are swept once they are an hour old; a write in progress and stored files are left alone', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lizhou-sweep-'));
    try {
      const store = diskFileStore(dataDir);
      const kept = png();
      const { key } = await store.put(kept);
      const stored = join(dataDir, 'files', key);
      // An instance (pid 4242) killed mid-write two hours ago, and another writing right now.
      const orphan = `${join(dataDir, 'files', key.slice(0, 2), 'f'.repeat(64))}.4242.tmp`;
      const inProgress = `${join(dataDir, 'files', key.slice(0, 2), 'e'.repeat(64))}.4243.tmp`;
      writeFileSync(orphan, 'half a file');
      writeFileSync(inProgress, 'being written');
      const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
      utimesSync(orphan, twoHoursAgo, twoHoursAgo);
      utimesSync(stored, twoHoursAgo, twoHoursAgo);

      expect(await sweepStaleTempFiles(dataDir)).toBe(1);
      expect([existsSync(orphan), existsSync(inProgress), existsSync(stored)]).toEqual([false, true, true]);
      expect(await store.get(key)).toEqual(kept);
      // Nothing to sweep in a folder without files, or twice.
      expect(await sweepStaleTempFiles(dataDir)).toBe(0);
      expect(await sweepStaleTempFiles(join(dataDir, 'none'))).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
