import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { loadConfig } from '../src/config.js';
import { MIGRATION_NAMES } from '../src/db/migrate.js';
import { createServices } from '../src/server.js';
import { buildApp } from '../src/app.js';
import { ApiClient, signIn } from './client.js';

const exec = promisify(execFile);

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) },
    out,
    err,
    text: () => out.join('\n'),
    errText: () => err.join('\n'),
  };
}

describe('the aims CLI (SQLite)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const cli = async (...argv: string[]) => {
    const c = capture();
    const code = await runCli(argv, c.io, env);
    return { code, ...c };
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-cli-'));
    env = { AIMS_DATA_DIR: dir };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('migrates, runs first-run setup once, and refuses it afterwards', async () => {
    const m = await cli('migrate', '--json');
    expect(m.code).toBe(0);
    expect(JSON.parse(m.text()).applied).toEqual(MIGRATION_NAMES);
    expect(MIGRATION_NAMES[0]).toBe('0001_foundation');
    expect((await cli('migrate')).text()).toContain('up to date');
    const init = await cli(
      'init',
      '--org',
      'Acme Health',
      '--email',
      'ada@acme.example',
      '--password',
      'correct horse battery',
    );
    expect(init.code).toBe(0);
    expect(init.text()).toContain('acme-health');
    const again = await cli(
      'init',
      '--org',
      'Other',
      '--email',
      'bob@acme.example',
      '--password',
      'correct horse battery',
    );
    expect(again.code).toBe(1);
    expect(again.errText()).toContain('SETUP_DONE');
  });

  it('adds users, creates and revokes tokens that work on the API of the same data folder', async () => {
    const add = await cli(
      'user',
      'add',
      '--org',
      'acme-health',
      '--email',
      'val@acme.example',
      '--password',
      'another fine password',
      '--role',
      'viewer',
    );
    expect(add.code).toBe(0);
    const tok = await cli(
      'token',
      'create',
      '--org',
      'acme-health',
      '--email',
      'ada@acme.example',
      '--name',
      'ci',
      '--scopes',
      'read',
      '--json',
    );
    expect(tok.code).toBe(0);
    const { token, id } = JSON.parse(tok.text());
    expect(token).toMatch(/^aims_/);

    const services = await createServices({ ...loadConfig(env), logLevel: 'silent' });
    const app = await buildApp(services, { logLevel: 'silent' });
    try {
      const api = new ApiClient(app, { token });
      const members = (await api.get('/api/v1/orgs/acme-health/members')).json();
      expect(members.items.map((m: { email: string }) => m.email).sort()).toEqual([
        'ada@acme.example',
        'val@acme.example',
      ]);
      expect((await signIn(app, 'val@acme.example', 'another fine password')).email).toBe(
        'val@acme.example',
      );
      const rev = await cli('token', 'revoke', '--org', 'acme-health', '--id', id);
      expect(rev.code).toBe(0);
      expect((await api.get('/api/v1/orgs/acme-health/members')).statusCode).toBe(401);
      const ledger = (
        await (
          await signIn(app, 'ada@acme.example', 'correct horse battery')
        ).get('/api/v1/orgs/acme-health/ledger')
      ).json();
      expect(ledger.items.map((e: { action: string }) => e.action)).toEqual([
        'setup.run',
        'setup.run',
        'members.add',
        'tokens.create',
        'tokens.revoke',
      ]);
      expect(ledger.items[2].actor).toMatch(/^host:cli:/);
    } finally {
      await app.close();
      await services.database.close();
    }
  });

  it('creates further organizations from the host, making the owner when new', async () => {
    const r = await cli(
      'org',
      'create',
      '--org',
      'Acme Research',
      '--email',
      'rita@acme.example',
      '--password',
      'research password 1',
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.text()).slug).toBe('acme-research');
    const noPw = await cli('org', 'create', '--org', 'Acme Labs', '--email', 'new@acme.example');
    expect(noPw.code).toBe(1);
    expect(noPw.errText()).toContain('PASSWORD_REQUIRED');
    const existing = await cli(
      'org',
      'create',
      '--org',
      'Acme Labs',
      '--email',
      'ada@acme.example',
    );
    expect(existing.code).toBe(0);
  });

  it('explains bad input with the option names and exits 1', async () => {
    const r = await cli(
      'user',
      'add',
      '--org',
      'acme-health',
      '--email',
      'not-an-email',
      '--role',
      'boss',
    );
    expect(r.code).toBe(1);
    expect(r.errText()).toContain('--email');
    expect(r.errText()).toContain('--role');
    const j = await cli(
      'user',
      'add',
      '--org',
      'nowhere',
      '--email',
      'x@acme.example',
      '--role',
      'viewer',
      '--json',
    );
    expect(j.code).toBe(1);
    expect(JSON.parse(j.text()).error.code).toBe('NOT_FOUND');
    const missing = await cli('token', 'create', '--org', 'acme-health');
    expect(missing.code).toBe(1);
    expect(missing.errText()).toMatch(/required option/);
    expect((await cli('token', 'revoke', '--org', 'acme-health', '--id', 'nope')).code).toBe(1);
    expect((await cli('frobnicate')).code).toBe(1);
  });

  it('verifies the ledger, and exits 1 naming the event when a row was altered', async () => {
    const ok = await cli('ledger', 'verify', '--json');
    expect(ok.code).toBe(0);
    const report = JSON.parse(ok.text());
    expect(report.ok).toBe(true);
    expect(report.organizations.map((o: { slug: string }) => o.slug).sort()).toEqual([
      'acme-health',
      'acme-labs',
      'acme-research',
    ]);
    const { default: SQLite } = await import('better-sqlite3');
    const db = new SQLite(path.join(dir, 'aims.db'));
    db.prepare("update memberships set role = 'owner' where email = 'val@acme.example'").run();
    db.close();
    const bad = await cli('ledger', 'verify', '--org', 'acme-health');
    expect(bad.code).toBe(1);
    expect(bad.text()).toMatch(/FAIL acme-health: first broken event: 3: memberships .* differs/);
  });

  it('runs as the package binary with --help on every command', async () => {
    const bin = path.resolve('bin/aims.mjs');
    const top = await exec(process.execPath, [bin, '--help'], {
      env: { ...process.env, AIMS_DATA_DIR: dir },
    });
    for (const c of ['serve', 'migrate', 'init', 'org', 'user', 'token', 'ledger'])
      expect(top.stdout).toContain(c);
    for (const sub of [
      ['ledger', 'verify'],
      ['token', 'create'],
      ['user', 'add'],
      ['org', 'create'],
    ]) {
      const r = await exec(process.execPath, [bin, ...sub, '--help'], {
        env: { ...process.env, AIMS_DATA_DIR: dir },
      });
      expect(r.stdout).toContain('Usage: aims');
    }
    await expect(
      exec(process.execPath, [bin, 'ledger', 'verify'], {
        env: { ...process.env, AIMS_DATA_DIR: dir },
      }),
    ).rejects.toMatchObject({ code: 1 });
  });
});

