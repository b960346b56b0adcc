// Accounts in a real Chromium: an owner invites a new colleague by link, who joins with a
// password of their own; the colleague changes the password, sees their sessions, turns the
// second factor on (codes computed here at the clock) and signs in with a code; a forgotten
// password is reset by the e-mailed link (a real SMTP server). Desktop, then a 360 px phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hotp, stepAt } from '../../src/modules/identity/totp.js';
import { createOrgFixture, PASSWORD, signIn, type OrgFixture } from '../client.js';
import type { TestApp } from '../harness.js';
import { startTestSmtp, type TestSmtp } from '../smtp.js';
import {
  openBrowser,
  requireChromium,
  RUN_JOURNEYS,
  shot,
  signInThroughPage,
  startServer,
  type Browser,
} from './support.js';

const COLLEAGUE = 'new.colleague@example.com';
const OWN_PASSWORD = 'my very own passphrase';
const CHANGED = 'a changed passphrase 7';
const RESET = 'the password after reset';

describe.skipIf(!RUN_JOURNEYS)('browser journey: accounts that work', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let smtp: TestSmtp;
  let browser: Browser;
  let secret = '';
  let recovery = '';

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    // Links in e-mail and on the page are made with the public address of the instance.
    (t.services.config as { publicUrl: string }).publicUrl = base;
    smtp = await startTestSmtp();
    org = await createOrgFixture(t, 'Fabrikam Health');
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await smtp?.close();
    await t?.close();
  });

  const signOut = async () => {
    await browser.page.getByRole('button', { name: 'Sign out' }).click();
    await browser.page.getByRole('heading', { name: 'Sign in' }).waitFor();
  };

  it('invites by link; the colleague joins with a password of their own', async () => {
    const page = browser.page;
    await signInThroughPage(page, base, org.owner.email, PASSWORD);
    await page.goto(`${base}/o/${org.slug}/settings`);
    const invitations = page.getByRole('region', { name: 'Invitations' });
    await invitations.getByLabel('Email').fill(COLLEAGUE);
    await invitations.getByLabel('Role').selectOption('contributor');
    await invitations.getByRole('button', { name: 'Invite' }).click();
    const link = await invitations.locator('code').first().textContent();
    expect(link).toMatch(new RegExp(`^${base}/invitation#[A-Za-z0-9_-]{43}$`));
    await expect
      .poll(() => invitations.getByRole('cell', { name: COLLEAGUE, exact: true }).count())
      .toBe(1);
    await shot(page, 'account-invitations');
    await signOut();

    await page.goto(link!);
    await page.getByText('You are invited to join').waitFor();
    expect(await page.getByText('Fabrikam Health').first().isVisible()).toBe(true);
    await page.getByLabel('Your name').fill('New Colleague');
    await page.getByLabel('Password', { exact: true }).fill(OWN_PASSWORD);
    await page.getByLabel('Password, again').fill('not the same password');
    await page.getByRole('button', { name: 'Join Fabrikam Health' }).click();
    await page.getByText('The two passwords differ').waitFor();
    await page.getByLabel('Password, again').fill(OWN_PASSWORD);
    await page.getByRole('button', { name: 'Join Fabrikam Health' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.getByRole('link', { name: COLLEAGUE }).waitFor();
  });

  it('changes the password and lists the sessions', async () => {
    const page = browser.page;
    await page.getByRole('link', { name: COLLEAGUE }).click();
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    const pw = page.getByRole('region', { name: 'Password' });
    await pw.getByLabel('Current password').fill('wrong current password');
    await pw.getByLabel('New password', { exact: true }).fill(CHANGED);
    await pw.getByLabel('New password, again').fill(CHANGED);
    await pw.getByRole('button', { name: 'Change password' }).click();
    await pw.getByText('Not your current password.').waitFor();
    await pw.getByLabel('Current password').fill(OWN_PASSWORD);
    await pw.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password is changed').waitFor();
    const sessions = page.getByRole('region', { name: 'Sessions' });
    await sessions.getByText('this session').waitFor();
    await shot(page, 'account-page');
  });

  it('turns the second factor on, and signing in then asks for a code', async () => {
    const page = browser.page;
    const factor = page.getByRole('region', { name: 'Second factor' });
    await factor.getByLabel('Your password').fill(CHANGED);
    await factor.getByRole('button', { name: 'Set up an authenticator app' }).click();
    secret = (await factor.locator('code.secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await factor.getByText(`otpauth://totp/aims:`).waitFor();
    await factor.getByLabel('The code the app shows').fill(hotp(secret, stepAt(new Date())));
    await factor.getByRole('button', { name: 'Turn on' }).click();
    await expect
      .poll(() => factor.getByRole('list', { name: 'Recovery codes' }).locator('li').count())
      .toBe(10);
    recovery =
      (await factor
        .getByRole('list', { name: 'Recovery codes' })
        .locator('code')
        .first()
        .textContent()) ?? '';
    await factor.getByText('Status: on').waitFor();
    await signOut();

    await page.getByLabel('Email').fill(COLLEAGUE);
    await page.getByLabel('Password').fill(CHANGED);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const code = page.getByLabel('Authenticator code');
    await code.waitFor();
    await code.fill(hotp(secret, stepAt(new Date()) + 1));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await signOut();
  });

  it('resets a forgotten password by the e-mailed link', async () => {
    const page = browser.page;
    (t.services.config as { smtpUrl: string | null }).smtpUrl = smtp.url;
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill(COLLEAGUE);
    await page.getByRole('button', { name: 'Send a reset link' }).click();
    await page.getByText('a link to set a new password is on its way').waitFor();
    const [mail] = await smtp.waitFor(1);
    const link = /(http\S+\/reset-password#\S+)/.exec(mail!.text)![1]!;
    await page.goto(link);
    await page.getByLabel('New password', { exact: true }).fill(RESET);
    await page.getByLabel('New password, again').fill(RESET);
    await page.getByRole('button', { name: 'Set the password' }).click();
    await page.getByText('Your password is set').waitFor();
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill(COLLEAGUE);
    await page.getByLabel('Password').fill(RESET);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // A recovery code stands in for the app once.
    await page.getByLabel('Authenticator code').fill(recovery);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  });

  it('fits a 360 px phone: the account page and the link pages', async () => {
    const page = browser.page;
    await page.setViewportSize({ width: 360, height: 740 });
    const fits = () => page.evaluate<number>('document.documentElement.scrollWidth');
    try {
      await page.goto(`${base}/account`);
      await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
      await page.getByText('9 recovery code(s) left', { exact: false }).waitFor();
      expect(await fits()).toBeLessThanOrEqual(360);
      await shot(page, 'account-phone');
      await signOut();
      await page.goto(`${base}/forgot-password`);
      await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
      expect(await fits()).toBeLessThanOrEqual(360);
      const r = await org.owner.post(`/api/v1/orgs/${org.slug}/invitations`, {
        email: 'phone.person@example.com',
        role: 'viewer',
      });
      await page.goto(r.json().link as string);
      await page.getByText('You are invited to join').waitFor();
      expect(await fits()).toBeLessThanOrEqual(360);
      await shot(page, 'invitation-phone');
    } finally {
      await page.setViewportSize({ width: 1280, height: 860 });
    }
  });

  it('withdraws an invitation, whose link then says so, and ends the other sessions', async () => {
    const page = browser.page;
    const withdrawn = 'withdrawn.person@example.com';
    const r = await org.owner.post(`/api/v1/orgs/${org.slug}/invitations`, {
      email: withdrawn,
      role: 'viewer',
    });
    const link = r.json().link as string;
    // The owner is signed in elsewhere twice: the fixture's session and this one.
    const elsewhere = await signIn(t.app, org.owner.email);
    await signInThroughPage(page, base, org.owner.email, PASSWORD);
    await page.goto(`${base}/o/${org.slug}/settings`);
    const invitations = page.getByRole('region', { name: 'Invitations' });
    const row = invitations.getByRole('cell', { name: withdrawn, exact: true });
    await row.waitFor();
    await invitations
      .getByRole('button', { name: `Withdraw the invitation of ${withdrawn}` })
      .click();
    await expect.poll(() => row.count()).toBe(0);

    await page.goto(`${base}/account`);
    const sessions = page.getByRole('region', { name: 'Sessions' });
    const end = sessions.getByRole('button', { name: 'End', exact: true });
    await expect.poll(() => end.count()).toBe(2);
    await end.first().click();
    await page.getByText('The session ended.').waitFor();
    await expect.poll(() => end.count()).toBe(1);
    await sessions.getByRole('button', { name: 'End all other sessions' }).click();
    await page.getByText('Your other sessions ended.').waitFor();
    await expect.poll(() => end.count()).toBe(0);
    expect((await elsewhere.get('/api/v1/auth/session')).statusCode).toBe(401);
    expect((await org.owner.get('/api/v1/auth/session')).statusCode).toBe(401);
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();

    await signOut();
    await page.goto(link);
    await page.getByText('withdrawn', { exact: false }).first().waitFor();
    expect(await page.getByText('You are invited to join').count()).toBe(0);
  });
});
