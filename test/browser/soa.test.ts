/// <reference lib="dom" />
// The Statement of Applicability in a real Chromium, at a desktop and a phone size: the list has
// the toolbar every list has. A control is found by its identifier typed in lower case, the
// statement is narrowed by decision, implementation status, domain and missing valid evidence,
// sorted by title either way (one table with the domain as a column), paged with "Show more",
// and the filtered list is a link; no serious or critical accessibility violation (axe-core).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNEXES } from '../../src/catalog/index.js';
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

const A6 = ANNEXES.annexA.domains.find((d) => d.id === 'A.6')!;
const A6_LABEL = `A.6 ${A6.title}`;

/** The identifiers of the controls shown, once they are exactly `expected`. */
async function controlsBecome(page: Page, expected: string[]) {
  await expect
    .poll(async () =>
      (await page.locator('main tbody th[scope=row] .mono').allTextContents()).map((s) => s.trim()),
    )
    .toEqual(expected);
}

describe.skipIf(!RUN_JOURNEYS)('browser journey: the Statement of Applicability list', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let browser: Browser;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Statement Co');
    const api = `/api/v1/orgs/${org.slug}`;
    const decide = async (id: string, body: object) => {
      const r = await org.owner.request('PUT', `${api}/soa/${id}`, body);
      expect(r.statusCode, r.body).toBe(200);
    };
    await decide('A.6.2.4', {
      applicable: true,
      justification: 'Every model is verified.',
      implementationStatus: 'implemented',
    });
    await decide('A.6.2.2', { applicable: false, justification: 'No in-house development.' });
    const e = await org.owner.post(`${api}/evidence`, {
      kind: 'link',
      title: 'Verification report',
      url: 'https://wiki.example.com/verification',
    });
    await org.owner.post(`${api}/evidence/${e.json().id}/links`, {
      targetType: 'control',
      targetId: 'A.6.2.4',
    });
    // 38 Annex A controls and 13 own ones: one more than a page.
    for (let i = 1; i <= 13; i++) {
      const r = await org.owner.post(`${api}/soa/controls`, {
        controlId: `ORG-${i}`,
        title: `Own control ${i}`,
        justification: 'Group policy.',
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    browser = await openBrowser();
    await signInThroughPage(browser.page, base, org.owner.email, PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const size of SIZES)
    it(`finds, filters, sorts and pages the controls on a ${size.name}`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(`${base}/o/${org.slug}/controls`);
      await page.getByRole('heading', { level: 1, name: 'Controls (SoA)' }).waitFor();
      const tools = page.getByRole('search', { name: 'Search and filter controls' });
      await tools.getByText('The first 50 controls.').waitFor();
      // In catalog order, under a heading per domain.
      await page.getByRole('heading', { level: 2, name: A6_LABEL }).waitFor();
      await page.getByRole('button', { name: 'Show more' }).click();
      await tools.getByText('51 controls.').waitFor();
      await page.getByRole('heading', { level: 2, name: 'Own controls' }).waitFor();

      const box = tools.getByLabel('Search identifier or title');
      await box.fill('a.6.2.4');
      await box.press('Enter');
      await controlsBecome(page, ['A.6.2.4']);
      await tools.getByText('1 control matches.').waitFor();
      expect(new URL(page.url()).searchParams.get('q')).toBe('a.6.2.4');
      await tools.getByRole('button', { name: 'Clear' }).click();
      expect(await box.inputValue()).toBe('');

      await tools.getByLabel('Decision').selectOption({ label: 'Excluded' });
      await controlsBecome(page, ['A.6.2.2']);
      await tools.getByLabel('Decision').selectOption({ label: 'Applicable' });
      await tools.getByLabel('Implementation').selectOption({ label: 'Implemented' });
      await controlsBecome(page, ['A.6.2.4']);
      await tools.getByLabel('Implementation').selectOption({ label: 'Any' });
      await tools.getByLabel('Evidence').selectOption({ label: 'No valid evidence' });
      await tools.getByLabel('Domain').selectOption({ label: 'Own controls' });
      await tools.getByText('13 controls match.').waitFor();
      const url = new URL(page.url());
      expect(Object.fromEntries(url.searchParams)).toEqual({
        applicable: 'true',
        evidence: 'none',
        domain: 'own',
      });
      await tools.getByLabel('Domain').selectOption({ label: A6_LABEL });
      await page.getByText('No control matches these filters.').waitFor();
      await tools.getByRole('button', { name: 'Clear' }).click();

      // Sorted by title: one table, the domain a column of it.
      await tools.getByLabel('Domain').selectOption({ label: A6_LABEL });
      await tools.getByLabel('Sort by').selectOption({ label: 'Title' });
      await tools.getByLabel('Order').selectOption({ label: 'Descending' });
      const a6 = (
        await org.owner.get(`/api/v1/orgs/${org.slug}/soa?domain=A.6&sort=-title&limit=200`)
      )
        .json()
        .items.map((e: { controlId: string }) => e.controlId) as string[];
      expect(a6.length).toBeGreaterThan(3);
      await controlsBecome(page, a6);
      await page.getByRole('columnheader', { name: 'Domain' }).waitFor();
      expect(new URL(page.url()).searchParams.get('sort')).toBe('-title');
      await shot(page, `soa-list-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);

      // The list is a link: opened afresh, it shows the same.
      await page.goto(page.url());
      await controlsBecome(page, a6);
      expect(await tools.getByLabel('Order').inputValue()).toBe('desc');
      await tools.getByRole('button', { name: 'Clear' }).click();
      await page.getByRole('heading', { level: 2, name: A6_LABEL }).waitFor();
    });
});
