/// <reference lib="dom" />
// The list toolbar on the audits, management reviews and concerns lists in a real Chromium, at a
// desktop and a phone size: search, sort either way and filter by status (the state is in the
// address); then a treatment action's owner and an audit's lead auditor are chosen through the
// record picker, typing part of a member's email; no serious or critical accessibility violation.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../harness.js';
import { createOrgFixture, PASSWORD, type ApiClient, type OrgFixture } from '../client.js';
import {
  accessibilityProblems,
  openBrowser,
  pickIn,
  requireChromium,
  RUN_JOURNEYS,
  shot,
  signInThroughPage,
  SIZES,
  startServer,
  type Browser,
} from './support.js';

const AUDITS = ['Life cycle audit', 'annual AIMS audit', 'Zeta supplier audit'];
const REVIEWS = ['Review H2', 'budget review', 'Review H1'];
const CONCERNS = ['Odd answers', 'bias against women', 'Answers in the wrong language'];

/** The titles of the list's rows, once it shows exactly `expected` of them. */
async function rowsBecome(scope: Page | Locator, expected: string[]) {
  const table = scope.locator('table').last();
  await expect
    .poll(async () => (await table.getByRole('rowheader').allTextContents()).map((s) => s.trim()))
    .toEqual(expected);
}

describe.skipIf(!RUN_JOURNEYS)('browser journey: the audits, reviews and concerns lists', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let browser: Browser;
  let worker: ApiClient & { memberId: string; email: string };
  let riskId: string;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Check Co');
    const api = `/api/v1/orgs/${org.slug}`;
    worker = (await org.member('contributor')) as typeof worker;
    const starts = ['2026-05-04', '2026-03-02', '2026-09-07'];
    for (const [i, title] of AUDITS.entries())
      expect(
        (
          await org.owner.post(`${api}/audits`, {
            title,
            criteria: 'ISO/IEC 42001:2023 clause 9.2.',
            scope: ['9.2'],
            plannedStart: starts[i],
            plannedEnd: starts[i],
            leadAuditorMemberId: worker.memberId,
            auditorMemberIds: [],
          })
        ).statusCode,
      ).toBe(201);
    const held = ['2026-12-15', '2026-03-31', '2026-06-30'];
    const me = (await org.owner.get(`${api}/members`)).json().items as {
      id: string;
      role: string;
    }[];
    const ownerId = me.find((m) => m.role === 'owner')!.id;
    for (const [i, title] of REVIEWS.entries())
      await org.owner.post(`${api}/management-reviews`, {
        title,
        plannedOn: held[i],
        chairMemberId: ownerId,
        attendees: [],
      });
    for (const summary of CONCERNS) await worker.post(`${api}/concerns`, { summary });
    const risk = await org.owner.post(`${api}/risks`, { title: 'Drift in the credit model' });
    riskId = risk.json().id;
    browser = await openBrowser();
    await signInThroughPage(browser.page, base, org.owner.email, PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const size of SIZES)
    it(`searches, sorts and filters audits, reviews and concerns on a ${size.name}`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width: size.width, height: size.height });
      const [life, annual, zeta] = AUDITS as [string, string, string];

      await page.goto(`${base}/o/${org.slug}/audits`);
      await page.getByRole('heading', { level: 1, name: 'Internal audit' }).waitFor();
      let tools = page.getByRole('search', { name: 'Search and filter audits' });
      await rowsBecome(page.getByRole('region', { name: 'Audits', exact: true }), [
        zeta,
        annual,
        life,
      ]);
      await tools.getByText('3 audits.').waitFor();
      const box = tools.getByLabel('Search title or criteria');
      await box.fill('CYCLE');
      await box.press('Enter');
      await rowsBecome(page.getByRole('region', { name: 'Audits', exact: true }), [life]);
      await tools.getByText('1 audit matches.').waitFor();
      expect(new URL(page.url()).searchParams.get('q')).toBe('CYCLE');
      await tools.getByRole('button', { name: 'Clear' }).click();
      await tools.getByLabel('Sort by').selectOption({ label: 'Planned start' });
      await tools.getByLabel('Order').selectOption({ label: 'Descending' });
      await rowsBecome(page.getByRole('region', { name: 'Audits', exact: true }), [
        zeta,
        life,
        annual,
      ]);
      expect(new URL(page.url()).searchParams.get('sort')).toBe('-plannedStart');
      await tools.getByLabel('Status').selectOption({ label: 'Closed' });
      await page.getByText('No audit matches these filters.').waitFor();
      expect(await accessibilityProblems(page)).toEqual([]);
      await tools.getByRole('button', { name: 'Clear' }).click();

      const [h2, budget, h1] = REVIEWS as [string, string, string];
      await page.goto(`${base}/o/${org.slug}/reviews`);
      await page.getByRole('heading', { level: 1, name: 'Management reviews' }).waitFor();
      tools = page.getByRole('search', { name: 'Search and filter reviews' });
      await rowsBecome(page, [h1, budget, h2]);
      await tools.getByLabel('Search title').fill('review h');
      await rowsBecome(page, [h1, h2]);
      await tools.getByLabel('Sort by').selectOption({ label: 'Planned for' });
      await tools.getByLabel('Order').selectOption({ label: 'Descending' });
      await rowsBecome(page, [h2, h1]);
      // The list is a link: opened afresh, it shows the same.
      await page.goto(page.url());
      await rowsBecome(page, [h2, h1]);
      await tools.getByLabel('Status').selectOption({ label: 'Held' });
      await page.getByText('No management review matches these filters.').waitFor();
      await shot(page, `lists-check-reviews-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      await tools.getByRole('button', { name: 'Clear' }).click();

      const [odd, bias, wrong] = CONCERNS as [string, string, string];
      await page.goto(`${base}/o/${org.slug}/concerns`);
      await page.getByRole('heading', { level: 1, name: 'Concerns' }).waitFor();
      tools = page.getByRole('search', { name: 'Search and filter concerns' });
      await rowsBecome(page, [wrong, bias, odd]);
      await tools.getByLabel('Search what was reported').fill('ANSWERS');
      await rowsBecome(page, [wrong, odd]);
      await tools.getByLabel('Sort by').selectOption({ label: 'Concern' });
      await rowsBecome(page, [wrong, odd]);
      await tools.getByLabel('Order').selectOption({ label: 'Descending' });
      await rowsBecome(page, [odd, wrong]);
      await tools.getByLabel('Status').selectOption({ label: 'Received' });
      await rowsBecome(page, [odd, wrong]);
      await tools.getByText('2 concerns match.').waitFor();
      await shot(page, `lists-check-concerns-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      await tools.getByRole('button', { name: 'Clear' }).click();
      await rowsBecome(page, [wrong, bias, odd]);
    });

  for (const size of SIZES)
    it(`chooses a treatment owner and a lead auditor through the picker on a ${size.name}`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width: size.width, height: size.height });
      const who = new RegExp(worker.email);
      const part = worker.email.split('@')[0]!;

      await page.goto(`${base}/o/${org.slug}/risks/${riskId}`);
      const add = page.getByRole('form', { name: 'Add a treatment action' });
      const action = `Retrain monthly (${size.name})`;
      await add.getByLabel('Action').fill(action);
      await pickIn(add, 'Owner', part.slice(0, 14), who);
      await add.getByRole('button', { name: 'Add the action' }).click();
      const row = page.getByRole('row', { name: new RegExp(action.replace(/[()]/g, '\\$&')) });
      await row.waitFor();
      // The owner is named by the treatment's view (the member's display name).
      await expect.poll(() => row.textContent()).toContain(part);
      expect(await accessibilityProblems(page)).toEqual([]);

      await page.goto(`${base}/o/${org.slug}/audits`);
      const plan = page.getByRole('form', { name: 'Plan an audit' });
      const title = `Supplier audit (${size.name})`;
      await plan.getByLabel('Title').fill(title);
      await plan.getByLabel('Criteria').fill('The supplier procedure.');
      await plan.getByLabel('Scope').fill('A.10');
      await plan.getByLabel('Planned start').fill('2026-10-05');
      await plan.getByLabel('Planned end').fill('2026-10-06');
      await pickIn(plan, 'Lead auditor', part.slice(0, 14), who);
      expect(await accessibilityProblems(page)).toEqual([]);
      await plan.getByRole('button', { name: 'Plan the audit' }).click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await page.getByText(part, { exact: false }).first().waitFor();
      const planned = (await org.owner.get(`/api/v1/orgs/${org.slug}/audits?q=supplier`)).json()
        .items as { title: string; leadAuditorMemberId: string }[];
      expect(planned.find((a) => a.title === title)?.leadAuditorMemberId).toBe(worker.memberId);
    });
});
