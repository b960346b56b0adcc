// The AI policy in real Chromiums: a manager writes it and submits it, is not offered the approval
// of their own version, a second manager (in another browser) approves and publishes it, a viewer
// acknowledges it, and the acknowledgement lists show who has and who has not.
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

const POLICY_TEXT = `# Purpose

This policy sets how **Acme Health** develops and uses AI.

## Commitments

- Every AI system has an accountable owner.
- Impact on patients is assessed *before* deployment.

## Who does what

| Activity | AIMS manager | Risk owner | AI system owner | ML engineer | Data protection officer | Internal auditor |
|---|---|---|---|---|---|---|
| Impact assessment | Accountable | Consulted | Responsible | Consulted | Consulted | Informed |
| ~~Yearly~~ Quarterly model review | Informed | Consulted | Accountable | Responsible | Informed | Informed |

<script>window.pwned = true</script>`;

describe.skipIf(!RUN_JOURNEYS)(
  'browser journey: the AI policy, four eyes and acknowledgements',
  () => {
    let t: TestApp;
    let base: string;
    let org: OrgFixture;
    let author: { email: string };
    let approver: { email: string };
    let viewer: { email: string };
    let first: Browser;
    let second: Browser;

    beforeAll(async () => {
      requireChromium();
      ({ t, base } = await startServer());
      org = await createOrgFixture(t, 'Acme Health');
      author = await org.member('manager');
      approver = await org.member('manager');
      viewer = await org.member('viewer');
      [first, second] = await Promise.all([openBrowser(), openBrowser()]);
    });

    afterAll(async () => {
      await Promise.all([first?.close(), second?.close()]);
      await t?.close();
    });

    it('is written, refused to its author, approved and published by another manager, and acknowledged', async () => {
      // The author writes the AI policy and submits it.
      const a = first.page;
      await signInThroughPage(a, base, author.email, PASSWORD);
      await nav(a, 'Policies');
      await a.getByText('No policies yet.', { exact: false }).waitFor();
      await a.getByRole('link', { name: 'New policy' }).click();
      const form = a.getByRole('form', { name: 'New policy' });
      await form.getByLabel('Title').fill('AI policy');
      expect(await form.getByLabel('Kind').inputValue()).toBe('ai_policy');
      await form.getByLabel('Review every (months)').fill('12');
      await form.getByLabel('Text').fill(POLICY_TEXT);
      await form.getByRole('button', { name: 'Create the draft' }).click();
      await a.getByRole('heading', { level: 1, name: 'AI policy' }).waitFor();
      const open = a.getByRole('region', { name: 'Version 1', exact: true });
      await open.getByText('Draft', { exact: true }).waitFor();
      await open.getByRole('button', { name: 'Submit for review' }).click();
      await a.getByText('Version 1 is submitted for review.').waitFor();

      // The author is not offered the approval of their own version, and the page says why.
      await open.getByText('In review', { exact: true }).waitFor();
      await open
        .getByText(
          'You wrote this version: under the four-eyes rule another manager or owner approves it.',
        )
        .waitFor();
      expect(await open.getByRole('button', { name: 'Approve' }).count()).toBe(0);
      expect(await open.getByRole('button', { name: 'Edit the draft' }).count()).toBe(0);
      await open.getByRole('button', { name: 'Withdraw this version' }).waitFor();
      await shot(a, 'policies-01-self-approval');

      // A second manager, in another browser, approves and publishes.
      const b = second.page;
      await signInThroughPage(b, base, approver.email, PASSWORD);
      await nav(b, 'Policies');
      await b.getByRole('link', { name: 'AI policy' }).click();
      const review = b.getByRole('region', { name: 'Version 1', exact: true });
      await review.getByText('In review', { exact: true }).waitFor();
      expect(await review.getByText('You wrote this version', { exact: false }).count()).toBe(0);
      await review.getByRole('button', { name: 'Approve' }).click();
      await b.getByText('Version 1 is approved.').waitFor();
      await b
        .getByRole('region', { name: 'Version 1', exact: true })
        .getByRole('button', { name: 'Publish' })
        .click();
      await b.getByText('Version 1 is published.').waitFor();
      const inForce = b.getByRole('region', { name: 'In force: version 1', exact: true });
      await inForce.getByRole('heading', { name: 'Commitments' }).waitFor();
      await inForce
        .getByRole('listitem')
        .filter({ hasText: 'Every AI system has an accountable owner.' })
        .waitFor();
      // The table is a real table; on a narrow screen it scrolls in its own box, not the page.
      const table = inForce.getByRole('region', { name: 'Table' }).getByRole('table');
      await table.getByRole('columnheader', { name: 'AI system owner' }).waitFor();
      const row = table.getByRole('row').filter({ hasText: 'Quarterly model review' });
      expect(await row.getByRole('cell').allTextContents()).toEqual([
        'Yearly Quarterly model review',
        'Informed',
        'Consulted',
        'Accountable',
        'Responsible',
        'Informed',
        'Informed',
      ]);
      expect(await row.locator('del').textContent()).toBe('Yearly');
      await b.setViewportSize({ width: 480, height: 860 });
      const widths = await inForce.locator('.markdown-table').evaluate((el) => {
        // The tests compile without the DOM's types; these are the few properties read here.
        type Scroller = { scrollWidth: number; clientWidth: number };
        const box = el as unknown as Scroller & { ownerDocument: { documentElement: Scroller } };
        const page = box.ownerDocument.documentElement;
        return {
          box: [box.scrollWidth, box.clientWidth],
          page: [page.scrollWidth, page.clientWidth],
        };
      });
      expect(widths.box[0]).toBeGreaterThan(widths.box[1]!);
      expect(widths.page[0]).toBeLessThanOrEqual(widths.page[1]!);
      await shot(b, 'policies-02-narrow-table');
      await b.setViewportSize({ width: 1280, height: 860 });
      // The policy text is shown as text: the script in it is neither an element nor run.
      await inForce.getByText('<script>window.pwned = true</script>').waitFor();
      expect(await b.evaluate(() => (globalThis as { pwned?: boolean }).pwned)).toBeUndefined();
      expect(await inForce.locator('script').count()).toBe(0);
      await b
        .getByRole('region', { name: 'Acknowledgements' })
        .getByText('0 of 4 members have acknowledged version 1.')
        .waitFor();
      await shot(b, 'policies-02-published');

      // A viewer acknowledges it (in the first browser, after the author signs out).
      await a.getByRole('button', { name: 'Sign out' }).click();
      await signInThroughPage(a, base, viewer.email, PASSWORD);
      await nav(a, 'Policies');
      await a.getByRole('link', { name: 'AI policy' }).click();
      await a.getByRole('heading', { level: 1, name: 'AI policy' }).waitFor();
      expect(await a.getByRole('button', { name: 'Approve' }).count()).toBe(0);
      expect(await a.getByRole('button', { name: 'Publish' }).count()).toBe(0);
      const ask = a.getByRole('region', { name: 'Your acknowledgement' });
      await ask.getByRole('button', { name: 'I have read and understood this policy' }).click();
      await a.getByText('Thank you: your acknowledgement of version 1 is recorded.').waitFor();
      await a.getByText('You acknowledged version 1', { exact: false }).waitFor();

      // Who has, and who has not.
      const acks = a.getByRole('region', { name: 'Acknowledgements' });
      await acks.getByText('1 of 4 members have acknowledged version 1.').waitFor();
      const done = acks.getByRole('region', { name: /^Acknowledged/ });
      const pending = acks.getByRole('region', { name: /^Not yet/ });
      await done.getByRole('cell', { name: viewer.email }).waitFor();
      for (const who of [org.owner.email, author.email, approver.email])
        await pending.getByRole('cell', { name: who }).waitFor();
      expect(await done.getByRole('cell', { name: author.email }).count()).toBe(0);
      expect(await pending.getByRole('cell', { name: viewer.email }).count()).toBe(0);
      await shot(a, 'policies-03-acknowledged');

      // The approver's page agrees once reloaded.
      await b.reload();
      await b
        .getByRole('region', { name: 'Acknowledgements' })
        .getByText('1 of 4 members have acknowledged version 1.')
        .waitFor();
    });
  },
);
