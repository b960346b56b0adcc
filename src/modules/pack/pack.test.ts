import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { makeEvidence, makeFileEvidence } from '../../../test/factories/evidence.js';
import { makeIncident } from '../../../test/factories/incidents.js';
import { makeAnalysed, planAction } from '../../../test/factories/nonconformities.js';
import { makeRisk } from '../../../test/factories/risks.js';
import { openUnit, type Unit } from '../../../test/unit.js';
import { readPdf } from '../../../test/pdf-text.js';
import { canonicalize } from '../../kernel/jcs.js';
import { buildPack, PACK_PATHS, verifyPack, type PackManifest } from './index.js';
import { ZipReader } from './zip-read.js';
import { ZipWriter } from './zip.js';

/** Every file of a pack, in order. */
async function readAll(file: string): Promise<Map<string, Buffer>> {
  const zip = await ZipReader.open(file);
  try {
    const out = new Map<string, Buffer>();
    for (const e of zip.entries.values()) out.set(e.path, await zip.read(e));
    return out;
  } finally {
    await zip.close();
  }
}

/** Writes the files as a new, well-formed archive (what someone rewriting a pack would do). */
async function writeAll(file: string, files: Map<string, Buffer>) {
  const zip = await ZipWriter.create(file, new Date());
  for (const [p, data] of files) await zip.addBuffer(p, data);
  await zip.finish();
}

/** One byte changed, in the middle of the file (a letter or digit becomes another one). */
function alterOneByte(data: Buffer, at = Math.floor(data.length / 2)): Buffer {
  const b = Buffer.from(data);
  let i = at;
  while (!/[0-9A-Za-z]/.test(String.fromCharCode(b[i]!)) && i < b.length - 1) i++;
  b[i] = b[i] === 0x41 ? 0x42 : 0x41;
  return b;
}

