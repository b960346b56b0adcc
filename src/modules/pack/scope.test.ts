import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { makeIncident } from '../../../test/factories/incidents.js';
import { makeAiSystem } from '../../../test/factories/registers.js';
import { makeRisk } from '../../../test/factories/risks.js';
import { openUnit, type Unit } from '../../../test/unit.js';
import { canonicalize } from '../../kernel/jcs.js';
import { AppError } from '../../kernel/errors.js';
import { buildPack, verifyPack, type PackManifest } from './index.js';
import { reportTables, ReportRows } from './report.js';
import { ZipReader } from './zip-read.js';
import { ZipWriter } from './zip.js';

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

describe.each(DIALECTS)('a scoped audit pack on %s', (dialect) => {
  let u: Unit;
  let dir: string;
  let triage: string;
  const build = (out: string, scope?: string[]) =>
    buildPack(u.services, u.org.id, { out, now: u.clock.now(), ...(scope ? { scope } : {}) });

  beforeAll(async () => {
    u = await openUnit(dialect);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-pack-scope-'));
    triage = (await makeAiSystem(u, { name: 'Triage' })).id;
    const chat = (await makeAiSystem(u, { name: 'Chat' })).id;
    await makeRisk(u, { title: 'Biased triage', aiSystemIds: [triage] });
    await makeRisk(u, { title: 'Chat hallucinates', aiSystemIds: [chat] });
    await makeIncident(u, { title: 'Triage misrouted', systems: [{ aiSystemId: triage }] });
    await makeIncident(u, { title: 'Chat leaked', systems: [{ aiSystemId: chat }] });
  }, 120_000);
  afterAll(async () => {
    await u?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names its systems in the signed manifest and the index, keeps every record, and verifies', async () => {
    const out = path.join(dir, 'scoped.zip');
    await build(out, ['Triage']);
    const files = await readAll(out);
    const manifest = JSON.parse(files.get('manifest.json')!.toString()) as PackManifest;
    expect(manifest.scope).toEqual({
      ai_systems: [{ id: triage, name: 'Triage' }],
      narrows: ['report.pdf'],
    });
    expect(files.get('index.html')!.toString()).toContain(
      'Audit pack: Test Org (scope: Triage)'.replace('Test Org', manifest.organization.name),
    );
    // The records stay whole: the verifier recomputes them from the whole ledger.
    expect(files.get('records/risks.csv')!.toString()).toContain('Chat hallucinates');
    expect(await verifyPack(out)).toMatchObject({ ok: true, scope: ['Triage'] });
    // By id too; an unscoped pack says so.
    await build(path.join(dir, 'by-id.zip'), [triage]);
    expect(await verifyPack(path.join(dir, 'by-id.zip'))).toMatchObject({
      ok: true,
      scope: ['Triage'],
    });
    await build(path.join(dir, 'whole.zip'));
    expect(await verifyPack(path.join(dir, 'whole.zip'))).toMatchObject({ ok: true, scope: null });
  });

  it("narrows the report's risks and incidents to the scope's systems", async () => {
    const rows = new ReportRows();
    const files = await readAll(path.join(dir, 'scoped.zip'));
    for (const entity of ['ai_systems', 'risks', 'incidents', 'incident_systems'])
      for (const s of JSON.parse(files.get(`records/${entity}.json`)!.toString()) as Record<
        string,
        unknown
      >[])
        rows.add(entity, s);
    const head = {
      organization: 'Org',
      asOf: 'now',
      generatedAt: '2026-01-01T00:00:00Z',
      events: 1,
      head: 'h',
      keyFingerprint: 'k',
      tables: [],
    };
    const section = (scope: PackManifest['scope'] | null, title: string) =>
      reportTables({ ...head, scope: scope ?? null }, rows, [])
        .find((t) => t.title.startsWith(title))!
        .rows.map((r) => r[0]);
    const scope = { ai_systems: [{ id: triage, name: 'Triage' }], narrows: ['report.pdf'] };
    expect(section(scope, 'Risks')).toEqual(['Biased triage']);
    expect(section(scope, 'AI incidents')).toEqual(['Triage misrouted']);
    expect(section(null, 'Risks')).toEqual(['Biased triage', 'Chat hallucinates']);
    expect(reportTables({ ...head, scope }, rows, [])[0]!.title).toBe(
      'Audit pack: Org (scope: Triage)',
    );
  });

  it('refuses an unknown system, naming it', async () => {
    const err = await build(path.join(dir, 'none.zip'), ['Triage', 'Nope']).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/scope/1', message: expect.stringContaining('Nope') }],
    });
  });

  it('a scope altered to name another system is caught, even re-signed', async () => {
    const files = await readAll(path.join(dir, 'scoped.zip'));
    const manifest = JSON.parse(files.get('manifest.json')!.toString()) as PackManifest;
    manifest.scope!.ai_systems = [{ id: triage, name: 'Something else' }];
    const text = Buffer.from(canonicalize(manifest));
    files.set('manifest.json', text);
    files.set('manifest.sig', Buffer.from(u.services.keys.signPackManifest(u.org.id, text)));
    const out = path.join(dir, 'altered-scope.zip');
    const zip = await ZipWriter.create(out, new Date());
    for (const [p, data] of files) await zip.addBuffer(p, data);
    await zip.finish();
    expect((await verifyPack(out)).problem).toMatchObject({
      code: 'SCOPE_UNKNOWN',
      path: 'manifest.json',
    });
  });
});
