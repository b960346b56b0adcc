// The AI system inventory in a real Chromium: register a system through the generic register
// form (with a field error on the way), move it through its life cycle with reasons, see the
// timeline and the stage in the list, and add a model version from the system's page.
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

describe.skipIf(!RUN_JOURNEYS)('browser journey: AI systems and their life cycle', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Acme Health');
    browser = await openBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('registers a system, moves it through three stages, and adds a model version', async () => {
    await signInThroughPage(page, base, org.owner.email, PASSWORD);
    await nav(page, 'AI systems');
    await page.getByRole('heading', { level: 1, name: 'AI systems' }).waitFor();
    await page.getByText('Nothing recorded here yet.').waitFor();
    await page.getByRole('link', { name: 'Register an AI system' }).click();
    await page.getByRole('heading', { level: 1, name: 'Register an AI system' }).waitFor();

    // The name left empty: the API's error lands next to the field, which gets the focus.
    const form = page.getByRole('form', { name: 'Register an AI system' });
    await form.getByLabel('Purpose').fill('Suggests an urgency level for incoming patient cases.');
    await form.getByLabel('Sector').selectOption('healthcare');
    await form.getByRole('checkbox', { name: 'Provider' }).check();
    await form.getByRole('button', { name: 'Register the system' }).click();
    const name = form.getByLabel('Name');
    await form.getByText('This is required.').waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await description(page, name)).toContain('This is required.');
    expect(await page.locator(':focus').getAttribute('name')).toBe('name');
    expect(await form.getByLabel('Purpose').getAttribute('aria-invalid')).toBeNull();
    await shot(page, 'registers-01-field-error');

    await name.fill('Triage assistant');
    await form.getByRole('button', { name: 'Register the system' }).click();
    await page.getByRole('heading', { level: 1, name: 'Triage assistant' }).waitFor();
    const lifecycle = page.getByRole('region', { name: 'Life cycle', exact: true });
    await expect
      .poll(() => lifecycle.locator('[aria-current="step"]').textContent())
      .toContain('Inception');

    // The stages offered are the ones the server allows: every other stage.
    const options = lifecycle
      .getByRole('form', { name: 'Move to stage' })
      .getByLabel('New stage')
      .locator('option');
    const offered: (string | null)[] = [];
    for (let i = 0; i < (await options.count()); i++)
      offered.push(await options.nth(i).getAttribute('value'));
    expect(offered).toEqual([
      'design_and_development',
      'verification_and_validation',
      'deployment',
      'operation_and_monitoring',
      'continuous_validation',
      're_evaluation',
      'retirement',
    ]);

    // Three moves, each with its reason.
    const moves = [
      [
        'design_and_development',
        'Design and development',
        'Business case approved by the steering group.',
      ],
      [
        'verification_and_validation',
        'Verification and validation',
        'Model trained; validation plan agreed.',
      ],
      ['deployment', 'Deployment', 'Validation passed on the 2025 hold-out set.'],
    ] as const;
    for (const [stage, label, reason] of moves) {
      const move = lifecycle.getByRole('form', { name: 'Move to stage' });
      await move.getByLabel('New stage').selectOption(stage);
      await move.getByLabel('Reason').fill(reason);
      await move.getByRole('button', { name: 'Move' }).click();
      await lifecycle.getByText(`Moved to ${label}.`).waitFor();
      await expect
        .poll(() => lifecycle.locator('[aria-current="step"]').textContent())
        .toContain(label);
    }

    // The timeline: registration and the three moves, newest first, with reasons.
    const timeline = lifecycle.getByRole('list', { name: 'Transitions' });
    await expect.poll(() => timeline.getByRole('listitem').count()).toBe(4);
    // Who moved it, by the name the server gives with the transitions (display name, else email).
    const me = (await org.owner.get(`/api/v1/orgs/${org.slug}/members`))
      .json()
      .items.find((m: { email: string }) => m.email === org.owner.email) as {
      name: string;
      email: string;
    };
    await expect
      .poll(() => timeline.getByRole('listitem').first().textContent())
      .toContain(me.name || me.email);
    const steps = await timeline.getByRole('listitem').allTextContents();
    expect(steps[0]).toContain('Verification and validation → Deployment');
    expect(steps[0]).toContain('Validation passed on the 2025 hold-out set.');
    expect(steps[2]).toContain('Inception → Design and development');
    expect(steps[3]).toContain('Registered in Inception');

    // A model version, added from the system's page.
    const models = page.getByRole('region', { name: 'Model versions' });
    await models.getByRole('button', { name: 'Add model version' }).click();
    const modelForm = models.getByRole('form', { name: 'New model version' });
    await modelForm.getByLabel('Model', { exact: true }).fill('triage-gbm');
    await modelForm.getByLabel('Version', { exact: true }).fill('1.2.0');
    await modelForm.getByLabel('Source').selectOption('built');
    await modelForm.getByLabel('Release date').fill('2026-01-15');
    await modelForm.getByRole('button', { name: 'Add model version' }).click();
    await models.getByText('Added triage-gbm.').waitFor();
    await models.getByRole('rowheader', { name: 'triage-gbm' }).waitFor();
    await models.getByRole('cell', { name: '1.2.0' }).waitFor();
    await shot(page, 'registers-02-system');

    // The API agrees: the model belongs to the system.
    const systems = (await org.owner.get(`/api/v1/orgs/${org.slug}/ai-systems`)).json() as {
      items: { id: string; lifecycleStage: string }[];
    };
    expect(systems.items).toHaveLength(1);
    expect(systems.items[0]!.lifecycleStage).toBe('deployment');
    const modelsRes = (
      await org.owner.get(`/api/v1/orgs/${org.slug}/ai-models?aiSystemId=${systems.items[0]!.id}`)
    ).json() as { items: { name: string }[] };
    expect(modelsRes.items.map((m) => m.name)).toEqual(['triage-gbm']);

    // The list shows the stage, and filtering by stage finds it (or not).
    await nav(page, 'AI systems');
    const row = page.getByRole('row', { name: /Triage assistant/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Deployment');
    await page.getByLabel('Life cycle stage').selectOption('retirement');
    await page.getByText('No AI system matches these filters.').waitFor();
    expect(page.url()).toContain('lifecycleStage=retirement');
    await page.getByLabel('Life cycle stage').selectOption('deployment');
    await row.waitFor();
    await shot(page, 'registers-03-list');

    // The model version is in its own register too, linked back to the system.
    await nav(page, 'Registers');
    await page.getByRole('link', { name: 'Model versions' }).click();
    await page.getByRole('heading', { level: 1, name: 'Model versions' }).waitFor();
    const modelRow = page.getByRole('row', { name: /triage-gbm/ });
    await modelRow.getByRole('link', { name: 'Triage assistant' }).waitFor();
  });

  it('pages the register with "Show more" as every list does', async () => {
    const api = `/api/v1/orgs/${org.slug}`;
    // One system exists already: 50 more make 51, one more than a page.
    for (let i = 1; i <= 50; i++) {
      const r = await org.owner.post(`${api}/ai-systems`, {
        name: `Scoring service ${String(i).padStart(2, '0')}`,
        purpose: 'Scores applications.',
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    await nav(page, 'AI systems');
    const tools = page.getByRole('search', { name: 'Search and filter AI systems' });
    await tools.getByText('The first 50 AI systems.').waitFor();
    const rows = page.locator('main table tbody tr');
    expect(await rows.count()).toBe(50);
    await page.getByRole('button', { name: 'Show more' }).click();
    await tools.getByText('51 AI systems.').waitFor();
    expect(await rows.count()).toBe(51);
    expect(await page.getByRole('button', { name: 'Show more' }).count()).toBe(0);
    // A search reads the list again from its first page.
    const box = tools.getByLabel('Search', { exact: true });
    await box.fill('SCORING SERVICE 5');
    await box.press('Enter');
    await tools.getByText('1 AI system matches.').waitFor();
    await page.getByRole('rowheader', { name: 'Scoring service 50' }).waitFor();
    await shot(page, 'registers-04-paged');
  });
});
