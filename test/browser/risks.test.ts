// Risks in real Chromiums: a manager assesses a risk whose residual level is above the acceptance
// level, treats it, is not offered the acceptance of their own risk (the API refuses it), a second
// manager (in another browser) accepts it, and the residual heat map counts it in its cell.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestApp } from '../harness.js';
import { createOrgFixture, PASSWORD, type OrgFixture } from '../client.js';
import {
  nav,
  openBrowser,
  pickIn,
  requireChromium,
  RUN_JOURNEYS,
  shot,
  signInThroughPage,
  startServer,
  type Browser,
} from './support.js';

const TITLE = 'Chatbot gives wrong dosage advice';

/** The reads of the whole members list a page made (names come with the views instead). */
const MEMBERS_LIST = /\/api\/v1\/orgs\/[^/]+\/members(\?|$)/;
const local = (email: string) => email.split('@')[0]!;
/** What the browsers read, with the page they were on: `page address → request address`. */
const read: string[] = [];

async function residualCell(page: Page, l: number, i: number): Promise<number> {
  const heat = page.getByRole('region', { name: 'Heat map' });
  await heat.getByRole('radio', { name: 'Residual' }).check();
  const cell = heat.locator(`td[data-cell="${l}-${i}"] .heat-count`);
  await cell.waitFor();
  return Number(await cell.textContent());
}

