import type SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { reusingStatements, type Database } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import type { DB } from '../db/schema.js';
import { TABLES, type TableSpec } from '../db/tables.js';
import type { LedgerBody } from './chain.js';
import { lazy } from './lazy.js';
import { emptyReplay, foldEvents, lastSeqAt, type Replay } from './replay.js';

/**
 * Reading an organization "as of" a moment: its records as the ledger held them after the last
 * event at or before that moment, in a fresh in-memory SQLite database built with the app's own
 * migrations (an "as-of snapshot"), on which the same queries and route handlers run unchanged.
 * The snapshot holds the organization's ledgered records (replayed: src/kernel/replay.ts), its
 * ledger up to that event, and what the queries read beside them: the users its members and
 * tokens belong to (names, e-mails; never credentials) and the metric points of its batches.
 * Snapshots are kept per (organization, seq), the few most recently used, and built once when
 * requests for the same one arrive together.
 */

const sqlite = lazy<typeof SQLite>('better-sqlite3');
const BATCH = 5_000;
const IN_CHUNK = 500;
/** How many snapshots are kept across organizations: each holds one organization's records. */
export const SNAPSHOTS_KEPT = 4;
/**
 * And how many ledger events they may hold together (a snapshot holds its ledger: about 1.6 kB of
 * memory per event, measured at 200,000 events), the newest snapshot being kept whatever its size.
 */
export const SNAPSHOT_EVENTS_KEPT = 250_000;

let image: Promise<Buffer> | null = null;

/** The migrated, empty database as bytes: each snapshot starts from a copy of it. */
function emptyImage(): Promise<Buffer> {
  image ??= (async () => {
    const handle = new (sqlite())(':memory:');
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: handle }) });
    await migrateToLatest(db);
    const bytes = handle.serialize();
    await db.destroy();
    return bytes;
  })();
  image.catch(() => (image = null));
  return image;
}

/** The moment a read is as of, and the ledger event it stands at (0 before the first). */
export interface AsOfPoint {
  seq: number;
  /** The moment asked for (ISO-8601 UTC), no later than now. */
  at: string;
}

/** The seq of the organization's last event at or before `at` (0 when there is none). */
export async function asOfSeq(db: Kysely<DB>, orgId: string, at: string): Promise<number> {
  const head = await db
    .selectFrom('ledger_heads')
    .select('seq')
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return lastSeqAt(Number(head?.seq ?? 0), at, async (seq) => {
    const row = await db
      .selectFrom('ledger_events')
      .select('body')
      .where('org_id', '=', orgId)
      .where('seq', '=', seq)
      .executeTakeFirstOrThrow();
    return (JSON.parse(row.body) as LedgerBody).at;
  });
}

type Value = string | number | null;

/** A statement per table inserting every column, secrets given a placeholder (never read). */
function inserter(handle: SQLite.Database) {
  const prepared = new Map<string, (row: Record<string, unknown>) => void>();
  return (table: string, row: Record<string, unknown>) => {
    let insert = prepared.get(table);
    if (!insert) {
      const spec = (TABLES as Record<string, TableSpec>)[table]!;
      const cols = Object.entries(spec.columns);
      const stmt = handle.prepare(
        `insert into "${table}" (${cols.map(([c]) => `"${c}"`).join(', ')}) values (${cols.map(() => '?').join(', ')})`,
      );
      insert = (r) =>
        stmt.run(
          cols.map(([c, col]): Value => {
            const v = r[c];
            if (v !== undefined && v !== null) return v as Value;
            // A secret column (a token hash) is not in the ledger: a unique stand-in keeps the
            // row valid; nothing reads it in a snapshot.
            return col.isNullable ? null : `as-of:${String(r.id)}:${c}`;
          }),
        );
      prepared.set(table, insert);
    }
    insert(row);
  };
}

