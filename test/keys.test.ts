// Signed ledger heads on disk when two processes (the server and the CLI) share AIMS_DATA_DIR.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyStore } from '../src/kernel/keys.js';

const ORG = '0190f4b2-7a53-7c1e-9d0a-3f7e2b1c4d5e';
const hash = (n: number) => n.toString(16).padStart(64, '0');
const dirs: string[] = [];
const dataDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-keys-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('signed head files', () => {
  it('keep the newest head when a process that saw an older one writes last', () => {
    const dir = dataDir();
    const server = new KeyStore(dir);
    const cli = new KeyStore(dir);
    cli.writeHead(ORG, 9, hash(9), '2026-11-29T10:00:00.000Z');
    server.writeHead(ORG, 11, hash(11), '2026-11-29T10:00:01.000Z');
    // The CLI committed seq 10 before the server's 11 but writes its head after it.
    cli.writeHead(ORG, 10, hash(10), '2026-11-29T10:00:00.500Z');
    const head = new KeyStore(dir).readHead(ORG)!;
    expect(head).toMatchObject({ org_id: ORG, seq: 11, hash: hash(11) });
    expect(new KeyStore(dir).verifyHead(head)).toBe(true);
    server.writeHead(ORG, 12, hash(12), '2026-11-29T10:00:02.000Z');
    expect(fs.readdirSync(path.join(dir, 'ledger', ORG))).toEqual(['head.000000000012.json']);
  });

  it('read the single head file of earlier versions and replace it with the next head', () => {
    const dir = dataDir();
    const keys = new KeyStore(dir);
    const old = keys.signHead(ORG, 5, hash(5), '2026-11-01T00:00:00.000Z');
    fs.mkdirSync(path.join(dir, 'ledger'), { recursive: true });
    const legacy = path.join(dir, 'ledger', `${ORG}.head.json`);
    fs.writeFileSync(legacy, JSON.stringify(old));
    expect(new KeyStore(dir).readHead(ORG)).toEqual(old);
    const next = new KeyStore(dir);
    next.writeHead(ORG, 5, hash(5), '2026-11-29T00:00:00.000Z');
    expect(fs.existsSync(legacy)).toBe(true);
    next.writeHead(ORG, 6, hash(6), '2026-11-29T00:00:00.000Z');
    expect(fs.existsSync(legacy)).toBe(false);
    expect(new KeyStore(dir).readHead(ORG)).toMatchObject({ seq: 6 });
  });

  it('answer null for an organization without a head yet', () => {
    expect(new KeyStore(dataDir()).readHead(ORG)).toBeNull();
  });
});
