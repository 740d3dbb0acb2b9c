import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../db/client';
import { isPartitioned, partitionOnce } from './partition-script';

const SCRIPT = fileURLToPath(new URL('./audit-partitions.sql', import.meta.url));

export const isAuditPartitioned = (db: DbOrTx): Promise<boolean> => isPartitioned(db, 'audit_events');

/**
 * Converts audit_events into a table partitioned by month, every event and id kept, in one
 * transaction, so `lizhou audit archive` drops whole months instead of deleting their rows. For a
 * city's or a province's log (docs/decisions/006). Once done it is done: a second call changes
 * nothing and answers false.
 */
export async function partitionAudit(db: Db): Promise<{ converted: boolean; partitions: string[] }> {
  const converted = await partitionOnce(db, SCRIPT, 'audit_events');
  return { converted, partitions: await auditPartitions(db) };
}

export async function auditPartitions(db: DbOrTx): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(db, sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = to_regclass('audit_events') order by 1`);
  return rows.map((r) => r.name);
}

/**
 * This month's partition and the next two, so a month never begins in the default partition:
 * at start and with the instances' housekeeping, as a running instance outlives a month.
 */
export async function addAuditMonthPartitions(db: Db): Promise<void> {
  if (!(await isAuditPartitioned(db))) return;
  await db.execute(
    sql`select lizhou_audit_month_partition((date_trunc('month', now() at time zone 'UTC') + make_interval(months => k)) at time zone 'UTC') from generate_series(0, 2) as k`,
  );
}
