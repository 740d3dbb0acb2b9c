import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema';
import { STATEMENT_TIMEOUT_MS, type Db } from './client';

/**
 * A PostgreSQL streaming replica for heavy reads (aggregates, league tables, cockpits, report
 * generation). A check every few seconds measures how far the replica is behind; reads go to it
 * only while it answers and is at most `maxLagSeconds` behind, otherwise to the primary. So a read
 * path is never staler than the bound, and a replica that is down or lagging costs nothing but
 * the primary's extra load. Writes never go to the replica.
 */
export interface ReplicaRouter {
  /** The database a heavy read should use now. */
  reader(): Db;
  status(): ReplicaStatus;
  /** Runs one check now (the timer does it every `checkIntervalMs`). */
  check(): Promise<ReplicaStatus>;
  close(): Promise<void>;
}

export interface ReplicaStatus {
  /** Whether heavy reads go to the replica now. */
  inUse: boolean;
  /** Seconds behind the primary at the last check (0 when it has replayed all it received); null when unknown. */
  lagSeconds: number | null;
  lastError: string | null;
  checkedAt: Date | null;
}

export interface ReplicaOptions {
  maxLagSeconds: number;
  checkIntervalMs: number;
  poolSize?: number;
}

// Caught up (everything received is replayed) means no lag, however long ago the last write was;
// otherwise the lag is the age of the last replayed transaction.
const LAG_SQL = `select pg_is_in_recovery() as standby,
  case when pg_last_wal_receive_lsn() is not distinct from pg_last_wal_replay_lsn() then 0
       else extract(epoch from now() - pg_last_xact_replay_timestamp()) end::float8 as lag`;

export async function openReplica(url: string, primary: Db, opts: ReplicaOptions): Promise<ReplicaRouter> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? Number(process.env.LIZHOU_DB_POOL ?? 10),
    statement_timeout: STATEMENT_TIMEOUT_MS,
    connectionTimeoutMillis: 2_000,
    options: '-c jit=off -c default_transaction_read_only=on',
  });
  // A client checked out of the pool (mid-transaction, between two queries) has no idle listener:
  // the server dropping it then would be an unhandled 'error' event that ends the process. Its
  // next query fails instead, and the pool discards it when it is released.
  pool.on('connect', (c) => {
    c.on('error', () => {});
  });
  const replica = drizzlePg({ client: pool, schema }) as unknown as Db;
  const state: ReplicaStatus = { inUse: false, lagSeconds: null, lastError: null, checkedAt: null };
  // A connection the server dropped (replica restarting, failover) takes reads off it at once.
  pool.on('error', (err: Error) => {
    state.inUse = false;
    state.lastError = err.message;
  });

  async function check(): Promise<ReplicaStatus> {
    try {
      const { rows } = await pool.query<{ standby: boolean; lag: number | null }>(LAG_SQL);
      const { standby, lag } = rows[0];
      state.lagSeconds = lag == null ? null : Math.max(0, lag);
      state.lastError = standby ? null : 'DATABASE_REPLICA_URL is not a standby (pg_is_in_recovery() is false)';
      state.inUse = standby && state.lagSeconds != null && state.lagSeconds <= opts.maxLagSeconds;
    } catch (err) {
      state.inUse = false;
      state.lagSeconds = null;
      state.lastError = (err as Error).message;
    }
    state.checkedAt = new Date();
    return { ...state };
  }

  await check();
  const timer = setInterval(() => void check(), opts.checkIntervalMs);
  timer.unref();
  return {
    reader: () => (state.inUse ? replica : primary),
    status: () => ({ ...state }),
    check,
    async close() {
      clearInterval(timer);
      await pool.end();
    },
  };
}
