import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Packages that only some requests need: none may be loaded by a server that has just started. */
const HEAVY = ['papaparse', 'exceljs', 'pdfkit', 'fontkit', 'nodemailer', '@node-rs/argon2', 'pg'];

/**
 * The HEAVY packages a fresh Node process has loaded after starting the server as `aims serve`
 * does (startServer, embedded SQLite, a new data folder), then after running `after`.
 */
function loaded(after: string): { atStart: string[]; after: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-lazy-'));
  dirs.push(dir);
  const script = `
    import { createRequire } from 'node:module';
    import { loadConfig } from './src/config.ts';
    import { startServer } from './src/cli/serve.ts';
    import { toCsv } from './src/interop/csv.ts';
    const heavy = ${JSON.stringify(HEAVY)};
    const names = () => {
      const found = new Set();
      for (const f of Object.keys(createRequire(import.meta.url).cache))
        for (const h of heavy) if (f.includes('/node_modules/' + h + '/')) found.add(h);
      return [...found].sort();
    };
    // startServer never returns: it is up once it has printed its start line.
    const write = process.stdout.write.bind(process.stdout);
    const started = new Promise((resolve) => {
      process.stdout.write = (chunk, ...rest) =>
        String(chunk).startsWith('aims is running') ? (resolve(), true) : write(chunk, ...rest);
    });
    void startServer(loadConfig({ AIMS_DATA_DIR: ${JSON.stringify(dir)}, AIMS_PORT: '0', AIMS_LOG_LEVEL: 'silent' }));
    await started;
    process.stdout.write = write;
    const atStart = names();
    ${after};
    process.stdout.write(JSON.stringify({ atStart, after: names() }));
    process.exit(0);`;
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return JSON.parse(out) as { atStart: string[]; after: string[] };
}

describe('packages loaded on first use', () => {
  it('a started server has loaded none of the heavy packages; the first CSV loads Papa Parse', () => {
    const r = loaded(`toCsv(['a'], [{ a: '=1' }])`);
    expect(r.atStart).toEqual([]);
    expect(r.after).toEqual(['papaparse']);
  });
});