/** Builds the snapshot of one organization at `seq` from the live database. */
export async function buildSnapshot(live: Database, orgId: string, seq: number): Promise<Database> {
  const handle = new (sqlite())(await emptyImage());
  handle.pragma('foreign_keys = OFF');
  const insert = inserter(handle);
  const replay: Replay = emptyReplay();
  let after = 0;
  let hash: string | null = null;
  while (after < seq) {
    const upTo = Math.min(seq, after + BATCH);
    const rows = await live.db
      .selectFrom('ledger_events')
      .select(['seq', 'entity', 'entity_id', 'body', 'hash'])
      .where('org_id', '=', orgId)
      .where('seq', '>', after)
      .where('seq', '<=', upTo)
      .orderBy('seq')
      .execute();
    handle.transaction(() => {
      for (const r of rows) insert('ledger_events', { org_id: orgId, ...r });
    })();
    foldEvents(
      rows.map((r) => JSON.parse(r.body) as LedgerBody),
      seq,
      replay,
    );
    if (rows.length > 0) hash = rows[rows.length - 1]!.hash;
    after = upTo;
  }
  if (!replay.records.get('orgs')?.has(orgId)) {
    // Before its first event the organization is as it was created, with no records.
    const first = await live.db
      .selectFrom('ledger_events')
      .select('body')
      .where('org_id', '=', orgId)
      .where('entity', '=', 'orgs')
      .where('entity_id', '=', orgId)
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    const state = first ? (JSON.parse(first.body) as LedgerBody).state : null;
    if (state) replay.records.set('orgs', new Map([[orgId, state]]));
  }
  const userIds = new Set<string>();
  const batchIds: string[] = [];
  handle.transaction(() => {
    for (const [entity, records] of replay.records) {
      const spec = (TABLES as Record<string, TableSpec>)[entity];
      if (!spec?.ledgered) continue; // a table since dropped
      for (const state of records.values()) {
        // A column added after the event is null (as verification reads it: stateAsOfNow).
        const row: Record<string, unknown> = {};
        for (const c of Object.keys(spec.columns)) row[c] = state[c] ?? null;
        insert(entity, row);
        if ((entity === 'memberships' || entity === 'api_tokens') && row.user_id)
          userIds.add(String(row.user_id));
        if (entity === 'metric_batches') batchIds.push(String(row.id));
      }
    }
    if (hash !== null)
      insert('ledger_heads', { org_id: orgId, seq, hash, signed_at: null, signature: null });
  })();
  const ids = [...userIds];
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    const users = await live.db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'created_at', 'updated_at'])
      .where('id', 'in', ids.slice(i, i + IN_CHUNK))
      .execute();
    handle.transaction(() => {
      for (const u of users) insert('users', { ...u, password_hash: null, password_mac: null });
    })();
  }
  // Metric points are written with their ledgered batch, which names their content's hash.
  for (let i = 0; i < batchIds.length; i += IN_CHUNK) {
    const points = await live.db
      .selectFrom('metric_points')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('batch_id', 'in', batchIds.slice(i, i + IN_CHUNK))
      .execute();
    handle.transaction(() => {
      for (const p of points) insert('metric_points', p);
    })();
  }
  const checkpoints = await live.db
    .selectFrom('ledger_checkpoints')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('seq', '<=', seq)
    .execute();
  handle.transaction(() => {
    for (const c of checkpoints) insert('ledger_checkpoints', c);
  })();
  // A snapshot is read only: a handler that tried to write (and sign) there fails instead.
  handle.pragma('query_only = ON');
  const db = new Kysely<DB>({
    dialect: new SqliteDialect({ database: reusingStatements(handle, 100) }),
  });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

interface Kept {
  snapshot: Promise<Database>;
  users: number;
  dropped: boolean;
}

/** Snapshots per live database (tests open many), then per `orgId:seq`, most recent last. */
const kept = new WeakMap<Kysely<DB>, Map<string, Kept>>();
let builds = 0;

/** How many snapshots this process has built (tests count them). */
export const snapshotBuilds = () => builds;

const closeWhenUnused = (k: Kept) => {
  if (k.dropped && k.users === 0) void k.snapshot.then((s) => s.close()).catch(() => undefined);
};

/**
 * The snapshot of the organization at `seq`, for one use: call `release` when done (a snapshot
 * dropped from the cache is closed once its last user releases it).
 */
export async function openSnapshot(
  live: Database,
  orgId: string,
  seq: number,
): Promise<{ database: Database; release: () => void }> {
  let cache = kept.get(live.db);
  if (!cache) kept.set(live.db, (cache = new Map()));
  const key = `${orgId}:${seq}`;
  let entry = cache.get(key);
  if (entry) cache.delete(key);
  else {
    builds++;
    entry = { snapshot: buildSnapshot(live, orgId, seq), users: 0, dropped: false };
    const built = entry;
    built.snapshot.catch(() => {
      if (cache.get(key) === built) cache.delete(key);
    });
  }
  cache.set(key, entry);
  const held = () => [...cache.keys()].reduce((n, k) => n + Number(k.split(':').pop()), 0);
  while (cache.size > 1 && (cache.size > SNAPSHOTS_KEPT || held() > SNAPSHOT_EVENTS_KEPT)) {
    const [oldKey, old] = cache.entries().next().value!;
    cache.delete(oldKey);
    old.dropped = true;
    closeWhenUnused(old);
  }
  const mine = entry;
  mine.users++;
  let database: Database;
  try {
    database = await mine.snapshot;
  } catch (e) {
    mine.users--;
    throw e;
  }
  let released = false;
  return {
    database,
    release: () => {
      if (released) return;
      released = true;
      mine.users--;
      closeWhenUnused(mine);
    },
  };
}
