// A management review in a real Chromium: a nonconformity and an incident exist (made through the
// API); a manager plans a review and finds both among its inputs without doing anything else,
// holds it (the inputs are frozen and their hash shown as matching), and records a decision with
// an action that they own, which the page then lists with its owner and due date.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../harness.js';
import { createOrgFixture, PASSWORD, type ApiClient, type OrgFixture } from '../client.js';
import {
  nav,
  openBrowser,
  requireChromium,
  RUN_JOURNEYS,
  shot,
  signInThroughPage,
  startServer,
  type Browser,
  pickIn,
} from './support.js';

const NC = 'Release 2.3 of the triage model skipped the bias test';
const INCIDENT = 'Chest pain ranked as routine';
const DECISION = 'Add drift monitoring to the triage model';
const ACTION = 'Set up a weekly drift report';

describe.skipIf(!RUN_JOURNEYS)(
  'browser journey: a management review planned, held and decided',
  () => {
    let t: TestApp;
    let base: string;
    let org: OrgFixture;
    let manager: ApiClient & { memberId: string };
    let browser: Browser;

    beforeAll(async () => {
      requireChromium();
      ({ t, base } = await startServer());
      org = await createOrgFixture(t, 'Triage Health');
      manager = await org.member('manager');
      const api = `/api/v1/orgs/${org.slug}`;
      const nc = await manager.post(`${api}/nonconformities`, {
        title: NC,
        requirementId: 'A.6.2.4',
        severity: 'major',
      });
      expect(nc.statusCode).toBe(201);
      const incident = await manager.post(`${api}/incidents`, {
        title: INCIDENT,
        severity: 'high',
      });
      expect(incident.statusCode).toBe(201);
      browser = await openBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    it('shows the inputs by themselves, freezes them when held, and records a decision with an action', async () => {
      const p = browser.page;
      await signInThroughPage(p, base, manager.email, PASSWORD);
      await nav(p, 'Management reviews');
      await p.getByRole('heading', { level: 1, name: 'Management reviews' }).waitFor();
      await p.getByText('No management review planned yet.').waitFor();

      await p.getByRole('link', { name: 'Plan a review' }).click();
      const form = p.getByRole('form', { name: 'Plan a management review' });
      await form.getByLabel('Title').fill('Management review H1 2026');
      await form.getByLabel('Planned for').fill('2026-06-30');
      await pickIn(form, 'Chair', manager.email, new RegExp(manager.email));
      await form.getByLabel('Other attendees').fill('Dana External');
      await form.getByRole('button', { name: 'Plan the review' }).click();
      await p.getByRole('heading', { level: 1, name: 'Management review H1 2026' }).waitFor();

      const live = p.getByRole('region', { name: 'Inputs, live' });
      await live.getByRole('link', { name: `NC-0001 ${NC}` }).waitFor();
      await live.getByRole('link', { name: INCIDENT }).waitFor();
      const ncs = live.getByRole('region', { name: /Nonconformities and corrective actions/ });
      expect(await ncs.getByRole('list', { name: /^Figures/ }).textContent()).toContain('1 open');
      expect(await p.getByLabel('About this review').textContent()).toContain('Dana External');
      await shot(p, 'review-planned');

      await p.getByRole('button', { name: 'Hold the review and freeze its inputs' }).click();
      await p.getByText('The review is held: its inputs are frozen.').waitFor();
      const frozen = p.getByRole('region', { name: 'Inputs, as frozen when held' });
      await frozen.getByText('Hash matches').waitFor();
      expect(await frozen.locator('code.hash').textContent()).toMatch(/^[0-9a-f]{64}$/);
      await frozen.getByRole('link', { name: INCIDENT }).waitFor();

      const decide = p.getByRole('form', { name: 'Record a decision' });
      await decide.getByLabel('About').selectOption('improvement');
      await decide.getByLabel('Decision', { exact: true }).fill(DECISION);
      await decide.getByLabel('Action (optional)', { exact: true }).fill(ACTION);
      await pickIn(decide, 'Action owner', manager.email, new RegExp(manager.email));
      await decide.getByLabel('Action due').fill('2026-09-30');
      await decide.getByRole('button', { name: 'Record the decision' }).click();
      const decisions = p.getByRole('region', { name: 'Decisions and actions' });
      await decisions.getByRole('heading', { name: new RegExp(DECISION) }).waitFor();
      const row = decisions.getByRole('row', { name: new RegExp(ACTION) });
      await row.waitFor();
      expect(await row.textContent()).toContain(manager.email.split('@')[0]!);
      expect(await row.textContent()).toContain('Open');
      await shot(p, 'review-decided');

      const minutes = p.getByRole('link', { name: 'Minutes (PDF)' });
      expect(await minutes.getAttribute('href')).toMatch(/\/management-reviews\/[^/]+\/minutes$/);
    });
  },
);
