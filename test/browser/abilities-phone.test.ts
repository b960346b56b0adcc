// At phone size, an owner and a viewer open the same risk, policy and register record (a context
// issue): each sees exactly the buttons the server's `abilities` for them allow, with no serious
// accessibility violation. The risk is opened from the list, whose link carries its readable id (R-0001), and
// an old link with the risk's id still opens it.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, PASSWORD, type OrgFixture } from '../client.js';
import type { TestApp } from '../harness.js';
import {
  accessibilityProblems,
  nav,
  openBrowser,
  requireChromium,
  RUN_JOURNEYS,
  shot,
  signInThroughPage,
  SIZES,
  startServer,
  type Browser,
} from './support.js';

const PHONE = SIZES.find((s) => s.name === 'phone')!;

/** The abilities the server gives the signed-in caller on a record (its view's `abilities`). */
const abilitiesOf = (page: Page, url: string) =>
  page.evaluate(async (u: string) => {
    const body = (await (await fetch(u)).json()) as { abilities: Record<string, boolean> };
    return body.abilities;
  }, url);

const count = (page: Page, role: 'button' | 'link' | 'form', name: string) =>
  page.getByRole(role, { name, exact: true }).count();

describe.skipIf(!RUN_JOURNEYS)('browser journey: buttons from server abilities on a phone', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let org: OrgFixture;
  let viewer: { email: string };
  const ids = { risk: '', policy: '', issue: '' };
  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Phone Health');
    viewer = await org.member('viewer');
    const api = `/api/v1/orgs/${org.slug}`;
    ids.issue = (
      await org.owner.post(`${api}/context-issues`, {
        title: 'New AI regulation in the EU',
        kind: 'external',
        category: 'regulatory',
        effect: 'High-risk systems need conformity work.',
      })
    ).json().id;
    ids.risk = (await org.owner.post(`${api}/risks`, { title: 'Bias in triage' })).json().id;
    ids.policy = (
      await org.owner.post(`${api}/policies`, {
        title: 'AI policy',
        kind: 'ai_policy',
        reviewCycleMonths: 12,
        content: '# AI policy',
      })
    ).json().policy.id;
    browser = await openBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const who of ['owner', 'viewer'] as const) {
    it(`shows the ${who} exactly the buttons the server allows`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width: PHONE.width, height: PHONE.height });
      const email = who === 'owner' ? org.owner.email : viewer.email;
      await signInThroughPage(page, base, email, PASSWORD);
      const api = `/api/v1/orgs/${org.slug}`;
      const problems: string[] = [];

      // The risk, from the list: its address carries R-0001.
      await page.getByRole('button', { name: 'Menu' }).click();
      await nav(page, 'Risks');
      await page.getByRole('link', { name: 'Bias in triage' }).first().click();
      await page.getByRole('heading', { level: 1, name: 'R-0001: Bias in triage' }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/o/${org.slug}/risks/R-0001`);
      const risk = await abilitiesOf(page, `${api}/risks/R-0001`);
      expect(risk).toEqual(
        who === 'owner' ? { edit: true, accept: false } : { edit: false, accept: false },
      );
      expect(await count(page, 'button', 'Edit or re-assess')).toBe(risk.edit ? 1 : 0);
      expect(await count(page, 'form', 'Add a treatment action')).toBe(risk.edit ? 1 : 0);
      problems.push(...(await accessibilityProblems(page)));
      await shot(page, `abilities-phone-${who}-risk`);
      // An old link with the risk's id opens the same page.
      await page.goto(`${base}/o/${org.slug}/risks/${ids.risk}`);
      await page.getByRole('heading', { level: 1, name: 'R-0001: Bias in triage' }).waitFor();
      expect(await count(page, 'button', 'Edit or re-assess')).toBe(risk.edit ? 1 : 0);

      // The policy.
      await page.goto(`${base}/o/${org.slug}/policies/${ids.policy}`);
      await page.getByRole('heading', { level: 1, name: 'AI policy' }).waitFor();
      const policy = await abilitiesOf(page, `${api}/policies/${ids.policy}`);
      expect(policy.edit).toBe(who === 'owner');
      expect(await count(page, 'button', 'Policy settings')).toBe(policy.edit ? 1 : 0);
      problems.push(...(await accessibilityProblems(page)));
      await shot(page, `abilities-phone-${who}-policy`);

      // A register record: a context issue.
      await page.goto(`${base}/o/${org.slug}/registers/context-issues/${ids.issue}`);
      await page.getByRole('heading', { level: 1, name: 'New AI regulation in the EU' }).waitFor();
      const issue = await abilitiesOf(page, `${api}/context-issues/${ids.issue}`);
      expect(issue).toEqual(
        who === 'owner' ? { edit: true, delete: true } : { edit: false, delete: false },
      );
      expect(await count(page, 'link', 'Edit')).toBe(issue.edit ? 1 : 0);
      expect(await count(page, 'button', 'Delete')).toBe(issue.delete ? 1 : 0);
      problems.push(...(await accessibilityProblems(page)));
      await shot(page, `abilities-phone-${who}-register`);

      expect(problems).toEqual([]);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    }, 120_000);
  }
});
