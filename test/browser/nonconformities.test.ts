// A nonconformity in real Chromiums: a manager raises one (the form names what is missing),
// changes its severity, records the correction, finds the root cause by five whys, plans a corrective action and
// records it done; as the author and owner of that action they are not offered the effectiveness
// check. A second manager, in another browser, checks it, finds it effective and closes it; the
// history shows every step with who took it. Then an opportunity for improvement is logged and
// adopted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../harness.js';
import { createOrgFixture, PASSWORD, type OrgFixture } from '../client.js';
import {
  description,
  nav,
  pickIn,
  openBrowser,
  requireChromium,
  RUN_JOURNEYS,
  shot,
  signInThroughPage,
  startServer,
  type Browser,
} from './support.js';

const TITLE = 'Release 2.3 of the triage model skipped the bias test';
const ACTION = 'Make the bias test a required pipeline step';
const IMPROVEMENT = 'Review pipeline switches every month';

/** The reads of the whole members list a page made (names come with the views instead). */
const MEMBERS_LIST = /\/api\/v1\/orgs\/[^/]+\/members(\?|$)/;
const local = (email: string) => email.split('@')[0]!;
/** The members-list reads made while on these pages (`page address → request address` kept). */
const membersReads = (read: string[]) =>
  read.filter((x) => {
    const [on, url] = x.split(' → ') as [string, string];
    return /\/(nonconformities|improvements)/.test(on) && MEMBERS_LIST.test(url);
  });

