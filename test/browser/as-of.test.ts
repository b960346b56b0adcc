// Viewing as of a past moment in a real Chromium: a risk recorded then deleted, another recorded
// after the moment; the picker shows the register as it was (the deleted risk, not the later
// one), says so in a banner, offers no "New risk", and "Back to now" returns to today's register.
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

const OLD = 'Deleted since: bias in triage';
const LATER = 'Recorded later: drift';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!RUN_JOURNEYS)('browser journey: the risk register as of a past moment', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let browser: Browser;
  let moment = '';

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Time Travel Co');
    const api = `/api/v1/orgs/${org.slug}/risks`;
    const old = await org.owner.post(api, { title: OLD, inherentLikelihood: 3, inherentImpact: 3 });
    expect(old.statusCode).toBe(201);
    // The picker takes whole seconds: the moment falls a second clear of both changes.
    await sleep(1500);
    moment = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    await sleep(1500);
    expect((await org.owner.delete(`${api}/${old.json().id}`)).statusCode).toBe(204);
    const later = { title: LATER, inherentLikelihood: 2, inherentImpact: 2 };
    expect((await org.owner.post(api, later)).statusCode).toBe(201);
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the register as it was, read-only, and goes back to now', async () => {
    const p = browser.page;
    await signInThroughPage(p, base, org.owner.email, PASSWORD);
    await nav(p, 'Risks');
    await p.getByRole('heading', { level: 1, name: 'Risks' }).waitFor();
    const main = p.locator('#main');
    await main.getByText(LATER).first().waitFor();
    expect(await main.getByText(OLD).count()).toBe(0);
    await p.getByRole('link', { name: 'New risk' }).waitFor();

    // The moment in the browser's own time zone, as the picker shows it.
    const local = await p.evaluate((iso) => {
      const d = new Date(iso);
      const n = (x: number) => String(x).padStart(2, '0');
      return `${d.getFullYear()}-${n(d.getMonth() + 1)}-${n(d.getDate())}T${n(d.getHours())}:${n(d.getMinutes())}:${n(d.getSeconds())}`;
    }, moment);
    await p.getByLabel('View as of').fill(local);
    await p.getByRole('button', { name: 'View', exact: true }).click();
    const banner = p.getByRole('status').filter({ hasText: 'Viewing records as of' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('read-only');
    await p.getByRole('heading', { level: 1, name: 'Risks' }).waitFor();
    await main.getByText(OLD).first().waitFor();
    expect(await main.getByText(LATER).count()).toBe(0);
    expect(await p.getByRole('link', { name: 'New risk' }).count()).toBe(0);
    // An export downloads the register as it was, too.
    const csv = await p.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(csv).toContain(`asOf=${encodeURIComponent(moment)}`);
    await shot(p, 'as-of-risks');
    // The risk deleted since opens as it was, with nothing to change.
    await main.getByRole('link', { name: OLD }).first().click();
    await p.getByRole('heading', { level: 1, name: OLD }).waitFor();
    expect(await p.getByRole('button', { name: 'Edit or re-assess' }).count()).toBe(0);
    await nav(p, 'Risks');
    await p.getByRole('heading', { level: 1, name: 'Risks' }).waitFor();

    await banner.getByRole('button', { name: 'Back to now' }).click();
    await banner.waitFor({ state: 'detached' });
    await main.getByText(LATER).first().waitFor();
    expect(await main.getByText(OLD).count()).toBe(0);
    await p.getByRole('link', { name: 'New risk' }).waitFor();
    const now = await p.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(now).not.toContain('asOf');
  });
});
