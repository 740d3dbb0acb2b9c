import type { Config } from './config';
import type { AppContext } from './context';
import { openDatabase, type Database } from './db/client';
import { loadFieldCrypto } from './secrets';

/** Opens the database, runs pending migrations, and assembles the service context. */
export async function openRuntime(config: Config): Promise<{ ctx: AppContext; database: Database }> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? config.dataDir : `${config.dataDir}/pgdata` });
  await database.migrate();
  const ctx: AppContext = { db: database.db, config, crypto: loadFieldCrypto(config.dataDir, config.secretKeyHex) };
  return { ctx, database };
}
