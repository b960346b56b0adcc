// An AI system impact assessment in real Chromiums: a manager starts one for a registered system
// and model version, records impacts with mitigations linked to a risk and Annex A controls, is
// stopped from removing an impact someone else changed meanwhile, is not offered the approval of
// their own assessment (the API refuses it), a second manager (in another browser) approves it, the system's page lists it,
// and a new model version and a new stage make it due again with the reasons in words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
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
  pickIn,
  rowsBecome,
} from './support.js';

const SYSTEM = 'Triage assistant';
const TITLE = 'Triage assistant impact assessment';
const RISK = 'Older patients ranked less urgent';
const FAIRNESS =
  'Older patients may be ranked less urgent than younger ones with the same symptoms.';
const PRIVACY = 'Free-text case notes could reach the model vendor.';
const WAIT = 'Patients wait longer while the ranking is recomputed.';

/** The cells of the impacts table's row whose header is the impact's text. */
async function impactRow(page: Page, description: string): Promise<string[]> {
  const row = page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: description }) });
  await row.waitFor();
  return (await row.getByRole('cell').allTextContents()).map((s) => s.trim());
}

describe.skipIf(!RUN_JOURNEYS)(
  'browser journey: an AI system impact assessment, four eyes and re-assessment',
  () => {
    let t: TestApp;
    let base: string;
    let org: OrgFixture;
    let author: Awaited<ReturnType<OrgFixture['member']>>;
    let approver: { email: string };
    let systemId: string;
    let first: Browser;
    let second: Browser;

    beforeAll(async () => {
      requireChromium();
      ({ t, base } = await startServer());
      org = await createOrgFixture(t, 'Clinic Co');
      author = await org.member('manager');
      approver = await org.member('manager');
      const api = `/api/v1/orgs/${org.slug}`;
      const sys = await author.post(`${api}/ai-systems`, {
        name: SYSTEM,
        purpose: 'Ranks incoming cases by urgency.',
      });
      expect(sys.statusCode).toBe(201);
      systemId = sys.json().id;
      expect(
        (
          await author.post(`${api}/ai-models`, {
            aiSystemId: systemId,
            name: 'triage-net',
            modelVersion: '1.0',
            source: 'built',
          })
        ).statusCode,
      ).toBe(201);
      expect(
        (await author.post(`${api}/risks`, { title: RISK, aiSystemIds: [systemId] })).statusCode,
      ).toBe(201);
      [first, second] = await Promise.all([openBrowser(), openBrowser()]);
    });

    afterAll(async () => {
      await Promise.all([first?.close(), second?.close()]);
      await t?.close();
    });

    it('records impacts, refuses the author, is approved by another manager and falls due on a new model version', async () => {
      const a = first.page;
      // The risk register is never read whole: risks are found through the lookup.
      const riskListReads: string[] = [];
      a.on('request', (r) => {
        const path = new URL(r.url()).pathname;
        if (/^\/api\/v1\/orgs\/[^/]+\/risks\/?$/.test(path)) riskListReads.push(r.url());
      });
      await signInThroughPage(a, base, author.email, PASSWORD);
      await nav(a, 'Impact assessments');
      await a.getByRole('heading', { level: 1, name: 'Impact assessments' }).waitFor();
      await a.getByText('No impact assessment yet.', { exact: false }).waitFor();

      // Started for the system and its model version.
      await a.getByRole('link', { name: 'New assessment' }).click();
      const start = a.getByRole('form', { name: 'New impact assessment' });
      await start.getByRole('combobox', { name: 'AI system' }).fill(SYSTEM.toLowerCase());
      await start.getByRole('option', { name: SYSTEM }).click();
      const model = start.getByLabel('Model version');
      await expect
        .poll(() => model.locator('option').allTextContents())
        .toContain('triage-net 1.0');
      await model.selectOption({ label: 'triage-net 1.0' });
      await start.getByLabel('Title').fill(TITLE);
      await start.getByLabel('DPIA').fill('DPIA-2026-07');
      await shot(a, 'impact-00-new');
      await start.getByRole('button', { name: 'Start the assessment' }).click();
      await a.getByRole('heading', { level: 1, name: TITLE }).waitFor();
      const about = a.getByRole('definition');
      await about.filter({ hasText: 'triage-net 1.0' }).waitFor();
      await about.filter({ hasText: 'DPIA-2026-07' }).waitFor();
      expect(await a.locator('.system-summary .badge').textContent()).toBe('Draft');

      // A draft can be changed.
      await a.getByRole('link', { name: 'Edit', exact: true }).click();
      const edit = a.getByRole('form', { name: 'Change the assessment' });
      expect(await edit.getByLabel('DPIA').inputValue()).toBe('DPIA-2026-07');
      await edit
        .getByLabel('Summary')
        .fill('Workshops with triage nurses and a bias test on 2025 cases.');
      await edit.getByRole('button', { name: 'Save the assessment' }).click();
      await a.getByText('The assessment is saved.').waitFor();
      await about.filter({ hasText: 'Workshops with triage nurses' }).waitFor();
      const history = a.getByRole('region', { name: 'History' });
      await history.getByText('Changed: summary', { exact: true }).waitFor();
      await history.getByText('Started as a draft', { exact: true }).waitFor();

      // Nothing to approve yet: no button, and the rule instead.
      const approval = a.getByRole('region', { name: 'Approval' });
      await approval
        .getByText(
          'It is approved by a manager or owner other than its author, once it records at least one impact.',
        )
        .waitFor();
      expect(await approval.getByRole('button', { name: 'Approve the assessment' }).count()).toBe(
        0,
      );

      // Two impacts: a group's fairness, linked to the risk and a data control; an individual's privacy.
      const add = a.getByRole('form', { name: 'Record an impact' });
      await add.getByLabel('Who is affected').selectOption('groups');
      await add.getByLabel('Dimension').selectOption('fairness');
      await add.getByLabel('Severity').selectOption('4');
      await add.getByLabel('Likelihood').selectOption('3');
      await add.getByLabel('Impact', { exact: true }).fill(FAIRNESS);
      await add
        .getByLabel('Mitigation')
        .fill(
          'Validate on age bands before each release; clinicians review every low ranking of a patient over 75.',
        );
      // The risk is chosen with the record picker, by part of its title in lower case.
      await pickIn(add, 'Risks that carry it', 'older patients', new RegExp(RISK));
      await add.getByRole('checkbox', { name: /^A\.7\.4 / }).check();
      await add.getByRole('button', { name: 'Add the impact' }).click();
      const fairnessCells = await impactRow(a, FAIRNESS);
      expect(fairnessCells.slice(0, 4)).toEqual([
        'Groups of individuals',
        'Fairness',
        '4 Major',
        '3 Possible',
      ]);
      expect(fairnessCells[4]).toContain('clinicians review every low ranking');
      const fairness = a
        .getByRole('row')
        .filter({ has: a.getByRole('rowheader', { name: FAIRNESS }) });
      await fairness.getByRole('link', { name: RISK }).waitFor();
      await fairness.getByRole('link', { name: 'A.7.4' }).waitFor();
      expect(riskListReads).toEqual([]);

      await add.getByLabel('Who is affected').selectOption('individuals');
      await add.getByLabel('Dimension').selectOption('privacy');
      await add.getByLabel('Severity').selectOption('3');
      await add.getByLabel('Likelihood').selectOption('2');
      await add.getByLabel('Impact', { exact: true }).fill(PRIVACY);
      await add.getByRole('button', { name: 'Add the impact' }).click();
      const privacy = await impactRow(a, PRIVACY);
      expect(privacy.slice(0, 5)).toEqual([
        'Individuals',
        'Privacy',
        '3 Moderate',
        '2 Unlikely',
        'None recorded',
      ]);

      // The second impact is changed: a mitigation with a control.
      await a.getByRole('button', { name: `Change the impact “${PRIVACY}”` }).click();
      const change = a.getByRole('form', { name: 'Change the impact' });
      expect(await change.getByLabel('Impact', { exact: true }).inputValue()).toBe(PRIVACY);
      await change.getByLabel('Likelihood').selectOption('1');
      await change
        .getByLabel('Mitigation')
        .fill('Notes are stripped of identifiers before they leave the clinic.');
      await change.getByRole('checkbox', { name: /^A\.7\.5 / }).check();
      await change.getByRole('button', { name: 'Save the impact' }).click();
      await a.getByText('The impact is saved.').waitFor();
      await expect
        .poll(() => impactRow(a, PRIVACY).then((r) => r.slice(0, 4)))
        .toEqual(['Individuals', 'Privacy', '3 Moderate', '1 Rare']);
      expect((await impactRow(a, PRIVACY))[4]).toContain('Notes are stripped of identifiers');
      await shot(a, 'impact-01-impacts');

      // A third impact, changed by someone else after the page loaded, is not removed unseen.
      await add.getByLabel('Who is affected').selectOption('groups');
      await add.getByLabel('Dimension').selectOption('safety');
      await add.getByLabel('Impact', { exact: true }).fill(WAIT);
      await add.getByRole('button', { name: 'Add the impact' }).click();
      await impactRow(a, WAIT);
      const api = `/api/v1/orgs/${org.slug}/impact-assessments`;
      const assessmentId = (await author.get(`${api}?aiSystemId=${systemId}`)).json().items[0]
        .id as string;
      const waitItem = (await author.get(`${api}/${assessmentId}/impacts`))
        .json()
        .items.find((i: { description: string }) => i.description === WAIT);
      const elsewhere = await author.request(
        'PUT',
        `${api}/${assessmentId}/impacts/${waitItem.id}`,
        { affected: 'groups', dimension: 'safety', description: WAIT, severity: 4, likelihood: 2 },
        { 'if-match': '"1"' },
      );
      expect(elsewhere.statusCode).toBe(200);
      const waitRow = a.getByRole('row').filter({ has: a.getByRole('rowheader', { name: WAIT }) });
      await waitRow.getByRole('button', { name: `Remove the impact “${WAIT}”` }).click();
      await waitRow.getByRole('button', { name: 'Remove it' }).click();
      await waitRow
        .getByRole('alert')
        .getByText('Someone changed this impact since the page was loaded.', { exact: false })
        .waitFor();
      await a.reload();
      expect((await impactRow(a, WAIT)).slice(2, 4)).toEqual(['4 Major', '2 Unlikely']);
      await waitRow.getByRole('button', { name: `Remove the impact “${WAIT}”` }).click();
      await waitRow.getByRole('button', { name: 'Remove it' }).click();
      await a.getByText('The impact is removed.').waitFor();
      await expect.poll(() => a.getByRole('rowheader', { name: WAIT }).count()).toBe(0);

      // The author may not approve their own assessment: with impacts recorded, still no button.
      await a.reload();
      await a.getByRole('rowheader', { name: PRIVACY }).waitFor();
      await approval
        .getByText(
          'It is approved by a manager or owner other than its author, once it records at least one impact.',
        )
        .waitFor();
      expect(await approval.getByRole('button', { name: 'Approve the assessment' }).count()).toBe(
        0,
      );
      // The server refuses it all the same.
      const self = await author.post(`${api}/${assessmentId}/approve`);
      expect([self.statusCode, self.json().code]).toEqual([422, 'SELF_APPROVAL']);
      expect(await a.locator('.system-summary .badge').textContent()).toBe('Draft');
      await shot(a, 'impact-02-self-approval');

      // A second manager, in another browser, approves it.
      const b = second.page;
      await signInThroughPage(b, base, approver.email, PASSWORD);
      await nav(b, 'Impact assessments');
      // The draft waits for their approval: the list's filter finds it, as their inbox does.
      const tools = b.getByRole('search', { name: 'Search and filter assessments' });
      await tools.getByLabel('Approval').selectOption('me');
      await tools.getByText('1 assessment matches.').waitFor();
      expect(b.url()).toContain('awaiting=me');
      // A search in another case narrows it further; one that finds nothing says so.
      await tools.getByLabel('Search title or summary').fill('no such words');
      await b.getByText('No assessment matches these filters.').waitFor();
      await tools.getByLabel('Search title or summary').fill(TITLE.toUpperCase());
      await tools.getByText('1 assessment matches.').waitFor();
      expect(new URL(b.url()).searchParams.get('q')).toBe(TITLE.toUpperCase());
      const listed = b.getByRole('row').filter({ has: b.getByRole('rowheader', { name: TITLE }) });
      // Names load after the list; wait for the system's.
      await listed.getByRole('link', { name: SYSTEM, exact: true }).waitFor();
      expect((await listed.getByRole('cell').allTextContents()).slice(0, 2)).toEqual([
        SYSTEM,
        'Draft',
      ]);
      await listed.getByRole('link', { name: TITLE }).click();
      await b.getByRole('heading', { level: 1, name: TITLE }).waitFor();
      await b.getByRole('button', { name: 'Approve the assessment' }).click();
      await b.getByText('The assessment is approved and locked.', { exact: false }).waitFor();
      expect(await b.locator('.system-summary .badge').textContent()).toBe('Approved');
      // Members are shown by the names the assessment carries: a display name, else the email.
      const members = (await org.owner.get(`/api/v1/orgs/${org.slug}/members`)).json().items as {
        name: string | null;
        email: string;
      }[];
      const approverRow = members.find((m) => m.email === approver.email)!;
      const approverName = approverRow.name || approverRow.email;
      await b
        .getByRole('definition')
        .filter({ hasText: `by ${approverName}` })
        .waitFor();
      // Approved means locked: no more changes to it or its impacts.
      expect(await b.getByRole('button', { name: 'Approve the assessment' }).count()).toBe(0);
      expect(await b.getByRole('form', { name: 'Record an impact' }).count()).toBe(0);
      expect(await b.getByRole('link', { name: 'Edit', exact: true }).count()).toBe(0);
      await b
        .getByRole('region', { name: 'History' })
        .getByText('Approved', { exact: true })
        .waitFor();
      // Every change to an impact shows in the assessment's history (three added, one changed, one removed).
      await expect
        .poll(() =>
          b
            .getByRole('region', { name: 'History' })
            .getByText('Impact added', { exact: true })
            .count(),
        )
        .toBe(3);
      expect(
        await b
          .getByRole('region', { name: 'History' })
          .getByText('Impact removed', { exact: true })
          .count(),
      ).toBe(1);
      await shot(b, 'impact-03-approved');

      // The system's page lists it as approved, not due.
      await b.getByRole('link', { name: SYSTEM, exact: true }).click();
      await b.getByRole('heading', { level: 1, name: SYSTEM }).waitFor();
      const panel = b.getByRole('region', { name: 'Impact assessments', exact: true });
      const onSystem = panel
        .getByRole('row')
        .filter({ has: b.getByRole('rowheader', { name: TITLE }) });
      await onSystem.getByText(approverName, { exact: false }).waitFor();
      const cells = await onSystem.getByRole('cell').allTextContents();
      expect(cells[0]).toBe('Approved');
      expect(cells[1]).toContain(approverName);
      expect(cells[2]).toMatch(/^By /);

      // A new model version and a new stage make it due again, and the page says why in words.
      expect(
        (
          await author.post(`/api/v1/orgs/${org.slug}/ai-models`, {
            aiSystemId: systemId,
            name: 'triage-net',
            modelVersion: '2.0',
            source: 'built',
          })
        ).statusCode,
      ).toBe(201);
      expect(
        (
          await author.post(`/api/v1/orgs/${org.slug}/ai-systems/${systemId}/transitions`, {
            toStage: 'operation_and_monitoring',
            reason: 'In use on the wards.',
          })
        ).statusCode,
      ).toBe(200);
      await b.reload();
      await panel.getByText('Re-assessment due', { exact: true }).waitFor();
      await panel.getByText(/^New model version triage-net 2\.0 on \d{4}-\d{2}-\d{2}\.$/).waitFor();
      await panel
        .getByText(/^The system moved to Operation and monitoring on \d{4}-\d{2}-\d{2}\.$/)
        .waitFor();
      await panel.getByRole('link', { name: 'Start a new assessment of this system' }).waitFor();
      await shot(b, 'impact-04-system-due');

      // The list shows it among those due, and the export carries the impacts.
      await nav(b, 'Impact assessments');
      const due = b.getByRole('region', { name: /^Re-assessment due/ });
      await due.getByRole('link', { name: TITLE }).waitFor();
      await due
        .getByText('The system moved to Operation and monitoring on', { exact: false })
        .waitFor();
      // The filter lists the same.
      await b.getByLabel('Re-assessment', { exact: true }).selectOption('true');
      await expect.poll(() => b.getByRole('rowheader').allTextContents()).toEqual([TITLE]);
      await b.getByLabel('Re-assessment', { exact: true }).selectOption('false');
      await b.getByText('No assessment matches these filters.').waitFor();
      await b.getByLabel('Re-assessment', { exact: true }).selectOption('');
      await shot(b, 'impact-05-list');
      const href = await b.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
      const csv = await b.evaluate(async (url) => (await fetch(url!)).text(), href);
      expect(csv).toContain(SYSTEM);
      expect(csv).toContain(FAIRNESS);
      expect(csv).toContain('A.7.4');

      // Two more drafts; the list sorts by title either way (case aside), and the sorted list is
      // a link that opens the same.
      for (const title of ['access review of the triage', 'Bias study'])
        expect((await org.owner.post(api, { aiSystemId: systemId, title })).statusCode).toBe(201);
      await tools.getByLabel('Sort by').selectOption({ label: 'Title' });
      const byTitle = ['access review of the triage', 'Bias study', TITLE];
      await rowsBecome(b, byTitle);
      await tools.getByLabel('Order').selectOption({ label: 'Descending' });
      await rowsBecome(b, [...byTitle].reverse());
      expect(new URL(b.url()).searchParams.get('sort')).toBe('-title');
      await b.goto(b.url());
      await rowsBecome(b, [...byTitle].reverse());
      expect(await tools.getByLabel('Order').inputValue()).toBe('desc');
    });
  },
);
