import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../db/client';
import { isPartitioned, partitionOnce } from './partition-script';

const SCRIPT = fileURLToPath(new URL('./ledger-partitions.sql', import.meta.url));

/** Tables partitioned by year, and the date column of each: the app adds next year's at start. */
export const YEAR_PARTITIONED = [
  ['activities', 'held_on'],
  ['cases', 'registered_on'],
] as const;

export const isLedgerPartitioned = (db: DbOrTx): Promise<boolean> => isPartitioned(db, 'activities');

/**
 * Converts activities and cases into tables partitioned by year, rows, ids and references kept,
 * in one transaction. For a database that will hold many years of a city's or a province's
 * records: on a county's, the partitions cost more than they save (docs/decisions/006). Once
 * done it is done: a second call changes nothing and answers false.
 */
export async function partitionLedger(db: Db): Promise<{ converted: boolean; partitions: string[] }> {
  if (!(await isLedgerPartitioned(db))) {
    await partitionOnce(db, SCRIPT, 'activities');
    return { converted: true, partitions: await partitionsOf(db) };
  }
  return { converted: false, partitions: await partitionsOf(db) };
}

async function partitionsOf(db: Db): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent in (to_regclass('activities'), to_regclass('cases')) order by 1`,
  );
  return rows.map((r) => r.name);
}

/** This year's and next year's partitions, so a new year never begins in the default one. */
export async function addNextYearPartitions(db: Db): Promise<void> {
  if (!(await isLedgerPartitioned(db))) return;
  for (const [table, column] of YEAR_PARTITIONED) {
    await db.execute(sql`select lizhou_year_partition(${table}, ${column}, y) from generate_series(extract(year from current_date)::int, extract(year from current_date)::int + 1) y`);
  }
}
