import type { Command } from 'commander';
import type { Config } from '../config.js';
import { backup } from '../db/backup.js';
import { openDatabase } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { restore, RestoreRefused } from '../db/restore.js';
import { recoverLedgers } from '../kernel/seal.js';
import { credentialProblems, missingOrgs, orgIdsToVerify, verifyLedger } from '../kernel/verify.js';
import { openKeyStore } from '../server.js';

/**
 * `aims backup --out DIR` and `aims restore FROM` (src/db/backup.ts, src/db/restore.ts): a
 * consistent copy of the database, keys, head logs and blobs, and its restoration into an empty
 * place, verified as `aims ledger verify` does.
 */
export interface BackupCliDeps {
  io: { out(s: string): void; err(s: string): void };
  config: () => Config;
  status: { exitCode: number };
  usage(message: string): Error;
}

export function registerBackupCommands(program: Command, deps: BackupCliDeps) {
  const { io } = deps;
  program
    .command('backup')
    .description(
      'copy the database (one consistent snapshot), the signing keys, the head logs and the blobs into a new folder, with a manifest of SHA-256 hashes',
    )
    .requiredOption('--out <dir>', 'a new or empty folder')
    .option('--json', 'print the manifest')
    .action(async (o: { out: string; json?: boolean }) => {
      const c = deps.config();
      const database = openDatabase(c.databaseUrl);
      try {
        await migrateToLatest(database.db);
        const m = await backup(database, c, o.out);
        if (o.json) io.out(JSON.stringify(m, null, 2));
        else {
          const rows = Object.values(m.tables).reduce((n, t) => n + t.rows, 0);
          io.out(
            `backup of ${m.createdAt} in ${o.out}: ${rows} rows in ${Object.keys(m.tables).length} tables, ${m.files.length} files, ${Object.keys(m.heads).length} ledgers`,
          );
        }
      } catch (e) {
        if (e instanceof Error && /is not empty/.test(e.message)) throw deps.usage(e.message);
        throw e;
      } finally {
        await database.close();
      }
    });

  program
    .command('restore')
    .description(
      'restore a backup into the configured database, data folder and keys folder, which must be empty; then verify every ledger (exit 1 on any problem)',
    )
    .argument('<from>', 'the folder `aims backup` wrote')
    .option('--json', 'print the report as JSON')
    .action(async (from: string, o: { json?: boolean }) => {
      const c = deps.config();
      const database = openDatabase(c.databaseUrl);
      try {
        let manifest;
        try {
          manifest = await restore(database, c, from);
        } catch (e) {
          if (e instanceof RestoreRefused) throw deps.usage(e.message);
          throw e;
        }
        const keys = openKeyStore(c);
        const now = new Date();
        await recoverLedgers(database, keys, now);
        const reports = [];
        for (const id of await orgIdsToVerify(database.db, keys))
          reports.push(await verifyLedger(database, keys, id, { now }));
        const instance = [
          ...(await missingOrgs(database.db, keys)),
          ...(await credentialProblems(database.db, keys)),
        ];
        const ok = reports.every((r) => r.ok) && instance.length === 0;
        if (o.json)
          io.out(
            JSON.stringify({ ok, backupOf: manifest.createdAt, organizations: reports, instance }),
          );
        else {
          io.out(`restored the backup of ${manifest.createdAt}`);
          for (const r of reports)
            io.out(
              r.ok
                ? `ok   ${r.slug}: ${r.events} events, ${r.records} records`
                : `FAIL ${r.slug}: ${r.firstBroken?.message} [${r.firstBroken?.code}]`,
            );
          for (const p of instance) io.out(`FAIL ${p.message} [${p.code}]`);
        }
        if (!ok) deps.status.exitCode = 1;
      } finally {
        await database.close();
      }
    });
}
