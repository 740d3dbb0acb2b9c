import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client';
import { recordAudit } from '../modules/audit';
import { cryptoFromKeyring, type FieldCrypto, type Keyring } from '../secrets';

/** Every column holding a sealed value. A module that seals a new column adds it here. */
export const SEALED_COLUMNS: { table: string; columns: string[] }[] = [{ table: 'persons', columns: ['id_cipher', 'phone_cipher'] }];

const BATCH = 2000;

/** The keyring after rotating to a fresh (or given) key: the old current key is kept as previous, the lookup key pinned. */
export function rotatedKeyring(ring: Keyring, newKeyHex = randomBytes(32).toString('hex')): Keyring {
  if (newKeyHex === ring.current || ring.previous.includes(newKeyHex)) throw new Error('the new key must differ from every key in use');
  return { current: newKeyHex, previous: [ring.current, ...ring.previous], lookup: ring.lookup ?? ring.current };
}

/**
 * Re-seals every sealed value under the new ring's current key, in batches that each commit on
 * their own: `next` opens old and new values alike, so a crash part-way leaves every value
 * readable, and running it again resumes (values already under the new key are skipped). Lookup
 * hashes do not change: the lookup key is pinned.
 */
export async function reencryptSealedColumns(db: Db, next: FieldCrypto, onProgress?: (done: number) => void): Promise<{ values: number; rows: number }> {
  let values = 0;
  let rows = 0;
  for (const { table, columns } of SEALED_COLUMNS) {
    let after = 0;
    for (;;) {
      const batch = await queryRows<Record<string, string | number | null>>(
        db,
        sql`select id, ${sql.join(columns.map((c) => sql.identifier(c)), sql`, `)} from ${sql.identifier(table)} where id > ${after} order by id limit ${BATCH}`,
      );
      if (!batch.length) break;
      after = Number(batch[batch.length - 1].id);
      const changed: { id: number; values: (string | null)[] }[] = [];
      for (const row of batch) {
        let touched = false;
        const out = columns.map((c) => {
          const v = row[c] as string | null;
          if (v == null || next.isCurrent(v)) return v;
          touched = true;
          values++;
          return next.seal(next.open(v));
        });
        if (touched) changed.push({ id: Number(row.id), values: out });
      }
      if (changed.length) {
        await db.transaction(async (tx) => {
          for (const ch of changed) {
            await tx.execute(sql`update ${sql.identifier(table)} set ${sql.join(columns.map((c, i) => sql`${sql.identifier(c)} = ${ch.values[i]}`), sql`, `)} where id = ${ch.id}`);
          }
        });
        rows += changed.length;
      }
      onProgress?.(rows);
    }
  }
  const tenants = await queryRows<{ tenant_id: string }>(db, sql`select distinct tenant_id from persons`);
  for (const { tenant_id } of tenants) {
    await recordAudit(db, null, { action: 'system.key_rotate', entityType: 'system', summary: `轮换字段加密密钥：重新加密 ${rows} 行 ${values} 个字段` }, { tenantId: tenant_id, actorName: '命令行' });
  }
  return { values, rows };
}

/** Builds the crypto of a keyring (re-exported for the CLI). */
export const keyringCrypto = cryptoFromKeyring;
