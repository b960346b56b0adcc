/// <reference lib="dom" />
// The planned changes list with the list toolbar in a real Chromium, at a desktop and a phone
// size: the owner finds a change by a word of its purpose in another case, shows only those
// awaiting their decision (not their own proposal), filters by status, sorts (the state is in the
// address, so the list is a link) and clears it all. Then an audit finding opens on its own page
// from the audit, at its readable id (F-0001), and by that id typed in any case. No serious or
// critical accessibility violation (axe-core).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../harness.js';
import { createOrgFixture, PASSWORD, type OrgFixture } from '../client.js';
import {
  openBrowser,
  requireChromium,
  RUN_JOURNEYS,
  shot,
  signInThroughPage,
  startServer,
  type Browser,
  accessibilityProblems,
  SIZES,
  rowsBecome,
} from './support.js';

/** Proposed in this order (the owner proposes the last); the list shows the newest first. */
const CHANGES: [who: 'manager' | 'owner', title: string, purpose: string][] = [
  ['manager', 'Second review board', 'Approvals queue for weeks.'],
  ['manager', 'bias test in every release', 'A release went out UNTESTED.'],
  ['owner', 'Supplier questionnaire', 'Suppliers answer late.'],
  ['manager', 'Zero-downtime model swap', 'Releases stop the triage.'],
];
const NEWEST_FIRST = CHANGES.map(([, title]) => title).reverse();
const FINDING = 'The May checklist was not kept';

describe.skipIf(!RUN_JOURNEYS)('browser journey: the planned changes list and a finding', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let browser: Browser;
  let auditId: string;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Change Lists Co');
    const api = `/api/v1/orgs/${org.slug}`;
    const manager = await org.member('manager');
    for (const [who, title, purpose] of CHANGES) {
      const r = await (who === 'owner' ? org.owner : manager).post(`${api}/changes`, {
        title,
        purpose,
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    // The owner approves the zero-downtime swap; two of the manager's proposals still wait.
    const swap = (await org.owner.get(`${api}/changes?q=swap`)).json().items[0];
    expect(
      (await org.owner.post(`${api}/changes/${swap.id}/decision`, { decision: 'approved' }))
        .statusCode,
    ).toBe(200);
    // An audit in progress with one finding.
    const lead = await org.member('contributor');
    const audit = await org.owner.post(`${api}/audits`, {
      title: 'Life cycle audit',
      criteria: 'ISO/IEC 42001 clause 9.2.',
      scope: ['9.2'],
      plannedStart: '2026-05-04',
      plannedEnd: '2026-05-06',
      leadAuditorMemberId: lead.memberId,
    });
    expect(audit.statusCode, audit.body).toBe(201);
    auditId = audit.json().id;
    expect((await lead.post(`${api}/audits/${auditId}/start`, {})).statusCode).toBe(200);
    const f = await lead.post(`${api}/audits/${auditId}/findings`, {
      grade: 'observation',
      requirementId: '9.2.1',
      title: FINDING,
      records: 'Audit file of May',
    });
    expect(f.statusCode, f.body).toBe(201);
    expect(f.json().ref).toBe('F-0001');
    browser = await openBrowser();
    await signInThroughPage(browser.page, base, org.owner.email, PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const size of SIZES)
    it(`finds, filters and sorts planned changes on a ${size.name}`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(`${base}/o/${org.slug}/changes`);
      await page.getByRole('heading', { level: 1, name: 'Planned changes' }).waitFor();
      const tools = page.getByRole('search', { name: 'Search and filter changes' });
      await rowsBecome(page, NEWEST_FIRST);
      await tools.getByText('4 changes.').waitFor();
      await page.getByText('3 changes waiting for a decision.').waitFor();

      // The purpose is searched too, in any case.
      const box = tools.getByLabel('Search title or purpose');
      await box.fill('untested');
      await box.press('Enter');
      await rowsBecome(page, ['bias test in every release']);
      expect(new URL(page.url()).searchParams.get('q')).toBe('untested');
      await tools.getByText('1 change matches.').waitFor();
      await tools.getByRole('button', { name: 'Clear' }).click();
      await rowsBecome(page, NEWEST_FIRST);

      // What waits for the owner: proposed by someone else.
      await tools.getByLabel('Decision').selectOption({ label: 'Awaiting my decision' });
      await rowsBecome(page, ['bias test in every release', 'Second review board']);
      expect(new URL(page.url()).searchParams.get('awaiting')).toBe('me');
      await tools.getByRole('button', { name: 'Clear' }).click();
      // The sentence above the list offers the same.
      await page.getByRole('button', { name: 'Show those awaiting my decision' }).click();
      await rowsBecome(page, ['bias test in every release', 'Second review board']);
      await tools.getByRole('button', { name: 'Clear' }).click();

      await tools.getByLabel('Status').selectOption({ label: 'Approved' });
      await rowsBecome(page, ['Zero-downtime model swap']);
      await tools.getByLabel('Status').selectOption({ label: 'Withdrawn' });
      await page.getByText('No change matches these filters.').waitFor();
      await tools.getByLabel('Status').selectOption({ label: 'Any' });

      await tools.getByLabel('Sort by').selectOption({ label: 'Title' });
      await rowsBecome(page, [
        'bias test in every release',
        'Second review board',
        'Supplier questionnaire',
        'Zero-downtime model swap',
      ]);
      await tools.getByLabel('Order').selectOption({ label: 'Descending' });
      await rowsBecome(page, [
        'Zero-downtime model swap',
        'Supplier questionnaire',
        'Second review board',
        'bias test in every release',
      ]);
      expect(new URL(page.url()).searchParams.get('sort')).toBe('-title');
      await shot(page, `lists-changes-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);

      // The sorted list is a link: opened afresh, it shows the same.
      await page.goto(page.url());
      await rowsBecome(page, [
        'Zero-downtime model swap',
        'Supplier questionnaire',
        'Second review board',
        'bias test in every release',
      ]);
      expect(await tools.getByLabel('Order').inputValue()).toBe('desc');
      await tools.getByRole('button', { name: 'Clear' }).click();
      await rowsBecome(page, NEWEST_FIRST);
      expect(await box.inputValue()).toBe('');
    });

  for (const size of SIZES)
    it(`opens an audit finding at its readable id on a ${size.name}`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(`${base}/o/${org.slug}/audits/${auditId}`);
      await page.getByRole('heading', { level: 1, name: 'Life cycle audit' }).waitFor();
      await page.getByRole('link', { name: 'F-0001 · Observation 1' }).click();
      await page.getByRole('heading', { level: 1, name: `F-0001 ${FINDING}` }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/o/${org.slug}/audits/findings/F-0001`);
      const about = page.getByRole('definition').filter({ hasText: 'Audit file of May' });
      await about.waitFor();
      await shot(page, `lists-finding-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      // Typed in another case, without the zeros: the same finding; back to its audit.
      await page.goto(`${base}/o/${org.slug}/audits/findings/f-1`);
      await page.getByRole('heading', { level: 1, name: `F-0001 ${FINDING}` }).waitFor();
      await page.getByRole('main').getByRole('link', { name: 'Life cycle audit' }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Life cycle audit' }).waitFor();
      // An unknown one says so.
      await page.goto(`${base}/o/${org.slug}/audits/findings/F-0009`);
      await page.getByRole('heading', { level: 1, name: 'Audit finding not found' }).waitFor();
    });
});
