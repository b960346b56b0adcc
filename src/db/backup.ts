import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Config } from '../config.js';
import { parseLog } from '../kernel/head-log.js';
import type { Dialect, Database } from './connect.js';
import type { DB } from './schema.js';
import { PRIMARY_KEYS, TABLES, type TableName } from './tables.js';

/**
 * `aims backup`: one consistent copy of an instance in a folder.
 *
 * - The database: every table of the registry as JSON lines (`db/<table>.jsonl`, ordered by
 *   primary key), all read in ONE snapshot (PostgreSQL: a REPEATABLE READ, READ ONLY transaction;
 *   SQLite: a deferred read transaction, which in WAL mode sees one state while writers go on).
 *   The same format for both dialects: a backup of one can be restored into the other.
 * - The files, copied after the snapshot and cut to it: the signing keys of the organizations the
 *   snapshot holds and the credential seal key; each organization's head log up to the snapshot's
 *   head (a line signed after the snapshot would vouch for events the copy lacks); the head
 *   mirror likewise; every blob (a blob is stored before the record naming it commits, so each one
 *   the snapshot names is there; an extra one is harmless).
 * - `manifest.json`: the snapshot's moment, dialect, migrations and ledger heads, and the SHA-256
 *   and size of every file, which restore checks before it loads anything.
 *
 * The backup holds the signing keys: keep it as secret as the keys folder.
 */

export const BACKUP_FORMAT = 'aims-backup/1';

export interface BackupFile {
  path: string;
  sha256: string;
  size: number;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  dialect: Dialect;
  migrations: string[];
  tables: Record<string, BackupFile & { rows: number }>;
  files: BackupFile[];
  heads: Record<string, { seq: number; hash: string }>;
}

const BATCH = 2000;
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

export const primaryKeyOf = (table: TableName): readonly string[] => PRIMARY_KEYS[table] ?? ['id'];

/** Reads a table in primary-key order, batch by batch (keyset paging), within `db`'s snapshot. */
async function* readTable(
  db: Kysely<DB>,
  table: TableName,
): AsyncGenerator<Record<string, unknown>> {
  const pk = primaryKeyOf(table);
  let after: unknown[] | null = null;
  for (;;) {
    const cursor: unknown[] | null = after;
    const where: RawBuilder<unknown> = cursor
      ? sql`where (${sql.join(pk.map((c) => sql.ref(c)))}) > (${sql.join(cursor.map((v) => sql`${v}`))})`
      : sql``;
    const order = sql.join(pk.map((c) => sql`${sql.ref(c)}`));
    const r: { rows: Record<string, unknown>[] } = await sql<
      Record<string, unknown>
    >`select * from ${sql.table(table)} ${where} order by ${order} limit ${BATCH}`.execute(db);
    for (const row of r.rows) yield row;
    if (r.rows.length < BATCH) return;
    const last: Record<string, unknown> = r.rows[r.rows.length - 1]!;
    after = pk.map((c) => last[c]);
  }
}

/** The registry's columns of a row, in the registry's order (a row reads the same from both). */
const rowLine = (table: TableName, row: Record<string, unknown>) => {
  const out: Record<string, unknown> = {};
  for (const c of Object.keys(TABLES[table].columns)) out[c] = row[c] ?? null;
  return JSON.stringify(out);
};

/** A table's rows as backup lines, in primary-key order. */
export async function* tableLines(db: Kysely<DB>, table: TableName): AsyncGenerator<string> {
  for await (const row of readTable(db, table)) yield rowLine(table, row);
}

function writeFile(root: string, rel: string, data: Buffer | string, mode?: number): BackupFile {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, data, mode === undefined ? {} : { mode });
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  return { path: rel, sha256: sha256(buf), size: buf.length };
}

