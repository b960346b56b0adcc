// Objectives and planned changes in real Chromiums: a manager sets an objective where lower is
// better, records a measurement that misses the target (off track) and a better one (on track),
// tightens the target (off track again), then proposes a change, is not offered its approval,
// and a second manager (in another browser) approves it with a note and records it as
// implemented; rejects another, which needs a reason, and the proposer sees who rejected it and
// why; the proposer withdraws a third.
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

const OBJECTIVE = 'Keep the fairness gap below 5 %';
const CHANGE = 'Add a fairness review to every model release';
const REJECTED = 'Stop the monthly audit sample';
const WITHDRAWN = 'Move the audit sample to the vendor';
const REASON = 'The monthly sample is the evidence the fairness objective rests on.';
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

async function openObjectiveFromList(page: Page) {
  await nav(page, 'Objectives');
  await page.getByRole('heading', { level: 1, name: 'Objectives' }).waitFor();
  await page.getByRole('rowheader', { name: OBJECTIVE }).getByRole('link').click();
  await page.getByRole('heading', { level: 1, name: OBJECTIVE }).waitFor();
}

async function listRow(page: Page) {
  await nav(page, 'Objectives');
  await page.getByRole('heading', { level: 1, name: 'Objectives' }).waitFor();
  const row = page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: OBJECTIVE }) });
  await row.waitFor();
  return row;
}

async function record(page: Page, value: string, measuredOn: string, note: string) {
  const form = page.getByRole('form', { name: 'Record a measurement' });
  await form.getByLabel('Value').fill(value);
  await form.getByLabel('Measured on').fill(measuredOn);
  await form.getByLabel('Note (optional)').fill(note);
  await form.getByRole('button', { name: 'Record the measurement' }).click();
}

