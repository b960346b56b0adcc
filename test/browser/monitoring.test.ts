// A metric breach opens an incident, in a real Chromium: a manager defines an accuracy metric of
// an AI system whose breach rule opens an incident; a pipeline pushes a batch of measurements
// through the API, the last of them below the breach threshold; the monitoring page shows the
// metric in breach, its series page draws the chart with its thresholds and says the trend in
// words, and the breach links to the incident it opened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../harness.js';
import { createOrgFixture, PASSWORD, type OrgFixture } from '../client.js';
import {
  nav,
  openBrowser,
  pickIn,
  requireChromium,
  rowsBecome,
  RUN_JOURNEYS,
  shot,
  signInThroughPage,
  startServer,
  type Browser,
} from './support.js';

const SYSTEM = 'Claims triage';
const METRIC = 'Top-1 accuracy';
const OTHER = 'Front-desk chatbot';

describe.skipIf(!RUN_JOURNEYS)('browser journey: a metric breach opens an incident', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let manager: { email: string };
  let browser: Browser;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Claims Co');
    manager = await org.member('manager');
    const sys = await org.owner.post(`/api/v1/orgs/${org.slug}/ai-systems`, {
      name: SYSTEM,
      purpose: 'Sorts incoming claims.',
    });
    expect(sys.statusCode).toBe(201);
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('defines a metric, takes a batch through the API, shows the breach and the incident it opened', async () => {
    const p = browser.page;
    await signInThroughPage(p, base, manager.email, PASSWORD);
    await nav(p, 'Monitoring');
    await p.getByRole('heading', { level: 1, name: 'Monitoring' }).waitFor();
    await p.getByText('No metrics defined yet.').waitFor();
    const form = p.getByRole('form', { name: 'Define a metric' });
    await form.getByRole('combobox', { name: 'AI system' }).fill(SYSTEM.toLowerCase());
    await form.getByRole('option', { name: SYSTEM }).click();
    await form.getByLabel('Metric', { exact: true }).fill(METRIC);
    await form.getByLabel('Unit').fill('%');
    await form.getByLabel('Direction').selectOption('higher_is_better');
    // A warning threshold below the breach threshold contradicts the direction.
    await form.getByLabel('Warning threshold').fill('85');
    await form.getByLabel('Breach threshold').fill('90');
    await form.getByLabel('A declared accuracy metric', { exact: false }).check();
    await form.getByLabel('Declared level').fill('95');
    await form.getByLabel('When it breaches').selectOption('incident');
    await form.getByRole('button', { name: 'Define the metric' }).click();
    // The server's refusal lands on the field it names.
    await form
      .locator('.field-error')
      .getByText('the warning threshold must be above the breach threshold', { exact: false })
      .waitFor();
    await form.getByLabel('Warning threshold').fill('93');
    await form.getByRole('button', { name: 'Define the metric' }).click();
    await p.getByText(`The metric ${METRIC} is defined.`).waitFor();
    // The metrics register names the AI system beside each metric.
    const row = p.getByRole('row', { name: new RegExp(METRIC) });
    await row.getByRole('link', { name: SYSTEM }).waitFor();
    await row.getByText('no data').waitFor();

    // A pipeline pushes the nightly evaluation.
    const api = `/api/v1/orgs/${org.slug}`;
    const metric = (await org.owner.get(`${api}/metrics`)).json().items[0];
    const hour = 3_600_000;
    const start = Date.now() - 30 * hour;
    const values = [95.1, 94.8, 95.3, 94.2, 93.5, 92.7, 91.8, 89.4];
    const pushed = await org.owner.post(`${api}/metrics/${metric.id}/points`, {
      batchKey: 'nightly-eval-1',
      points: values.map((value, i) => ({
        at: new Date(start + i * 3 * hour).toISOString(),
        value,
      })),
    });
    expect(pushed.statusCode).toBe(201);
    expect(pushed.json().counts).toEqual({ ok: 5, warn: 2, breach: 1 });

    // A second system's metric, with no measurement yet, for the toolbar to tell apart.
    const other = await org.owner.post(`${api}/ai-systems`, { name: OTHER, purpose: 'Answers.' });
    expect(
      (
        await org.owner.post(`${api}/metrics`, {
          aiSystemId: other.json().id,
          name: 'Escalation rate',
          direction: 'lower_is_better',
          breachThreshold: 20,
          breachAction: 'none',
        })
      ).statusCode,
    ).toBe(201);

    await p.reload();
    await row.getByText('breach', { exact: true }).waitFor();
    await row.getByText('in breach since', { exact: false }).waitFor();
    await rowsBecome(p, [`${METRIC} Art. 15`, 'Escalation rate']);
    // The toolbar: search, the latest status, the AI system, sort; each narrows the list.
    const tools = p.getByRole('search', { name: 'Search and filter metrics' });
    await tools.getByLabel('Search name or description').fill('ESCALATION');
    await rowsBecome(p, ['Escalation rate']);
    await tools.getByText('1 metric matches.').waitFor();
    await tools.getByRole('button', { name: 'Clear' }).click();
    await tools.getByLabel('Latest status').selectOption({ label: 'breach' });
    await rowsBecome(p, [`${METRIC} Art. 15`]);
    expect(new URL(p.url()).searchParams.get('status')).toBe('breach');
    await tools.getByLabel('Latest status').selectOption({ label: 'no data' });
    await rowsBecome(p, ['Escalation rate']);
    await tools.getByRole('button', { name: 'Clear' }).click();
    await pickIn(tools, 'AI system', OTHER.slice(0, 6).toLowerCase(), OTHER);
    await rowsBecome(p, ['Escalation rate']);
    await tools.getByRole('button', { name: 'Clear' }).click();
    await tools.getByLabel('Sort by').selectOption({ label: 'Metric' });
    await tools.getByLabel('Order').selectOption({ label: 'Ascending' });
    await rowsBecome(p, ['Escalation rate', `${METRIC} Art. 15`]);
    await tools.getByRole('button', { name: 'Clear' }).click();
    await row.getByRole('link', { name: METRIC }).click();
    await p.getByRole('heading', { level: 1, name: METRIC }).waitFor();
    const chart = p.getByRole('img', { name: `${METRIC}: measurements over time` });
    await chart.waitFor();
    expect(await chart.locator('.threshold').count()).toBe(2);
    const trend = await p.locator('p.trend').textContent();
    expect(trend).toContain('8 measurements');
    expect(trend).toContain('the latest is 89.4 % (breach)');
    expect(trend).toContain('worse than the 4 before them');
    await p.getByText('The measurements as a table (8)').click();
    await p
      .getByRole('table', { name: `Measurements of ${METRIC}` })
      .getByText('89.4 %')
      .waitFor();
    await shot(p, 'monitoring-01-series');

    // The definition's versions come from the ledger; who acted is named by the server (their
    // display name, the local part of the e-mail for the fixture's members).
    await p
      .getByRole('region', { name: 'Versions of the definition' })
      .getByText(manager.email.split('@')[0]!, { exact: false })
      .first()
      .waitFor();

    const breaches = p.getByRole('region', { name: 'Breaches' });
    await breaches.getByText('in progress').waitFor();
    await breaches.getByRole('link', { name: 'Incident opened' }).click();
    await p.getByRole('heading', { level: 1, name: `Metric breach: ${METRIC}` }).waitFor();
  });
});
