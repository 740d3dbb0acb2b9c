import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { PgTransaction, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle; same query API as Db. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/**
 * Independent reads: side by side on a pool, one after another inside a transaction, whose one
 * connection must not be sent a query while it runs another (node-postgres warns now, pg 9 refuses).
 */
export async function independentReads<T extends readonly (() => Promise<unknown>)[]>(db: DbOrTx, tasks: T): Promise<{ [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  if (!(db instanceof PgTransaction)) return Promise.all(tasks.map((t) => t())) as never;
  const out: unknown[] = [];
  for (const t of tasks) out.push(await t());
  return out as never;
}

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for messages: a folder or a redacted URL. */
  location: string;
  /** Applies pending migrations; `folder` only for upgrade tests that stop at an older level. */
  migrate(folder?: string): Promise<void>;
  close(): Promise<void>;
  poolStats?: () => { total: number; idle: number; waiting: number };
}

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));
// Arbitrary constant: instances starting together take this lock so migrations run once.
export const MIGRATION_LOCK_KEY = 7_310_784;
/** Longest a single statement may run on a PostgreSQL server before it is cancelled. */
export const STATEMENT_TIMEOUT_MS = 15_000;

/**
 * Opens the database: a PostgreSQL server when `url` is given, otherwise embedded PGlite in
 * `dataDir` (or in memory for `dataDir: 'memory'`, used by tests).
 */
export async function openDatabase(opts: { url?: string; dataDir: string }): Promise<Database> {
  if (opts.url) return openPostgres(opts.url);
  return openPglite(opts.dataDir);
}

async function openPglite(dataDir: string): Promise<Database> {
  if (dataDir !== 'memory') mkdirSync(dataDir, { recursive: true });
  const client = dataDir === 'memory' ? new PGlite() : new PGlite(dataDir);
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    location: dataDir === 'memory' ? '内存' : dataDir,
    async migrate(folder = MIGRATIONS) {
      // PGlite has a single connection, so nothing else can run migrations concurrently.
      await migratePglite(db as never, { migrationsFolder: folder });
    },
    async close() {
      await client.close();
    },
  };
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.LIZHOU_DB_POOL ?? 10),
    statement_timeout: STATEMENT_TIMEOUT_MS,
    // Short OLTP and aggregate queries: JIT compilation costs more than it saves (measured in
    // bench/indicators.ts, ~13 ms per league-table query).
    options: '-c jit=off',
  });
  // An idle connection can fail (server restart, a terminated backend): the pool drops it and
  // opens another on demand. Without a listener that error would crash the process. 57P01 is the
  // server terminating connections on purpose (shutdown, DROP DATABASE … WITH (FORCE)).
  pool.on('error', (err: Error & { code?: string }) => {
    if (err.code !== '57P01') console.warn(`PostgreSQL: idle connection lost (${err.message})`);
  });
  // A client checked out of the pool (mid-transaction, between two queries) has no idle listener:
  // the server dropping it then would be an unhandled 'error' event that ends the process. Its
  // next query fails instead, and the pool discards it when it is released.
  pool.on('connect', (c) => {
    c.on('error', () => {});
  });
  // Fail fast with a clear message when the server is unreachable.
  await pool.query('select 1');
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    location: url.replace(/\/\/[^@/]*@/, '//***@'),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async migrate(folder = MIGRATIONS) {
      const lock = await pool.connect();
      try {
        await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migratePg(db as never, { migrationsFolder: folder });
      } finally {
        await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
        lock.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/**
 * Refreshes planner statistics. PGlite has no autovacuum daemon, so after a bulk load the planner
 * would otherwise believe the tables are nearly empty and pick sequential scans and full sorts.
 */
export async function refreshPlannerStats(db: Db): Promise<void> {
  await db.execute(sql`analyze`);
}

/** Raw SQL returning rows; both drivers answer `{ rows }`. */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
