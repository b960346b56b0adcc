/// <reference lib="dom" />
// Lists read page by page in a real Chromium, at a desktop and a phone size: the evidence list
// shows its first 100 pieces, loads the rest by cursor with "Show more", and after a change made
// on the page reads both pages again (one infinite query under the organization's key); the
// ledger does the same by 50 events. No serious or critical accessibility violation (axe-core).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../harness.js';
import { createOrgFixture, PASSWORD, type OrgFixture } from '../client.js';
import {
  accessibilityProblems,
  openBrowser,
  requireChromium,
  RUN_JOURNEYS,
  shot,
  signInThroughPage,
  SIZES,
  startServer,
  type Browser,
} from './support.js';

/** How many evidence pieces the API holds before the journey: one more than a page. */
const PIECES = 101;

const rowCount = (page: Page) => page.locator('main table').last().locator('tbody tr').count();

describe.skipIf(!RUN_JOURNEYS)('browser journey: load more by cursor', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let browser: Browser;
  let added = 0;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Paging Co');
    const api = `/api/v1/orgs/${org.slug}`;
    for (let i = 1; i <= PIECES; i++) {
      const res = await org.owner.post(`${api}/evidence`, {
        kind: 'link',
        title: `Evidence ${String(i).padStart(3, '0')}`,
        url: `https://wiki.example.com/e/${i}`,
      });
      expect(res.statusCode).toBe(201);
    }
    browser = await openBrowser();
    await signInThroughPage(browser.page, base, org.owner.email, PASSWORD);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const size of SIZES)
    it(`loads the second page of evidence and keeps both after a change on a ${size.name}`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(`${base}/o/${org.slug}/evidence`);
      await page.getByRole('heading', { level: 1, name: 'Evidence' }).waitFor();
      const total = PIECES + added;
      await page.getByText('The first 100 pieces of evidence.').waitFor();
      expect(await rowCount(page)).toBe(100);

      await page.getByRole('button', { name: 'Show more' }).click();
      await page.getByText(`${total} pieces of evidence, all shown.`).waitFor();
      expect(await rowCount(page)).toBe(total);
      expect(await page.getByRole('button', { name: 'Show more' }).count()).toBe(0);
      await shot(page, `paging-evidence-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);

      // A change accepted by the API reads again every page on screen: the new piece (newest
      // first) and the oldest one on the second page are both there.
      const form = page.getByRole('form', { name: 'Record a link' });
      await form.getByLabel('Title').fill(`Added on a ${size.name}`);
      await form.getByLabel('Address').fill('https://wiki.example.com/added');
      await form.getByRole('button', { name: 'Record the link' }).click();
      added++;
      await page.getByText(`${total + 1} pieces of evidence, all shown.`).waitFor();
      const titles = page.locator('main table').last().getByRole('rowheader');
      await expect.poll(() => titles.first().textContent()).toBe(`Added on a ${size.name}`);
      expect(await titles.last().textContent()).toBe('Evidence 001');
    });

  for (const size of SIZES)
    it(`loads the ledger's second page on a ${size.name}`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(`${base}/o/${org.slug}/ledger`);
      await page.getByRole('heading', { level: 1, name: 'Ledger' }).waitFor();
      await expect.poll(() => rowCount(page)).toBe(50);
      await page.getByRole('button', { name: 'Show more' }).click();
      await expect.poll(() => rowCount(page)).toBe(100);
      expect(await page.getByRole('button', { name: 'Show more' }).isVisible()).toBe(true);
      await shot(page, `paging-ledger-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);
    });
});
