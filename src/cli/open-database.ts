import { readConfig } from '../config.js';
import { connect, type Db } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';

/**
 * The database the server uses. The embedded one belongs to a single process: stop `npm start`
 * first (it reconciles by itself while running), or use DATABASE_URL.
 */
export async function openDatabase(): Promise<Db> {
  const config = readConfig();
  const db = connect({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
  });
  await migrateToLatest(db);
  return db;
}
