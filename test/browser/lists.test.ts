/// <reference lib="dom" />
// The list toolbar in a real Chromium, at a desktop and a phone size: the owner finds a risk by
// its readable identifier typed in lower case, sorts the register by title either way, filters
// the risks awaiting their acceptance (the state is in the address, so the list is a link), and
// clears it all; then finds and sorts with the same toolbar on the generic register list (AI
// systems) and on the evidence list; no serious or critical accessibility violation (axe-core).
import type { Page } from 'playwright-core';
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
  accessibilityProblems,
  SIZES,
} from './support.js';

const ALPHA = 'Alpha leak of case notes';
const BIAS = 'Bias in triage';
const DRIFT = 'Drift in the credit model';
// AI systems, registered in this order (the register lists them by name unless sorted).
const SYSTEMS = ['Credit scorer', 'Triage assistant', 'Appeals chatbot'];
// Evidence, recorded in this order (the list shows it newest first unless sorted).
const EVIDENCE = ['Model card', 'bias test report', 'Approval minutes'];

/** The titles of the register's rows, once the list shows exactly `expected` of them. */
async function rowsBecome(page: Page, expected: string[]) {
  const table = page.locator('main table').last();
  await expect
    .poll(async () => (await table.getByRole('rowheader').allTextContents()).map((s) => s.trim()))
    .toEqual(expected);
}

describe.skipIf(!RUN_JOURNEYS)('browser journey: search, sort and filter the risk register', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let browser: Browser;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Lists Co');
    const manager = await org.member('manager');
    const api = `/api/v1/orgs/${org.slug}`;
    // R-0001 waits for someone other than its owner (the manager) to accept it: the owner may.
    await manager.post(`${api}/risks`, {
      title: DRIFT,
      inherentLikelihood: 4,
      inherentImpact: 4,
      residualLikelihood: 3,
      residualImpact: 4,
      treatment: 'retain',
    });
    await manager.post(`${api}/risks`, { title: BIAS });
    await manager.post(`${api}/risks`, { title: ALPHA });
    for (const name of SYSTEMS)
      await manager.post(`${api}/ai-systems`, { name, purpose: `${name} for the service desk.` });
    for (const title of EVIDENCE)
      await manager.post(`${api}/evidence`, {
        kind: 'link',
        title,
        url: 'https://wiki.example.com/x',
      });
    browser = await openBrowser();
    await signInThroughPage(browser.page, base, org.owner.email, PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const size of SIZES)
    it(`finds, sorts and filters on a ${size.name}`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(`${base}/o/${org.slug}/risks`);
      await page.getByRole('heading', { level: 1, name: 'Risks' }).waitFor();
      const tools = page.getByRole('search', { name: 'Search and filter risks' });
      await rowsBecome(page, [ALPHA, BIAS, DRIFT]);
      await tools.getByText('3 risks.').waitFor();

      const box = tools.getByLabel('Search title or id (R-0042)');
      await box.fill('r-0002');
      await box.press('Enter');
      await rowsBecome(page, [BIAS]);
      await tools.getByText('1 risk matches.').waitFor();
      expect(new URL(page.url()).searchParams.get('q')).toBe('r-0002');
      expect(await page.getByRole('row', { name: /R-0002/ }).count()).toBe(1);
      await tools.getByRole('button', { name: 'Clear' }).click();
      await rowsBecome(page, [ALPHA, BIAS, DRIFT]);
      expect(await box.inputValue()).toBe('');

      await tools.getByLabel('Sort by').selectOption({ label: 'Title' });
      await rowsBecome(page, [ALPHA, BIAS, DRIFT]);
      await tools.getByLabel('Order').selectOption({ label: 'Descending' });
      await rowsBecome(page, [DRIFT, BIAS, ALPHA]);
      expect(new URL(page.url()).searchParams.get('sort')).toBe('-title');

      await tools.getByLabel('Acceptance').selectOption({ label: 'Awaiting my acceptance' });
      await rowsBecome(page, [DRIFT]);
      expect(new URL(page.url()).searchParams.get('awaiting')).toBe('me');
      await shot(page, `lists-risks-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);

      // The filtered list is a link: opened afresh, it shows the same.
      await page.goto(page.url());
      await rowsBecome(page, [DRIFT]);
      expect(await tools.getByLabel('Acceptance').inputValue()).toBe('me');
      await tools.getByRole('button', { name: 'Clear' }).click();
      await rowsBecome(page, [ALPHA, BIAS, DRIFT]);
    });

  for (const size of SIZES)
    it(`finds and sorts the AI systems register on a ${size.name}`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(`${base}/o/${org.slug}/systems`);
      await page.getByRole('heading', { level: 1, name: 'AI systems' }).waitFor();
      const tools = page.getByRole('search', { name: 'Search and filter AI systems' });
      const [credit, triage, appeals] = SYSTEMS as [string, string, string];
      await rowsBecome(page, [appeals, credit, triage]);
      await tools.getByText('3 AI systems.').waitFor();

      const box = tools.getByLabel('Search', { exact: true });
      await box.fill('TRIAGE');
      await box.press('Enter');
      await rowsBecome(page, [triage]);
      await tools.getByText('1 AI system matches.').waitFor();
      expect(new URL(page.url()).searchParams.get('q')).toBe('TRIAGE');
      await tools.getByRole('button', { name: 'Clear' }).click();
      await rowsBecome(page, [appeals, credit, triage]);
      expect(await box.inputValue()).toBe('');

      await tools.getByLabel('Sort by').selectOption({ label: 'Name' });
      await tools.getByLabel('Order').selectOption({ label: 'Descending' });
      await rowsBecome(page, [triage, credit, appeals]);
      expect(new URL(page.url()).searchParams.get('sort')).toBe('-name');
      await shot(page, `lists-ai-systems-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);

      // The sorted list is a link: opened afresh, it shows the same.
      await page.goto(page.url());
      await rowsBecome(page, [triage, credit, appeals]);
      expect(await tools.getByLabel('Order').inputValue()).toBe('desc');
      await tools.getByRole('button', { name: 'Clear' }).click();
      await rowsBecome(page, [appeals, credit, triage]);
    });

  for (const size of SIZES)
    it(`finds and sorts evidence on a ${size.name}`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(`${base}/o/${org.slug}/evidence`);
      await page.getByRole('heading', { level: 1, name: 'Evidence' }).waitFor();
      const tools = page.getByRole('search', { name: 'Search and filter pieces of evidence' });
      const [card, bias, minutes] = EVIDENCE as [string, string, string];
      await rowsBecome(page, [minutes, bias, card]);
      await tools.getByText('3 pieces of evidence.').waitFor();

      const box = tools.getByLabel('Search title or file name');
      await box.fill('BIAS');
      await box.press('Enter');
      await rowsBecome(page, [bias]);
      await tools.getByText('1 piece of evidence matches.').waitFor();
      await tools.getByRole('button', { name: 'Clear' }).click();
      await rowsBecome(page, [minutes, bias, card]);

      await tools.getByLabel('Sort by').selectOption({ label: 'Title' });
      await rowsBecome(page, [minutes, bias, card]);
      await tools.getByLabel('Order').selectOption({ label: 'Descending' });
      await rowsBecome(page, [card, bias, minutes]);
      expect(new URL(page.url()).searchParams.get('sort')).toBe('-title');
      await shot(page, `lists-evidence-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      await tools.getByRole('button', { name: 'Clear' }).click();
      await rowsBecome(page, [minutes, bias, card]);
    });
});
