import path from 'node:path';
import type { Config } from './config.js';
import { BlobStore } from './blobs/store.js';
import { openDatabase, type Database } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { KeyStore } from './kernel/keys.js';
import { AttemptLimiter } from './kernel/attempt-limiter.js';
import type { Services } from './api/route.js';
import { notifyWhatStartsWaiting } from './modules/inbox/index.js';

/** Opens the database (migrating it) and the key store. */
export async function createServices(config: Config, database?: Database): Promise<Services> {
  const db = database ?? openDatabase(config.databaseUrl);
  await migrateToLatest(db.db);
  return {
    config,
    database: db,
    keys: new KeyStore(config.dataDir),
    blobs: new BlobStore(path.join(config.dataDir, 'blobs')),
    loginLimiter: new AttemptLimiter(
      config.loginRateLimit.max,
      config.loginRateLimit.windowSeconds * 1000,
    ),
    publicLimiter: new AttemptLimiter(
      config.publicRateLimit.max,
      config.publicRateLimit.windowSeconds * 1000,
    ),
    now: () => new Date(),
    reactions: [notifyWhatStartsWaiting],
  };
}
