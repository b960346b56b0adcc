// The dashboard in a real Chromium loads with one call for its content: a fresh load of the page
// makes the app's boot requests (setup needed? the session with its memberships), the frame's
// badge count, and the dashboard, nothing else; every card shows what the organization holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../harness.js';
import { createOrgFixture, PASSWORD, type OrgFixture } from '../client.js';
import {
  openBrowser,
  requireChromium,
  RUN_JOURNEYS,
  shot,
  signInThroughPage,
  startServer,
  type Browser,
} from './support.js';

describe.skipIf(!RUN_JOURNEYS)('browser journey: the dashboard in one call', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let browser: Browser;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Dashboard Co');
    const api = `/api/v1/orgs/${org.slug}`;
    for (const name of ['Triage', 'Scheduler'])
      await org.owner.post(`${api}/ai-systems`, { name, purpose: `${name}.` });
    await org.owner.post(`${api}/concerns`, { summary: 'Odd answers' });
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('loads the dashboard with one call for its content (3 with the session) and shows every card', async () => {
    await signInThroughPage(browser.page, base, org.owner.email, PASSWORD);
    await browser.page.waitForLoadState('networkidle');
    // A fresh tab of the signed-in browser opens the dashboard: every API request it makes counts.
    const p = await browser.context.newPage();
    const calls: string[] = [];
    p.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/')) calls.push(`${r.method()} ${u.pathname}`);
    });
    await p.goto(`${base}/o/${org.slug}`);
    await p.getByLabel('Overall readiness').locator('strong').waitFor();
    const systems = p.getByRole('region', { name: 'AI systems' });
    await systems.getByText('in the inventory').waitFor();
    expect(await systems.locator('.big-number').textContent()).toMatch(/^2 /);
    await p.getByText('1 open concern to follow up.').waitFor();
    await p.getByRole('region', { name: 'Gap list' }).getByText('4.1', { exact: true }).waitFor();
    await p.locator('details[data-framework="iso27001"]').waitFor();
    await p.waitForLoadState('networkidle');
    // Distinct requests: the tests run a development build of React, whose StrictMode runs every
    // effect twice, so each request appears twice here (once in a production build).
    const distinct = [...new Set(calls)];
    const dashboard = `GET /api/v1/orgs/${org.slug}/dashboard`;
    // The app's boot (is setup needed, who is signed in and their memberships) and the frame's
    // "My work" badge are made on every page; the dashboard's own content is one call.
    const frame = [
      'GET /api/v1/setup',
      'GET /api/v1/auth/session',
      `GET /api/v1/orgs/${org.slug}/inbox`,
    ];
    expect(
      distinct.filter((c) => !frame.includes(c)),
      calls.join('\n'),
    ).toEqual([dashboard]);
    expect(
      distinct.filter((c) => c !== `GET /api/v1/orgs/${org.slug}/inbox`),
      calls.join('\n'),
    ).toHaveLength(3);
    await shot(p, 'dashboard-01-one-call');

    // The entries of a framework are fetched when it is opened, not on the first load.
    const iso = p.locator('details[data-framework="iso27001"]');
    await iso.locator('summary').click();
    await iso.locator('tr[data-entry="4.1"]').waitFor();
    expect(calls).toContain(`GET /api/v1/orgs/${org.slug}/readiness/frameworks`);
  });
});
