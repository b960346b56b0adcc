import fs from 'node:fs';
import os from 'node:os';
import { Command, Option } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { openDatabase } from '../db/connect.js';
import { decodeJson } from '../db/json.js';
import { migrateToLatest } from '../db/migrate.js';
import { resolveOrg } from '../kernel/authorize.js';
import { parseInput, run, runInstance } from '../kernel/commands.js';
import type { Context } from '../kernel/context.js';
import { AppError } from '../kernel/errors.js';
import { newId, UUID_RE } from '../kernel/ids.js';
import {
  MISSING_SLUG,
  credentialProblems,
  missingOrgs,
  orgIdsToVerify,
  readMirror,
  verifyLedger,
} from '../kernel/verify.js';
import { openKeyStore } from '../server.js';
import { sealStoredCredentials } from '../kernel/credentials.js';
import {
  addMember,
  createOrg,
  createTokenFor,
  documentHead,
  memberLabelsById,
  revokeToken,
  setupInstance,
  slugTaken,
} from '../modules/orgs/index.js';
import {
  email as emailSchema,
  password as passwordSchema,
  userByEmail,
} from '../modules/identity/index.js';
import { REGISTERS, applyImport, exportRegister, planImport } from '../modules/registers/index.js';
import { importProblem } from '../modules/imports/index.js';
import { parseCsv } from '../interop/csv.js';
import { registerBackupCommands } from './backup.js';
import { registerAccountCommands } from './account.js';
import { registerGateCommands } from './gate.js';
import {
  passwordFrom,
  readAllStdin,
  readHidden,
  SecretUsageError,
  type SecretIo,
} from './secrets.js';
import { registerMetricsCommands } from './metrics.js';
import { registerInterchangeCommands } from './interchange.js';
import { registerPackCommands } from './pack.js';
import { parseXlsx } from '../interop/xlsx.js';
import { notifyWhatStartsWaiting } from '../modules/inbox/index.js';

interface DemoOptions {
  email: string;
  password?: string;
  passwordStdin?: boolean;
  org: string;
  json?: boolean;
}

/** Raised for a CLI usage problem: printed as a message, exit code 1. */
class CliError extends Error {}

interface Io extends SecretIo {
  out(s: string): void;
  err(s: string): void;
  /** Redraws one status line (a progress bar); `end` finishes it. */
  progress?(line: string, end: boolean): void;
}

async function withContext<T>(config: Config, fn: (ctx: Context) => Promise<T>): Promise<T> {
  const database = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database.db);
    const keys = openKeyStore(config);
    await sealStoredCredentials(database, keys.credentials);
    const ctx: Context = {
      database,
      keys,
      actor: { kind: 'host', name: `cli:${os.userInfo().username}` },
      requestId: `cli-${newId()}`,
      now: () => new Date(),
      reactions: [notifyWhatStartsWaiting],
    };
    return await fn(ctx);
  } finally {
    await database.close();
  }
}

