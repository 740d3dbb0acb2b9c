/**
 * The statements a load run spent its database time on, from pg_stat_statements when the server has
 * it loaded (shared_preload_libraries). Optional: without it the load bench prints how to enable it
 * and carries on. The view lives in whichever database ran CREATE EXTENSION, so it is read from the
 * server's own database and filtered to the run's temporary one.
 */
import pg from 'pg';

export interface StatementStat {
  calls: number;
  totalMs: number;
  meanMs: number;
  rows: number;
  /** Shared buffers read from the OS (not found in PostgreSQL's cache). */
  blocksRead: number;
  query: string;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Clears the counters; false when pg_stat_statements is not available on this server. */
export async function resetStatements(serverUrl: string): Promise<boolean> {
  return withClient(serverUrl, async (c) => {
    try {
      await c.query('create extension if not exists pg_stat_statements');
      await c.query('select pg_stat_statements_reset()');
      return true;
    } catch {
      // Not preloaded (or no permission): the report is skipped.
      return false;
    }
  });
}

/** The `limit` statements of database `dbName` with the most execution time since the reset. */
export async function topStatements(serverUrl: string, dbName: string, limit = 15): Promise<StatementStat[]> {
  return withClient(serverUrl, async (c) => {
    const { rows } = await c.query<{ calls: string; total: number; mean: number; rows: string; blks_read: string; query: string }>(
      `select s.calls::text, s.total_exec_time as total, s.mean_exec_time as mean, s.rows::text, s.shared_blks_read::text as blks_read, s.query
         from pg_stat_statements s join pg_database d on d.oid = s.dbid
        where d.datname = $1
        order by s.total_exec_time desc limit $2`,
      [dbName, limit],
    );
    return rows.map((r) => ({ calls: Number(r.calls), totalMs: r.total, meanMs: r.mean, rows: Number(r.rows), blocksRead: Number(r.blks_read), query: r.query }));
  });
}

export function printStatements(stats: StatementStat[], elapsedSeconds: number): void {
  const total = stats.reduce((a, s) => a + s.totalMs, 0);
  console.log(`database time by statement (top ${stats.length}: ${(total / 1000).toFixed(0)} s of execution in ${elapsedSeconds.toFixed(0)} s):`);
  console.log('    calls   total s   mean ms    rows/call  blks read  statement');
  for (const s of stats) {
    const text = s.query.replace(/\s+/g, ' ').slice(0, 160);
    console.log(
      `${String(s.calls).padStart(9)} ${(s.totalMs / 1000).toFixed(1).padStart(9)} ${s.meanMs.toFixed(2).padStart(9)} ${(s.calls ? s.rows / s.calls : 0).toFixed(1).padStart(12)} ${String(s.blocksRead).padStart(10)}  ${text}`,
    );
  }
}
