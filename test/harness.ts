import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { sql, type Migration } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../src/config.js';
import { openPostgres, openSqlite, type Database } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createServices } from '../src/server.js';
import { buildApp, type AppOptions } from '../src/app.js';
import type { Services } from '../src/api/route.js';

export type DialectName = 'sqlite' | 'postgres';
/** Every integration test runs on both stores. */
export const DIALECTS: DialectName[] = ['sqlite', 'postgres'];

export interface TestDatabase extends Database {
  dir: string;
  /** Which PostgreSQL: a real server (AIMS_TEST_POSTGRES_URL) or PGlite. */
  flavour: 'sqlite' | 'postgres-server' | 'pglite';
}

/**
 * A fresh, migrated database of the given dialect and a fresh data folder. PostgreSQL is the real
 * server named by AIMS_TEST_POSTGRES_URL (in a schema of its own, dropped on close) or, without
 * it, an in-memory PGlite.
 */
export async function openTestDatabase(
  dialect: DialectName,
  opts: { migrations?: Record<string, Migration> } = {},
): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-test-'));
  let database: Database;
  let flavour: TestDatabase['flavour'] = 'sqlite';
  if (dialect === 'sqlite') {
    database = openSqlite(path.join(dir, 'aims.db'));
  } else if (process.env.AIMS_TEST_POSTGRES_URL) {
    flavour = 'postgres-server';
    const url = process.env.AIMS_TEST_POSTGRES_URL;
    const schema = `aims_t_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const options = `-c search_path=${schema}`;
    const pool = new pg.Pool({ connectionString: url, options, max: 10 });
    // The source lets ledger verification's worker threads open the same schema.
    const inner = openPostgres(pool, { kind: 'postgres', connectionString: url, options });
    database = {
      ...inner,
      close: async () => {
        await sql.raw(`drop schema ${schema} cascade`).execute(inner.db);
        await inner.close();
      },
    };
  } else {
    flavour = 'pglite';
    const lite = new PGlite();
    const inner = openPostgres(new pg.Pool(createPgConfig(lite) as pg.PoolConfig));
    database = {
      ...inner,
      close: async () => {
        await inner.close();
        await lite.close();
      },
    };
  }
  await migrateToLatest(database.db, opts.migrations);
  return {
    ...database,
    dir,
    flavour,
    close: async () => {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The whole API on a fresh database, for app.inject() tests. */
export async function openTestApp(dialect: DialectName, opts: AppOptions = {}): Promise<TestApp> {
  const database = await openTestDatabase(dialect);
  const config = { ...loadConfig({ AIMS_DATA_DIR: database.dir }), logLevel: 'silent' };
  const services = await createServices(config, database);
  const app = await buildApp(services, { logLevel: 'silent', ...opts });
  await app.ready();
  return {
    app,
    services,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