describe('the aims CLI with the keys elsewhere and a head mirror (SQLite)', () => {
  let dir: string;
  let keysDir: string;
  let mirror: string;
  let env: NodeJS.ProcessEnv;
  const cli = async (...argv: string[]) => {
    const c = capture();
    const code = await runCli(argv, c.io, env);
    return { code, ...c };
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-cli-'));
    keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-keys-'));
    mirror = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aims-mirror-')), 'heads.mirror');
    env = { AIMS_DATA_DIR: dir, AIMS_KEYS_DIR: keysDir, AIMS_HEAD_MIRROR: mirror };
  });
  afterAll(() => {
    for (const d of [dir, keysDir, path.dirname(mirror)])
      fs.rmSync(d, { recursive: true, force: true });
  });

  it('keeps the keys in AIMS_KEYS_DIR, mirrors every head, and verify checks the mirror', async () => {
    const init = await cli(
      'init',
      '--org',
      'Mirror Test',
      '--email',
      'mia@mirror.example',
      '--password',
      'correct horse battery',
      '--json',
    );
    expect(init.code, init.errText()).toBe(0);
    const orgId = JSON.parse(init.text()).org.id as string;
    for (const role of ['manager', 'viewer'])
      expect(
        (
          await cli(
            'user',
            'add',
            '--org',
            'mirror-test',
            '--email',
            `${role}@mirror.example`,
            '--password',
            'another fine password',
            '--role',
            role,
          )
        ).code,
      ).toBe(0);
    expect(fs.readdirSync(keysDir).sort()).toEqual([
      `${orgId}.ed25519.pem`,
      'credentials.hmac.key',
    ]);
    expect(fs.existsSync(path.join(dir, 'keys'))).toBe(false);
    const log = path.join(dir, 'ledger', orgId, 'heads.log');
    expect(fs.readFileSync(mirror, 'utf8')).toBe(fs.readFileSync(log, 'utf8'));
    expect((await cli('ledger', 'verify')).code).toBe(0);

    // The head log's last lines removed: the mirror (AIMS_HEAD_MIRROR) still holds them.
    const lines = fs.readFileSync(log, 'utf8').split('\n').slice(0, -1);
    fs.writeFileSync(
      log,
      lines
        .slice(0, 1)
        .map((l) => `${l}\n`)
        .join(''),
    );
    const r = await cli('ledger', 'verify');
    expect(r.code).toBe(1);
    expect(r.text()).toContain('[HEAD_LOG_ROLLED_BACK]');
    // The same with the mirror named on the command line, and refused when it does not exist.
    const named = await runCli(['ledger', 'verify', '--mirror', mirror, '--json'], capture().io, {
      AIMS_DATA_DIR: dir,
      AIMS_KEYS_DIR: keysDir,
    });
    expect(named).toBe(1);
    const absent = await cli('ledger', 'verify', '--mirror', path.join(dir, 'nothing'));
    expect(absent.code).toBe(1);
    expect(absent.errText()).toContain('no such file');
    // Without the keys folder, verification cannot check a signature.
    const noKeys = capture();
    expect(await runCli(['ledger', 'verify'], noKeys.io, { AIMS_DATA_DIR: dir })).toBe(1);
    expect(noKeys.text()).toContain('[KEY_MISSING]');
  });
});
