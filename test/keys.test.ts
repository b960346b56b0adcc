// Signing keys and the append-only head log on disk, when two processes (the server and the CLI)
// share AIMS_DATA_DIR. Appends are serialized by the caller (the ledger head lock); these tests
// take turns as two key stores would under that lock.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { HEAD_LOG_GENESIS, HeadLogError, parseLog } from '../src/kernel/head-log.js';
import { KeyStore } from '../src/kernel/keys.js';

const ORG = '0190f4b2-7a53-7c1e-9d0a-3f7e2b1c4d5e';
const hash = (n: number) => n.toString(16).padStart(64, '0');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-keys-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const logFile = (dir: string) => path.join(dir, 'ledger', ORG, 'heads.log');

describe('the head log', () => {
  it('is one signed line per head, each linking to the line before, whichever process appends', () => {
    const dir = tempDir();
    const server = new KeyStore(dir);
    const cli = new KeyStore(dir);
    server.keyPair(ORG, { create: true });
    server.heads.append(ORG, 9, hash(9), '2026-11-29T10:00:00.000Z');
    cli.heads.append(ORG, 10, hash(10), '2026-11-29T10:00:00.500Z');
    server.heads.append(ORG, 11, hash(11), '2026-11-29T10:00:01.000Z');
    const { lines, torn } = parseLog(fs.readFileSync(logFile(dir), 'utf8'), ORG);
    expect(torn).toBe(false);
    expect(lines.map((l) => l.head?.seq)).toEqual([9, 10, 11]);
    expect(lines[0]!.head!.prev).toBe(HEAD_LOG_GENESIS);
    expect(lines[1]!.head!.prev).toBe(sha(lines[0]!.text));
    expect(lines[2]!.head!.prev).toBe(sha(lines[1]!.text));
    const fresh = new KeyStore(dir);
    for (const l of lines) expect(fresh.verifyHead(l.head!)).toBe(true);
    // A changed field breaks the signature, and so does a changed link.
    expect(fresh.verifyHead({ ...lines[1]!.head!, seq: 12 })).toBe(false);
    expect(fresh.verifyHead({ ...lines[1]!.head!, prev: HEAD_LOG_GENESIS })).toBe(false);
    expect(fresh.readHead(ORG)).toMatchObject({ seq: 11, hash: hash(11) });
    // The data folder grows by a line per head, not by a file.
    expect(fs.readdirSync(path.join(dir, 'ledger', ORG))).toEqual(['heads.log']);
  });

  it('carries the head files of earlier versions over as its first line, and keeps them', () => {
    const dir = tempDir();
    const keys = new KeyStore(dir);
    keys.keyPair(ORG, { create: true });
    fs.mkdirSync(path.join(dir, 'ledger', ORG), { recursive: true });
    const oldest = keys.signHead(ORG, 5, hash(5), '2026-11-01T00:00:00.000Z');
    const newer = keys.signHead(ORG, 12, hash(12), '2026-11-02T00:00:00.000Z');
    const single = path.join(dir, 'ledger', `${ORG}.head.json`);
    const perSeq = path.join(dir, 'ledger', ORG, 'head.000000000012.json');
    fs.writeFileSync(single, JSON.stringify(oldest));
    fs.writeFileSync(perSeq, JSON.stringify(newer));
    const next = new KeyStore(dir);
    expect(next.readHead(ORG)).toEqual(newer);
    expect(fs.existsSync(single) && fs.existsSync(perSeq)).toBe(true);
    next.heads.append(ORG, 13, hash(13), '2026-11-29T00:00:00.000Z');
    const { lines } = parseLog(fs.readFileSync(logFile(dir), 'utf8'), ORG);
    expect(lines.map((l) => l.head?.seq)).toEqual([12, 13]);
    expect(lines[0]!.head!.prev).toBeUndefined();
    expect(lines[1]!.head!.prev).toBe(sha(lines[0]!.text));
    expect(new KeyStore(dir).orgIdsOnDisk()).toEqual([ORG]);
  });

  it('does not carry over a head file whose signature is bad', () => {
    const dir = tempDir();
    const keys = new KeyStore(dir);
    keys.keyPair(ORG, { create: true });
    const forged = { ...keys.signHead(ORG, 5, hash(5), '2026-11-01T00:00:00.000Z'), seq: 50 };
    fs.mkdirSync(path.join(dir, 'ledger', ORG), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'ledger', ORG, 'head.000000000050.json'),
      JSON.stringify(forged),
    );
    const next = new KeyStore(dir);
    expect(() => next.readHead(ORG)).toThrow(HeadLogError);
    try {
      next.readHead(ORG);
    } catch (e) {
      expect((e as HeadLogError).code).toBe('HEAD_SIGNATURE');
    }
    expect(fs.existsSync(logFile(dir))).toBe(false);
  });

  it('reads a line cut short by a crash as no line, and the next append removes it', () => {
    const dir = tempDir();
    const keys = new KeyStore(dir);
    keys.keyPair(ORG, { create: true });
    const first = keys.heads.append(ORG, 1, hash(1), '2026-11-29T00:00:00.000Z');
    fs.appendFileSync(logFile(dir), '{"org_id":"');
    const next = new KeyStore(dir);
    expect(next.heads.last(ORG)?.text).toBe(first.text);
    next.heads.append(ORG, 2, hash(2), '2026-11-29T00:00:01.000Z');
    const { lines, torn } = parseLog(fs.readFileSync(logFile(dir), 'utf8'), ORG);
    expect(torn).toBe(false);
    expect(lines.map((l) => l.head?.seq)).toEqual([1, 2]);
    expect(lines[1]!.head!.prev).toBe(first.digest);
  });

  it('removes a fragment another process left after this one last read the log', () => {
    const dir = tempDir();
    const keys = new KeyStore(dir);
    keys.keyPair(ORG, { create: true });
    const first = keys.heads.append(ORG, 1, hash(1), '2026-11-29T00:00:00.000Z');
    const second = new KeyStore(dir).heads.append(ORG, 2, hash(2), '2026-11-29T00:00:01.000Z');
    fs.appendFileSync(logFile(dir), '{"org_id":"');
    expect(keys.heads.last(ORG)?.text).toBe(second.text);
    keys.heads.append(ORG, 3, hash(3), '2026-11-29T00:00:02.000Z');
    const { lines, torn } = parseLog(fs.readFileSync(logFile(dir), 'utf8'), ORG);
    expect(torn).toBe(false);
    expect(lines.map((l) => l.head?.prev)).toEqual([HEAD_LOG_GENESIS, first.digest, second.digest]);
  });

  it('answers null for an organization without a log yet', () => {
    expect(new KeyStore(tempDir()).readHead(ORG)).toBeNull();
  });

  it('appends each line to the mirror too', () => {
    const dir = tempDir();
    const mirror = path.join(tempDir(), 'heads.mirror');
    const keys = new KeyStore(dir, { headMirror: mirror });
    keys.keyPair(ORG, { create: true });
    keys.heads.append(ORG, 1, hash(1), '2026-11-29T00:00:00.000Z');
    keys.heads.append(ORG, 3, hash(3), '2026-11-29T00:00:01.000Z');
    expect(fs.readFileSync(mirror, 'utf8')).toBe(fs.readFileSync(logFile(dir), 'utf8'));
  });
});

describe('signing keys', () => {
  it('live in AIMS_KEYS_DIR when it is set, not in the data folder', () => {
    const dir = tempDir();
    const keysDir = tempDir();
    const keys = new KeyStore(dir, { keysDir });
    keys.keyPair(ORG, { create: true });
    expect(fs.readdirSync(keysDir)).toEqual([`${ORG}.ed25519.pem`]);
    expect(fs.statSync(path.join(keysDir, `${ORG}.ed25519.pem`)).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(dir, 'keys'))).toBe(false);
    expect(new KeyStore(dir).hasKey(ORG)).toBe(false);
    expect(new KeyStore(dir, { keysDir }).hasKey(ORG)).toBe(true);
  });

  it('are made only for a new chain: a lost key is not silently replaced', () => {
    const keys = new KeyStore(tempDir());
    expect(() => keys.keyPair(ORG)).toThrow(/no signing key/);
    expect(() => keys.signHead(ORG, 2, hash(2), '2026-11-29T00:00:00.000Z')).toThrow();
  });
});
