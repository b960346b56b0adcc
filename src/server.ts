import type { Config } from './config.js';
import { openBlobStore } from './blobs/store.js';
import { openDatabase, type Database } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { KeyStore } from './kernel/keys.js';
import { recoverLedgers } from './kernel/seal.js';
import { setWriteLanes } from './kernel/group-commit.js';
import { sealStoredCredentials } from './kernel/credentials.js';
import { AttemptLimiter } from './kernel/attempt-limiter.js';
import type { Services } from './api/route.js';
import { countCommitted } from './api/metrics.js';
import { notifyWhatStartsWaiting } from './modules/inbox/index.js';

/** The key store of a configuration: keys (AIMS_KEYS_DIR), head logs and their mirror. */
export const openKeyStore = (config: Config) =>
  new KeyStore(config.dataDir, {
    keysDir: config.keysDir,
    headMirror: config.headMirror,
    syncHeads: config.syncWrites,
  });

/**
 * Opens the database (migrating it) and the key store, and recovers the ledgers: what a crash
 * left unsigned is signed once its chain checks out, and every organization whose chain does not
 * (or which the database lost) starts in alarm.
 */
export async function createServices(config: Config, database?: Database): Promise<Services> {
  const db = database ?? openDatabase(config.databaseUrl, { syncFull: config.syncWrites });
  await migrateToLatest(db.db);
  if (db.dialect === 'postgres') setWriteLanes(db, config.writeLanes);
  const keys = openKeyStore(config);
  await sealStoredCredentials(db, keys.credentials);
  await recoverLedgers(db, keys, new Date());
  // Not migrated: a replica follows the primary's schema.
  const readDatabase = config.databaseReadUrl ? openDatabase(config.databaseReadUrl) : undefined;
  return {
    config,
    database: db,
    ...(readDatabase ? { readDatabase } : {}),
    keys,
    blobs: await openBlobStore(config),
    loginLimiter: new AttemptLimiter(
      config.loginRateLimit.max,
      config.loginRateLimit.windowSeconds * 1000,
    ),
    publicLimiter: new AttemptLimiter(
      config.publicRateLimit.max,
      config.publicRateLimit.windowSeconds * 1000,
    ),
    now: () => new Date(),
    reactions: [notifyWhatStartsWaiting, countCommitted],
  };
}
