// A signed-in user who belongs to no organization (their membership was removed) lands on a page
// that says so, and can create an organization of their own or sign out: at desktop and phone
// sizes, with no serious accessibility violation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, PASSWORD } from '../client.js';
import type { TestApp } from '../harness.js';
import {
  accessibilityProblems,
  openBrowser,
  requireChromium,
  RUN_JOURNEYS,
  shot,
  SIZES,
  startServer,
  type Browser,
} from './support.js';

describe.skipIf(!RUN_JOURNEYS)('browser journey: signed in, in no organization', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    browser = await openBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A user who was a member of an organization and is no longer: their e-mail. */
  async function formerMember() {
    const org = await createOrgFixture(t, 'Left Behind');
    const m = await org.member('viewer');
    const out = await org.owner.delete(`/api/v1/orgs/${org.slug}/members/${m.memberId}`);
    expect(out.statusCode).toBe(204);
    return m.email;
  }

  SIZES.forEach((size, i) => {
    it(`tells them so at ${size.name} size and lets them ${i === 0 ? 'create an organization' : 'sign out'}`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width: size.width, height: size.height });
      const email = await formerMember();
      await page.goto(`${base}/`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page
        .getByRole('heading', { level: 1, name: 'You are not in an organization' })
        .waitFor();
      await page.getByText(`signed in as ${email}`).waitFor();
      // Not the frame: no sections to wander through, no organization switcher.
      expect(await page.getByRole('navigation', { name: 'Sections' }).count()).toBe(0);
      expect(await page.getByLabel('Organization', { exact: true }).count()).toBe(0);
      expect(await accessibilityProblems(page)).toEqual([]);
      await shot(page, `no-org-${size.name}`);
      if (i === 0) {
        await page.getByLabel('Organization name').fill(`Own Lab ${size.name}`);
        await page.getByRole('button', { name: 'Create organization' }).click();
        await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
        expect(await page.getByLabel('Organization', { exact: true }).inputValue()).toBe(
          `own-lab-${size.name}`,
        );
        await page.getByRole('button', { name: 'Sign out' }).click();
      } else {
        await page.getByRole('button', { name: 'Sign out' }).click();
      }
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    }, 120_000);
  });
});
