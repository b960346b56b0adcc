// An internal audit in a real Chromium: the owner plans an audit of control A.6.2.4 with
// themselves as lead auditor, starts it, records the checklist item with what was sampled and a
// minor finding, and follows the finding to the nonconformity it raised, which names the finding
// and its audit; the findings list shows the finding, named, and filters by grade; they correct
// the nonconformity, find its root cause and do a corrective action, and a manager who did none of it checks in another
// browser that the action worked and closes the nonconformity.
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
  pickIn,
} from './support.js';

const FINDING = 'Release 4.2 went out without its bias test';
const ACTION = 'Make the bias test a required release step';
const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!RUN_JOURNEYS)(
  'browser journey: an audit finding taken to a closed nonconformity',
  () => {
    let t: TestApp;
    let base: string;
    let org: OrgFixture;
    let b: Browser;
    let second: Browser;
    let checker: { email: string };

    beforeAll(async () => {
      requireChromium();
      ({ t, base } = await startServer());
      org = await createOrgFixture(t, 'Audit Health');
      checker = await org.member('manager');
      [b, second] = await Promise.all([openBrowser(), openBrowser()]);
    });

    afterAll(async () => {
      await Promise.all([b?.close(), second?.close()]);
      await t?.close();
    });

    it('plans and runs an audit, a finding raises a nonconformity, its action is checked by another manager and it closes', async () => {
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
      await pickIn(plan, 'Lead auditor', org.owner.email, new RegExp(org.owner.email));
      await plan.getByRole('button', { name: 'Plan the audit' }).click();

      await p.getByRole('heading', { level: 1, name: 'Life cycle audit' }).waitFor();
      // The lead auditor is named by the audit itself (its `names`).
      const members = (await org.owner.get(`/api/v1/orgs/${org.slug}/members`)).json().items as {
        name: string | null;
        email: string;
      }[];
      const lead = members.find((m) => m.email === org.owner.email)!;
      await p
        .getByLabel('About this audit')
        .getByText(lead.name || lead.email)
        .waitFor();
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
      // The nonconformity names and links the finding it came from, and the finding's audit.
      const from = p.getByRole('definition').filter({ hasText: 'Audit finding' });
      await from.getByRole('link', { name: `F-0001 ${FINDING}` }).waitFor();
      await from.getByRole('link', { name: 'Life cycle audit' }).waitFor();
      expect(await from.textContent()).toContain('of audit 1, Life cycle audit');
      const ncUrl = p.url();

      // The findings of every audit, from the audits page: named rows, filtered by grade.
      await nav(p, 'Internal audit');
      const auditListReads: string[] = [];
      p.on('request', (r) => {
        if (
          new URL(p.url()).pathname.endsWith('/audits/findings') &&
          /^\/api\/v1\/orgs\/[^/]+\/audits\/?$/.test(new URL(r.url()).pathname)
        )
          auditListReads.push(r.url());
      });
      await p.getByRole('link', { name: 'The findings of every audit' }).click();
      await p.getByRole('heading', { level: 1, name: 'Audit findings' }).waitFor();
      const row = p
        .getByRole('row')
        .filter({ has: p.getByRole('rowheader', { name: `F-0001 ${FINDING}` }) });
      await row.getByRole('link', { name: 'Life cycle audit' }).waitFor();
      await row.getByRole('cell').getByRole('link', { name: FINDING, exact: true }).waitFor();
      expect(await row.textContent()).toContain('Minor nonconformity');
      await p.getByLabel('Grade').selectOption('observation');
      await p.getByText('No finding matches these filters.').waitFor();
      await p.getByLabel('Grade').selectOption('minor');
      await row.waitFor();
      // The audit is chosen with the record picker, by part of its title; the list of findings
      // never reads the audit register.
      await pickIn(p, 'Found in audit', 'life cycle', 'Life cycle audit');
      await expect.poll(() => p.url()).toContain('auditId=');
      await row.waitFor();
      expect(auditListReads).toEqual([]);
      await shot(p, 'audit-findings');
      await row.getByRole('rowheader').getByRole('link').click();
      await p.getByRole('heading', { level: 1, name: `F-0001 ${FINDING}` }).waitFor();
      await p.goto(ncUrl);
      await p.getByRole('heading', { level: 1, name: FINDING }).waitFor();

      // The nonconformity is corrected, its root cause found, a corrective action done.
      const standing = p.getByRole('region', { name: 'Where it stands' });
      await p
        .getByRole('form', { name: 'Record the correction' })
        .getByLabel('Correction')
        .fill('Release 4.2 was re-tested for bias the same week.');
      await p.getByRole('button', { name: 'Record the correction' }).click();
      await p.getByText('The correction is recorded.').waitFor();
      const cause = p.getByRole('form', { name: 'Record the root cause' });
      await cause.getByLabel('Why 1?').fill('The bias test was not run for 4.2.');
      await cause.getByLabel('Why 2?').fill('The release checklist let it be skipped.');
      await cause.getByLabel('Root cause').fill('The bias test is not a required release step.');
      await cause.getByRole('button', { name: 'Record the root cause' }).click();
      await p.getByText('The root cause is recorded.').waitFor();
      const planAction = p.getByRole('form', { name: 'Plan a corrective action' });
      await planAction.getByLabel('Action').fill(ACTION);
      // The owner is chosen with the member picker (found by e-mail, shown by name).
      await pickIn(planAction, 'Owner', org.owner.email);
      await planAction.getByLabel('Due date').fill(day(30));
      await planAction.getByRole('button', { name: 'Plan the action' }).click();
      await p.getByText('The corrective action is planned.').waitFor();
      const update = p.getByRole('form', { name: `Update “${ACTION}”` });
      await update.getByLabel('Status').selectOption('done');
      await update
        .getByLabel('What was done')
        .fill('The release pipeline fails without a bias report.');
      await update.getByRole('button', { name: 'Save the action' }).click();
      await p.getByText(`“${ACTION}” is done.`).waitFor();
      await standing.getByText('Actions done', { exact: true }).waitFor();
      expect(await p.getByRole('form', { name: 'Check effectiveness' }).count()).toBe(0);

      // A second manager, who did none of the actions, checks that they worked and closes it.
      const q = second.page;
      await signInThroughPage(q, base, checker.email, PASSWORD);
      await nav(q, 'Nonconformities');
      await q.getByRole('rowheader', { name: FINDING }).getByRole('link').click();
      await q.getByRole('heading', { level: 1, name: FINDING }).waitFor();
      const check = q.getByRole('form', { name: 'Check effectiveness' });
      await check
        .getByLabel('What was checked')
        .fill('Two releases since, each with a bias report.');
      await check.getByRole('button', { name: 'Effective', exact: true }).click();
      await q.getByText('The corrective actions are found effective.').waitFor();
      await q
        .getByRole('form', { name: 'Close the nonconformity' })
        .getByLabel('Note')
        .fill('Closed after the follow-up of the life cycle audit.');
      await q.getByRole('button', { name: 'Close the nonconformity' }).click();
      const closed = q.getByRole('region', { name: 'Where it stands' });
      await closed.getByText('Closed', { exact: true }).waitFor();
      // Who found it effective is named by the nonconformity's view (the member's display name).
      expect(await closed.textContent()).toContain(
        `Found effective by ${checker.email.split('@')[0]} on`,
      );
      await shot(q, 'audit-finding-closed');
    });
  },
);
