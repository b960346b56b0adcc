// Top management and what a document fulfils, in a real Chromium: an owner names the roles of top
// management in the settings, and writes the AIMS resources document saying what it fulfils; a
// manager approves it and readiness counts 7.1 met.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe.skipIf(!RUN_JOURNEYS)('browser journey: top management and documented information', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let browser: Browser;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Plan Co');
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('names top management in the settings and a document that fulfils 7.1', async () => {
    const p = browser.page;
    const api = `/api/v1/orgs/${org.slug}`;
    await signInThroughPage(p, base, org.owner.email, PASSWORD);
    await nav(p, 'Settings');
    const section = p.getByRole('region', { name: 'Top management' });
    await section.getByLabel('Owners').check();
    await section.getByRole('button', { name: 'Save' }).click();
    await section.getByText('Top management is saved.').waitFor();
    await shot(p, 'plan-01-top-management');
    expect((await org.owner.get(api)).json().topManagementRoles).toEqual(['owner']);

    await p.goto(`${base}/o/${org.slug}/documents/new`);
    const form = p.getByRole('form', { name: 'New document' });
    await form.getByLabel('Title').fill('Resources of the AIMS');
    await form
      .getByLabel('Fulfils')
      .selectOption({ label: '7.1 Resources of the AI management system' });
    await form.getByRole('button', { name: 'Create the draft' }).click();
    await p.getByRole('heading', { level: 1, name: 'Resources of the AIMS' }).waitFor();
    await p.getByText('Fulfils: 7.1 Resources of the AI management system').waitFor();
    await shot(p, 'plan-02-document');

    const readiness = async () =>
      (await org.owner.get(`${api}/readiness`))
        .json()
        .requirements.find((r: { id: string }) => r.id === '7.1');
    expect((await readiness()).status).toBe('partial');
    const [doc] = (await org.owner.get(`${api}/documents`)).json().items;
    const [v] = (await org.owner.get(`${api}/documents/${doc.id}/versions`)).json().items;
    const manager = await org.member('manager');
    const r = await manager.request(
      'POST',
      `${api}/documents/${doc.id}/versions/${v.id}/approve`,
      undefined,
      {
        'if-match': `"${v.version}"`,
      },
    );
    expect(r.statusCode).toBe(200);
    expect((await readiness()).status).toBe('met');
  });
});
