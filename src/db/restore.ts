import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { createHash } from 'node:crypto';
import { sql, type Migration } from 'kysely';
import type { Config } from '../config.js';
import { BACKUP_FORMAT, type BackupManifest } from './backup.js';
import type { Database } from './connect.js';
import { migrateToLatest } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { TABLES, type TableName } from './tables.js';

/**
 * `aims restore`: a backup (./backup.ts) into an EMPTY place: the database of the configuration
 * (no row in any table), its data folder (no head log, no blob) and keys folder (no key).
 *
 * Every file is checked against the manifest before anything is written. The database is built
 * by the migrations the backup was taken with, loaded in one transaction (tables in foreign-key
 * order), then brought up to this version's migrations, so a backup of an older version restores
 * into a newer one. Then the files: keys, head logs, blobs, and the head mirror when one is
 * configured and does not exist yet. The caller then verifies (`aims restore` runs the same
 * checks as `aims ledger verify`).
 */

export class RestoreRefused extends Error {}

const sha256File = (file: string) =>
  createHash('sha256').update(fs.readFileSync(file)).digest('hex');

export function readManifest(from: string): BackupManifest {
  const file = path.join(from, 'manifest.json');
  if (!fs.existsSync(file)) throw new RestoreRefused(`${from} holds no manifest.json`);
  const m = JSON.parse(fs.readFileSync(file, 'utf8')) as BackupManifest;
  if (m.format !== BACKUP_FORMAT)
    throw new RestoreRefused(`${from} is not a backup of this format (${String(m.format)})`);
  return m;
}

/** Checks every file of the backup against the manifest: a problem per file, none when whole. */
export function checkBackup(from: string, m: BackupManifest): string[] {
  const problems: string[] = [];
  for (const f of [...Object.values(m.tables), ...m.files]) {
    const file = path.join(from, f.path);
    if (!fs.existsSync(file)) problems.push(`${f.path} is missing`);
    else if (sha256File(file) !== f.sha256) problems.push(`${f.path} differs from the manifest`);
  }
  return problems;
}

/** Tables in an order where every table comes after those its foreign keys point at. */
export function tablesInForeignKeyOrder(): TableName[] {
  const names = Object.keys(TABLES) as TableName[];
  const deps = new Map<TableName, Set<TableName>>();
  for (const t of names) {
    const d = new Set<TableName>();
    for (const col of Object.values(TABLES[t].columns)) {
      const target = col.inOrgOf ?? col.references?.split('.')[0];
      if (target && target !== t) d.add(target as TableName);
    }
    deps.set(t, d);
  }
  const out: TableName[] = [];
  const seen = new Set<TableName>();
  const visit = (t: TableName) => {
    if (seen.has(t)) return;
    seen.add(t);
    for (const d of deps.get(t)!) visit(d);
    out.push(t);
  };
  names.forEach(visit);
  return out;
}

async function hasRows(database: Database): Promise<TableName | null> {
  for (const table of Object.keys(TABLES) as TableName[]) {
    try {
      const r = await sql<{ n: number }>`select 1 as n from ${sql.table(table)} limit 1`.execute(
        database.db,
      );
      if (r.rows.length > 0) return table;
    } catch {
      // The table does not exist yet: empty.
    }
  }
  return null;
}

const nonEmptyDir = (dir: string) => fs.existsSync(dir) && fs.readdirSync(dir).length > 0;

async function* lines(file: string) {
  const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) if (line) yield line;
}

export async function restore(
  database: Database,
  config: Pick<Config, 'dataDir' | 'keysDir' | 'headMirror'>,
  from: string,
): Promise<BackupManifest> {
  const m = readManifest(from);
  const problems = checkBackup(from, m);
  if (problems.length > 0)
    throw new RestoreRefused(`the backup is damaged: ${problems.slice(0, 5).join('; ')}`);
  const unknown = m.migrations.filter((n) => !(n in MIGRATIONS));
  if (unknown.length > 0)
    throw new RestoreRefused(
      `the backup was made by a newer version (migrations ${unknown.join(', ')}): restore it with that version or a later one`,
    );
  const full = await hasRows(database);
  if (full) throw new RestoreRefused(`the target database is not empty (table ${full} has rows)`);
  for (const dir of [
    path.join(config.dataDir, 'ledger'),
    path.join(config.dataDir, 'blobs', 'sha256'),
  ])
    if (nonEmptyDir(dir)) throw new RestoreRefused(`the target data folder is not empty (${dir})`);
  if (
    fs.existsSync(config.keysDir) &&
    fs.readdirSync(config.keysDir).some((n) => !n.endsWith('.tmp'))
  )
    throw new RestoreRefused(`the target keys folder is not empty (${config.keysDir})`);

  // The schema the backup was taken with, its rows, then this version's migrations.
  const taken: Record<string, Migration> = {};
  for (const n of m.migrations) taken[n] = MIGRATIONS[n]!;
  await migrateToLatest(database.db, taken);
  await database.db.transaction().execute(async (trx) => {
    for (const table of tablesInForeignKeyOrder()) {
      const entry = m.tables[table];
      if (!entry || entry.rows === 0) continue;
      const columns = Object.keys(TABLES[table].columns).length;
      const chunk = Math.max(1, Math.floor(30_000 / columns));
      let batch: Record<string, unknown>[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        await trx
          .insertInto(table)
          .values(batch as never)
          .execute();
        batch = [];
      };
      for await (const line of lines(path.join(from, entry.path))) {
        batch.push(JSON.parse(line) as Record<string, unknown>);
        if (batch.length >= chunk) await flush();
      }
      await flush();
    }
  });
  await migrateToLatest(database.db);

  for (const f of m.files) {
    const source = path.join(from, f.path);
    let target: string | null;
    if (f.path.startsWith('keys/')) target = path.join(config.keysDir, f.path.slice(5));
    else if (f.path.startsWith('ledger/') || f.path.startsWith('blobs/'))
      target = path.join(config.dataDir, f.path);
    else if (f.path === 'mirror/heads.log')
      target = config.headMirror && !fs.existsSync(config.headMirror) ? config.headMirror : null;
    else target = null;
    if (!target) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    fs.copyFileSync(source, target, fs.constants.COPYFILE_EXCL);
    fs.chmodSync(target, f.path.startsWith('blobs/') ? 0o644 : 0o600);
  }
  return m;
}
