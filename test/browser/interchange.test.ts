// OSCAL import in a real Chromium: a manager opens Import and export, checks NIST's sample
// component definition (every unknown control named with its JSON pointer, nothing imported),
// then checks NIST's sample catalog, sees what the import would create, confirms it, and finds
// the framework imported; the SoA page offers its OSCAL export. Then a CycloneDX ML-BOM is
// imported into an AI system chosen through the record picker by part of its name typed in
// another case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../harness.js';
import { createOrgFixture, PASSWORD, type OrgFixture } from '../client.js';
import {
  nav,
  openBrowser,
  requireChromium,
  ROOT,
  RUN_JOURNEYS,
  shot,
  signInThroughPage,
  startServer,
  type Browser,
} from './support.js';

const SAMPLES = `${ROOT}/test/fixtures/oscal-examples`;

describe.skipIf(!RUN_JOURNEYS)('browser journey: OSCAL import with a dry run first', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let manager: { email: string };
  let browser: Browser;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Interchange Co');
    manager = await org.member('manager');
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the problems or what would be imported, and imports only once confirmed', async () => {
    const p = browser.page;
    await signInThroughPage(p, base, manager.email, PASSWORD);
    await nav(p, 'Import and export');
    await p.getByRole('heading', { level: 1, name: 'Import and export' }).waitFor();
    const exports = p.getByRole('region', { name: 'Export as OSCAL' });
    expect(
      await exports.getByRole('link', { name: /System security plan/ }).getAttribute('href'),
    ).toBe(`/api/v1/orgs/${org.slug}/oscal/ssp`);

    const form = p.getByRole('region', { name: 'Import a document' });
    await form.getByLabel('Kind of document').selectOption('component');
    await form
      .getByLabel('JSON file')
      .setInputFiles(`${SAMPLES}/example-component-definition.json`);
    await form.getByRole('button', { name: 'Check (nothing is imported)' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    const problems = await alert.getByRole('list', { name: 'Problems' }).textContent();
    expect(problems).toContain(
      '/body/component-definition/components/0/control-implementations/0/implemented-requirements/0/control-id',
    );
    expect(problems).toContain('sc-8');
    expect(await form.getByRole('button', { name: 'Import', exact: true }).count()).toBe(0);
    await shot(p, 'interchange-01-problems');

    await form.getByLabel('Kind of document').selectOption('catalog');
    await form.getByLabel('JSON file').setInputFiles(`${SAMPLES}/basic-catalog.json`);
    await form.getByRole('button', { name: 'Check (nothing is imported)' }).click();
    await form.getByRole('heading', { name: 'What the import would do' }).waitFor();
    expect(await form.textContent()).toContain('New framework Sample Security Catalog');
    const listed = async () =>
      (await org.owner.get(`/api/v1/orgs/${org.slug}/oscal/frameworks`)).json().items.length;
    expect(await listed()).toBe(0);
    await form.getByRole('button', { name: 'Import', exact: true }).click();
    await form.getByRole('status').getByRole('heading', { name: 'Imported' }).waitFor();
    expect(await listed()).toBe(1);
    await shot(p, 'interchange-02-imported');

    await nav(p, 'Controls (SoA)');
    expect(await p.getByRole('link', { name: 'Export as OSCAL SSP' }).getAttribute('href')).toBe(
      `/api/v1/orgs/${org.slug}/oscal/ssp`,
    );
  });

  it('imports a CycloneDX ML-BOM into the AI system chosen by typing part of its name', async () => {
    const p = browser.page;
    const api = `/api/v1/orgs/${org.slug}`;
    const other = await org.owner.post(`${api}/ai-systems`, {
      name: 'Claims Router',
      purpose: 'Routes claims.',
    });
    expect(other.statusCode, other.body).toBe(201);
    const sys = await org.owner.post(`${api}/ai-systems`, {
      name: 'Foundation Model Gateway',
      purpose: 'Serves hosted models to the service desk.',
    });
    expect(sys.statusCode, sys.body).toBe(201);
    const systemId = sys.json().id as string;
    await nav(p, 'Import and export');
    const form = p.getByRole('region', { name: 'Import a document' });
    await form.getByLabel('Kind of document').selectOption('cyclonedx');
    await form
      .getByLabel('JSON file')
      .setInputFiles(`${ROOT}/test/fixtures/cyclonedx/FoundationModels.bom.json`);
    const check = form.getByRole('button', { name: 'Check (nothing is imported)' });
    // No AI system chosen yet: nothing can be checked.
    expect(await check.isDisabled()).toBe(true);
    const picker = form.getByRole('combobox', { name: 'AI system' });
    await picker.fill('MODEL GATE');
    const option = form.getByRole('option', { name: 'Foundation Model Gateway' });
    await option.waitFor();
    expect(await form.getByRole('option', { name: 'Claims Router' }).count()).toBe(0);
    await option.click();
    await form
      .getByRole('list', { name: 'Chosen: AI system' })
      .getByText('Foundation Model Gateway')
      .waitFor();
    await shot(p, 'interchange-03-cyclonedx-system');
    await check.click();
    await form.getByRole('heading', { name: 'What the import would do' }).waitFor();
    const models = async (id: string) =>
      (await org.owner.get(`${api}/ai-models?aiSystemId=${id}`)).json().items.length as number;
    expect(await models(systemId)).toBe(0);
    await form.getByRole('button', { name: 'Import', exact: true }).click();
    await form.getByRole('status').getByRole('heading', { name: 'Imported' }).waitFor();
    expect(await models(systemId)).toBe(1);
    expect(await models(other.json().id as string)).toBe(0);
  });
});
