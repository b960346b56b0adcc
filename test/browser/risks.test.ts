// Risks in real Chromiums: a manager assesses a risk whose residual level is above the acceptance
// level, treats it, is refused when accepting their own risk, a second manager (in another
// browser) accepts it, and the residual heat map counts it in its cell.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestApp } from '../harness.js';
import { createOrgFixture, PASSWORD, type OrgFixture } from '../client.js';
import { nav, openBrowser, requireChromium, RUN_JOURNEYS, shot, signInThroughPage, startServer, type Browser } from './support.js';

const TITLE = 'Chatbot gives wrong dosage advice';

async function residualCell(page: Page, l: number, i: number): Promise<number> {
  const heat = page.getByRole('region', { name: 'Heat map' });
  await heat.getByRole('radio', { name: 'Residual' }).check();
  const cell = heat.locator(`td[data-cell="${l}-${i}"] .heat-count`);
  await cell.waitFor();
  return Number(await cell.textContent());
}

describe.skipIf(!RUN_JOURNEYS)('browser journey: a risk above the acceptance level, treated and accepted', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let owner: { email: string };
  let approver: { email: string };
  let first: Browser;
  let second: Browser;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Risky Co');
    owner = await org.member('manager');
    approver = await org.member('manager');
    [first, second] = await Promise.all([openBrowser(), openBrowser()]);
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await t?.close();
  });

  it('is assessed, treated, refused to its owner, accepted by another manager and counted on the heat map', async () => {
    const a = first.page;
    await signInThroughPage(a, base, owner.email, PASSWORD);
    await nav(a, 'Risks');
    await a.getByRole('heading', { level: 1, name: 'Risks' }).waitFor();
    expect(await residualCell(a, 4, 4)).toBe(0);

    await a.getByRole('link', { name: 'New risk' }).click();
    const form = a.getByRole('form', { name: 'New risk' });
    await form.getByLabel('Title').fill(TITLE);
    // The owner defaults to the member recording the risk.
    expect(await form.getByLabel('Owner').locator('option:checked').textContent()).toBe(owner.email);
    await form.getByLabel('Inherent likelihood').selectOption('5');
    await form.getByLabel('Inherent impact').selectOption('5');
    await form.getByLabel('Treatment (optional)', { exact: true }).selectOption('modify');
    await form.getByLabel('Residual likelihood').selectOption('4');
    await form.getByLabel('Residual impact').selectOption('4');
    await form.getByRole('button', { name: 'Record the risk' }).click();
    await a.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const summary = a.getByRole('definition').filter({ hasText: 'likelihood 4' });
    await summary.getByText('High', { exact: true }).waitFor();
    await a.getByText('Acceptance needed', { exact: true }).waitFor();

    // Treated: an action, done.
    const actions = a.getByRole('form', { name: 'Add a treatment action' });
    await actions.getByLabel('Action').fill('Route dosage questions to a pharmacist');
    await actions.getByRole('button', { name: 'Add the action' }).click();
    await a.getByRole('rowheader', { name: 'Route dosage questions to a pharmacist' }).waitFor();
    await a.getByLabel('Status of Route dosage questions to a pharmacist').selectOption('done');
    await expect.poll(() => a.getByLabel('Status of Route dosage questions to a pharmacist').inputValue()).toBe('done');

    // The owner may not accept their own risk.
    const own = a.getByRole('form', { name: 'Accept the residual risk' });
    await own.getByLabel('Why it is acceptable').fill('The pharmacist route leaves a small residue we can live with.');
    await own.getByRole('button', { name: 'Accept the risk' }).click();
    await own.getByRole('alert').getByText("The risk's owner may not accept it; another manager or owner must.").waitFor();
    await shot(a, 'risks-01-self-acceptance');

    // A second manager, in another browser, accepts it.
    const b = second.page;
    await signInThroughPage(b, base, approver.email, PASSWORD);
    await nav(b, 'Risks');
    await b.getByRole('rowheader', { name: TITLE }).getByRole('link').click();
    await b.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const accept = b.getByRole('form', { name: 'Accept the residual risk' });
    await accept.getByLabel('Why it is acceptable').fill('Reviewed with the clinical lead: acceptable for one year.');
    await accept.getByRole('button', { name: 'Accept the risk' }).click();
    await b.getByText('The residual risk is accepted.').waitFor();
    await b.getByText(`Accepted by ${approver.email}`, { exact: false }).waitFor();
    await shot(b, 'risks-02-accepted');

    // The residual heat map counts it where it was scored.
    await nav(b, 'Risks');
    await b.getByRole('heading', { level: 1, name: 'Risks' }).waitFor();
    await expect.poll(() => residualCell(b, 4, 4)).toBe(1);
    expect(await residualCell(b, 5, 5)).toBe(0);
    await shot(b, 'risks-03-heatmap');
  });
});