describe.each(DIALECTS)('the audit pack on %s', (dialect) => {
  let u: Unit;
  let dir: string;
  let pack: string;
  let bytes: Buffer;
  let asOfPack: string;
  let firstRisk: string;
  let laterRisk: string;
  const build = (out: string, asOf?: Date) =>
    buildPack(u.services, u.org.id, { out, now: u.clock.now(), ...(asOf ? { asOf } : {}) });

  beforeAll(async () => {
    u = await openUnit(dialect);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-pack-'));
    firstRisk = (await makeRisk(u, { title: 'Biased triage' })).id;
    bytes = Buffer.from('model card, version 3\n'.repeat(200));
    await makeFileEvidence(u, bytes, { title: 'Model card' });
    await makeFileEvidence(u, 'bias test results');
    await makeEvidence(u, { title: 'Wiki page' });
    u.clock.advanceDays(10);
    laterRisk = (await makeRisk(u, { title: 'Drift after retraining' })).id;
    const nc = await makeAnalysed(u);
    await planAction(u, nc.id, u.members.manager);
    await makeIncident(u, { title: 'Wrong dosage advice' });
    pack = path.join(dir, 'pack.zip');
    await build(pack);
    asOfPack = path.join(dir, 'as-of.zip');
    await build(asOfPack, new Date('2026-03-05T00:00:00.000Z'));
  }, 120_000);
  afterAll(async () => {
    await u?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('holds the index, the report, the records as JSON and CSV, the evidence, the ledger and a signed manifest, and verifies', async () => {
    const files = await readAll(pack);
    const names = [...files.keys()];
    for (const p of [
      'index.html',
      'report.pdf',
      'records/risks.json',
      'records/risks.csv',
      'records/evidence.json',
      'records/incidents.json',
      'records/nonconformity_actions.json',
      'ledger/events.jsonl',
      'ledger/heads.jsonl',
      'ledger/checkpoints.jsonl',
      'ledger/public-key.pem',
      'manifest.json',
      'manifest.sig',
    ])
      expect(names).toContain(p);
    const evidence = names.filter((n) => n.startsWith('evidence/'));
    expect(evidence).toHaveLength(2);
    const manifest = JSON.parse(files.get('manifest.json')!.toString()) as PackManifest;
    expect(manifest.files.map((f) => f.path).sort()).toEqual(
      names.filter((n) => !n.startsWith('manifest.')).sort(),
    );
    expect(manifest.ledger.events).toBe(await u.head());
    const risks = JSON.parse(files.get('records/risks.json')!.toString()) as { id: string }[];
    expect(risks.map((r) => r.id).sort()).toEqual([firstRisk, laterRisk].sort());
    expect(files.get('records/risks.csv')!.toString()).toContain('Drift after retraining');
    const card = evidence.find((n) => files.get(n)!.equals(bytes));
    expect(card).toBeDefined();
    expect(files.get('report.pdf')!.subarray(0, 5).toString()).toBe('%PDF-');
    const html = files.get('index.html')!.toString();
    expect(html).toContain('Model card');
    // Offline: nothing to load from anywhere else.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/<script/i);

    const report = await verifyPack(pack);
    expect(report).toMatchObject({ ok: true, problem: null, events: await u.head() });
    expect(report.records).toBeGreaterThan(10);
  });

  it("opens its report with a title page: the organization's name, the ledger head, who asked, a sign-off block", async () => {
    const out = path.join(dir, 'asked.zip');
    const m = u.members.manager;
    const r = await buildPack(u.services, u.org.id, {
      out,
      now: u.clock.now(),
      memberId: m.memberId,
    });
    const manifest = JSON.parse(
      (await readAll(out)).get('manifest.json')!.toString(),
    ) as PackManifest;
    const [title] = await readPdf((await readAll(out)).get('report.pdf')!);
    expect(title!.text).toContain('Unit test org');
    expect(title!.text).not.toContain(u.org.slug);
    expect(title!.text).toContain('Audit pack');
    expect(title!.text).toContain(`event ${r.events}, hash ${manifest.ledger.head.slice(0, 16)}`);
    for (const part of ['Prepared by', 'Reviewed by', 'Approved by', 'Signature'])
      expect(title!.text).toContain(part);
    expect(title!.text).toContain(`manager <${m.email}> (Manager)`);
  });

  it('as of a date holds the ledger up to then and the records as they were', async () => {
    const files = await readAll(asOfPack);
    const manifest = JSON.parse(files.get('manifest.json')!.toString()) as PackManifest;
    expect(manifest.as_of).toBe('2026-03-05T00:00:00.000Z');
    expect(manifest.ledger.events).toBeLessThan(await u.head());
    const risks = JSON.parse(files.get('records/risks.json')!.toString()) as { id: string }[];
    expect(risks.map((r) => r.id)).toEqual([firstRisk]);
    expect(manifest.tables.map((t) => t.entity)).not.toContain('incidents');
    const events = files.get('ledger/events.jsonl')!.toString().trim().split('\n');
    expect(events).toHaveLength(manifest.ledger.events);
    expect(await verifyPack(asOfPack)).toMatchObject({ ok: true });
  });

  it('as of a date shows readiness as it stood then, not as it is now', async () => {
    // Each requirement's status in the report's readiness table: the id in the first column and
    // the status on the same line of the page.
    const STATUSES = new Set(['met', 'partial', 'missing', 'not applicable']);
    const statusesOf = async (file: string) => {
      const pages = await readPdf((await readAll(file)).get('report.pdf')!);
      const out = new Map<string, string>();
      let inReadiness = false;
      for (const page of pages) {
        if (page.text.includes('Readiness (clauses 4-10 and Annex A)')) inReadiness = true;
        else if (inReadiness && /^(Risks|AI system impact|Internal audits)/m.test(page.text))
          inReadiness = false;
        if (!inReadiness) continue;
        for (const id of page.items.filter((i) => /^(\d+(\.\d+)*|A\.\d+(\.\d+)*)$/.test(i.str)))
          for (const st of page.items)
            if (STATUSES.has(st.str) && Math.abs(st.y - id.y) < 1 && st.x > id.x)
              out.set(id.str, st.str);
      }
      return out;
    };
    const then = await statusesOf(asOfPack);
    const now = await statusesOf(pack);
    expect(then.size).toBeGreaterThan(30);
    expect([...then.keys()].sort()).toEqual([...now.keys()].sort());
    // The incident, the second risk and the nonconformity came after the moment: readiness moved.
    const moved = [...then].filter(([id, st]) => now.get(id) !== st);
    expect(moved.length).toBeGreaterThan(0);
  });

  const kinds: [string, (names: string[]) => string, string][] = [
    ['the index', () => 'index.html', 'FILE_ALTERED'],
    ['the report', () => 'report.pdf', 'FILE_ALTERED'],
    ['a JSON record file', () => 'records/risks.json', 'FILE_ALTERED'],
    ['a CSV', () => 'records/risks.csv', 'FILE_ALTERED'],
    ['an evidence file', (n) => n.find((x) => x.startsWith('evidence/'))!, 'FILE_ALTERED'],
    ['the ledger segment', () => 'ledger/events.jsonl', 'FILE_ALTERED'],
    ['the signed heads', () => 'ledger/heads.jsonl', 'FILE_ALTERED'],
    ['the signed checkpoints', () => 'ledger/checkpoints.jsonl', 'FILE_ALTERED'],
    ['the public key', () => 'ledger/public-key.pem', 'FILE_ALTERED'],
    ['the manifest', () => 'manifest.json', 'MANIFEST_SIGNATURE'],
    ['the manifest signature', () => 'manifest.sig', 'MANIFEST_SIGNATURE'],
  ];
  it.each(kinds)('one byte altered in %s is caught and named', async (_kind, pick, code) => {
    const files = await readAll(pack);
    const target = pick([...files.keys()]);
    files.set(target, alterOneByte(files.get(target)!));
    const out = path.join(dir, `altered-${target.replace(/\W/g, '_')}.zip`);
    await writeAll(out, files);
    const report = await verifyPack(out);
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({
      code,
      path: code === 'MANIFEST_SIGNATURE' ? 'manifest.sig' : target,
    });
  });

  /**
   * Someone holding the organization's key (an insider) alters a file and signs a new manifest:
   * the hashes and the signature then check out, and the content checks still catch it.
   */
  async function resigned(name: string, change: (files: Map<string, Buffer>) => void) {
    const files = await readAll(pack);
    change(files);
    const manifest = JSON.parse(files.get('manifest.json')!.toString()) as PackManifest;
    const { createHash } = await import('node:crypto');
    manifest.files = manifest.files.map((f) => {
      const data = files.get(f.path)!;
      return { ...f, sha256: createHash('sha256').update(data).digest('hex'), size: data.length };
    });
    const text = Buffer.from(canonicalize(manifest));
    files.set('manifest.json', text);
    files.set('manifest.sig', Buffer.from(u.services.keys.signPackManifest(u.org.id, text)));
    const out = path.join(dir, `resigned-${name}.zip`);
    await writeAll(out, files);
    return verifyPack(out);
  }
  const edit = (files: Map<string, Buffer>, p: string, f: (s: string) => string) =>
    files.set(p, Buffer.from(f(files.get(p)!.toString())));

  it('a record that differs from the replay of the ledger is caught, even re-signed', async () => {
    const r = await resigned('record', (files) =>
      edit(files, 'records/risks.json', (s) => s.replace('Biased triage', 'Biased triagE')),
    );
    expect(r.problem).toMatchObject({ code: 'RECORD_MISMATCH', path: 'records/risks.json' });
  });

  it('a CSV that differs from its JSON is caught, even re-signed', async () => {
    const r = await resigned('csv', (files) =>
      edit(files, 'records/risks.csv', (s) => s.replace('Biased triage', 'Fine triage')),
    );
    expect(r.problem).toMatchObject({ code: 'CSV_MISMATCH', path: 'records/risks.csv' });
  });

  it('a rewritten event breaks the chain against the signed heads, even re-signed', async () => {
    const r = await resigned('event', (files) =>
      edit(files, 'ledger/events.jsonl', (s) => s.replace('Biased triage', 'Biased triagE')),
    );
    expect(r.problem).toMatchObject({ code: 'CHAIN_BROKEN', path: 'ledger/events.jsonl' });
  });

  it('a record left out, or a signed head rewritten, is caught, even re-signed', async () => {
    const left = await resigned('left-out', (files) =>
      edit(files, 'records/incidents.json', () => '[]\n'),
    );
    expect(left.problem).toMatchObject({ code: 'RECORDS_COUNT', path: 'records/incidents.json' });
    const heads = await resigned('heads', (files) =>
      edit(files, 'ledger/heads.jsonl', (s) => s.replace('"signed_at":"2026', '"signed_at":"2027')),
    );
    expect(heads.problem).toMatchObject({ path: 'ledger/heads.jsonl' });
  });

  it('an evidence file swapped for another is caught, even re-signed', async () => {
    const r = await resigned('evidence', (files) => {
      const p = [...files.keys()].find((n) => n.startsWith('evidence/'))!;
      files.set(p, Buffer.from('something else'));
    });
    expect(r.problem).toMatchObject({ code: 'EVIDENCE_ALTERED' });
  });

  it('a pack signed with another key than the one the auditor holds is refused', async () => {
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' });
    const r = await verifyPack(pack, { publicKey: other.toString() });
    expect(r.problem).toMatchObject({ code: 'KEY_NOT_TRUSTED' });
    const own = u.services.keys.publicKeyPem(u.org.id);
    expect(await verifyPack(pack, { publicKey: own })).toMatchObject({ ok: true });
  });

  it('a head signature is no manifest signature', async () => {
    const files = await readAll(pack);
    const head = JSON.parse(files.get('ledger/heads.jsonl')!.toString().split('\n')[0]!) as {
      signature: string;
    };
    files.set('manifest.sig', Buffer.from(head.signature));
    const out = path.join(dir, 'head-sig.zip');
    await writeAll(out, files);
    expect((await verifyPack(out)).problem).toMatchObject({ code: 'MANIFEST_SIGNATURE' });
    expect(PACK_PATHS.manifest).toBe('manifest.json');
  });
});
