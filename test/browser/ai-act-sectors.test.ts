// The EU AI Act questionnaire follows the organization's sectors, in a real Chromium: an owner
// without sectors is pointed to Settings → Sectors; after choosing finance and the public sector,
// the questionnaire marks Annex III area 5 and the credit question with the finance hint and the
// deploying-body choice "Body governed by public law" with the public-sector hint, naming the
// sectors, while nothing is ticked or chosen for the owner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
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

const SYSTEM = 'Loan scorer';
const AREA_5 = /^5\. Access to and enjoyment of essential private services/;

async function openQuestionnaire(page: Page) {
  await nav(page, 'AI systems');
  await page.getByRole('heading', { level: 1, name: 'AI systems' }).waitFor();
  await page.getByRole('link', { name: SYSTEM, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: SYSTEM }).waitFor();
  const panel = page.getByRole('region', { name: 'EU AI Act' });
  await panel.getByRole('link', { name: 'Answer the questionnaire' }).click();
  await page
    .getByRole('heading', { level: 1, name: `EU AI Act classification of ${SYSTEM}` })
    .waitFor();
  return page.getByRole('form', { name: 'EU AI Act questionnaire' });
}

describe.skipIf(!RUN_JOURNEYS)('browser journey: questionnaire hints from the sectors', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let owner: { email: string };
  let browser: Browser;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Lender Co');
    const created = await org.owner.post(`/api/v1/orgs/${org.slug}/ai-systems`, {
      name: SYSTEM,
      purpose: 'Scores loan applicants.',
    });
    expect(created.statusCode).toBe(201);
    owner = await org.member('owner');
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('points to Settings → Sectors, then highlights what the chosen sectors suggest without ticking it', async () => {
    const a = browser.page;
    await signInThroughPage(a, base, (owner as { email: string }).email, PASSWORD);
    let form = await openQuestionnaire(a);
    await form.getByText('No sectors are chosen for the organization.').waitFor();
    expect(
      await form.getByRole('link', { name: 'Settings → Sectors' }).getAttribute('href'),
    ).toMatch(/settings#sectors$/);
    expect(await form.getByText('Suggested for your sectors').count()).toBe(0);

    const chose = await org.owner.request(
      'PUT',
      `/api/v1/orgs/${org.slug}/sectors`,
      { sectors: ['finance', 'public_sector'] },
      { 'if-match': '"0"' },
    );
    expect(chose.statusCode).toBe(200);
    await a.reload();
    form = a.getByRole('form', { name: 'EU AI Act questionnaire' });
    await form.getByText(/Your organization.s sectors: Finance, Public sector/).waitFor();

    const area5 = form.getByRole('checkbox', { name: AREA_5 });
    expect(await area5.getAttribute('value')).toBe('5');
    expect(await form.getByRole('checkbox', { name: AREA_5 }).isChecked()).toBe(false);
    expect(
      await form
        .getByRole('checkbox', { name: /suggested for your sectors \(Finance, Public sector\)$/ })
        .getAttribute('value'),
    ).toBe('5');
    const hints = form.getByRole('note', { name: 'Suggested for your sectors' });
    expect(await hints.textContent()).toMatch(
      /Annex III point 5\(b\).*for Finance: .*[Cc]reditworthiness/,
    );

    const credit = form.getByRole('checkbox', { name: /creditworthiness/ });
    expect(await credit.isChecked()).toBe(false);
    expect(
      await form
        .getByText(/Annex III point 5\(b\)\. Suggested for your sectors \(Finance\)/)
        .count(),
    ).toBe(1);

    const publicLaw = form.getByRole('radio', { name: 'Body governed by public law' });
    expect(await publicLaw.isChecked()).toBe(false);
    expect(await form.getByRole('radio', { name: 'Private body', exact: true }).isChecked()).toBe(
      true,
    );
    const note = await a
      .locator(`#${await publicLaw.getAttribute('aria-describedby')}`)
      .textContent();
    expect(note).toMatch(/Suggested for your sectors \(Public sector\): .*governed by public law/);
    await shot(a, 'ai-act-sector-hints');
  });
});
