import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client';
import { createTestApp, type TestApp } from '../testing/harness';
import { cryptoFromKeyring, formatKeyring, loadKeyring, parseKeyring, writeKeyringFile, type Keyring } from '../secrets';
import { reencryptSealedColumns, rotatedKeyring } from './key-rotation';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const sealed = () => queryRows<{ id: number; id_cipher: string; id_hash: string; phone_cipher: string | null }>(t.ctx.db, sql`select id, id_cipher, id_hash, phone_cipher from persons order by id`);

describe('field key rotation', () => {
  it('re-seals every value under the new key, keeps lookups working, and resumes safely', async () => {
    const oldRing: Keyring = { current: t.ctx.config.secretKeyHex!, previous: [] };
    const oldCrypto = cryptoFromKeyring(oldRing);
    const before = await sealed();
    const plain = new Map(before.map((r) => [r.id, { id: oldCrypto.open(r.id_cipher), phone: r.phone_cipher ? oldCrypto.open(r.phone_cipher) : null }]));
    const expectedValues = before.length + before.filter((r) => r.phone_cipher).length;

    const newRing = rotatedKeyring(oldRing);
    expect(newRing.previous).toEqual([oldRing.current]);
    expect(newRing.lookup).toBe(oldRing.current);
    expect(() => rotatedKeyring(newRing, oldRing.current)).toThrow(/differ/);
    const next = cryptoFromKeyring(newRing);

    const first = await reencryptSealedColumns(t.ctx.db, next);
    expect(first).toEqual({ values: expectedValues, rows: before.length });
    const after = await sealed();
    for (const r of after) {
      expect(next.isCurrent(r.id_cipher)).toBe(true);
      expect(next.open(r.id_cipher)).toBe(plain.get(r.id)!.id);
      expect(r.phone_cipher ? next.open(r.phone_cipher) : null).toBe(plain.get(r.id)!.phone);
      // The old key alone opens nothing any more; the lookup hash did not move.
      expect(() => oldCrypto.open(r.id_cipher)).toThrow(/no configured key/);
      expect(r.id_hash).toBe(before.find((b) => b.id === r.id)!.id_hash);
      expect(next.lookupHash(plain.get(r.id)!.id)).toBe(r.id_hash);
    }
    // Running it again finds nothing left to do.
    expect(await reencryptSealedColumns(t.ctx.db, next)).toEqual({ values: 0, rows: 0 });
    const [{ n }] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from audit_events where action = 'system.key_rotate'`);
    expect(n).toBe(2);

    // The running app with the new keyring reveals and finds people as before.
    t.ctx.crypto = next;
    const admin = await t.login('admin');
    const someone = after[0];
    const revealed = await admin.post(`/api/people/${someone.id}/reveal`);
    expect(revealed.status).toBe(200);
    expect(revealed.body.idNumber).toBe(plain.get(someone.id)!.id);
    const found = await admin.get(`/api/people?q=${plain.get(someone.id)!.id}`);
    expect(found.body.items.map((p: { id: number }) => p.id)).toEqual([someone.id]);
  });

  it('reads a one-line secret.key and writes and reads a rotated keyring', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lizhou-keyring-'));
    writeFileSync(join(dir, 'secret.key'), 'ab'.repeat(32) + '\n');
    const ring = loadKeyring(dir);
    expect(ring).toEqual({ current: 'ab'.repeat(32), previous: [] });
    const rotated = rotatedKeyring(ring, 'cd'.repeat(32));
    writeKeyringFile(dir, rotated);
    expect(loadKeyring(dir)).toEqual(rotated);
    expect(readFileSync(join(dir, 'secret.key'), 'utf8')).toBe(formatKeyring(rotated));
    // A value sealed before rotation opens with the rotated ring; hashes are unchanged.
    const before = cryptoFromKeyring(ring);
    const after = cryptoFromKeyring(rotated);
    expect(after.open(before.seal('330784198501010011'))).toBe('330784198501010011');
    expect(after.lookupHash('x')).toBe(before.lookupHash('x'));
    expect(() => parseKeyring('previous=' + 'ab'.repeat(32))).toThrow(/no current key/);
    expect(() => parseKeyring('zz')).toThrow(/64 hex/);
  });
});
