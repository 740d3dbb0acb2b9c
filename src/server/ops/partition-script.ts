import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { MIGRATION_LOCK_KEY, queryRows, type Db, type DbOrTx } from '../db/client';

/** Whether `table` is already a partitioned table. */
export async function isPartitioned(db: DbOrTx, table: string): Promise<boolean> {
  const [r] = await queryRows<{ kind: string }>(db, sql`select relkind::text as kind from pg_class where oid = to_regclass(${table})`);
  return r?.kind === 'p';
}

/**
 * Runs a partitioning script (statements split at `--> statement-breakpoint`) once, in one
 * transaction under the migrations' lock, so instances starting meanwhile wait for it; a process
 * that finds `table` already partitioned inside the lock runs nothing. Answers whether it ran.
 */
export async function partitionOnce(db: Db, scriptPath: string, table: string): Promise<boolean> {
  if (await isPartitioned(db, table)) return false;
  const statements = readFileSync(scriptPath, 'utf8').split('--> statement-breakpoint');
  let ran = false;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    if (await isPartitioned(tx, table)) return;
    for (const s of statements) if (s.trim()) await tx.execute(sql.raw(s));
    ran = true;
  });
  return ran;
}