describe.skipIf(!RUN_JOURNEYS)(
  'browser journey: a risk above the acceptance level, treated and accepted',
  () => {
    let t: TestApp;
    let base: string;
    let org: OrgFixture;
    let owner: Awaited<ReturnType<OrgFixture['member']>>;
    let approver: { email: string };
    let first: Browser;
    let second: Browser;

    beforeAll(async () => {
      requireChromium();
      ({ t, base } = await startServer());
      org = await createOrgFixture(t, 'Risky Co');
      owner = await org.member('manager');
      approver = await org.member('manager');
      [first, second] = await Promise.all([openBrowser(), openBrowser()]);
      for (const b of [first, second])
        b.page.on('request', (r) => read.push(`${b.page.url()} → ${r.url()}`));
    });

    afterAll(async () => {
      await Promise.all([first?.close(), second?.close()]);
      await t?.close();
    });

    it('is assessed, treated, refused to its owner, accepted by another manager and counted on the heat map', async () => {
      const a = first.page;
      await signInThroughPage(a, base, owner.email, PASSWORD);
      await nav(a, 'Risks');
      await a.getByRole('heading', { level: 1, name: 'Risks' }).waitFor();
      expect(await residualCell(a, 4, 4)).toBe(0);

      await a.getByRole('link', { name: 'New risk' }).click();
      const form = a.getByRole('form', { name: 'New risk' });
      await form.getByLabel('Title').fill(TITLE);
      // The owner defaults to the member recording the risk, shown by name (here the part of the
      // email before the @, as no name was given).
      await form
        .getByRole('list', { name: 'Chosen: Owner' })
        .getByText(owner.email.split('@')[0]!, { exact: true })
        .waitFor();
      await form.getByLabel('Inherent likelihood').selectOption('5');
      await form.getByLabel('Inherent impact').selectOption('5');
      await form.getByLabel('Treatment (optional)', { exact: true }).selectOption('modify');
      await form.getByLabel('Residual likelihood').selectOption('4');
      const after = form.getByRole('group', { name: 'After treatment' });
      await after.getByText('Pick a likelihood and an impact to see the level.').waitFor();
      await form.getByLabel('Residual impact').selectOption('4');
      // The level shows as the pair is picked, by the same rule the server applies.
      await after.locator('.computed-level').getByText('High', { exact: true }).waitFor();
      await form.getByRole('button', { name: 'Record the risk' }).click();
      await a.getByRole('heading', { level: 1, name: TITLE }).waitFor();
      const summary = a.getByRole('definition').filter({ hasText: 'likelihood 4' });
      await summary.getByText('High', { exact: true }).waitFor();
      await a.getByText('Acceptance needed', { exact: true }).waitFor();

      // Treated: an action with an owner, done. The owner is named by the treatment's view, and
      // the owner picker is empty again once the action is added.
      const actions = a.getByRole('form', { name: 'Add a treatment action' });
      await actions.getByLabel('Action').fill('Route dosage questions to a pharmacist');
      await pickIn(actions, 'Owner', approver.email);
      await actions.getByRole('button', { name: 'Add the action' }).click();
      const treatment = a.getByRole('row').filter({
        has: a.getByRole('rowheader', { name: 'Route dosage questions to a pharmacist' }),
      });
      await treatment.getByText(local(approver.email), { exact: true }).waitFor();
      await expect.poll(() => actions.getByRole('list', { name: 'Chosen: Owner' }).count()).toBe(0);
      expect(await actions.getByLabel('Action').inputValue()).toBe('');
      await a.getByLabel('Status of Route dosage questions to a pharmacist').selectOption('done');
      await expect
        .poll(() => a.getByLabel('Status of Route dosage questions to a pharmacist').inputValue())
        .toBe('done');

      // The owner may not accept their own risk: no form, the rule instead.
      await a
        .getByRole('region', { name: 'Accept the residual risk' })
        .getByText("A manager or owner other than the risk's owner signs off on the residual risk.")
        .waitFor();
      expect(await a.getByRole('form', { name: 'Accept the residual risk' }).count()).toBe(0);
      await shot(a, 'risks-01-self-acceptance');
      // The server refuses it all the same.
      const api = `/api/v1/orgs/${org.slug}/risks`;
      const riskId = (await owner.get(api)).json().items[0].id as string;
      const self = await owner.post(`${api}/${riskId}/acceptance`, {
        justification: 'The pharmacist route leaves a small residue we can live with.',
        expiresOn: '2099-01-01',
      });
      expect([self.statusCode, self.json().code]).toEqual([422, 'SELF_ACCEPTANCE']);

      // A second manager, in another browser, accepts it.
      const b = second.page;
      await signInThroughPage(b, base, approver.email, PASSWORD);
      await nav(b, 'Risks');
      await b.getByRole('rowheader', { name: TITLE }).getByRole('link').click();
      await b.getByRole('heading', { level: 1, name: TITLE }).waitFor();
      const accept = b.getByRole('form', { name: 'Accept the residual risk' });
      await accept
        .getByLabel('Why it is acceptable')
        .fill('Reviewed with the clinical lead: acceptable for one year.');
      await accept.getByRole('button', { name: 'Accept the risk' }).click();
      await b.getByText('The residual risk is accepted.').waitFor();
      // The accepting member is named as the server names members: by display name.
      await b.getByText(`Accepted by ${approver.email.split('@')[0]!}`, { exact: false }).waitFor();
      await shot(b, 'risks-02-accepted');

      // The residual heat map counts it where it was scored.
      await nav(b, 'Risks');
      await b.getByRole('heading', { level: 1, name: 'Risks' }).waitFor();
      await expect.poll(() => residualCell(b, 4, 4)).toBe(1);
      expect(await residualCell(b, 5, 5)).toBe(0);
      await shot(b, 'risks-03-heatmap');

      // The cell opens the register filtered to the risks in it.
      await b
        .getByRole('region', { name: 'Heat map' })
        .locator('td[data-cell="4-4"]')
        .getByRole('link')
        .click();
      await b.getByText('Showing the risks in the residual heat-map cell likelihood 4').waitFor();
      await b.getByRole('rowheader', { name: TITLE }).waitFor();
      expect(new URL(b.url()).searchParams.get('residualCell')).toBe('4-4');
      const inCell = await owner.get(`${api}?residualCell=4-4`);
      expect(inCell.json().items.map((r: { title: string }) => r.title)).toEqual([TITLE]);
      expect((await owner.get(`${api}?residualCell=5-5`)).json().items).toEqual([]);
      const badCell = await owner.get(`${api}?residualCell=four`);
      expect([badCell.statusCode, badCell.json().errors[0].pointer]).toEqual([
        400,
        '/query/residualCell',
      ]);
    });

    it('links a risk and its AI system both ways, and starts a risk from the system page', async () => {
      const a = first.page;
      const api = `/api/v1/orgs/${org.slug}`;
      const sys = await owner.post(`${api}/ai-systems`, {
        name: 'Dosage assistant',
        purpose: 'Answers questions about dosage.',
      });
      expect(sys.statusCode).toBe(201);
      const systemId = sys.json().id as string;
      await a.goto(`${base}/o/${org.slug}/systems/${systemId}`);
      const panel = a.getByRole('region', { name: 'Risks' });
      await panel.getByText('No risk has been recorded for Dosage assistant yet.').waitFor();
      await panel.getByRole('link', { name: 'New risk for this system' }).click();
      const form = a.getByRole('form', { name: 'New risk' });
      await form.getByLabel('Title').fill('Assistant ignores kidney function');
      // The system is chosen, by name, from the address.
      await form
        .getByRole('list', { name: 'Chosen: AI systems' })
        .getByText('Dosage assistant', { exact: true })
        .waitFor();
      await form.getByRole('button', { name: 'Record the risk' }).click();
      await a
        .getByRole('heading', { level: 1, name: 'Assistant ignores kidney function' })
        .waitFor();
      // The risk names its system, and the link leads back to the system, which lists the risk.
      await a.getByRole('definition').getByRole('link', { name: 'Dosage assistant' }).click();
      await a.getByRole('heading', { level: 1, name: 'Dosage assistant' }).waitFor();
      await a
        .getByRole('region', { name: 'Risks' })
        .getByRole('link', { name: 'Assistant ignores kidney function' })
        .waitFor();
      await shot(a, 'risks-04-system-panel');
    });

    it('gets a 4 × 4 matrix with three levels in the browser, while the risk keeps the score and levels it was given', async () => {
      const a = first.page;
      await nav(a, 'Risks');
      await a.getByRole('link', { name: 'Risk criteria' }).click();
      await a.getByRole('heading', { level: 1, name: 'Risk criteria' }).waitFor();
      await a.getByText('Version 1 is in force: 5 × 5, 4 levels, accepted up to Medium.').waitFor();
      const form = a.getByRole('form', { name: 'Risk criteria' });
      await form.getByLabel('Number of likelihood levels').selectOption('4');
      await form.getByLabel('Number of impact levels').selectOption('4');
      await form.getByRole('button', { name: 'Remove level Critical' }).click();
      await form.getByLabel('Level 3 name').fill('Unacceptable');
      await form
        .getByLabel('Likelihood 1 (Rare), impact 4 (Major)')
        .selectOption({ label: 'Unacceptable' });
      // A key the server refuses is shown at its field, and nothing is put in force.
      await form.getByLabel('Level 2 key').fill('Medium!');
      await form.getByRole('button', { name: 'Put new criteria in force' }).click();
      await expect
        .poll(() => form.getByLabel('Level 2 key').getAttribute('aria-invalid'))
        .toBe('true');
      await form
        .getByText('Lower-case letters, digits and underscores.', { exact: true })
        .first()
        .waitFor();
      expect((await org.owner.get(`/api/v1/orgs/${org.slug}/risk-criteria`)).json().number).toBe(1);
      await form.getByLabel('Level 2 key').fill('medium');
      await form.getByLabel('What changed').fill('Four by four after the board review');
      await form.getByRole('button', { name: 'Put new criteria in force' }).click();
      await a.getByText('Criteria version 2 is in force.', { exact: false }).waitFor();
      await a.getByText('Version 2 is in force: 4 × 4, 3 levels, accepted up to Medium.').waitFor();
      const inForce = a.getByRole('table', { name: 'Level by likelihood and impact', exact: true });
      expect(await inForce.locator('tbody tr').count()).toBe(4);
      expect(
        await inForce
          .getByRole('row', { name: /^1 Rare/ })
          .getByRole('cell')
          .nth(3)
          .textContent(),
      ).toBe('Unacceptable');
      const history = a.getByRole('table', { name: 'Versions of the risk criteria' });
      await history
        .getByRole('row', {
          name: /^2 In force 4 × 4, 3 levels .* Four by four after the board review$/,
        })
        .waitFor();
      await history
        .getByRole('row', { name: /^1 Replaced 5 × 5, 4 levels .* Defaults Default criteria$/ })
        .waitFor();
      // Who put version 2 in force is named by the version's view.
      await history
        .getByRole('row', { name: /^2 In force/ })
        .getByRole('cell', { name: local(owner.email), exact: true })
        .waitFor();
      await shot(a, 'risks-04-criteria');

      // The risk was scored on version 1: its page says so and keeps that version's labels.
      await nav(a, 'Risks');
      await a.getByRole('rowheader', { name: TITLE }).getByRole('link').click();
      await a.getByRole('heading', { level: 1, name: TITLE }).waitFor();
      await a
        .getByText('Scored on criteria version 1; version 2 is in force now.', { exact: false })
        .waitFor();
      const residual = a
        .getByRole('definition')
        .filter({ hasText: 'likelihood 4 (Likely) × impact 4 (Major)' });
      await residual.getByText('High', { exact: true }).waitFor();
      await a
        .getByRole('definition')
        .filter({ hasText: 'likelihood 5 (Almost certain) × impact 5 (Severe)' })
        .getByText('Critical', { exact: true })
        .waitFor();

      // The heat map is drawn on version 2 and counts the risk apart.
      await nav(a, 'Risks');
      const heat = a.getByRole('region', { name: 'Heat map' });
      await heat
        .getByText('1 risk assessed on earlier criteria, not shown.', { exact: false })
        .waitFor();
      expect(await heat.locator('tbody tr').count()).toBe(4);
      // In the register, its levels keep version 1's words and say which version they come from.
      const row = a.getByRole('row').filter({ has: a.getByRole('rowheader', { name: TITLE }) });
      await row.getByText('(criteria v1)').first().waitFor();
      expect(await row.locator('.level-badge').allTextContents()).toEqual(['Critical', 'High']);
      // On every risk page of these journeys (the register, a risk, the criteria), members were
      // named by the views: the whole members list was never read there.
      const onRisks = read.filter((x) => x.split(' → ')[0]!.includes('/risks'));
      expect(onRisks.length).toBeGreaterThan(20);
      expect(onRisks.filter((x) => MEMBERS_LIST.test(x.split(' → ')[1]!))).toEqual([]);
      expect(read.some((u) => u.includes('/lookup?type=members'))).toBe(true);
    });
  },
);
