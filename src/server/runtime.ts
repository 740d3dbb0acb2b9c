import type { Config } from './config';
import type { AppContext } from './context';
import { openDatabase, refreshPlannerStats, type Database } from './db/client';
import { loadFieldCrypto } from './secrets';
import { openReplica } from './db/replica';
import { addNextYearPartitions } from './ops/ledger-partitions';
import { addAuditMonthPartitions } from './ops/audit-partitions';

/** Opens the database, runs pending migrations, and assembles the service context. */
export async function openRuntime(config: Config): Promise<{ ctx: AppContext; database: Database }> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? config.dataDir : `${config.dataDir}/pgdata` });
  await database.migrate();
  // A ledger partitioned by year (`lizhou partition-ledger`) gets next year's partitions ahead.
  await addNextYearPartitions(database.db);
  // An audit log partitioned by month (`lizhou partition-audit`) gets the coming months' ahead.
  await addAuditMonthPartitions(database.db);
  // The embedded database has no autovacuum: refresh statistics once per start (~0.2 s).
  if (database.kind === 'pglite') await refreshPlannerStats(database.db);
  const ctx: AppContext = { db: database.db, config, crypto: loadFieldCrypto(config.dataDir, config.secretKeyHex, { previous: config.previousSecretKeys, lookup: config.lookupKeyHex }), dbPoolStats: database.poolStats };
  if (config.replicaUrl) {
    const replica = await openReplica(config.replicaUrl, database.db, { maxLagSeconds: config.replicaMaxLagSeconds, checkIntervalMs: 2_000 });
    ctx.readDb = replica.reader;
    ctx.replicaStatus = replica.status;
    const close = database.close.bind(database);
    database.close = async () => {
      await replica.close();
      await close();
    };
  }
  return { ctx, database };
}
