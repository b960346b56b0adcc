// Readiness in a real Chromium: from an empty organization a manager reads the overall readiness
// on the dashboard, follows the gap list to a control of the Statement of Applicability, is told by
// the API that an exclusion needs a justification, declares the control applicable and implemented,
// uploads evidence for it from the page, records and treats a risk, and sees readiness rise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestApp } from '../harness.js';
import { createOrgFixture, PASSWORD, type OrgFixture } from '../client.js';
import {
  description,
  nav,
  openBrowser,
  requireChromium,
  RUN_JOURNEYS,
  shot,
  signInThroughPage,
  startServer,
  type Browser,
} from './support.js';

async function readiness(page: Page): Promise<number> {
  const figure = page.getByLabel('Overall readiness').locator('strong');
  await figure.waitFor();
  const text = (await figure.textContent()) ?? '';
  const m = /(\d+(?:\.\d+)?)\s*%/.exec(text);
  if (!m) throw new Error(`no readiness figure in “${text}”`);
  return Number(m[1]);
}

describe.skipIf(!RUN_JOURNEYS)('browser journey: readiness rises as the gaps are closed', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let manager: { email: string };
  let browser: Browser;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Readiness Co');
    manager = await org.member('manager');
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('reads readiness, closes a control gap with evidence, treats a risk and sees readiness rise', async () => {
    const p = browser.page;
    await signInThroughPage(p, base, manager.email, PASSWORD);
    const before = await readiness(p);
    expect(before).toBeLessThan(10);
    await p.getByRole('region', { name: 'Gap list' }).getByText('4.1', { exact: true }).waitFor();
    await shot(p, 'readiness-01-dashboard');

    // The gap list is laid out as every list: its toolbar, and "Show more" by cursor.
    const gaps = p.getByRole('region', { name: 'Gap list' });
    const tools = gaps.getByRole('search', { name: 'Search and filter gaps' });
    const shown = () => gaps.locator('ol.gaps > li').count();
    await tools.getByText('The first 10 gaps.').waitFor();
    await gaps.getByRole('button', { name: 'Show more' }).click();
    await expect.poll(shown).toBeGreaterThan(10);
    // Narrowed to Annex A controls, then found by its identifier typed in lower case.
    await tools.getByLabel('Requirement').selectOption({ label: 'Annex A controls' });
    await expect
      .poll(async () => (await gaps.locator('ol.gaps > li .mono').allTextContents())[0])
      .toMatch(/^A\./);
    const box = tools.getByLabel('Search identifier or title');
    await box.fill('a.2.2');
    await box.press('Enter');
    await tools.getByText('1 gap matches.').waitFor();
    const url = new URL(p.url());
    expect([url.searchParams.get('kind'), url.searchParams.get('q')]).toEqual(['control', 'a.2.2']);
    await tools.getByLabel('Search identifier or title').fill('no such requirement');
    await tools.getByLabel('Search identifier or title').press('Enter');
    await gaps.getByText('No gap matches these filters.').waitFor();
    await tools.getByLabel('Search identifier or title').fill('a.2.2');
    await tools.getByLabel('Search identifier or title').press('Enter');
    await shot(p, 'readiness-01b-gaps-filtered');

    // The gap leads to the control's page of the Statement of Applicability.
    const fix = gaps.getByRole('link', { name: 'Do it: A.2.2 AI policy' });
    await fix.click();
    await p.getByRole('heading', { level: 1, name: 'A.2.2 AI policy' }).waitFor();

    // Excluding it without a reason: the API's message lands on the justification field.
    const decision = p.getByRole('form', { name: 'Decision' });
    await decision.getByLabel('No, it is excluded').check();
    await decision.getByRole('button', { name: 'Save the decision' }).click();
    const justification = decision.getByLabel('Justification');
    await decision.locator('.field-error').first().waitFor();
    expect(await description(p, justification)).toContain(
      'Justify the decision: inclusion and exclusion both need a reason.',
    );
    expect(await justification.getAttribute('aria-invalid')).toBe('true');
    await shot(p, 'readiness-02-exclusion-refused');

    // Declared applicable and implemented.
    await decision.getByLabel('Yes, it applies').check();
    await justification.fill(
      'Our AI policy sets the direction for every AI system we build or buy.',
    );
    await decision.getByLabel('Implementation status').selectOption('implemented');
    await decision.getByRole('button', { name: 'Save the decision' }).click();
    await p.getByText('The decision on A.2.2 is saved.').waitFor();

    // Evidence uploaded from the page and attached to the control in one step.
    const attach = p.getByRole('region', { name: 'Attach evidence' });
    await attach.getByLabel('Title', { exact: true }).fill('Board minutes adopting the AI policy');
    await attach.getByLabel('File', { exact: true }).setInputFiles({
      name: 'minutes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('The board adopted the AI policy.\n'),
    });
    await attach.getByRole('button', { name: 'Upload and attach' }).click();
    await p.getByText('“Board minutes adopting the AI policy” is uploaded and attached.').waitFor();
    await p
      .getByRole('list', { name: 'Attached evidence' })
      .getByRole('link', { name: 'Board minutes adopting the AI policy' })
      .waitFor();
    await shot(p, 'readiness-03-control');

    // A risk, assessed and treated, with a treatment action.
    await nav(p, 'Risks');
    await p.getByRole('heading', { level: 1, name: 'Risks' }).waitFor();
    await p.getByRole('link', { name: 'New risk' }).click();
    const form = p.getByRole('form', { name: 'New risk' });
    await form.getByLabel('Title').fill('Triage model under-prioritises rare conditions');
    await form.getByLabel('Inherent likelihood').selectOption('3');
    await form.getByLabel('Inherent impact').selectOption('4');
    await form.getByLabel('Treatment (optional)', { exact: true }).selectOption('modify');
    await form.getByLabel('Residual likelihood').selectOption('2');
    await form.getByLabel('Residual impact').selectOption('2');
    await form.getByRole('button', { name: 'Record the risk' }).click();
    await p
      .getByRole('heading', { level: 1, name: 'Triage model under-prioritises rare conditions' })
      .waitFor();
    const actions = p.getByRole('form', { name: 'Add a treatment action' });
    await actions.getByLabel('Action').fill('Add rare-condition cases to the validation set');
    await actions.getByRole('button', { name: 'Add the action' }).click();
    await p
      .getByRole('rowheader', { name: 'Add rare-condition cases to the validation set' })
      .waitFor();

    // Back on the dashboard, readiness has risen.
    await nav(p, 'Dashboard');
    await p.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    const after = await readiness(p);
    expect(after).toBeGreaterThan(before);
    await shot(p, 'readiness-04-after');
  });
});
