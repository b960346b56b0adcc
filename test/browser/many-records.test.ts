// An organization with more AI systems than one page of the API holds: every one of them can be
// found and chosen in the web app's forms by typing part of its name, and no form reads the whole
// AI system register to offer them.
import type { Locator } from 'playwright-core';
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

    it('finds any AI system by typing in every form that chooses one, never reading the register', async () => {
      const page = browser.page;
      // Every request the forms make: none may read the AI system register (GET /ai-systems, a
      // list of up to 20,000 records); the picker asks the lookup for a few matches instead.
      const read: string[] = [];
      page.on('request', (r) => read.push(r.url()));
      await signInThroughPage(page, base, email, PASSWORD);
      const last = `System ${SYSTEMS}`;
      /** Types part of the last system's name in lower case and chooses it. */
      const choose = async (form: Locator, label: string) => {
        const box = form.getByRole('combobox', { name: label, exact: true });
        await box.fill(last.toLowerCase());
        await form.getByRole('option', { name: last }).click();
        await form
          .getByRole('list', { name: `Chosen: ${label}` })
          .getByText(last)
          .waitFor();
      };

      await nav(page, 'Impact assessments');
      await page.getByRole('link', { name: 'New assessment' }).click();
      await choose(page.getByRole('form', { name: 'New impact assessment' }), 'AI system');

      await page.goto(`${base}/o/${org.slug}/dpia/new`);
      await choose(page.getByRole('form', { name: 'New DPIA' }), 'AI system');

      await nav(page, 'Incidents');
      await page.getByRole('link', { name: 'New incident' }).click();
      const incident = page.getByRole('form', { name: 'New incident' });
      await incident.getByRole('button', { name: 'Add an AI system' }).click();
      await choose(incident, 'AI system 1');

      await nav(page, 'Monitoring');
      await choose(page.getByRole('form', { name: 'Define a metric' }), 'AI system');

      expect(read.filter((u) => u.includes('/lookup?')).length).toBeGreaterThan(3);
      expect(read.filter((u) => /\/orgs\/[^/]+\/ai-systems(\?|$)/.test(u))).toEqual([]);
    });
  },
);
