import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobWorker } from '../src/kernel/jobs.js';
import { verifyPack } from '../src/modules/pack/index.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type OrgFixture } from './client.js';

describe.each(DIALECTS)('the audit pack over the API on %s', (dialect) => {
  let t: TestApp;
  let a: OrgFixture;
  let base: string;
  let dir: string;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    a = await createOrgFixture(t);
    base = `/api/v1/orgs/${a.slug}`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-pack-api-'));
    const r = await a.owner.post(`${base}/ai-systems`, { name: 'Triage', purpose: 'Triage.' });
    expect(r.statusCode).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('an auditor queues a pack, follows its progress, downloads it, and it verifies', async () => {
    const auditor = await a.member('auditor');
    const made = await auditor.post(`${base}/packs`, {});
    expect(made.statusCode).toBe(202);
    const job = made.json();
    expect(job).toMatchObject({ status: 'queued', percent: 0, download: null });
    const early = await auditor.get(`${base}/packs/${job.id}/download`);
    expect(early.statusCode).toBe(409);

    await createJobWorker({ database: t.services.database }).runDue();
    const done = (await auditor.get(`${base}/packs/${job.id}`)).json();
    expect(done).toMatchObject({ status: 'done', percent: 100, error: null });
    expect(done.download).toBe(`${base}/packs/${job.id}/download`);
    const file = await auditor.get(done.download);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('application/zip');
    const out = path.join(dir, `${dialect}.zip`);
    fs.writeFileSync(out, file.rawPayload);
    expect(await verifyPack(out)).toMatchObject({ ok: true, organization: a.slug });
  }, 120_000);

  it('as of a date, and only for owners, managers and auditors', async () => {
    const made = await a.owner.post(`${base}/packs`, { asOf: '2000-01-01' });
    expect(made.statusCode).toBe(202);
    expect(made.json().asOf).toBe('2000-01-01T23:59:59.999Z');
    for (const role of ['viewer', 'contributor'] as const) {
      const m = await a.member(role);
      expect((await m.post(`${base}/packs`, {})).statusCode).toBe(403);
      expect((await m.get(`${base}/packs/${made.json().id}`)).statusCode).toBe(403);
    }
    const bad = await a.owner.post(`${base}/packs`, { asOf: 'yesterday' });
    expect(bad.statusCode).toBe(400);
  });

  it('scoped to AI systems by name: the manifest names them; an unknown one is a 422', async () => {
    const made = await a.owner.post(`${base}/packs`, { scope: ['Triage'] });
    expect(made.statusCode).toBe(202);
    expect(made.json().scope).toHaveLength(1);
    await createJobWorker({ database: t.services.database }).runDue();
    const done = (await a.owner.get(`${base}/packs/${made.json().id}`)).json();
    expect(done).toMatchObject({ status: 'done', scope: made.json().scope });
    const out = path.join(dir, `${dialect}-scoped.zip`);
    fs.writeFileSync(out, (await a.owner.get(done.download)).rawPayload);
    expect(await verifyPack(out)).toMatchObject({ ok: true, scope: ['Triage'] });

    const bad = await a.owner.post(`${base}/packs`, { scope: ['Triage', 'No such system'] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/scope/1' }],
    });
  }, 120_000);
});
