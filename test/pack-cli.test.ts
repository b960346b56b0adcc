import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { ZipReader } from '../src/modules/pack/zip-read.js';
import { ZipWriter } from '../src/modules/pack/zip.js';

const exec = promisify(execFile);

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) },
    text: () => out.join('\n'),
    errText: () => err.join('\n'),
  };
}

/** The source files a module imports, followed through relative imports; bare imports apart. */
function importGraph(entry: string) {
  const files = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+'([^']+)'/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('.'))
        visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
      else bare.add(spec);
    }
  };
  visit(path.resolve(entry));
  return { files: [...files].map((f) => path.relative(process.cwd(), f)), bare: [...bare] };
}

describe('aims pack and aims pack verify (SQLite)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const cli = async (...argv: string[]) => {
    const c = capture();
    const code = await runCli(argv, c.io, env);
    return { code, ...c };
  };
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-pack-cli-'));
    env = { AIMS_DATA_DIR: path.join(dir, 'data') };
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
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a pack, and verifies it in another process with no database and no configuration', async () => {
    const file = path.join(dir, 'acme.zip');
    const made = await cli('pack', '--org', 'acme-health', '--out', file);
    expect(made.code).toBe(0);
    expect(made.text()).toMatch(/^wrote .*acme\.zip: \d+ records as of/);
    expect((await cli('pack', 'verify', file)).text()).toMatch(/^ok {3}acme-health as of /);

    // A fresh folder, no AIMS_* variables: nothing to find a database or keys with.
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-pack-empty-'));
    const bareEnv = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('AIMS_')),
    );
    try {
      const r = await exec(
        process.execPath,
        [path.resolve('bin/aims.mjs'), 'pack', 'verify', file, '--json'],
        { cwd: empty, env: { ...bareEnv, AIMS_FROM_SOURCE: '1' } },
      );
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, organization: 'acme-health' });
      expect(fs.readdirSync(empty)).toEqual([]);

      // One byte of the ledger segment altered, the archive rewritten: exit 1, the file named.
      const zip = await ZipReader.open(file);
      const altered = path.join(dir, 'altered.zip');
      const out = await ZipWriter.create(altered, new Date());
      for (const e of zip.entries.values()) {
        const data = await zip.read(e);
        if (e.path === 'ledger/events.jsonl') data[data.indexOf('"seq":1') + 6] = 0x37;
        await out.addBuffer(e.path, data);
      }
      await out.finish();
      await zip.close();
      await expect(
        exec(process.execPath, [path.resolve('bin/aims.mjs'), 'pack', 'verify', altered], {
          cwd: empty,
          env: { ...bareEnv, AIMS_FROM_SOURCE: '1' },
        }),
      ).rejects.toMatchObject({
        code: 1,
        stdout: expect.stringMatching(/^FAIL ledger\/events\.jsonl: .*\[FILE_ALTERED\]/),
      });
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  }, 120_000);

  it('writes a pack as of a date, and refuses a malformed date', async () => {
    const file = path.join(dir, 'past.zip');
    const r = await cli('pack', '--org', 'acme-health', '--as-of', '2000-01-01', '--out', file);
    expect(r.code).toBe(0);
    expect(r.text()).toContain('0 records as of 2000-01-01T23:59:59.999Z, 0 ledger events');
    expect((await cli('pack', 'verify', file)).code).toBe(0);
    const bad = await cli('pack', '--org', 'acme-health', '--as-of', 'last week', '--out', file);
    expect(bad.code).toBe(1);
    expect(bad.errText()).toContain('--as-of');
  });

  it('refuses a scope naming an AI system the organization does not have', async () => {
    const file = path.join(dir, 'scoped.zip');
    const r = await cli('pack', '--org', 'acme-health', '--scope', 'Nope', '--out', file);
    expect(r.code).toBe(1);
    expect(r.errText()).toContain('UNKNOWN_REFERENCE');
    expect(r.errText()).toContain('no AI system "Nope"');
    expect(fs.existsSync(file)).toBe(false);
  });

  it('names a missing file', async () => {
    const r = await cli('pack', 'verify', path.join(dir, 'none.zip'));
    expect(r.code).toBe(1);
    expect(r.text()).toContain('NO_SUCH_FILE');
  });

  it('the verifier reads only the archive: nothing it imports touches a database', () => {
    const g = importGraph('src/modules/pack/verify.ts');
    expect(
      g.files.filter(
        (f) => f.startsWith('src/db') || /kernel\/(keys|verify|ledger|seal|commands)\./.test(f),
      ),
    ).toEqual([]);
    expect(g.bare.filter((b) => !b.startsWith('node:')).sort()).toEqual(['papaparse']);
  });
});
