import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildApp } from '../app';
import { openDatabase, queryRows, type Database } from '../db/client';
import { DEMO_PASSWORD } from '../db/demo/demo-county';
import { createTestApp, type TestApp } from '../testing/harness';
import { createTempDatabase } from '../testing/temp-database';
import { BACKUP_TABLES, NOT_BACKED_UP, RestoreError, backup, restore } from './backup';

let t: TestApp;
const source = mkdtempSync(join(tmpdir(), 'lizhou-backup-src-'));
const targets: string[] = [];
const opened: Database[] = [];
const dropped: (() => Promise<void>)[] = [];
/** Restored into: always the embedded database; on the PostgreSQL pass, a server database too. */
const SERVER = process.env.DATABASE_URL;
const RESTORE_INTO = SERVER ? (['embedded', 'server'] as const) : (['embedded'] as const);

beforeAll(async () => {
  t = await createTestApp();
  // Changes a restore must reproduce: a moved subtree (child id lower than its new parent's),
  // an archived unit, an edited person, and files in the data folder.
  const admin = await t.login('admin');
  const parent = (await admin.post('/api/org/units', { parentId: await t.unitId('330784001'), code: 'BK-NEW', name: '备份新组', type: 'other' })).body;
  const village = await t.unitId('330784105001');
  const v = (await admin.get(`/api/org/units/${village}`)).body;
  expect((await admin.post(`/api/org/units/${village}/move`, { version: v.version, newParentId: parent.id })).status).toBe(200);
  const leaf = (await admin.post('/api/org/units', { parentId: parent.id, code: 'BK-LEAF', name: '备份叶', type: 'other' })).body;
  await admin.post(`/api/org/units/${leaf.id}/archive`, { version: 1 });
  writeFileSync(join(source, 'secret.key'), 'ab'.repeat(32) + '\n');
  mkdirSync(join(source, 'files/2026'), { recursive: true });
  writeFileSync(join(source, 'files/2026/photo.txt'), '照片');
}, 120_000);

afterAll(async () => {
  for (const d of opened) await d.close().catch(() => {});
  for (const drop of dropped) await drop().catch(() => {});
  await t?.close();
  for (const d of [source, ...targets]) rmSync(d, { recursive: true, force: true });
});

async function emptyDatabase(kind: 'embedded' | 'server' = 'embedded') {
  let url: string | undefined;
  if (kind === 'server') {
    const temp = await createTempDatabase(SERVER!, 'lizhou_restore');
    dropped.push(temp.drop);
    url = temp.url;
  }
  const db = await openDatabase({ url, dataDir: 'memory' });
  await db.migrate();
  opened.push(db);
  return db;
}
function emptyFolder() {
  const d = mkdtempSync(join(tmpdir(), 'lizhou-backup-dst-'));
  targets.push(d);
  return d;
}

describe('backup and restore', () => {
  // A partition (activities_2022) is backed up through its parent.
  it('covers every table, or says why not', async () => {
    const tables = await queryRows<{ table_name: string }>(t.ctx.db, sql`select c.relname as table_name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition`);
    const covered = new Set([...BACKUP_TABLES.map((x) => x.name), ...Object.keys(NOT_BACKED_UP)]);
    expect(tables.map((r) => r.table_name).filter((n) => !covered.has(n))).toEqual([]);
  });

  it.each(RESTORE_INTO)('restores the demo into an empty %s database with every table’s rows and checksum equal', async (kind) => {
    const { file, manifest } = await backup(t.database.db, { dataDir: source, source: t.database.location, includeKey: true });
    expect(manifest.tables.persons.rows).toBe(t.demo.people);
    expect(manifest.files.sort()).toEqual(['files/2026/photo.txt', 'secret.key']);

    const target = await emptyDatabase(kind);
    expect(target.kind).toBe(kind === 'server' ? 'postgres' : 'pglite');
    const folder = emptyFolder();
    const { verified } = await restore(target.db, file, { dataDir: folder });
    expect(verified).toEqual(manifest.tables);
    expect(readFileSync(join(folder, 'files/2026/photo.txt'), 'utf8')).toBe('照片');
    expect(readFileSync(join(folder, 'secret.key'), 'utf8')).toBe(readFileSync(join(source, 'secret.key'), 'utf8'));

    // The restored platform works: sign in, list, reveal (same key), and new ids do not collide.
    const app = await buildApp({ ctx: { ...t.ctx, db: target.db } });
    await target.db.execute(sql`update users set must_change_password = false where username = 'town'`);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'town', password: DEMO_PASSWORD } });
    expect(login.statusCode).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    const headers = { cookie, 'x-csrf-token': login.json().csrfToken };
    const list = await app.inject({ method: 'GET', url: '/api/people?pageSize=1', headers });
    const reveal = await app.inject({ method: 'POST', url: `/api/people/${list.json().items[0].id}/reveal`, headers });
    expect(reveal.json().idNumber).toMatch(/^330784\d{11}[\dX]$/);
    const created = await app.inject({ method: 'POST', url: '/api/org/units', headers, payload: { parentId: await t.unitId('330784105'), code: 'AFTER-RESTORE', name: '恢复后新建', type: 'other' } });
    expect(created.statusCode).toBe(201);
    await app.close();
  });

  it('refuses to restore into a database that is not empty', async () => {
    const { file } = await backup(t.database.db, { dataDir: source, source: 'x', includeKey: false });
    await expect(restore(t.database.db, file, { dataDir: emptyFolder() })).rejects.toThrow(/not empty/);
  });

  it('leaves the database empty when the backup was tampered with', async () => {
    const { file } = await backup(t.database.db, { dataDir: source, source: 'x', includeKey: false });
    const text = gunzipSync(file).toString('utf8').replace('备份新组', '篡改的组');
    const target = await emptyDatabase();
    await expect(restore(target.db, gzipSync(text), { dataDir: emptyFolder() })).rejects.toThrow(/verification failed for org_units/);
    const [n] = await queryRows<{ n: number }>(target.db, sql`select count(*)::int as n from org_units`);
    expect(n.n).toBe(0);
  });

  it('refuses to replace a different encryption key in the target folder', async () => {
    const { file } = await backup(t.database.db, { dataDir: source, source: 'x', includeKey: true });
    const folder = emptyFolder();
    writeFileSync(join(folder, 'secret.key'), 'cd'.repeat(32) + '\n');
    const target = await emptyDatabase();
    await expect(restore(target.db, file, { dataDir: folder })).rejects.toThrow(RestoreError);
    const [n] = await queryRows<{ n: number }>(target.db, sql`select count(*)::int as n from persons`);
    expect(n.n).toBe(0);
  });

  it('leaves the key out when asked', async () => {
    const { manifest } = await backup(t.database.db, { dataDir: source, source: 'x', includeKey: false });
    expect(manifest.files).toEqual(['files/2026/photo.txt']);
  });

  it('rejects a file that is not a backup', async () => {
    const target = await emptyDatabase();
    await expect(restore(target.db, Buffer.from('hello'), { dataDir: emptyFolder() })).rejects.toThrow(/not a Lizhou backup/);
  });
});
