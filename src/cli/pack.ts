import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { BlobStore } from '../blobs/store.js';
import type { Config } from '../config.js';
import { resolveOrg } from '../kernel/authorize.js';
import type { Context } from '../kernel/context.js';
import { buildPack, verifyPack } from '../modules/pack/index.js';

/**
 * `aims pack --org SLUG [--as-of DATE] --out FILE` writes an organization's audit pack from the
 * local database; `aims pack verify FILE` checks one with nothing but the file (no database, no
 * configuration), names the first problem and exits 1.
 */
export interface PackCliDeps {
  io: {
    out(s: string): void;
    err(s: string): void;
    progress?(line: string, end: boolean): void;
  };
  config: () => Config;
  status: { exitCode: number };
  withContext<T>(config: Config, fn: (ctx: Context) => Promise<T>): Promise<T>;
  usage(message: string): Error;
}

/** A date alone means the end of that day (UTC); otherwise an ISO 8601 moment. */
export function parseAsOf(text: string): Date | null {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(text)
    ? new Date(`${text}T23:59:59.999Z`)
    : /^\d{4}-\d{2}-\d{2}T/.test(text)
      ? new Date(text)
      : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
}

export function registerPackCommands(program: Command, deps: PackCliDeps) {
  const { io, status } = deps;
  const json = new Option('--json', 'print machine-readable JSON');
  const pack = program
    .command('pack')
    .description(
      "write an organization's audit pack: a ZIP with an offline index.html, a report PDF, the records as JSON and CSV, the evidence files, the ledger segment with its signed heads and checkpoints, the public key and a signed manifest",
    )
    .option('--org <slug>', 'organization slug or id')
    .option(
      '--as-of <date>',
      'the records as of this date (YYYY-MM-DD: the end of that day, UTC) or moment (ISO 8601); default: now',
    )
    .option(
      '--scope <system...>',
      "the AI systems (ids or names) the pack is about: the report's risks, impact assessments and incidents are those linked to them, and the signed manifest names them; the ledger and records stay whole so the pack still verifies",
    )
    .option('--out <file>', 'the archive to write')
    .addOption(json)
    .action(
      async (o: {
        org?: string;
        asOf?: string;
        scope?: string[];
        out?: string;
        json?: boolean;
      }) => {
        if (!o.org || !o.out) throw deps.usage('aims pack needs --org and --out');
        const asOf = o.asOf === undefined ? undefined : parseAsOf(o.asOf);
        if (asOf === null) throw deps.usage('--as-of must be a date (YYYY-MM-DD) or an ISO moment');
        const out = path.resolve(o.out);
        const c = deps.config();
        const result = await deps.withContext(c, async (ctx) => {
          const access = await resolveOrg(ctx.database.db, ctx.actor, o.org!);
          let last = '';
          return buildPack(
            {
              database: ctx.database,
              keys: ctx.keys,
              blobs: new BlobStore(path.join(c.dataDir, 'blobs')),
            },
            access.orgId,
            {
              out,
              now: ctx.now(),
              ...(asOf ? { asOf } : {}),
              ...(o.scope?.length ? { scope: o.scope } : {}),
              memberId: access.memberId,
              onProgress: (p) => {
                const line = `packing: ${p.phase} ${p.percent}%`;
                if (o.json || line === last) return;
                last = line;
                io.progress?.(line, p.phase === 'done');
              },
            },
          );
        });
        if (o.json) io.out(JSON.stringify(result, null, 2));
        else
          io.out(
            `wrote ${result.file}: ${result.records} records as of ${result.asOf}, ${result.events} ledger events, ${result.files} files, ${result.bytes} bytes`,
          );
      },
    );

  pack
    .command('verify')
    .description(
      'check an audit pack with nothing but the file: the manifest signature, every SHA-256, the ledger chain and its signed heads, and that the records equal the replay of the ledger; names the first problem and exits 1',
    )
    .argument('<file>', 'the pack')
    .option(
      '--public-key <file>',
      "the organization's public key (PEM) the pack must be signed with",
    )
    .addOption(json)
    .action(async (file: string, o: { publicKey?: string; json?: boolean }, cmd: Command) => {
      // `--json` after the file is taken by `aims pack` itself, which has the option too.
      const asJson = o.json ?? (cmd.parent?.opts() as { json?: boolean } | undefined)?.json;
      if (o.publicKey && !fs.existsSync(o.publicKey))
        throw deps.usage(`no such file: ${o.publicKey}`);
      const report = await verifyPack(
        file,
        o.publicKey ? { publicKey: fs.readFileSync(o.publicKey, 'utf8') } : {},
      );
      if (asJson) io.out(JSON.stringify(report, null, 2));
      else if (report.ok)
        io.out(
          `ok   ${report.organization} as of ${report.asOf}: ${report.files} files, ${report.events} ledger events, ${report.records} records${report.scope ? `; scope: ${report.scope.join(', ')}` : ''}; key fingerprint ${report.keyFingerprint}`,
        );
      else {
        const p = report.problem!;
        io.out(`FAIL ${p.path}: ${p.message} [${p.code}]`);
      }
      if (!report.ok) status.exitCode = 1;
    });
}
