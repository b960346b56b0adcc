/// <reference lib="dom" />
// The list toolbar on policies, documents and objectives in a real Chromium, at a desktop and a
// phone size: the owner finds a record by a word of its title in another case, filters and sorts
// the list (the state is in the address, so the list is a link), and clears it all; then chooses
// a policy's owner through the member picker, and the policy page names them from the server's
// names; no serious or critical accessibility violation (axe-core).
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

// Recorded in this order; a list without a sort shows them in that order.
const POLICIES = ['AI policy', 'data use policy', 'Acceptable use'];
const DOCUMENTS: [string, string][] = [
  ['Impact assessment procedure', 'procedure'],
  ['audit plan 2027', 'plan'],
  ['Bias report', 'report'],
];
const OBJECTIVES: [string, string, string][] = [
  ['Keep missed urgent cases rare', 'False negative rate', 'monthly'],
  ['answer complaints quickly', 'Days to answer', 'weekly'],
  ['Fair triage', 'Gap between age groups', 'quarterly'],
];

describe.skipIf(!RUN_JOURNEYS)(
  'browser journey: the lists of policies, documents and objectives',
  () => {
    let t: TestApp;
    let base: string;
    let org: OrgFixture;
    let browser: Browser;
    let managerEmail: string;
    let managerId: string;
    /** The manager as the server names them: their display name, else their email. */
    let managerName: string;
    const policyIds: string[] = [];

    beforeAll(async () => {
      requireChromium();
      ({ t, base } = await startServer());
      org = await createOrgFixture(t, 'Govern Lists Co');
      const manager = await org.member('manager');
      managerEmail = manager.email;
      managerId = manager.memberId;
      const api = `/api/v1/orgs/${org.slug}`;
      const members = (await org.owner.get(`${api}/members`)).json().items as {
        id: string;
        name: string;
        email: string;
      }[];
      const m = members.find((x) => x.id === managerId)!;
      managerName = m.name || m.email;
      for (const title of POLICIES) {
        const r = await org.owner.post(`${api}/policies`, {
          title,
          kind: title === 'AI policy' ? 'ai_policy' : 'topic_policy',
          reviewCycleMonths: 12,
          content: 'We mean it.',
        });
        expect(r.statusCode).toBe(201);
        policyIds.push(r.json().policy.id);
      }
      for (const [title, kind] of DOCUMENTS)
        expect(
          (
            await org.owner.post(`${api}/documents`, {
              title,
              kind,
              classification: 'internal',
              retentionMonths: 60,
              content: '# Text',
            })
          ).statusCode,
        ).toBe(201);
      for (const [title, metric, frequency] of OBJECTIVES)
        expect(
          (
            await org.owner.post(`${api}/objectives`, {
              title,
              metric,
              direction: 'at_most',
              target: 2,
              frequency,
            })
          ).statusCode,
        ).toBe(201);
      browser = await openBrowser();
      await signInThroughPage(browser.page, base, org.owner.email, PASSWORD);
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    for (const size of SIZES)
      it(`finds, filters and sorts policies on a ${size.name}`, async () => {
        const { page } = browser;
        await page.setViewportSize({ width: size.width, height: size.height });
        await page.goto(`${base}/o/${org.slug}/policies`);
        await page.getByRole('heading', { level: 1, name: 'Policies' }).waitFor();
        const tools = page.getByRole('search', { name: 'Search and filter policies' });
        await rowsBecome(page, POLICIES);
        await tools.getByText('3 policies.').waitFor();

        const box = tools.getByLabel('Search title');
        await box.fill('USE');
        await box.press('Enter');
        await rowsBecome(page, ['data use policy', 'Acceptable use']);
        expect(new URL(page.url()).searchParams.get('q')).toBe('USE');
        await tools.getByLabel('Sort by').selectOption({ label: 'Title' });
        await rowsBecome(page, ['Acceptable use', 'data use policy']);
        await tools.getByLabel('Order').selectOption({ label: 'Descending' });
        await rowsBecome(page, ['data use policy', 'Acceptable use']);
        expect(new URL(page.url()).searchParams.get('sort')).toBe('-title');
        // None is published, so none is overdue.
        await tools.getByLabel('Review').selectOption({ label: 'Not overdue' });
        await rowsBecome(page, ['data use policy', 'Acceptable use']);
        await tools.getByLabel('Review').selectOption({ label: 'Overdue' });
        await page.getByText('No policy matches these filters.').waitFor();
        expect(new URL(page.url()).searchParams.get('overdue')).toBe('true');
        await shot(page, `lists-govern-policies-${size.name}`);
        expect(await accessibilityProblems(page)).toEqual([]);

        // The filtered list is a link: opened afresh, it shows the same.
        await page.goto(page.url());
        await page.getByText('No policy matches these filters.').waitFor();
        expect(await tools.getByLabel('Review').inputValue()).toBe('true');
        await tools.getByRole('button', { name: 'Clear' }).click();
        await rowsBecome(page, POLICIES);
        expect(await box.inputValue()).toBe('');
        // No version is in review: none waits for anyone's approval.
        await tools.getByLabel('Approval').selectOption({ label: 'Awaiting my approval' });
        await page.getByText('No policy matches these filters.').waitFor();
        await tools.getByRole('button', { name: 'Clear' }).click();
        await rowsBecome(page, POLICIES);
      });

    for (const size of SIZES)
      it(`finds, filters and sorts documents on a ${size.name}`, async () => {
        const { page } = browser;
        await page.setViewportSize({ width: size.width, height: size.height });
        await page.goto(`${base}/o/${org.slug}/documents`);
        await page.getByRole('heading', { level: 1, name: 'Documents' }).waitFor();
        const tools = page.getByRole('search', { name: 'Search and filter documents' });
        await rowsBecome(
          page,
          DOCUMENTS.map(([title]) => title),
        );
        const box = tools.getByLabel('Search title');
        await box.fill('PLAN');
        await box.press('Enter');
        await rowsBecome(page, ['audit plan 2027']);
        // Every draft is the owner's own: none waits for their approval.
        await tools.getByLabel('Approval').selectOption({ label: 'Awaiting my approval' });
        await page.getByText('No document matches these filters.').waitFor();
        expect(new URL(page.url()).searchParams.get('awaiting')).toBe('me');
        await tools.getByRole('button', { name: 'Clear' }).click();
        await tools.getByLabel('Kind').selectOption({ label: 'Report' });
        await rowsBecome(page, ['Bias report']);
        expect(new URL(page.url()).searchParams.get('kind')).toBe('report');
        await tools.getByRole('button', { name: 'Clear' }).click();
        await tools.getByLabel('Sort by').selectOption({ label: 'Title' });
        await rowsBecome(page, ['audit plan 2027', 'Bias report', 'Impact assessment procedure']);
        await tools.getByLabel('Order').selectOption({ label: 'Descending' });
        await rowsBecome(page, ['Impact assessment procedure', 'Bias report', 'audit plan 2027']);
        await shot(page, `lists-govern-documents-${size.name}`);
        expect(await accessibilityProblems(page)).toEqual([]);
        await tools.getByRole('button', { name: 'Clear' }).click();
      });

    for (const size of SIZES)
      it(`finds, filters and sorts objectives on a ${size.name}`, async () => {
        const { page } = browser;
        await page.setViewportSize({ width: size.width, height: size.height });
        await page.goto(`${base}/o/${org.slug}/objectives`);
        await page.getByRole('heading', { level: 1, name: 'Objectives' }).waitFor();
        const tools = page.getByRole('search', { name: 'Search and filter objectives' });
        await rowsBecome(
          page,
          OBJECTIVES.map(([title]) => title),
        );
        // The metric is searched too.
        const box = tools.getByLabel('Search title or metric');
        await box.fill('age GROUPS');
        await box.press('Enter');
        await rowsBecome(page, ['Fair triage']);
        await tools.getByRole('button', { name: 'Clear' }).click();
        await tools.getByLabel('Measured').selectOption({ label: 'Weekly' });
        await rowsBecome(page, ['answer complaints quickly']);
        expect(new URL(page.url()).searchParams.get('frequency')).toBe('weekly');
        await tools.getByRole('button', { name: 'Clear' }).click();
        await tools.getByLabel('Sort by').selectOption({ label: 'Title' });
        await rowsBecome(page, [
          'answer complaints quickly',
          'Fair triage',
          'Keep missed urgent cases rare',
        ]);
        expect(new URL(page.url()).searchParams.get('sort')).toBe('title');
        await shot(page, `lists-govern-objectives-${size.name}`);
        expect(await accessibilityProblems(page)).toEqual([]);
        await tools.getByRole('button', { name: 'Clear' }).click();
      });

    for (const size of SIZES)
      it(`chooses a policy's owner through the member picker on a ${size.name}`, async () => {
        const { page } = browser;
        await page.setViewportSize({ width: size.width, height: size.height });
        const id = size === SIZES[0] ? policyIds[1]! : policyIds[2]!;
        await page.goto(`${base}/o/${org.slug}/policies/${id}`);
        await page.getByRole('button', { name: 'Policy settings' }).click();
        const form = page.getByRole('form', { name: 'Policy settings' });
        const owner = form.getByRole('combobox', { name: 'Owner' });
        await owner.fill(managerEmail.slice(0, 12).toUpperCase());
        const option = form.getByRole('option', { name: new RegExp(managerEmail) });
        await option.waitFor();
        expect(await accessibilityProblems(page)).toEqual([]);
        await option.click();
        await form.getByRole('list', { name: 'Chosen: Owner' }).getByText(managerName).waitFor();
        await shot(page, `lists-govern-owner-${size.name}`);
        await form.getByRole('button', { name: 'Save settings' }).click();
        await page.getByText('Policy settings saved.').waitFor();
        await page.getByText(`Owner: ${managerName}`).waitFor();
        const saved = (await org.owner.get(`/api/v1/orgs/${org.slug}/policies/${id}`)).json();
        expect(saved.ownerMemberId).toBe(managerId);
        expect(saved.names[managerId]).toBe(managerName);
        // The list names the owner too.
        await page.goto(`${base}/o/${org.slug}/policies`);
        await page
          .getByRole('row', { name: new RegExp(saved.title) })
          .getByText(managerName)
          .waitFor();
      });
  },
);