describe.skipIf(!RUN_JOURNEYS)(
  'browser journey: an objective measured against its target, and a planned change decided by four eyes',
  () => {
    let t: TestApp;
    let base: string;
    let org: OrgFixture;
    /** `name`: the member as the server names them (display name, else email). */
    let manager: { email: string; name: string };
    let approver: { email: string; name: string };
    let first: Browser;
    let second: Browser;

    beforeAll(async () => {
      requireChromium();
      ({ t, base } = await startServer());
      org = await createOrgFixture(t, 'Fair Lending Co');
      const named = async () => {
        const m = await org.member('manager');
        const all = (await org.owner.get(`/api/v1/orgs/${org.slug}/members`)).json().items as {
          id: string;
          name: string;
          email: string;
        }[];
        const found = all.find((x) => x.id === m.memberId)!;
        return { email: m.email, name: found.name || found.email };
      };
      manager = await named();
      approver = await named();
      [first, second] = await Promise.all([openBrowser(), openBrowser()]);
    });

    afterAll(async () => {
      await Promise.all([first?.close(), second?.close()]);
      await t?.close();
    });

    it('says off track when the latest measurement misses the target and on track when it meets it', async () => {
      const a = first.page;
      await signInThroughPage(a, base, manager.email, PASSWORD);
      await nav(a, 'Objectives');
      await a.getByRole('heading', { level: 1, name: 'Objectives' }).waitFor();
      await a.getByText('No objectives set yet.').waitFor();

      await a.getByRole('link', { name: 'New objective' }).click();
      const form = a.getByRole('form', { name: 'New objective' });
      // A missing metric and target are refused on their fields.
      await form.getByLabel('Objective').fill(OBJECTIVE);
      await form.getByRole('button', { name: 'Set the objective' }).click();
      await expect
        .poll(() => description(a, form.getByLabel('Target')))
        .toContain('This is required.');
      expect(await description(a, form.getByLabel('Metric'))).toContain('This is required.');

      await form
        .getByLabel('Metric')
        .fill('Gap in approval rate between groups, monthly audit sample');
      await form.getByLabel('Direction').selectOption('at_most');
      await form.getByLabel('Target').fill('5');
      await form.getByLabel('Unit (optional)').fill('%');
      await form.getByLabel('Measured').selectOption('monthly');
      // The caller owns a new objective unless they choose someone else in the picker.
      await form.getByRole('list', { name: 'Chosen: Owner' }).getByText(manager.name).waitFor();
      await form
        .getByLabel('Plan (optional)')
        .fill('Reweigh the training data; the model owner reviews the gap every month.');
      await form.getByRole('button', { name: 'Set the objective' }).click();
      await a.getByRole('heading', { level: 1, name: OBJECTIVE }).waitFor();
      const standing = a.getByRole('region', { name: 'Where it stands' });
      await standing.getByText('No measurement yet', { exact: true }).waitFor();
      expect(await standing.textContent()).toContain('Nothing has been measured yet');
      await a.getByText('No measurements yet.').waitFor();

      // A gap of 7.2 % misses a target of at most 5 %.
      await record(a, '7.2', daysAgo(3), 'March audit sample');
      await a.getByText(/Recorded 7\.2 % for .+\. The objective is now off track\./).waitFor();
      await standing.getByText('Off track', { exact: true }).waitFor();
      expect(await standing.textContent()).toContain('misses the target of at most 5 %');
      const history = a.getByRole('region', { name: 'Measurements' });
      await history.getByRole('cell', { name: '7.2 %' }).waitFor();
      await history.getByRole('cell', { name: 'March audit sample' }).waitFor();
      const chart = history.getByRole('img', { name: /over time/ });
      expect(await chart.getAttribute('aria-describedby')).toBeTruthy();
      expect(await description(a, chart)).toContain('One measurement');
      await shot(a, 'planning-01-off-track');

      let row = await listRow(a);
      await row.getByText('Off track', { exact: true }).waitFor();
      expect(await row.textContent()).toContain('7.2 %');
      expect(await row.textContent()).toContain(manager.name);

      // After reweighing, 4.1 % meets it.
      await openObjectiveFromList(a);
      await record(a, '4.1', daysAgo(0), 'April audit sample');
      await a.getByText(/The objective is now on track\./).waitFor();
      await a
        .getByRole('region', { name: 'Where it stands' })
        .getByText('On track', { exact: true })
        .waitFor();
      expect(await a.getByRole('region', { name: 'Where it stands' }).textContent()).toContain(
        'meets the target of at most 5 %',
      );
      await expect
        .poll(() => a.getByRole('region', { name: 'Measurements' }).getByRole('row').count())
        .toBe(3);
      expect(await description(a, a.getByRole('img', { name: /over time/ }))).toContain(
        '2 measurements',
      );
      await shot(a, 'planning-02-on-track');

      row = await listRow(a);
      await row.getByText('On track', { exact: true }).waitFor();
      expect(await row.textContent()).toContain('4.1 %');
      await shot(a, 'planning-03-list');

      // A tighter target of 4 % puts the same measurement off track.
      await openObjectiveFromList(a);
      await a.getByRole('link', { name: 'Edit the objective' }).click();
      const edit = a.getByRole('form', { name: 'Edit the objective' });
      await edit.getByLabel('Target').fill('4');
      await edit.getByRole('button', { name: 'Save the objective' }).click();
      await a.getByRole('heading', { level: 1, name: OBJECTIVE }).waitFor();
      await a
        .getByRole('region', { name: 'Where it stands' })
        .getByText('Off track', { exact: true })
        .waitFor();
      expect(await a.getByRole('region', { name: 'Where it stands' }).textContent()).toContain(
        'misses the target of at most 4 %',
      );
    });

    it('offers the approval of a change only to someone other than its proposer, and shows who decided, when and why', async () => {
      const a = first.page;
      await nav(a, 'Planned changes');
      await a.getByRole('heading', { level: 1, name: 'Planned changes' }).waitFor();
      await a.getByRole('link', { name: 'Propose a change' }).click();
      const form = a.getByRole('form', { name: 'Propose a change' });
      await form.getByLabel('Change').fill(CHANGE);
      await form
        .getByLabel('Purpose')
        .fill('The fairness objective slipped after the last release without anyone noticing.');
      await form
        .getByLabel('Possible consequences (optional)')
        .fill('Releases take two days longer.');
      await form
        .getByLabel('Resources (optional)')
        .fill('One data scientist, half a day per release.');
      await form
        .getByLabel('Responsibilities (optional)')
        .fill('The model owner runs the review; the AIMS manager signs it off.');
      await form.getByLabel('Planned for (optional)').fill('2030-01-15');
      await form.getByRole('button', { name: 'Propose the change' }).click();
      await a.getByRole('heading', { level: 1, name: CHANGE }).waitFor();
      const decision = a.getByRole('region', { name: 'Decision' });
      await decision.getByText('Proposed', { exact: true }).waitFor();
      expect(await decision.textContent()).toContain(`Proposed by ${manager.name}`);

      // The member who proposed it is offered neither approval nor rejection, only withdrawal.
      await decision
        .getByText(
          'You proposed this change, so another manager or owner must approve or reject it. You may withdraw it below.',
        )
        .waitFor();
      await a.getByRole('form', { name: 'Withdraw the proposal' }).waitFor();
      expect(await a.getByRole('region', { name: 'Decide' }).count()).toBe(0);
      expect(await a.getByRole('button', { name: 'Approve the change' }).count()).toBe(0);
      expect(await a.getByRole('button', { name: 'Reject the change' }).count()).toBe(0);
      await shot(a, 'planning-04-self-approval');

      // A second manager, in another browser, approves it and later records it as implemented.
      const b = second.page;
      await signInThroughPage(b, base, approver.email, PASSWORD);
      await nav(b, 'Planned changes');
      await b.getByText('1 change waiting for a decision.').waitFor();
      await b.getByRole('rowheader', { name: CHANGE }).getByRole('link').click();
      await b.getByRole('heading', { level: 1, name: CHANGE }).waitFor();
      expect(await b.getByText('You proposed this change', { exact: false }).count()).toBe(0);
      expect(await b.getByRole('form', { name: 'Withdraw the proposal' }).count()).toBe(0);
      await b
        .getByRole('form', { name: 'Decide on the change' })
        .getByLabel('Note (optional)')
        .fill('Start with the next release.');
      await b.getByRole('button', { name: 'Approve the change' }).click();
      await b.getByText('The change is approved.').waitFor();
      const approved = b.getByRole('region', { name: 'Decision' });
      await approved.getByText('Approved', { exact: true }).waitFor();
      expect(await approved.textContent()).toContain(`Approved by ${approver.name} on`);
      expect(await approved.textContent()).toContain('Note: Start with the next release.');
      await shot(b, 'planning-05-approved');

      await b
        .getByRole('form', { name: 'Record the implementation' })
        .getByLabel('What was done (optional)')
        .fill('Review step added to the release checklist.');
      await b.getByRole('button', { name: 'Record as implemented' }).click();
      await b.getByText('The change is recorded as implemented.').waitFor();
      await approved.getByText('Implemented', { exact: true }).waitFor();
      expect(await approved.textContent()).toContain(`Approved by ${approver.name} on`);
      expect(await approved.textContent()).toContain(
        `Recorded as implemented by ${approver.name} on`,
      );
      expect(await approved.textContent()).toContain(
        'What was done: Review step added to the release checklist.',
      );

      // Another proposal is rejected, after a confirmation.
      await nav(a, 'Planned changes');
      await a.getByRole('link', { name: 'Propose a change' }).click();
      const other = a.getByRole('form', { name: 'Propose a change' });
      await other.getByLabel('Change').fill(REJECTED);
      await other.getByRole('button', { name: 'Propose the change' }).click();
      await expect
        .poll(() => description(a, other.getByLabel('Purpose')))
        .toContain('Say why the change is needed.');
      await other.getByLabel('Purpose').fill('Saves a day a month.');
      await other.getByRole('button', { name: 'Propose the change' }).click();
      await a.getByRole('heading', { level: 1, name: REJECTED }).waitFor();
      await nav(b, 'Planned changes');
      await b.getByRole('rowheader', { name: REJECTED }).getByRole('link').click();
      await b.getByRole('button', { name: 'Reject the change' }).click();
      // A rejection without a reason is refused on the reason field, and nothing changes.
      const decide = b.getByRole('form', { name: 'Decide on the change' });
      const reason = decide.getByLabel('Reason for the rejection');
      await b
        .getByRole('group', { name: 'Confirm the rejection' })
        .getByRole('button', { name: 'Yes, reject it' })
        .click();
      await expect.poll(() => description(b, reason)).toContain('Say why the change is rejected.');
      await b
        .getByRole('region', { name: 'Decision' })
        .getByText('Proposed', { exact: true })
        .waitFor();
      await reason.fill(REASON);
      await b
        .getByRole('group', { name: 'Confirm the rejection' })
        .getByRole('button', { name: 'Yes, reject it' })
        .click();
      await b.getByText('The change is rejected.').waitFor();
      const rejected = b.getByRole('region', { name: 'Decision' });
      await rejected.getByText('Rejected', { exact: true }).waitFor();
      expect(await rejected.textContent()).toContain(`Rejected by ${approver.name} on`);
      expect(await rejected.textContent()).toContain(`Reason: ${REASON}`);
      expect(await b.getByRole('button', { name: 'Approve the change' }).count()).toBe(0);
      await shot(b, 'planning-06-rejected');

      // The proposer sees who rejected it, when and why.
      await nav(a, 'Planned changes');
      await a.getByRole('rowheader', { name: REJECTED }).getByRole('link').click();
      const seen = a.getByRole('region', { name: 'Decision' });
      await seen.getByText('Rejected', { exact: true }).waitFor();
      expect(await seen.textContent()).toContain(`Rejected by ${approver.name} on`);
      expect(await seen.textContent()).toContain(`Reason: ${REASON}`);
      expect(await seen.locator('time').count()).toBe(2);

      // The proposer withdraws a third proposal of their own.
      await nav(a, 'Planned changes');
      await a.getByRole('link', { name: 'Propose a change' }).click();
      const third = a.getByRole('form', { name: 'Propose a change' });
      await third.getByLabel('Change').fill(WITHDRAWN);
      await third.getByLabel('Purpose').fill('Frees the data scientist for other work.');
      await third.getByRole('button', { name: 'Propose the change' }).click();
      await a.getByRole('heading', { level: 1, name: WITHDRAWN }).waitFor();
      const withdraw = a.getByRole('form', { name: 'Withdraw the proposal' });
      await withdraw
        .getByLabel('Reason (optional)')
        .fill('The vendor cannot start before next year.');
      await withdraw.getByRole('button', { name: 'Withdraw the proposal' }).click();
      await withdraw
        .getByRole('group', { name: 'Confirm the withdrawal' })
        .getByRole('button', { name: 'Yes, withdraw it' })
        .click();
      await a.getByText('The proposal is withdrawn.').waitFor();
      const gone = a.getByRole('region', { name: 'Decision' });
      await gone.getByText('Withdrawn', { exact: true }).waitFor();
      expect(await gone.textContent()).toContain(`Withdrawn by ${manager.name} on`);
      expect(await gone.textContent()).toContain(
        'Reason: The vendor cannot start before next year.',
      );
      expect(await a.getByRole('region', { name: 'Decide' }).count()).toBe(0);

      // The proposer sees the outcomes in the list.
      await nav(a, 'Planned changes');
      const row = a.getByRole('row').filter({ has: a.getByRole('rowheader', { name: CHANGE }) });
      await row.getByText('Implemented', { exact: true }).waitFor();
      await a
        .getByRole('row')
        .filter({ has: a.getByRole('rowheader', { name: REJECTED }) })
        .getByText('Rejected', { exact: true })
        .waitFor();
      await a
        .getByRole('row')
        .filter({ has: a.getByRole('rowheader', { name: WITHDRAWN }) })
        .getByText('Withdrawn', { exact: true })
        .waitFor();
      await a.getByText('No change is waiting for a decision.').waitFor();
      await shot(a, 'planning-07-changes');
    });
  },
);