describe.skipIf(!RUN_JOURNEYS)(
  'browser journey: a nonconformity corrected, analysed, acted on and checked by a second person',
  () => {
    let t: TestApp;
    let base: string;
    let org: OrgFixture;
    let author: { email: string };
    let checker: { email: string };
    let first: Browser;
    let second: Browser;

    beforeAll(async () => {
      requireChromium();
      ({ t, base } = await startServer());
      org = await createOrgFixture(t, 'Triage Health');
      author = await org.member('manager');
      checker = await org.member('manager');
      [first, second] = await Promise.all([openBrowser(), openBrowser()]);
    });

    afterAll(async () => {
      await Promise.all([first?.close(), second?.close()]);
      await t?.close();
    });

    it('takes a nonconformity from raised to closed, the check by someone other than the action author', async () => {
      const a = first.page;
      const b = second.page;
      const read: string[] = [];
      for (const p of [a, b]) p.on('request', (r) => read.push(`${p.url()} → ${r.url()}`));
      await signInThroughPage(a, base, author.email, PASSWORD);
      await nav(a, 'Nonconformities');
      await a.getByRole('heading', { level: 1, name: 'Nonconformities' }).waitFor();
      await a.getByText('No nonconformities raised yet.').waitFor();

      await a.getByRole('link', { name: 'Raise a nonconformity' }).click();
      const form = a.getByRole('form', { name: 'Raise a nonconformity' });
      await form.getByRole('button', { name: 'Raise the nonconformity' }).click();
      await expect
        .poll(() => description(a, form.getByLabel('Requirement not met')))
        .toContain('This is required.');
      expect(await description(a, form.getByLabel('Severity'))).toContain('This is required.');
      await form.getByLabel('Nonconformity').fill(TITLE);
      await form.getByLabel('Requirement not met').selectOption('A.6.2.4');
      await form.getByLabel('Severity').selectOption('major');
      // The owner defaults to the member raising it, named (the part of the email before the @).
      await form
        .getByRole('list', { name: 'Chosen: Owner' })
        .getByText(author.email.split('@')[0]!, { exact: true })
        .waitFor();
      await form.getByRole('button', { name: 'Raise the nonconformity' }).click();
      await a.getByRole('heading', { level: 1, name: `NC-0001: ${TITLE}` }).waitFor();
      const standing = a.getByRole('region', { name: 'Where it stands' });
      await standing.getByText('Open', { exact: true }).waitFor();
      expect(await standing.textContent()).toContain('Major nonconformity.');

      // The details change while it is worked on.
      await a.getByText('Edit the details').click();
      const details = a.getByRole('form', { name: 'Edit the details' });
      await details.getByLabel('Severity').selectOption('minor');
      await details.getByRole('button', { name: 'Save the details' }).click();
      await a.getByText('The details are saved.').waitFor();
      expect(await standing.textContent()).toContain('Minor nonconformity.');

      // Correction: what was done to contain it.
      await a
        .getByRole('form', { name: 'Record the correction' })
        .getByLabel('Correction')
        .fill('Rolled the model back to release 2.2 the same day.');
      await a.getByRole('button', { name: 'Record the correction' }).click();
      await a.getByText('The correction is recorded.').waitFor();
      await standing.getByText('Correction done', { exact: true }).waitFor();

      // No corrective action before the root cause.
      expect(await a.getByRole('form', { name: 'Plan a corrective action' }).count()).toBe(0);
      await a.getByText('Record the root cause first: corrective actions address it.').waitFor();

      // Five whys: two to start with, a third asked.
      const cause = a.getByRole('form', { name: 'Record the root cause' });
      expect(await cause.getByLabel('Method').inputValue()).toBe('five_whys');
      await cause.getByLabel('Why 1?').fill('The bias test did not run.');
      await cause.getByLabel('Why 2?').fill('The pipeline made it optional.');
      await cause.getByRole('button', { name: 'Ask another why' }).click();
      await cause.getByLabel('Why 3?').fill('A hotfix switched it off and nobody switched it on.');
      await cause
        .getByLabel('Root cause')
        .fill('Pipeline switches are not reviewed after a hotfix.');
      await cause.getByRole('button', { name: 'Record the root cause' }).click();
      await a.getByText('The root cause is recorded.').waitFor();
      const whys = a.getByRole('list', { name: 'Five whys' });
      await expect.poll(() => whys.getByRole('listitem').count()).toBe(3);
      expect(await whys.textContent()).toContain('Why 3? A hotfix switched it off');
      await shot(a, 'nonconformity-01-root-cause');

      // A corrective action, owned by the author, recorded done.
      const plan = a.getByRole('form', { name: 'Plan a corrective action' });
      await plan.getByLabel('Action').fill(ACTION);
      // The owner is chosen with the member picker, found by email and shown by name.
      await pickIn(plan, 'Owner', author.email);
      await plan.getByLabel('Due date').fill('2030-06-30');
      await plan.getByRole('button', { name: 'Plan the action' }).click();
      await a.getByText('The corrective action is planned.').waitFor();
      await standing.getByText('Action planned', { exact: true }).waitFor();
      // The form is reset for the next action, its owner picker too: no owner chosen, none sent.
      expect(await plan.getByLabel('Action').inputValue()).toBe('');
      expect(await plan.getByRole('list', { name: 'Chosen: Owner' }).count()).toBe(0);
      expect(await plan.locator('input[type=hidden][name=ownerMemberId]').count()).toBe(0);
      await a.getByText(`Owner ${local(author.email)}, due`).waitFor();
      const update = a.getByRole('form', { name: `Update “${ACTION}”` });
      await update.getByLabel('Status').selectOption('done');
      await update.getByRole('button', { name: 'Save the action' }).click();
      await expect
        .poll(() => description(a, update.getByLabel('What was done')))
        .toContain('Say what was done.');
      await update
        .getByLabel('What was done')
        .fill('The pipeline now fails without a bias report.');
      await update.getByRole('button', { name: 'Save the action' }).click();
      await a.getByText(`“${ACTION}” is done.`).waitFor();
      await standing.getByText('Actions done', { exact: true }).waitFor();

      // The author of the action is not offered the effectiveness check.
      await standing
        .getByText(
          'You own, planned or did a corrective action of this nonconformity, so another manager or owner must check whether they worked.',
        )
        .waitFor();
      expect(await a.getByRole('form', { name: 'Check effectiveness' }).count()).toBe(0);
      await shot(a, 'nonconformity-02-not-the-author');

      // A second manager checks it, in another browser.
      await signInThroughPage(b, base, checker.email, PASSWORD);
      await nav(b, 'Nonconformities');
      await b.getByRole('rowheader', { name: TITLE }).getByRole('link').click();
      await b.getByRole('heading', { level: 1, name: `NC-0001: ${TITLE}` }).waitFor();
      const check = b.getByRole('form', { name: 'Check effectiveness' });
      await check
        .getByLabel('What was checked')
        .fill('Three releases since, each with a bias report in the pipeline log.');
      await check.getByRole('button', { name: 'Effective', exact: true }).click();
      await b.getByText('The corrective actions are found effective.').waitFor();
      const bStanding = b.getByRole('region', { name: 'Where it stands' });
      await bStanding.getByText('Effectiveness verified', { exact: true }).waitFor();
      expect(await bStanding.textContent()).toContain(`Found effective by ${local(checker.email)}`);

      await b
        .getByRole('form', { name: 'Close the nonconformity' })
        .getByLabel('Note')
        .fill('Release procedure updated to version 4.');
      await b.getByRole('button', { name: 'Close the nonconformity' }).click();
      await b.getByText('NC-0001 is closed.').waitFor();
      await bStanding.getByText('Closed', { exact: true }).waitFor();
      const history = b.getByRole('region', { name: 'History' });
      const steps = await history.getByRole('listitem').allTextContents();
      expect(steps.map((s) => s.split(' by ')[0])).toEqual([
        'Raised',
        'Correction recorded',
        'Root cause recorded',
        'Corrective actions found effective',
        'Closed',
      ]);
      expect(steps[3]).toContain(local(checker.email));
      expect(steps[3]).toContain('Three releases since');
      await b.getByRole('form', { name: 'Reopen the nonconformity' }).waitFor();
      await shot(b, 'nonconformity-03-closed');

      // The list shows it closed.
      await nav(a, 'Nonconformities');
      const row = a.getByRole('row').filter({ has: a.getByRole('rowheader', { name: TITLE }) });
      await row.getByText('Closed', { exact: true }).waitFor();
      expect(await row.textContent()).toContain('A.6.2.4');
      // Every member was named by the views: the whole members list was never read.
      expect(membersReads(read)).toEqual([]);
      expect(read.some((u) => u.includes('/lookup?type=members'))).toBe(true);
    });

    it('logs an opportunity for improvement that another manager adopts', async () => {
      const a = first.page;
      const read: string[] = [];
      for (const p of [a, second.page])
        p.on('request', (r) => read.push(`${p.url()} → ${r.url()}`));
      await nav(a, 'Improvements');
      await a.getByRole('heading', { level: 1, name: 'Improvements' }).waitFor();
      await a.getByRole('link', { name: 'Log an opportunity' }).click();
      const form = a.getByRole('form', { name: 'Log an opportunity' });
      await form.getByLabel('Opportunity').fill(IMPROVEMENT);
      await pickIn(form, 'Owner', checker.email);
      await form.getByRole('button', { name: 'Log the opportunity' }).click();
      await a.getByRole('heading', { level: 1, name: IMPROVEMENT }).waitFor();
      await a.getByText('Waiting for a decision', { exact: true }).waitFor();

      const b = second.page;
      await nav(b, 'Improvements');
      await b.getByRole('rowheader', { name: IMPROVEMENT }).getByRole('link').click();
      await b.getByRole('heading', { level: 1, name: IMPROVEMENT }).waitFor();
      await b.getByRole('button', { name: 'Adopt' }).click();
      await b.getByText('The opportunity is adopted.').waitFor();
      const work = b.getByRole('form', { name: 'Record progress' });
      await work.getByLabel('Status').selectOption('done');
      await work.getByRole('button', { name: 'Save' }).click();
      await b.getByText('The opportunity is done.').waitFor();
      // The owner and who decided are named by the view; the members list is never read.
      const about = b.locator('dl[aria-label="About this opportunity"]');
      expect(await about.textContent()).toContain(local(checker.email));
      expect(membersReads(read)).toEqual([]);
      await nav(a, 'Improvements');
      const row = a
        .getByRole('row')
        .filter({ has: a.getByRole('rowheader', { name: IMPROVEMENT }) });
      await row.getByText(local(checker.email), { exact: true }).waitFor();
      expect(membersReads(read)).toEqual([]);
      // The log has the toolbar of every list: the server searches, filters and sorts it.
      const tools = a.getByRole('search', { name: 'Search and filter opportunities' });
      await tools.getByLabel('Search title or description').fill('PIPELINE switches');
      await tools.getByLabel('Search title or description').press('Enter');
      await tools.getByText('1 opportunity matches.').waitFor();
      expect(a.url()).toContain('q=PIPELINE');
      await tools.getByLabel('Decision').selectOption('rejected');
      await a.getByText('No opportunities match.').waitFor();
      await tools.getByRole('button', { name: 'Clear' }).click();
      await tools.getByLabel('Sort by').selectOption('dueDate');
      await a.getByRole('rowheader', { name: IMPROVEMENT }).waitFor();
      expect(a.url()).toContain('sort=dueDate');
    });

    it('names and links the incident a nonconformity was raised from', async () => {
      const a = first.page;
      const api = `/api/v1/orgs/${org.slug}`;
      const sys = await org.owner.post(`${api}/ai-systems`, {
        name: 'Triage assistant',
        purpose: 'Ranks incoming cases by urgency.',
      });
      const incident = await org.owner.post(`${api}/incidents`, {
        title: 'Chest pain ranked routine',
        severity: 'high',
        harmTypes: ['health_and_safety'],
        systems: [{ aiSystemId: sys.json().id }],
        detectedAt: new Date().toISOString(),
      });
      expect(incident.statusCode, incident.body).toBe(201);
      const nc = await org.owner.post(`${api}/nonconformities`, {
        title: 'Urgency model not validated on chest pain',
        requirementId: 'A.6.2.4',
        sourceType: 'incident',
        sourceId: incident.json().id,
        severity: 'major',
      });
      expect(nc.statusCode, nc.body).toBe(201);
      await a.goto(`${base}/o/${org.slug}/nonconformities/${nc.json().id}`);
      const from = a.getByRole('definition').filter({ hasText: 'Incident' });
      await from.getByRole('link', { name: 'INC-0001 Chest pain ranked routine' }).click();
      await a.getByRole('heading', { level: 1, name: 'Chest pain ranked routine' }).waitFor();
    });
  },
);
