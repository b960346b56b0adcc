// Assessments due in a real Chromium: a manager opens "Assessments due" and sees an overdue risk
// review, a risk never assessed and an AI system never impact-assessed, each with why; follows
// the risk to its page and back; after the system moves stage, its risk shows as owed after a
// change. Each list is a register: searched, filtered by state or owed re-assessment.
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

describe.skipIf(!RUN_JOURNEYS)(
  'browser journey: assessments and treatment as performed (8.2–8.4)',
  () => {
    let t: TestApp;
    let base: string;
    let org: OrgFixture;
    let manager: { email: string };
    let browser: Browser;
    let systemId: string;

    beforeAll(async () => {
      requireChromium();
      ({ t, base } = await startServer());
      org = await createOrgFixture(t, 'Claims Insurer');
      manager = await org.member('manager');
      const api = `/api/v1/orgs/${org.slug}`;
      systemId = (
        await org.owner.post(`${api}/ai-systems`, { name: 'Claims scorer', purpose: 'Scores.' })
      ).json().id;
      await org.owner.post(`${api}/risks`, {
        title: 'Score drift',
        aiSystemIds: [systemId],
        inherentLikelihood: 3,
        inherentImpact: 3,
        treatment: 'modify',
        reviewDate: '2021-03-01',
      });
      await org.owner.post(`${api}/risks`, { title: 'Unfair denials', aiSystemIds: [systemId] });
      browser = await openBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    it('lists what is overdue or never done, with why, and links to the pages that act on it', async () => {
      const page = browser.page;
      await signInThroughPage(page, base, manager.email, PASSWORD);
      await nav(page, 'Assessments due');
      await page.getByRole('heading', { level: 1, name: 'Assessments due' }).waitFor();

      const impact = page.getByRole('region', { name: 'Impact assessments (8.4)' });
      const system = impact.getByRole('row').filter({ hasText: 'Claims scorer' });
      await system.getByText('Never done').waitFor();
      await system.getByText('No impact assessment has been performed yet.').waitFor();

      // The system list is a register: a search that leaves nothing says so.
      let tools = page.getByRole('search', { name: 'Search and filter AI systems' });
      await tools.getByLabel('Search AI system').fill('router');
      await page.getByText('No AI system matches these filters.').waitFor();
      await tools.getByRole('button', { name: 'Clear' }).click();
      await system.waitFor();

      const views = page.getByRole('navigation', { name: 'Lists of assessments due' });
      await views.getByRole('link', { name: 'Risk assessments (8.2)' }).click();
      const risks = page.getByRole('region', { name: 'Risk assessments (8.2)' });
      const drift = risks.getByRole('row').filter({ hasText: 'Score drift' });
      const denials = risks.getByRole('row').filter({ hasText: 'Unfair denials' });
      await drift.getByText('Overdue').waitFor();
      await drift.getByText('The next risk assessment was due on 2021-03-01.').waitFor();
      await denials.getByText('Never done').waitFor();
      // Search and filter the risks: each leaves the other out.
      tools = page.getByRole('search', { name: 'Search and filter risks' });
      await tools.getByLabel('Search risk').fill('DRIFT');
      await tools.getByText('1 risk matches.').waitFor();
      await drift.waitFor();
      expect(await denials.count()).toBe(0);
      await tools.getByRole('button', { name: 'Clear' }).click();
      await tools.getByLabel('State').selectOption({ label: 'Never done' });
      await denials.waitFor();
      await expect.poll(() => drift.count()).toBe(0);
      await tools.getByRole('button', { name: 'Clear' }).click();
      await drift.waitFor();

      await views.getByRole('link', { name: 'Risk treatment (8.3)' }).click();
      const treatment = page.getByRole('region', { name: 'Risk treatment (8.3)' });
      await treatment
        .getByRole('row')
        .filter({ hasText: 'Score drift' })
        .getByText('Chosen, not carried out')
        .waitFor();
      await shot(page, 'operations-due');

      await treatment.getByRole('link', { name: 'Score drift' }).click();
      await page.getByRole('heading', { level: 1, name: 'Score drift' }).waitFor();
      await page.goBack();
      await page.getByRole('heading', { level: 1, name: 'Assessments due' }).waitFor();
      await page.getByRole('region', { name: 'Risk treatment (8.3)' }).waitFor();
    });

    it('shows a risk as owed after its AI system changed stage', async () => {
      await org.owner.post(`/api/v1/orgs/${org.slug}/ai-systems/${systemId}/transitions`, {
        toStage: 'design_and_development',
        reason: 'Built.',
      });
      const page = browser.page;
      await page.goto(`${base}/o/${org.slug}/operations/risks`);
      const risks = page.getByRole('region', { name: 'Risk assessments (8.2)' });
      const drift = risks.getByRole('row').filter({ hasText: 'Score drift' });
      await drift.getByText('Owed after a change').waitFor();
      await drift
        .getByText(/^An AI system of the risk moved to .+, after its last assessment\.$/)
        .waitFor();
      // Only those owed after a change: the risk whose system moved.
      const tools = page.getByRole('search', { name: 'Search and filter risks' });
      await tools.getByLabel('After a change').selectOption({ label: 'Owed after a change' });
      await tools.getByText('1 risk matches.').waitFor();
      await drift.waitFor();
    });
  },
);
