// My work in a real Chromium, with e-mail through a real SMTP server: a contributor submits a
// policy version for review; the manager sees the count beside "My work" in the navigation, finds
// the approval in their inbox with why it waits for them, follows it to the policy and approves
// it there; the count goes away and the notification says it no longer waits. The e-mail about it
// arrived at the test SMTP server, with a link to the same page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../harness.js';
import { createOrgFixture, PASSWORD, type OrgFixture } from '../client.js';
import { startTestSmtp, type TestSmtp } from '../smtp.js';
import { startMailer, type Mailer } from '../../src/modules/inbox/index.js';
import {
  openBrowser,
  requireChromium,
  RUN_JOURNEYS,
  shot,
  signInThroughPage,
  startServer,
  type Browser,
} from './support.js';

const TITLE = 'Use of generative AI in customer support';

describe.skipIf(!RUN_JOURNEYS)(
  'browser journey: an approval waits in my work, and by e-mail',
  () => {
    let t: TestApp;
    let base: string;
    let org: OrgFixture;
    let smtp: TestSmtp;
    let mailer: Mailer;
    let browser: Browser;
    let manager: { email: string };
    let policyId: string;

    beforeAll(async () => {
      requireChromium();
      ({ t, base } = await startServer());
      smtp = await startTestSmtp();
      mailer = startMailer({
        db: t.services.database.db,
        smtpUrl: smtp.url,
        from: 'aims <aims@example.org>',
        publicUrl: base,
        pollMs: 500,
      });
      org = await createOrgFixture(t, 'Northwind Support');
      manager = await org.member('manager');
      const author = await org.member('contributor');
      const created = await author.post(`/api/v1/orgs/${org.slug}/policies`, {
        title: TITLE,
        kind: 'topic_policy',
        reviewCycleMonths: 12,
        content:
          '# Generative AI in support\n\nAnswers are checked by an agent before they are sent.',
      });
      expect(created.statusCode).toBe(201);
      policyId = created.json().policy.id as string;
      const versionId = created.json().version.id as string;
      const submitted = await author.post(
        `/api/v1/orgs/${org.slug}/policies/${policyId}/versions/${versionId}/submit`,
        {},
      );
      expect(submitted.statusCode).toBe(200);
      browser = await openBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await mailer?.stop();
      await smtp?.close();
      await t?.close();
    });

    it('shows the approval in the inbox with its count in the navigation, and the e-mail arrives', async () => {
      const page = browser.page;
      // The e-mail went out after the submission committed, to the manager (and the owner).
      const mails = await smtp.waitFor(2);
      const mail = mails.find((m) => m.to.includes(manager.email))!;
      expect(mail.subject).toBe(`Approve “${TITLE}”, version 1`);
      expect(mail.text).toContain(`${base}/o/${org.slug}/policies/${policyId}`);

      await signInThroughPage(page, base, manager.email, PASSWORD);
      const nav = page.getByRole('navigation', { name: 'Sections' });
      const myWork = nav.getByRole('link', { name: 'My work 1 waiting' });
      await myWork.waitFor();
      await myWork.click();
      await page.getByRole('heading', { level: 1, name: 'My work' }).waitFor();
      await page.getByText('1 item waits for you.').waitFor();
      const approvals = page.getByRole('region', { name: /Approvals and decisions/ });
      const item = approvals.getByRole('listitem').filter({ hasText: TITLE });
      expect(await item.textContent()).toContain('your role may approve it');
      const notifications = page.getByRole('list', { name: 'Notifications' });
      await notifications.getByText('Unread').waitFor();
      expect(await notifications.textContent()).toContain('e-mailed');
      await shot(page, 'inbox-01-waiting');

      // The item leads to the page that acts on it; approving there empties the inbox.
      await item.getByRole('link', { name: `Approve “${TITLE}”, version 1` }).click();
      await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
      await page.getByRole('button', { name: 'Approve', exact: true }).click();
      await page
        .getByText(/approved/i)
        .first()
        .waitFor();
      await nav.getByRole('link', { name: 'My work', exact: true }).click();
      await page.getByText('Nothing waits for you now.').waitFor();
      await notifications.getByText('No longer waiting').waitFor();
      await notifications.getByRole('button', { name: /Mark read/ }).click();
      await expect.poll(() => notifications.getByText('Unread').count()).toBe(0);
      await shot(page, 'inbox-02-done');
      // One e-mail per member: nothing more was sent.
      expect(smtp.received.filter((m) => m.to.includes(manager.email))).toHaveLength(1);
    });
  },
);
