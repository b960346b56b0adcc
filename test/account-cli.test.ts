// Passwords on the host without a command line argument: `aims init` and `aims user add` ask for
// them (hidden, twice) when omitted, `--password-stdin` reads them, and `aims user
// reset-password` sets a user's password and ends their sessions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/server.js';
import { buildApp } from '../src/app.js';
import { signIn } from './client.js';

const FIRST = 'the first long password';
const SECOND = 'the second long password';

describe('passwords on the host (SQLite)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const cli = async (
    argv: string[],
    input: { typed?: string[]; stdin?: string; terminal?: boolean } = {},
  ) => {
    const out: string[] = [];
    const err: string[] = [];
    const prompts: string[] = [];
    const typed = [...(input.typed ?? [])];
    const io = {
      out: (s: string) => out.push(s),
      err: (s: string) => err.push(s),
      ...(input.terminal === false
        ? {}
        : {
            readSecret: async (p: string) => {
              prompts.push(p);
              return typed.shift() ?? '';
            },
          }),
      readStdin: async () => input.stdin ?? '',
    };
    const code = await runCli(argv, io, env);
    return { code, out: out.join('\n'), err: err.join('\n'), prompts };
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-account-cli-'));
    env = { AIMS_DATA_DIR: dir };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const app = async () => {
    const services = await createServices({ ...loadConfig(env), logLevel: 'silent' });
    return buildApp(services, { logLevel: 'silent' });
  };

  it('asks for the owner’s password at first-run setup, twice, and refuses two that differ', async () => {
    const differ = await cli(['init', '--org', 'Acme', '--email', 'ada@acme.example'], {
      typed: [FIRST, 'something else entirely'],
    });
    expect(differ.code).toBe(1);
    expect(differ.err).toContain('differ');
    expect(differ.prompts).toEqual(['Password: ', 'The password again: ']);
    const noTerminal = await cli(['init', '--org', 'Acme', '--email', 'ada@acme.example'], {
      terminal: false,
    });
    expect(noTerminal.code).toBe(1);
    expect(noTerminal.err).toContain('--password-stdin');
    const ok = await cli(['init', '--org', 'Acme', '--email', 'ada@acme.example'], {
      typed: [FIRST, FIRST],
    });
    expect(ok.code).toBe(0);
    const a = await app();
    try {
      expect((await signIn(a, 'ada@acme.example', FIRST)).email).toBe('ada@acme.example');
    } finally {
      await a.close();
    }
  });

  it('asks for a new member’s password only when the user is new; reads it from stdin', async () => {
    const add = await cli(
      [
        'user',
        'add',
        '--org',
        'acme',
        '--email',
        'val@acme.example',
        '--role',
        'viewer',
        '--password-stdin',
      ],
      { stdin: `${SECOND}\n` },
    );
    expect(add.code).toBe(0);
    expect(add.prompts).toEqual([]);
    const short = await cli(
      ['user', 'add', '--org', 'acme', '--email', 'kim@acme.example', '--role', 'viewer'],
      { typed: ['short', 'short'] },
    );
    expect(short.code).toBe(1);
    expect(short.err).toContain('--password');
    await cli(['org', 'create', '--org', 'Beta', '--email', 'val@acme.example'], {
      typed: ['never asked'],
    }).then((r) => {
      expect(r.code).toBe(0);
      expect(r.prompts).toEqual([]);
    });
  });

  it('resets a password on the host, hidden and twice, and ends the user’s sessions', async () => {
    const a = await app();
    try {
      const session = await signIn(a, 'val@acme.example', SECOND);
      const unknown = await cli(['user', 'reset-password', '--email', 'nobody@acme.example'], {
        typed: [FIRST, FIRST],
      });
      expect(unknown.code).toBe(1);
      expect(unknown.err).toContain('NOT_FOUND');
      const differ = await cli(['user', 'reset-password', '--email', 'val@acme.example'], {
        typed: [FIRST, SECOND],
      });
      expect(differ.code).toBe(1);
      expect((await session.get('/api/v1/auth/session')).statusCode).toBe(200);
      const weak = await cli(['user', 'reset-password', '--email', 'val@acme.example'], {
        typed: ['tiny', 'tiny'],
      });
      expect(weak.code).toBe(1);
      expect(weak.err).toContain('--password: Must be at least 12 characters.');
      const ok = await cli(['user', 'reset-password', '--email', 'val@acme.example'], {
        typed: [FIRST, FIRST],
      });
      expect(ok.code).toBe(0);
      expect(ok.prompts).toEqual(['New password: ', 'The new password again: ']);
      expect(ok.out).toContain('1 session(s) ended');
      expect((await session.get('/api/v1/auth/session')).statusCode).toBe(401);
      expect((await signIn(a, 'val@acme.example', FIRST)).email).toBe('val@acme.example');
      const piped = await cli(
        ['user', 'reset-password', '--email', 'val@acme.example', '--password-stdin', '--json'],
        { stdin: `${SECOND}\n`, terminal: false },
      );
      expect(piped.code).toBe(0);
      expect(JSON.parse(piped.out)).toMatchObject({ email: 'val@acme.example' });
      expect((await signIn(a, 'val@acme.example', SECOND)).email).toBe('val@acme.example');
      expect((await cli(['user', 'reset-password', '--help'])).out).not.toMatch(/--password </);
    } finally {
      await a.close();
    }
  });
});
