// Life cycle gates in a real Chromium: a manager adopts the proposed gate criteria with one more
// criterion of their own and enforces them, opens an AI system whose records do not meet the gate
// into its next stage, sees each criterion unmet with its reason, is refused the move with the
// unmet criteria named, then overrides the gate with a justification and sees the stage change
// and the override listed in the gates section.
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

const SYSTEM = 'Claims triage';
const INTENDED = 'The intended use of the system is recorded';
const BRIEF = 'A design brief signed by the product owner';
const JUSTIFICATION =
  'The design phase itself produces the brief; the board approved starting design on 3 March.';

describe.skipIf(!RUN_JOURNEYS)('browser journey: life cycle gates and an override', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let manager: Awaited<ReturnType<OrgFixture['member']>>;
  let systemId: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Insure Co');
    manager = await org.member('manager');
    const sys = await manager.post(`/api/v1/orgs/${org.slug}/ai-systems`, {
      name: SYSTEM,
      purpose: 'Sorts incoming insurance claims by complexity.',
    });
    expect(sys.statusCode).toBe(201);
    systemId = sys.json().id;
    browser = await openBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('adopts enforced criteria, is refused a move with the unmet criteria, and overrides', async () => {
    await signInThroughPage(page, base, manager.email, PASSWORD);
    await nav(page, 'Life cycle gates');
    await page.getByRole('heading', { level: 1, name: 'Life cycle gates' }).waitFor();
    await page.getByText('The organization has not adopted gate criteria yet.').waitFor();
    await page.getByText('No version adopted yet.').waitFor();
    const proposed = page.getByRole('table', { name: 'Gate into Design and development' });
    await proposed.getByRole('rowheader', { name: INTENDED }).waitFor();

    // The editor starts from the proposed criteria, enforced; one criterion is added.
    await page.getByRole('button', { name: 'Adopt gate criteria' }).click();
    const editor = page.getByRole('form', { name: 'Gate criteria' });
    expect(await editor.getByRole('checkbox', { name: /^Enforce/ }).isChecked()).toBe(true);
    await editor
      .getByRole('button', { name: 'Add a criterion into Design and development' })
      .click();
    const added = editor.getByRole('group', { name: 'Design and development: criterion 2' });
    await added.getByLabel('ISO/IEC 42001 requirement').fill('A.6.2.3');
    await added.getByLabel('Evidence kind').fill('design_brief');
    await added.getByLabel('Why it is required').fill('Design starts from an agreed brief.');
    await added.getByLabel('What it asks for').fill(BRIEF);
    await editor.getByLabel('What changes and why').fill('Adopted the proposed gates.');
    await shot(page, 'gates-01-editor');
    await editor.getByRole('button', { name: 'Put in force as version 1' }).click();
    await page.getByText('Gate criteria version 1 is in force and enforced.').waitFor();
    const inForce = page.getByRole('table', { name: 'Gate into Design and development' });
    await inForce.getByRole('rowheader', { name: BRIEF }).waitFor();
    expect(await inForce.getByRole('row').count()).toBe(3);
    const versions = page.getByRole('table', { name: 'Versions of the gate criteria' });
    await versions.getByRole('cell', { name: 'Adopted the proposed gates.' }).waitFor();
    await expect
      .poll(() => versions.getByRole('cell', { name: 'In force, enforced' }).count())
      .toBe(1);

    // The system's page: the gate into its next stage fails, each criterion with its reason.
    await nav(page, 'AI systems');
    await page.getByRole('link', { name: SYSTEM }).click();
    await page.getByRole('heading', { level: 1, name: SYSTEM }).waitFor();
    const panel = page.getByRole('region', { name: 'Life cycle gates' });
    const criteria = panel.getByRole('list', {
      name: 'Criteria of the gate into Design and development',
    });
    const items = criteria.locator(':scope > li');
    await expect.poll(() => items.count()).toBe(2);
    await panel.getByText('0 of 2 criteria met.').waitFor();
    await panel.getByText('Criteria version 1, enforced', { exact: false }).waitFor();
    for (const title of [INTENDED, BRIEF])
      expect(await items.filter({ hasText: title }).textContent()).toContain('Not met:');
    await shot(page, 'gates-02-panel');

    // The move is refused, and the form names each unmet criterion.
    const lifecycle = page.getByRole('region', { name: 'Life cycle', exact: true });
    const move = lifecycle.getByRole('form', { name: 'Move to stage' });
    await move.getByLabel('New stage').selectOption('design_and_development');
    await move.getByLabel('Reason').fill('Inception is done; design can start.');
    await move.getByRole('button', { name: 'Move', exact: true }).click();
    const unmet = move.getByRole('list', { name: 'Unmet criteria' });
    await unmet.waitFor();
    const named = await unmet.getByRole('listitem').allTextContents();
    expect(named).toHaveLength(2);
    expect(named[0]).toContain(`${INTENDED} (A.9.4)`);
    expect(named[1]).toContain(`${BRIEF} (A.6.2.3)`);
    await move.getByText('Not moved.').waitFor();
    expect(await lifecycle.locator('[aria-current="step"]').textContent()).toContain('Inception');
    await shot(page, 'gates-03-refused');

    // A manager may override with a written justification: the stage changes.
    await move.getByLabel('Justification for overriding the gate').fill(JUSTIFICATION);
    await move.getByRole('button', { name: 'Override the gate and move' }).click();
    await lifecycle.getByText('Moved to Design and development, overriding its gate').waitFor();
    await expect
      .poll(() => lifecycle.locator('[aria-current="step"]').textContent())
      .toContain('Design and development');
    await shot(page, 'gates-04-overridden');

    // The override is kept, with what was unmet and why the move was made anyway.
    await nav(page, 'Life cycle gates');
    const overrides = page.getByRole('table', { name: 'Gate overrides' });
    const row = overrides.getByRole('row').filter({ hasText: SYSTEM });
    await row.waitFor();
    const cells = (await row.getByRole('cell').allTextContents()).map((s) => s.trim());
    expect(cells).toContain('Inception → Design and development');
    expect(cells).toContain(`${INTENDED}; ${BRIEF}`);
    expect(cells).toContain(JUSTIFICATION);
    expect(cells).toContain(manager.email);

    // And the API agrees: the system is in design, the override on record.
    const sys = await manager.get(`/api/v1/orgs/${org.slug}/ai-systems/${systemId}`);
    expect(sys.json().lifecycleStage).toBe('design_and_development');
  });
});