function describeError(e: unknown): {
  code: string;
  message: string;
  errors?: { pointer: string; message: string }[];
} {
  if (e instanceof AppError) {
    // CLI options stand where the API has body fields: /body/email is --email.
    const errors = e.errors?.map((f) =>
      f.row !== undefined
        ? { pointer: `row ${f.row}, column ${f.column}`, message: f.message }
        : {
            pointer: f.pointer.replace(/^\/body\/(owner\/)?/, '--').replace(/^\/params\//, '--'),
            message: f.message,
          },
    );
    return { code: e.code, message: e.message, ...(errors ? { errors } : {}) };
  }
  if (e instanceof CliError || e instanceof SecretUsageError)
    return { code: 'USAGE', message: e.message };
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

const printJson = (io: Io, v: unknown) => io.out(JSON.stringify(v, null, 2));

export function buildCli(
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
  status = { exitCode: 0 },
): Command {
  const program = new Command('aims')
    .description(
      'aims: an AI management system for ISO/IEC 42001.\nConfigured by AIMS_DATABASE_URL, AIMS_DATA_DIR, AIMS_KEYS_DIR, AIMS_HEAD_MIRROR, AIMS_HOST, AIMS_PORT, AIMS_LOG_LEVEL; `aims gate` and `aims metrics push` also by AIMS_URL and AIMS_TOKEN.',
    )
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride()
    // Options after a subcommand are its own (`aims export oscal ssp --org x` is not `aims export --org x`).
    .enablePositionalOptions()
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
    });
  const config = () => loadConfig(env);
  const json = new Option('--json', 'print machine-readable JSON');
  const passwordStdin = () =>
    new Option('--password-stdin', 'read the password from the first line of standard input');
  const passwordOption = (what: string) =>
    new Option(
      '--password <password>',
      `${what} (asked for, hidden, when omitted: a password on the command line stays in the shell history and the process list)`,
    );
  /** The password of a user who is new: as given, or asked for; none for an existing user. */
  const newUserPassword = async (
    ctx: Context,
    o: { email: string; password?: string | undefined; passwordStdin?: boolean | undefined },
  ) => {
    if (o.password !== undefined) return o.password;
    // A bad address is reported with the command's other bad fields.
    const email = emailSchema.safeParse(o.email);
    if (!email.success || (await userByEmail(ctx.database.db, email.data))) return undefined;
    if (!o.passwordStdin && !io.readSecret) return undefined; // PASSWORD_REQUIRED follows
    return passwordFrom(io, { stdin: o.passwordStdin, confirm: true, label: 'password' });
  };

  program
    .command('serve')
    .description('run the API and the web app')
    .action(async () => {
      const { startServer } = await import('./serve.js');
      await startServer(config());
    });

  program
    .command('migrate')
    .description('bring the database schema up to date')
    .addOption(json)
    .action(async (o: { json?: boolean }) => {
      const c = config();
      const database = openDatabase(c.databaseUrl);
      try {
        const applied = await migrateToLatest(database.db);
        if (o.json) printJson(io, { applied });
        else io.out(applied.length ? `applied: ${applied.join(', ')}` : 'the schema is up to date');
      } finally {
        await database.close();
      }
    });

  program
    .command('init')
    .description(
      'first-run setup: create the first organization and its owner (only on an empty instance)',
    )
    .requiredOption('--org <name>', 'organization name')
    .option('--slug <slug>', 'organization slug (default: made from the name)')
    .requiredOption('--email <email>', "the owner's email")
    .addOption(passwordOption("the owner's password (at least 12 characters)"))
    .addOption(passwordStdin())
    .option('--name <name>', "the owner's display name")
    .addOption(json)
    .action(
      async (o: {
        org: string;
        slug?: string;
        email: string;
        password?: string;
        passwordStdin?: boolean;
        name?: string;
        json?: boolean;
      }) => {
        const password =
          o.password ??
          (await passwordFrom(io, { stdin: o.passwordStdin, confirm: true, label: 'password' }));
        const out = await withContext(config(), (ctx) =>
          runInstance(ctx, setupInstance, {
            orgName: o.org,
            orgSlug: o.slug,
            email: o.email,
            password,
            name: o.name,
          }),
        );
        if (o.json) printJson(io, out);
        else
          io.out(
            `created organization ${out.org.name} (${out.org.slug}) with owner ${out.user.email}`,
          );
      },
    );

  const org = program.command('org').description('organizations');
  org
    .command('create')
    .description('create an organization owned by a user (made when new)')
    .requiredOption('--org <name>', 'organization name')
    .option('--slug <slug>', 'organization slug (default: made from the name)')
    .requiredOption('--email <email>', "the owner's email")
    .addOption(passwordOption("the owner's password, when the user is new"))
    .addOption(passwordStdin())
    .option('--name <name>', "the owner's display name, when the user is new")
    .addOption(json)
    .action(
      async (o: {
        org: string;
        slug?: string;
        email: string;
        password?: string;
        passwordStdin?: boolean;
        name?: string;
        json?: boolean;
      }) => {
        const out = await withContext(config(), async (ctx) => {
          const password = await newUserPassword(ctx, o);
          const { org } = await runInstance(ctx, createOrg, {
            name: o.org,
            slug: o.slug,
            owner: { email: o.email, password, name: o.name },
          });
          return org;
        });
        if (o.json) printJson(io, out);
        else io.out(`created organization ${out.name} (${out.slug}) owned by ${o.email}`);
      },
    );

  const user = program.command('user').description('users and memberships');
  user
    .command('add')
    .description('add a user to an organization with a role (the user is made when new)')
    .requiredOption('--org <slug>', 'organization slug or id')
    .requiredOption('--email <email>', 'email')
    .addOption(passwordOption('password, when the user is new'))
    .addOption(passwordStdin())
    .requiredOption('--role <role>', 'owner, manager, contributor, auditor or viewer')
    .option('--name <name>', 'display name, when the user is new')
    .addOption(json)
    .action(
      async (o: {
        org: string;
        email: string;
        password?: string;
        passwordStdin?: boolean;
        role: string;
        name?: string;
        json?: boolean;
      }) => {
        const out = await withContext(config(), async (ctx) => {
          const access = await resolveOrg(ctx.database.db, ctx.actor, o.org);
          const password = await newUserPassword(ctx, o);
          return run(
            ctx,
            addMember,
            { email: o.email, password, role: o.role, name: o.name },
            { access },
          );
        });
        if (o.json) printJson(io, out);
        else io.out(`added ${out.email} to ${o.org} as ${out.role}`);
      },
    );
  registerAccountCommands(user, { io, config, withContext });

  const token = program.command('token').description('API tokens');
  token
    .command('create')
    .description('create an API token for a member; the secret is printed once')
    .requiredOption('--org <slug>', 'organization slug or id')
    .requiredOption('--email <email>', 'the member whose token it is')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--scopes <scopes>', 'comma-separated: read, write or action names (default: write)')
    .option('--expires <datetime>', 'expiry, RFC 3339 (default: never)')
    .addOption(json)
    .action(
      async (o: {
        org: string;
        email: string;
        name: string;
        scopes?: string;
        expires?: string;
        json?: boolean;
      }) => {
        const out = await withContext(config(), async (ctx) => {
          const access = await resolveOrg(ctx.database.db, ctx.actor, o.org);
          const email = parseInput(emailSchema, o.email, 'body/email');
          const u = await userByEmail(ctx.database.db, email);
          if (!u) throw new CliError(`no user ${email}`);
          const scopes = o.scopes
            ?.split(',')
            .map((s) => s.trim())
            .filter(Boolean);
          return run(
            ctx,
            createTokenFor,
            { name: o.name, scopes, expiresAt: o.expires, userId: u.id },
            { access },
          );
        });
        if (o.json)
          printJson(io, {
            token: out.token,
            id: out.id,
            expiresAt: out.expires_at,
            scopes: decodeJson(out.scopes),
          });
        else io.out(`${out.token}\n(token ${out.id}: copy it now, it is not shown again)`);
      },
    );
  token
    .command('revoke')
    .description('revoke an API token')
    .requiredOption('--org <slug>', 'organization slug or id')
    .requiredOption('--id <id>', 'token id')
    .addOption(json)
    .action(async (o: { org: string; id: string; json?: boolean }) => {
      if (!UUID_RE.test(o.id)) throw new CliError('--id must be a token id');
      const out = await withContext(config(), async (ctx) => {
        const access = await resolveOrg(ctx.database.db, ctx.actor, o.org);
        return run(ctx, revokeToken, { tokenId: o.id }, { access });
      });
      if (o.json) printJson(io, { id: out.id, revokedAt: out.revoked_at });
      else io.out(`revoked token ${out.id}`);
    });

  program
    .command('demo')
    .description(
      'load an example organization: AI systems in several sectors and stages, a published AI policy, risks, an impact assessment, a Statement of Applicability with evidence',
    )
    .requiredOption(
      '--email <email>',
      'the owner of the example organization (made when new, or by first-run setup on an empty instance)',
    )
    .addOption(passwordOption('the owner’s password, when the user is new'))
    .addOption(passwordStdin())
    .option('--org <name>', 'organization name', 'Example Health and Finance')
    .addOption(json)
    .action(async (o: DemoOptions) => {
      const { seedExample } = await import('../modules/demo/index.js');
      const out = await withContext(config(), async (ctx) => {
        const email = parseInput(emailSchema, o.email, 'body/email');
        const given = await newUserPassword(ctx, o);
        const password =
          given === undefined ? undefined : parseInput(passwordSchema, given, 'body/password');
        const base =
          o.org
            .toLowerCase()
            .normalize('NFKD')
            .replace(/[^a-z0-9]+/g, '-')
            .replace(/^-+|-+$/g, '')
            .slice(0, 40) || 'example';
        let slugFree = base;
        for (let i = 2; await slugTaken(ctx.database.db, slugFree); i++) slugFree = `${base}-${i}`;
        const created = await runInstance(ctx, createOrg, {
          name: o.org,
          slug: slugFree,
          owner: { email, password },
        });
        const r = await seedExample(
          ctx,
          { orgId: created.org.id, slug: created.org.slug, role: 'owner', memberId: null },
          { userId: created.owner.id, email: created.owner.email },
        );
        return { slug: created.org.slug, owner: created.owner.email, aiSystems: r.systems };
      });
      if (o.json) printJson(io, out);
      else
        io.out(
          `loaded the example organization ${out.slug} (owner ${out.owner}, ${out.aiSystems} AI systems)`,
        );
    });

  /** The register import and export need these (optional in commander: they have subcommands). */
  const required = (o: object, names: string[]) => {
    const missing = names.filter((n) => (o as Record<string, unknown>)[n] === undefined);
    if (missing.length)
      throw new CliError(
        `required option ${missing.map((n) => `--${n}`).join(', ')} not specified`,
      );
  };

  const findRegister = (name: string) => {
    const spec = REGISTERS.find((r) => r.key === name || r.path === name);
    if (!spec)
      throw new CliError(
        `no register "${name}": use one of ${REGISTERS.map((r) => r.path).join(', ')}`,
      );
    return spec;
  };

  const importCmd = program
    .command('import')
    .description(
      'import a register from CSV or XLSX: every row or none; --dry-run only checks and lists every bad row (or an OSCAL or CycloneDX document: see the subcommands)',
    )
    .option('--org <slug>', 'organization slug or id (required)')
    .option('--register <name>', `one of: ${REGISTERS.map((r) => r.path).join(', ')} (required)`)
    .option('--file <path>', 'a .csv or .xlsx file; the first row names the columns (required)')
    .option('--dry-run', 'check the file and report, import nothing')
    .addOption(json)
    .action(
      async (o: {
        org: string;
        register: string;
        file: string;
        dryRun?: boolean;
        json?: boolean;
      }) => {
        required(o, ['org', 'register', 'file']);
        const spec = findRegister(o.register);
        if (!fs.existsSync(o.file)) throw new CliError(`no such file: ${o.file}`);
        const data = fs.readFileSync(o.file);
        const table = o.file.toLowerCase().endsWith('.xlsx')
          ? await parseXlsx(data)
          : parseCsv(data.toString('utf8'));
        const bar = progressBar(io, env, o.json === true);
        const out = await withContext(config(), async (ctx) => {
          const access = await resolveOrg(ctx.database.db, ctx.actor, o.org);
          const plan = await planImport(ctx.database.db, spec, access.orgId, table, (d, t) =>
            bar('checking', d, t),
          );
          if (plan.errors.length) throw importProblem(plan.errors);
          const counts = {
            created: plan.rows.filter((r) => !r.id).length,
            updated: plan.rows.filter((r) => r.id).length,
          };
          if (o.dryRun) return { dryRun: true, rows: plan.rows.length, ...counts };
          const done = await applyImport(ctx, access, plan, (d, t) => bar('importing', d, t));
          return { dryRun: false, rows: plan.rows.length, ...done };
        });
        if (o.json) printJson(io, out);
        else
          io.out(
            out.dryRun
              ? `the file is clean: ${out.rows} rows would be imported (${out.created} new, ${out.updated} updated)`
              : `imported ${out.rows} rows (${out.created} new, ${out.updated} updated)`,
          );
      },
    );

  const exportCmd = program
    .command('export')
    .description(
      'export a register to CSV or XLSX (or an OSCAL or CycloneDX document: see the subcommands)',
    )
    .option('--org <slug>', 'organization slug or id (required)')
    .option('--register <name>', `one of: ${REGISTERS.map((r) => r.path).join(', ')} (required)`)
    .option('--format <format>', 'csv or xlsx', 'csv')
    .option('--out <path>', 'file to write (required)')
    .action(async (o: { org: string; register: string; format: string; out: string }) => {
      required(o, ['org', 'register', 'out']);
      const spec = findRegister(o.register);
      if (o.format !== 'csv' && o.format !== 'xlsx')
        throw new CliError('--format must be csv or xlsx');
      const n = await withContext(config(), async (ctx) => {
        const access = await resolveOrg(ctx.database.db, ctx.actor, o.org);
        const file = await exportRegister(
          ctx.database.db,
          ctx.database.dialect,
          spec,
          access.orgId,
          o.format === 'xlsx' ? 'xlsx' : 'csv',
          1_000_000,
          await documentHead(ctx.database.db, access, ctx.now()),
          await memberLabelsById(ctx.database.db, access.orgId),
        );
        fs.writeFileSync(o.out, file.data);
        return file.records;
      });
      io.out(`wrote ${n} records to ${o.out}`);
    });

  const ledger = program.command('ledger').description('the tamper-evident ledger');
  ledger
    .command('verify')
    .description(
      'sign what a crash left unsigned (once the chain checks out), then check every hash, every signature, the head log and its mirror, and that every record equals the replay of its events; exit 1 on any problem',
    )
    .option('--org <slug>', 'only this organization (slug or id)')
    .option('--mirror <file>', 'check the heads against this mirror (default: AIMS_HEAD_MIRROR)')
    .addOption(json)
    .action(async (o: { org?: string; mirror?: string; json?: boolean }) => {
      const c = config();
      const mirrorFile = o.mirror ?? c.headMirror;
      if (o.mirror && !fs.existsSync(o.mirror)) throw new CliError(`no such file: ${o.mirror}`);
      const mirror = mirrorFile ? readMirror(mirrorFile) : null;
      const { reports, instance } = await withContext(c, async (ctx) => {
        const ids = o.org
          ? [(await resolveOrg(ctx.database.db, ctx.actor, o.org)).orgId]
          : await orgIdsToVerify(ctx.database.db, ctx.keys);
        const out = [];
        for (const id of ids)
          out.push(await verifyLedger(ctx.database, ctx.keys, id, { mirror, now: ctx.now() }));
        const instance = o.org
          ? []
          : [
              ...(await missingOrgs(ctx.database.db, ctx.keys)),
              ...(await credentialProblems(ctx.database.db, ctx.keys)),
            ];
        if (mirror?.unreadable)
          instance.push({
            orgId: '',
            code: 'MIRROR_UNREADABLE',
            message: `${mirror.unreadable} lines of the mirror ${mirror.file} are not signed heads`,
          });
        return { reports: out, instance };
      });
      const ok = reports.every((r) => r.ok) && instance.length === 0;
      if (o.json) printJson(io, { ok, organizations: reports, instance });
      else {
        for (const r of reports) {
          const name = r.slug === MISSING_SLUG ? r.orgId : r.slug;
          if (r.ok)
            io.out(
              `ok   ${name}: ${r.events} events, ${r.checkpoints} checkpoints, ${r.records} records`,
            );
          else {
            const f = r.firstBroken!;
            io.out(
              `FAIL ${name}: ${f.seq === null ? '' : `first broken event: ${f.seq}: `}${f.message} [${f.code}]`,
            );
            for (const p of r.problems.slice(1, 10)) io.out(`     also: ${p.message} [${p.code}]`);
          }
        }
        for (const p of instance.filter((p) => p.code !== 'ORG_MISSING'))
          io.out(`FAIL ${p.message} [${p.code}]`);
        if (reports.length === 0) io.out('no organizations yet');
      }
      if (!ok) status.exitCode = 1;
    });

  registerGateCommands(program, {
    io,
    config,
    status,
    withContext,
    usage: (message) => new CliError(message),
  });
  registerInterchangeCommands(exportCmd, importCmd, {
    io,
    config,
    withContext,
    usage: (message) => new CliError(message),
  });
  registerMetricsCommands(program, {
    io,
    config,
    withContext,
    usage: (message) => new CliError(message),
  });
  registerPackCommands(program, {
    io,
    config,
    status,
    withContext,
    usage: (message) => new CliError(message),
  });
  registerBackupCommands(program, {
    io,
    config,
    status,
    usage: (message) => new CliError(message),
  });
  return program;
}

