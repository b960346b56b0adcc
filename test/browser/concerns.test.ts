// Concerns in real Chromiums: an anonymous visitor (no account, no cookies) reports a concern
// through the organization's public link and gets a reference; a manager finds it in the
// concerns list and follows it up until it is resolved with an outcome.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  pickIn,
} from './support.js';

const SUMMARY = 'The symptom checker told my father to wait, and it was urgent';

describe.skipIf(!RUN_JOURNEYS)('browser journey: a public concern, triaged to resolved', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let manager: { email: string };
  let visitor: Browser;
  let staff: Browser;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Acme Health');
    manager = await org.member('manager');
    [visitor, staff] = await Promise.all([openBrowser(), openBrowser()]);
  });

  afterAll(async () => {
    await Promise.all([visitor?.close(), staff?.close()]);
    await t?.close();
  });

  it('is reported anonymously, found by a manager, and resolved with an outcome', async () => {
    // The visitor has no account and no cookies.
    const v = visitor.page;
    await v.goto(`${base}/report/${org.slug}`);
    await v.getByRole('heading', { level: 1, name: 'Report a concern to Acme Health' }).waitFor();
    const report = v.getByRole('form', { name: 'Report a concern' });
    await report.getByRole('button', { name: 'Send the report' }).click();
    await report.getByText('Say what the concern is.').waitFor();
    expect(await description(v, report.getByLabel('What is the concern?'))).toContain(
      'Say what the concern is.',
    );

    await report.getByLabel('What is the concern?').fill(SUMMARY);
    await report
      .getByLabel('What happened')
      .fill('On 3 March the app rated chest pain as "can wait". He was admitted the same night.');
    await report
      .getByLabel('Which AI system or service')
      .fill('Symptom checker in the patient app');
    await shot(v, 'concerns-01-public-form');
    await report.getByRole('button', { name: 'Send the report' }).click();
    await v.getByRole('heading', { level: 1, name: 'Thank you' }).waitFor();
    const reference = (await v.locator('.reference').textContent())!.trim();
    expect(reference).toMatch(/^[0-9a-f-]{36}$/);
    expect(await visitor.context.cookies()).toEqual([]);
    await shot(v, 'concerns-02-reference');

    // A manager sees it in the list, with the public link to share.
    const m = staff.page;
    await signInThroughPage(m, base, manager.email, PASSWORD);
    await nav(m, 'Concerns');
    await m.getByRole('heading', { level: 1, name: 'Concerns' }).waitFor();
    expect(await m.getByRole('textbox', { name: 'Link to share' }).inputValue()).toBe(
      `${base}/report/${org.slug}`,
    );
    const reported = m.getByRole('region', { name: 'Reported concerns' });
    const row = reported.getByRole('row', { name: new RegExp(SUMMARY) });
    await row.waitFor();
    expect(await row.textContent()).toContain('Received');
    expect(await row.textContent()).toContain('Public link');
    await shot(m, 'concerns-03-list');

    await row.getByRole('link', { name: SUMMARY }).click();
    await m.getByRole('heading', { level: 1, name: SUMMARY }).waitFor();
    await m.getByText(reference).waitFor();
    await m.getByText('Someone from the public, anonymously').waitFor();
    await m
      .getByText('AI system named by the reporter: Symptom checker in the patient app', {
        exact: false,
      })
      .waitFor();

    // Closing needs an outcome: the API says so next to the field.
    const followUp = m.getByRole('form', { name: 'Follow up' });
    await followUp.getByLabel('Status').selectOption('resolved');
    await followUp.getByRole('button', { name: 'Save' }).click();
    await followUp
      .getByText('Say what was found and done before closing a concern.', { exact: false })
      .waitFor();
    expect(await followUp.getByLabel('Outcome').getAttribute('aria-invalid')).toBe('true');

    await pickIn(followUp, 'Handled by', manager.email, new RegExp(manager.email));
    await followUp
      .getByLabel('Outcome')
      .fill(
        'Reviewed the case with the clinical lead; chest pain is now always rated urgent (model 1.3).',
      );
    await followUp.getByRole('button', { name: 'Save' }).click();
    await m.getByText('Saved: the concern is resolved.').waitFor();
    await m
      .getByRole('region', { name: 'The report' })
      .getByText('chest pain is now always rated urgent', { exact: false })
      .waitFor();
    await shot(m, 'concerns-04-resolved');

    // The list, filtered to resolved concerns, has it; the API agrees.
    await nav(m, 'Concerns');
    await m.getByLabel('Status', { exact: true }).selectOption('resolved');
    await reported
      .getByRole('row', { name: new RegExp(SUMMARY) })
      .getByText('Resolved')
      .waitFor();
    const res = await org.owner.get(`/api/v1/orgs/${org.slug}/concerns/${reference}`);
    expect(res.json()).toMatchObject({
      status: 'resolved',
      channel: 'public',
      anonymous: true,
      closedAt: expect.any(String),
    });

    // The visitor, still without an account, checks the report with the reference they kept.
    await v.reload();
    const check = v.getByRole('form', { name: 'Check a report' });
    await check.getByLabel('Reference').fill('not a reference');
    await check.getByRole('button', { name: 'Check' }).click();
    await check.locator('input[name="concernId"][aria-invalid="true"]').waitFor();
    await check.getByLabel('Reference').fill(reference);
    await check.getByRole('button', { name: 'Check' }).click();
    const answer = v.getByRole('status').filter({ hasText: 'Closed' });
    await answer.getByText('Closed: the organization has dealt with it.').waitFor();
    // The outcome stays with the organization.
    expect(await answer.textContent()).not.toContain('chest pain');
    await shot(v, 'concerns-05-status-check');
  });
});
