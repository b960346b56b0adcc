// The audit pack from the web in a real Chromium: an auditor opens the Ledger, builds the pack,
// watches its progress, downloads the archive, and the offline verifier accepts the file. A
// contributor is not offered the panel. The test server has no job worker of its own (as `aims
// serve` has), so one runs here in the background on the same database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJobWorker, type JobWorker } from '../../src/kernel/jobs.js';
import { verifyPack } from '../../src/modules/pack/index.js';
import type { TestApp } from '../harness.js';
import { createOrgFixture, PASSWORD, type OrgFixture } from '../client.js';
import {
  nav,
  openBrowser,
  requireChromium,
  RUN_JOURNEYS,
  shot,
  signInThroughPage,
  startServer,
  type Browser,
} from './support.js';

describe.skipIf(!RUN_JOURNEYS)('browser journey: an auditor downloads the audit pack', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let b: Browser;
  let worker: JobWorker;
  let dir: string;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    worker = startJobWorker({ database: t.services.database, pollMs: 200 });
    org = await createOrgFixture(t, 'Pack Health');
    const r = await org.owner.post(`/api/v1/orgs/${org.slug}/ai-systems`, {
      name: 'Triage',
      purpose: 'Sorts incoming cases.',
    });
    expect(r.statusCode).toBe(201);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-pack-journey-'));
    b = await openBrowser();
  });

  afterAll(async () => {
    await b?.close();
    await worker?.stop();
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('builds the pack, shows its progress, downloads it, and the file verifies offline', async () => {
    const auditor = await org.member('auditor');
    const p = b.page;
    await signInThroughPage(p, base, auditor.email, PASSWORD);
    await nav(p, 'Ledger');
    await p.getByRole('heading', { level: 1, name: 'Ledger' }).waitFor();
    const panel = p.getByRole('region', { name: 'Download audit pack' });
    await panel.getByLabel('As of (optional)').fill(new Date().toISOString().slice(0, 10));
    await panel.getByRole('group', { name: 'AI systems (optional)' }).getByLabel('Triage').check();
    await panel.getByRole('button', { name: 'Build the audit pack' }).click();
    const link = panel.getByRole('link', { name: 'Download the audit pack' });
    await link.waitFor({ timeout: 60_000 });
    await panel.getByText('The audit pack is ready').waitFor();
    await shot(p, 'pack-ready');

    const [download] = await Promise.all([p.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-pack-.*\.zip$/);
    const file = path.join(dir, download.suggestedFilename());
    await download.saveAs(file);
    const result = await verifyPack(file);
    expect(result).toMatchObject({ ok: true, organization: org.slug, scope: ['Triage'] });
  }, 120_000);

  it('is not offered to a contributor', async () => {
    const contributor = await org.member('contributor');
    const c = await openBrowser();
    try {
      await signInThroughPage(c.page, base, contributor.email, PASSWORD);
      await nav(c.page, 'Ledger');
      await c.page.getByRole('heading', { level: 1, name: 'Ledger' }).waitFor();
      await c.page.getByText('Every change to this organization').waitFor();
      expect(await c.page.getByRole('heading', { name: 'Download audit pack' }).count()).toBe(0);
    } finally {
      await c.close();
    }
  }, 60_000);
});