/** A head log's lines up to `seq` for the organization (or, for the mirror, per organization). */
function cutLog(text: string, keep: (orgId: string, seq: number) => boolean): string {
  const { lines } = parseLog(text);
  const kept: string[] = [];
  for (const l of lines) {
    if (!l.head) continue;
    if (keep(l.head.org_id, l.head.seq)) kept.push(l.text);
  }
  return kept.map((t) => `${t}\n`).join('');
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** Takes a backup into `out` (a new or empty folder). */
export async function backup(
  database: Database,
  config: Pick<Config, 'dataDir' | 'keysDir' | 'headMirror'>,
  out: string,
  now = new Date(),
  /** Runs between the snapshot and the copy of the files (tests: writes in that window). */
  afterSnapshot?: () => Promise<void>,
): Promise<BackupManifest> {
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0)
    throw new Error(`${out} is not empty: a backup goes into a new or empty folder`);
  fs.mkdirSync(out, { recursive: true, mode: 0o700 });
  const tables: BackupManifest['tables'] = {};
  const heads: BackupManifest['heads'] = {};
  let migrations: string[] = [];
  let orgIds: string[] = [];

  await database.db.connection().execute(async (conn) => {
    await sql
      .raw(
        database.dialect === 'postgres'
          ? 'begin isolation level repeatable read read only'
          : 'begin deferred',
      )
      .execute(conn);
    try {
      migrations = (
        await sql<{ name: string }>`select name from kysely_migration order by name`.execute(conn)
      ).rows.map((r) => r.name);
      for (const table of Object.keys(TABLES) as TableName[]) {
        const rel = `db/${table}.jsonl`;
        const file = path.join(out, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        const fd = fs.openSync(file, 'w', 0o600);
        const hash = createHash('sha256');
        let rows = 0;
        let size = 0;
        try {
          for await (const row of readTable(conn, table)) {
            const line = `${rowLine(table, row)}\n`;
            fs.writeSync(fd, line);
            hash.update(line);
            size += Buffer.byteLength(line);
            rows++;
            if (table === 'ledger_heads')
              heads[row.org_id as string] = { seq: row.seq as number, hash: row.hash as string };
            if (table === 'orgs') orgIds.push(row.id as string);
          }
        } finally {
          fs.closeSync(fd);
        }
        tables[table] = { path: rel, rows, sha256: hash.digest('hex'), size };
      }
    } finally {
      await sql.raw('commit').execute(conn);
    }
  });
  orgIds = orgIds.sort();
  await afterSnapshot?.();

  const files: BackupFile[] = [];
  // Keys: the organizations' of the snapshot, and the instance's own (the credential seal).
  for (const file of listFiles(config.keysDir)) {
    const name = path.basename(file);
    if (name.endsWith('.tmp')) continue;
    const org = /^(.+)\.ed25519\.pem$/.exec(name);
    if (org && !orgIds.includes(org[1]!)) continue;
    files.push(writeFile(out, `keys/${name}`, fs.readFileSync(file), 0o600));
  }
  // Head logs, cut to the snapshot's heads.
  const upTo = (orgId: string, seq: number) => seq <= (heads[orgId]?.seq ?? 0);
  for (const orgId of orgIds) {
    const file = path.join(config.dataDir, 'ledger', orgId, 'heads.log');
    if (!fs.existsSync(file)) continue;
    const text = cutLog(fs.readFileSync(file, 'utf8'), upTo);
    files.push(writeFile(out, `ledger/${orgId}/heads.log`, text, 0o600));
  }
  if (config.headMirror && fs.existsSync(config.headMirror)) {
    const text = cutLog(
      fs.readFileSync(config.headMirror, 'utf8'),
      (o, s) => orgIds.includes(o) && upTo(o, s),
    );
    files.push(writeFile(out, 'mirror/heads.log', text, 0o600));
  }
  // Blobs, each checked against its name.
  const blobRoot = path.join(config.dataDir, 'blobs', 'sha256');
  for (const file of listFiles(blobRoot)) {
    const data = fs.readFileSync(file);
    const name = path.basename(file);
    if (sha256(data) !== name) throw new Error(`blob ${name} does not match its name`);
    files.push(writeFile(out, `blobs/sha256/${name.slice(0, 2)}/${name}`, data));
  }

  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    createdAt: now.toISOString(),
    dialect: database.dialect,
    migrations,
    tables,
    files,
    heads,
  };
  fs.writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, {
    mode: 0o600,
  });
  return manifest;
}
