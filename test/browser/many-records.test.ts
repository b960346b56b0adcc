// An organization with more AI systems than one page of the API holds: every one of them can be
// named and chosen in the web app's forms, not only the first page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../harness.js';
import { createOrgFixture, PASSWORD, type OrgFixture } from '../client.js';
import {
  nav,
  openBrowser,
  requireChromium,
  RUN_JOURNEYS,
  signInThroughPage,
  startServer,
  type Browser,
} from './support.js';

const SYSTEMS = 520;

describe.skipIf(!RUN_JOURNEYS)(
  'browser: an organization with more AI systems than one page',
  () => {
    let t: TestApp;
    let base: string;
    let org: OrgFixture;
    let browser: Browser;
    let email: string;

    beforeAll(async () => {
      requireChromium();
      ({ t, base } = await startServer());
      org = await createOrgFixture(t, 'Many Systems Co');
      const manager = await org.member('manager');
      email = manager.email;
      for (let n = 1; n <= SYSTEMS; n++) {
        const r = await org.owner.post(`/api/v1/orgs/${org.slug}/ai-systems`, {
          name: `System ${String(n).padStart(3, '0')}`,
          purpose: 'One of many.',
        });
        if (r.statusCode !== 201) throw new Error(r.body);
      }
      browser = await openBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    it('offers every AI system when starting an impact assessment, the last created too', async () => {
      const page = browser.page;
      await signInThroughPage(page, base, email, PASSWORD);
      await nav(page, 'Impact assessments');
      await page.getByRole('link', { name: 'New assessment' }).click();
      const select = page
        .getByRole('form', { name: 'New impact assessment' })
        .getByLabel('AI system');
      await expect
        .poll(() => select.locator('option', { hasText: /^System \d{3}$/ }).count(), {
          timeout: 20_000,
        })
        .toBe(SYSTEMS);
      await select.selectOption({ label: `System ${SYSTEMS}` });
      expect(await select.locator('option:checked').textContent()).toBe(`System ${SYSTEMS}`);
    });
  },
);
