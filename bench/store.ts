import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { openPostgres, openSqlite, type Database } from '../src/db/connect.js';
import { createServices } from '../src/server.js';
import type { Services } from '../src/api/route.js';
import { runInstance } from '../src/kernel/commands.js';
import type { Context } from '../src/kernel/context.js';
import { newId } from '../src/kernel/ids.js';
import { createOrg } from '../src/modules/orgs/index.js';

export type DialectName = 'sqlite' | 'postgres';

/**
 * AIMS_SYNC=full in the bench's environment measures the stores as `aims serve` runs them with
 * it: SQLite synchronous=FULL and the head logs fdatasynced per batch.
 */
export const benchSync = () => process.env.AIMS_SYNC === 'full';

/** How a separate process (the verification child) reopens the same store. */
export type StoreSpec =
  | { kind: 'sqlite'; file: string; dataDir: string }
  | { kind: 'postgres'; url: string; schema: string; dataDir: string };

export interface BenchStore {
  dialect: DialectName;
  spec: StoreSpec;
  services: Services;
  /** Closes the database, drops the PostgreSQL schema and removes the temp folder. */
  close(): Promise<void>;
}

/** A pool like openDatabase's (max 20), confined to one schema. */
export function benchPool(url: string, schema: string) {
  return new pg.Pool({ connectionString: url, options: `-c search_path=${schema}`, max: 20 });
}

/** Reopens a store described by a spec (no migration: it exists). */
export function reopen(spec: StoreSpec): Database {
  return spec.kind === 'sqlite'
    ? openSqlite(spec.file)
    : openPostgres(benchPool(spec.url, spec.schema));
}

/**
 * A fresh, migrated store: SQLite in a file in a temp folder (opened by openSqlite: WAL,
 * synchronous=NORMAL), or PostgreSQL in a fresh schema of the given server. The data folder (keys,
 * signed heads) is a temp folder either way.
 */
export async function openStore(
  dialect: DialectName,
  pgUrl: string | undefined,
): Promise<BenchStore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-bench-'));
  let spec: StoreSpec;
  let database: Database;
  let dropSchema = async () => {};
  try {
    if (dialect === 'sqlite') {
      spec = { kind: 'sqlite', file: path.join(dir, 'aims.db'), dataDir: dir };
      database = openSqlite(spec.file, { syncFull: benchSync() });
    } else {
      if (!pgUrl) throw new Error('no PostgreSQL URL');
      const schema = `aims_bench_${Math.random().toString(36).slice(2, 10)}`;
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      try {
        await admin.query(`create schema ${schema}`);
      } finally {
        await admin.end();
      }
      spec = { kind: 'postgres', url: pgUrl, schema, dataDir: dir };
      database = openPostgres(benchPool(pgUrl, schema));
      dropSchema = async () => {
        await sql.raw(`drop schema ${schema} cascade`).execute(database.db);
      };
    }
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const config = {
    ...loadConfig({ AIMS_DATA_DIR: dir, AIMS_SYNC: benchSync() ? 'full' : 'normal' }),
    logLevel: 'silent',
  };
  const services = await createServices(config, database);
  return {
    dialect,
    spec,
    services,
    close: async () => {
      try {
        await dropSchema();
      } finally {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

let requests = 0;

/** A host (CLI-like) context with a request id of its own. */
export function hostContext(services: Services): Context {
  return {
    database: services.database,
    keys: services.keys,
    actor: { kind: 'host', name: 'bench' },
    requestId: `bench-${++requests}`,
    now: services.now,
  };
}

export interface BenchOrg {
  id: string;
  slug: string;
  ownerId: string;
}

/**
 * An organization and its owner, made through the runner as `aims org create` does (two ledger
 * events). The owner user is inserted without a password, so no argon2 hashing happens here.
 */
export async function createBenchOrg(services: Services, slug: string): Promise<BenchOrg> {
  const ctx = hostContext(services);
  const ownerId = newId();
  const email = `owner@${slug}.example`;
  const now = services.now().toISOString();
  await services.database.db
    .insertInto('users')
    .values({
      id: ownerId,
      email,
      name: 'Owner',
      password_hash: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const { org } = await runInstance(ctx, createOrg, {
    name: `Bench ${slug}`,
    slug,
    owner: { email },
  });
  return { id: org.id, slug: org.slug, ownerId };
}

export const ownerAccess = (org: BenchOrg) => ({
  orgId: org.id,
  slug: org.slug,
  role: 'owner' as const,
  memberId: null,
});
