// An internal audit in a real Chromium: the owner plans an audit of control A.6.2.4 with
// themselves as lead auditor, starts it, records the checklist item with what was sampled and a
// minor finding, and follows the finding to the nonconformity it raised.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const FINDING = 'Release 4.2 went out without its bias test';
const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!RUN_JOURNEYS)('browser journey: an internal audit raises a nonconformity', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let b: Browser;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Audit Health');
    b = await openBrowser();
  });

  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('plans an audit, records a checklist item and a minor finding, and shows the nonconformity it raised', async () => {
    const p = b.page;
    await signInThroughPage(p, base, org.owner.email, PASSWORD);
    await nav(p, 'Internal audit');
    await p.getByRole('heading', { level: 1, name: 'Internal audit' }).waitFor();
    await p.getByText('No audits planned yet.').waitFor();

    const plan = p.getByRole('form', { name: 'Plan an audit' });
    await plan.getByLabel('Title').fill('Life cycle audit');
    await plan.getByLabel('Criteria').fill('ISO/IEC 42001 and the release procedure.');
    await plan.getByLabel('Scope').fill('A.6.2.4');
    await plan.getByLabel('Planned start').fill(day(0));
    await plan.getByLabel('Planned end').fill(day(2));
    await plan.getByLabel('Lead auditor').selectOption({ label: org.owner.email });
    await plan.getByRole('button', { name: 'Plan the audit' }).click();

    await p.getByRole('heading', { level: 1, name: 'Life cycle audit' }).waitFor();
    await p.getByText('The checklist is drawn from the scope when the audit starts.').waitFor();
    await p.getByRole('button', { name: 'Start the audit' }).click();
    await p.getByText('The audit is started; its checklist is ready.').waitFor();

    const checklist = p.getByRole('region', { name: 'Checklist' });
    await checklist.getByText('Record A.6.2.4').click();
    const item = p.getByRole('form', { name: 'Record A.6.2.4' });
    await item.getByLabel('Conclusion').selectOption('nonconformity');
    await item.getByLabel('Records sampled').fill('Release records 4.0 to 4.2');
    await item.getByRole('button', { name: 'Save A.6.2.4' }).click();
    await p.getByText('A.6.2.4 is recorded.').waitFor();
    await expect
      .poll(() => checklist.getByRole('cell', { name: 'Nonconformity', exact: true }).count())
      .toBe(1);

    const finding = p.getByRole('form', { name: 'Record a finding' });
    await finding.getByLabel('Grade').selectOption('minor');
    await finding.getByLabel('Requirement').selectOption('A.6.2.4');
    await finding.getByLabel('Finding').fill(FINDING);
    await finding.getByRole('button', { name: 'Record the finding' }).click();
    await p.getByText('Finding 1 is recorded and raised a nonconformity.').waitFor();
    const findings = p.getByRole('region', { name: 'Findings' });
    await findings.getByText('Minor nonconformity 1').waitFor();
    await shot(p, 'audit');

    await findings.getByRole('link', { name: 'the nonconformity it raised' }).click();
    await p.getByRole('heading', { level: 1, name: FINDING }).waitFor();
    expect(await p.getByText('Audit finding').count()).toBeGreaterThan(0);
  });
});
