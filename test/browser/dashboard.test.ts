// The dashboard in a real Chromium loads with one call for its content: a fresh load of the page
// makes three API calls: the session with its memberships (no setup question once signed in), the
// frame's badge count, and the dashboard; every card shows what the organization holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../harness.js';
import { createOrgFixture, PASSWORD, signIn, type OrgFixture } from '../client.js';
import {
  openBrowser,
  requireChromium,
  RUN_JOURNEYS,
  shot,
  signInThroughPage,
  startServer,
  type Browser,
} from './support.js';

const DAY = 86_400_000;

describe.skipIf(!RUN_JOURNEYS)('browser journey: the dashboard in one call', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let browser: Browser;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    // The organization was created three weeks ago and changed since: readiness has a history.
    const real = t.services.now;
    let ago = 21 * DAY;
    t.services.now = () => new Date(real().getTime() - ago);
    org = await createOrgFixture(t, 'Dashboard Co');
    const api = `/api/v1/orgs/${org.slug}`;
    ago = 10 * DAY;
    let owner = await signIn(t.app, org.owner.email);
    await owner.post(`${api}/ai-systems`, { name: 'Triage', purpose: 'Triage.' });
    const control = (await owner.get(`${api}/soa`)).json().items[0].controlId as string;
    await owner.request('PUT', `${api}/soa/${control}`, {
      applicable: false,
      justification: 'We build no AI systems in-house.',
    });
    t.services.now = real;
    owner = await signIn(t.app, org.owner.email);
    await owner.post(`${api}/ai-systems`, { name: 'Scheduler', purpose: 'Scheduler.' });
    await owner.post(`${api}/concerns`, { summary: 'Odd answers' });
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('loads the dashboard in 3 API calls (session, badge, dashboard) and shows every card', async () => {
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
    // The app's boot (who is signed in and their memberships: a session means no setup is
    // needed, so GET /setup is not asked) and the frame's "My work" badge are made on every page;
    // the dashboard's own content is one call. Three in all (issue 15).
    const frame = ['GET /api/v1/auth/session', `GET /api/v1/orgs/${org.slug}/inbox`];
    expect(
      distinct.filter((c) => !frame.includes(c)),
      calls.join('\n'),
    ).toEqual([dashboard]);
    expect(distinct, calls.join('\n')).toHaveLength(3);
    await shot(p, 'dashboard-01-one-call');

    // The entries of a framework are fetched when it is opened, not on the first load.
    const iso = p.locator('details[data-framework="iso27001"]');
    await iso.locator('summary').click();
    await iso.locator('tr[data-entry="4.1"]').waitFor();
    expect(calls).toContain(`GET /api/v1/orgs/${org.slug}/readiness/frameworks`);

    // Readiness over time is fetched when its panel comes into view: a chart, and its points in
    // a table (for those who cannot see the chart), oldest first, the last one now.
    const trend = p.getByRole('region', { name: 'Readiness over time' });
    await trend.scrollIntoViewIfNeeded();
    await trend.getByRole('img', { name: 'Readiness over time' }).waitFor();
    const rows = await trend
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => Array.from(tr.children).map((c) => c.textContent ?? '')),
      );
    const owner = await signIn(t.app, org.owner.email);
    const expected = (
      await owner.get(`/api/v1/orgs/${org.slug}/readiness/history?points=12`)
    ).json().points as { readiness: number; met: number }[];
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(rows.map((r) => r.slice(1, 3))).toEqual(
      expected.map((e) => [`${e.readiness}%`, String(e.met)]),
    );
    expect(rows[rows.length - 1]![0]).toMatch(/\(now\)$/);
    expect(calls).toContain(`GET /api/v1/orgs/${org.slug}/readiness/history`);
    await shot(p, 'dashboard-02-readiness-over-time');
  });
});