/** A progress bar on stderr for long files; silent with --json or when AIMS_PROGRESS=0. */
function progressBar(io: Io, env: NodeJS.ProcessEnv, quiet: boolean) {
  let last = -1;
  return (label: string, done: number, total: number) => {
    if (quiet || env.AIMS_PROGRESS === '0' || total === 0) return;
    const pct = Math.floor((done / total) * 100);
    if (pct === last && done !== total) return;
    last = pct;
    const width = 30;
    const fill = Math.round((done / total) * width);
    io.progress?.(
      `${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${done}/${total} (${pct}%)`,
      done === total,
    );
  };
}

/** Runs the CLI; returns the exit code. */
const consoleIo: Io = {
  out: (s) => console.log(s),
  err: (s) => console.error(s),
  ...(process.stdin.isTTY ? { readSecret: readHidden } : {}),
  readStdin: readAllStdin,
  progress: (line, end) => {
    if (process.stderr.isTTY) process.stderr.write(`\r${line}${end ? '\n' : ''}`);
    else if (end) process.stderr.write(`${line}\n`);
  },
};

export async function runCli(
  argv: string[],
  io: Io = consoleIo,
  env = process.env,
): Promise<number> {
  const status = { exitCode: 0 };
  const program = buildCli(io, env, status);
  const wantsJson = argv.includes('--json');
  // A gate check exits 1 when the gate fails, so it cannot also mean "the check went wrong".
  const failure = argv[0] === 'gate' ? 2 : 1;
  try {
    await program.parseAsync(argv, { from: 'user' });
    return status.exitCode;
  } catch (e) {
    const ce = e as { code?: string; exitCode?: number };
    if (typeof ce.code === 'string' && ce.code.startsWith('commander.')) {
      return ce.code === 'commander.helpDisplayed' ||
        ce.code === 'commander.version' ||
        ce.code === 'commander.help'
        ? 0
        : failure === 2
          ? 2
          : (ce.exitCode ?? 1);
    }
    const d = describeError(e);
    if (wantsJson) printJson(io, { error: d });
    else {
      io.err(`error: ${d.message}${d.code !== 'USAGE' ? ` [${d.code}]` : ''}`);
      for (const f of d.errors ?? []) io.err(`  ${f.pointer}: ${f.message}`);
    }
    return failure;
  }
}
