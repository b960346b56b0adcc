// The EU AI Act questionnaire in real Chromiums: a contributor answers it for a CV screener (an
// Annex III employment use, as provider) and sees the high-risk proposal with its reasons and
// obligations; a manager, in another browser, confirms it and the system's page shows who did,
// while the system's edit form shows the tier without offering to change it; the contributor's
// stale page is refused, saving the same answers again keeps the confirmation, then an Art. 6(3)
// exception with profiling keeps the system high-risk, and without profiling the proposal drops
// while the last confirmation (tier, who, when) stays on record; an auditor reads the answers
// without being able to change them; an unknown system's questionnaire is not found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
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

const SYSTEM = 'CV screener';
const EMPLOYMENT = '4. Employment, workers’ management and access to self-employment';
const MILITARY =
  /^Is the system placed on the market, put into service or used exclusively for military/;
const NARROW_TASK = 'Does it only perform a narrow procedural task?';
const PROFILING = /^Does the system profile people/;
const ROLE = /^The organization's role/;

const tierOf = (region: Locator) => region.locator('.aiact-tier .badge').textContent();
const obligations = (page: Page) =>
  page.getByRole('table', { name: /Obligations for the organization/ });

async function openSystem(page: Page) {
  await nav(page, 'AI systems');
  await page.getByRole('heading', { level: 1, name: 'AI systems' }).waitFor();
  await page.getByRole('link', { name: SYSTEM, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: SYSTEM }).waitFor();
  return page.getByRole('region', { name: 'EU AI Act' });
}

/** The display name of a member added without one: the pages name members as the server does. */
const nameOf = (m: { email: string }) => m.email.split('@')[0]!;

describe.skipIf(!RUN_JOURNEYS)(
  'browser journey: the EU AI Act classification of an AI system',
  () => {
    let t: TestApp;
    let base: string;
    let org: OrgFixture;
    let contributor: { email: string };
    let manager: { email: string };
    let auditor: { email: string };
    let first: Browser;
    let second: Browser;

    beforeAll(async () => {
      requireChromium();
      ({ t, base } = await startServer());
      org = await createOrgFixture(t, 'Hiring Co');
      const created = await org.owner.post(`/api/v1/orgs/${org.slug}/ai-systems`, {
        name: SYSTEM,
        purpose: 'Ranks job applications for recruiters.',
      });
      expect(created.statusCode).toBe(201);
      contributor = await org.member('contributor');
      manager = await org.member('manager');
      auditor = await org.member('auditor');
      [first, second] = await Promise.all([openBrowser(), openBrowser()]);
    });

    afterAll(async () => {
      await Promise.all([first?.close(), second?.close()]);
      await t?.close();
    });

    it('proposes high risk for an Annex III use, is confirmed by a manager, and follows the Art. 6(3) exceptions', async () => {
      const a = first.page;
      await signInThroughPage(a, base, contributor.email, PASSWORD);
      let panel = await openSystem(a);
      await panel.getByText('Not classified yet').waitFor();
      await panel.getByRole('link', { name: 'Answer the questionnaire' }).click();
      await a
        .getByRole('heading', { level: 1, name: `EU AI Act classification of ${SYSTEM}` })
        .waitFor();
      const crumbs = a.getByRole('navigation', { name: 'Breadcrumb' });
      expect(await crumbs.getByRole('link').allTextContents()).toEqual(['AI systems', SYSTEM]);

      // Saved without a role: the API's refusal lands on the role group.
      const form = a.getByRole('form', { name: 'EU AI Act questionnaire' });
      const role = form.getByRole('group', { name: ROLE });
      await form.getByRole('checkbox', { name: EMPLOYMENT }).check();
      await form.getByRole('button', { name: 'Save the answers' }).click();
      await role.getByText('Choose the organization’s role for this system.').waitFor();
      expect(await role.getAttribute('aria-invalid')).toBe('true');
      await form.getByRole('alert').waitFor();

      // Provider of a system used in employment that profiles applicants: high risk.
      await role.getByRole('radio', { name: 'Provider', exact: true }).check();
      await form.getByRole('checkbox', { name: PROFILING }).check();
      await form.getByRole('button', { name: 'Save the answers' }).click();
      const result = a.getByRole('region', { name: 'Classification' });
      await result.getByText('Saved. The answers propose: High risk.').waitFor();
      expect(await tierOf(result)).toBe('High risk');
      const reasons = result.getByRole('list', { name: 'Reasons for the proposed tier' });
      expect(await reasons.textContent()).toContain(
        `Art. 6(2) Intended purpose in Annex III: ${EMPLOYMENT}.`,
      );
      await obligations(a)
        .getByRole('row', {
          name: /Art\. 9 Risk management system Provider Run a risk management system/,
        })
        .waitFor();
      await obligations(a)
        .getByRole('row', { name: /Art\. 43\(2\) Conformity assessment/ })
        .waitFor();
      expect(
        await obligations(a)
          .getByRole('row', { name: /Deployer/ })
          .count(),
      ).toBe(0);
      await result.getByText('Not confirmed', { exact: true }).waitFor();
      await result
        .getByText(
          'Until a manager or owner confirms this proposal, the system has no EU AI Act tier on record.',
        )
        .waitFor();
      // A contributor may answer but not confirm.
      expect(await result.getByRole('button', { name: 'Confirm the tier' }).count()).toBe(0);
      await result
        .getByText('A manager or owner reviews the answers and confirms the proposal.')
        .waitFor();
      await shot(a, 'ai-act-01-proposed');

      // A manager, in another browser, finds it on the system's page and confirms it.
      const b = second.page;
      await signInThroughPage(b, base, manager.email, PASSWORD);
      panel = await openSystem(b);
      expect(await tierOf(panel)).toBe('High risk');
      await panel.getByText('Not confirmed', { exact: true }).waitFor();
      await panel.getByRole('link', { name: 'Review the classification' }).click();
      const confirmed = b.getByRole('region', { name: 'Classification' });
      await confirmed.getByRole('button', { name: 'Confirm the tier' }).click();
      await confirmed
        .getByText("Confirmed. High risk is now the system's EU AI Act tier on record.")
        .waitFor();
      expect(
        await confirmed.getByRole('definition').filter({ hasText: 'Confirmed' }).textContent(),
      ).toContain(`Confirmed by ${nameOf(manager)} on`);
      expect(await confirmed.getByRole('button', { name: 'Confirm the tier' }).count()).toBe(0);
      await b
        .getByRole('navigation', { name: 'Breadcrumb' })
        .getByRole('link', { name: SYSTEM })
        .click();
      await b.getByRole('heading', { level: 1, name: SYSTEM }).waitFor();
      panel = b.getByRole('region', { name: 'EU AI Act' });
      await panel.getByText(`by ${nameOf(manager)}`, { exact: false }).waitFor();
      expect(await panel.textContent()).toContain(`Confirmed by ${nameOf(manager)} on`);
      await b.getByText('EU AI Act: High risk', { exact: true }).waitFor();
      await shot(b, 'ai-act-02-confirmed');

      // The register's edit form shows the confirmed tier but offers no way to change it.
      await b.getByRole('link', { name: 'Edit', exact: true }).click();
      const edit = b.getByRole('form', { name: `Edit ${SYSTEM}` });
      await edit.getByText('EU AI Act tier', { exact: true }).waitFor();
      expect(await edit.getByLabel('EU AI Act tier').count()).toBe(0);
      expect(await edit.getByLabel('Reason for the tier').count()).toBe(0);
      await edit.getByLabel('Purpose').waitFor();
      await b.goBack();
      await b.getByRole('heading', { level: 1, name: SYSTEM }).waitFor();

      // The contributor's page predates the confirmation: the change is refused, not applied.
      await form.getByRole('checkbox', { name: NARROW_TASK }).check();
      await form.getByRole('button', { name: 'Save the answers' }).click();
      await form
        .getByRole('alert')
        .getByText('Someone saved or confirmed this classification since the page was loaded.', {
          exact: false,
        })
        .waitFor();

      // Reloaded, the same exception: profiling rules it out, so the proposal stays high risk.
      await a.reload();
      await a
        .getByRole('heading', { level: 1, name: `EU AI Act classification of ${SYSTEM}` })
        .waitFor();
      expect(
        await result.getByRole('definition').filter({ hasText: 'Confirmed' }).textContent(),
      ).toContain(`Confirmed by ${nameOf(manager)}`);
      await form
        .getByText(
          'This classification is confirmed. Saving changed answers withdraws the confirmation',
          { exact: false },
        )
        .waitFor();
      expect(await form.getByRole('checkbox', { name: EMPLOYMENT }).isChecked()).toBe(true);

      // The same answers saved again: nothing changes, the confirmation stays.
      await form.getByRole('button', { name: 'Save the answers' }).click();
      await result
        .getByText(
          'Nothing changed: these are the answers already saved, and the classification stays confirmed.',
        )
        .waitFor();
      expect(
        await result.getByRole('definition').filter({ hasText: 'Confirmed' }).textContent(),
      ).toContain(`Confirmed by ${nameOf(manager)}`);
      expect(await result.getByRole('term').filter({ hasText: 'Last confirmed' }).count()).toBe(0);

      await form.getByRole('checkbox', { name: NARROW_TASK }).check();
      await form.getByRole('button', { name: 'Save the answers' }).click();
      await result.getByText('Saved. The answers propose: High risk.').waitFor();
      expect(await reasons.textContent()).toContain(
        'Art. 6(3) The Art. 6(3) exceptions do not apply because the system profiles natural persons.',
      );
      await result.getByText('Not confirmed', { exact: true }).waitFor();
      await result
        .getByText(
          'The tier on record is already High risk, but these answers have not been confirmed.',
        )
        .waitFor();
      const lastConfirmed = result.locator('dt:has-text("Last confirmed") + dd');
      expect(await lastConfirmed.textContent()).toContain(`High risk by ${nameOf(manager)} on`);

      // Without profiling the exception applies: not high-risk, and the provider documents why.
      await form.getByRole('checkbox', { name: PROFILING }).uncheck();
      await form.getByRole('button', { name: 'Save the answers' }).click();
      await result.getByText('Saved. The answers propose: Minimal risk.').waitFor();
      expect(await tierOf(result)).toBe('Minimal risk');
      const why = await reasons.textContent();
      expect(why).toContain(
        `Art. 6(3) Falls in Annex III (${EMPLOYMENT}) but meets Art. 6(3)(a), and profiles no one: not high-risk on that ground.`,
      );
      expect(why).not.toContain('Art. 6(2)');
      await obligations(a)
        .getByRole('row', {
          name: /Art\. 6\(4\), Art\. 49\(2\) Classification rules for high-risk AI systems Provider Document why the Annex III system is not high-risk/,
        })
        .waitFor();
      expect(
        await obligations(a)
          .getByRole('row', { name: /Art\. 9 / })
          .count(),
      ).toBe(0);
      await result
        .getByText(
          'The tier on record stays High risk until a manager or owner confirms this proposal.',
        )
        .waitFor();
      expect(await lastConfirmed.textContent()).toContain(`High risk by ${nameOf(manager)} on`);
      await shot(a, 'ai-act-03-exception');

      // The system's page says the same: a new proposal, not confirmed, and the confirmed tier kept.
      await a
        .getByRole('navigation', { name: 'Breadcrumb' })
        .getByRole('link', { name: SYSTEM })
        .click();
      await a.getByRole('heading', { level: 1, name: SYSTEM }).waitFor();
      panel = a.getByRole('region', { name: 'EU AI Act' });
      await panel.getByText('Not confirmed', { exact: true }).waitFor();
      expect(await tierOf(panel)).toBe('Minimal risk');
      await panel
        .getByText(
          'The tier on record stays High risk until a manager or owner confirms this proposal.',
        )
        .waitFor();
      expect(await panel.textContent()).toContain(
        `Last confirmed: High risk by ${nameOf(manager)} on`,
      );
      await a.getByText('EU AI Act: High risk', { exact: true }).waitFor();
      await panel.getByRole('link', { name: 'Review the classification' }).waitFor();

      // An auditor reads the answers but cannot change or confirm them.
      await b.getByRole('button', { name: 'Sign out' }).click();
      await signInThroughPage(b, base, auditor.email, PASSWORD);
      panel = await openSystem(b);
      await panel.getByRole('link', { name: 'Review the classification' }).click();
      await b.getByText('Your role lets you read the answers but not change them.').waitFor();
      const answers = b.getByRole('region', { name: 'Answers' });
      const employment = answers.getByRole('checkbox', { name: EMPLOYMENT });
      expect(await employment.isChecked()).toBe(true);
      expect(await employment.isDisabled()).toBe(true);
      expect(await answers.getByRole('checkbox', { name: NARROW_TASK }).isChecked()).toBe(true);
      expect(await answers.getByRole('checkbox', { name: PROFILING }).isChecked()).toBe(false);
      expect(
        await answers
          .getByRole('group', { name: ROLE })
          .getByRole('radio', { name: 'Provider', exact: true })
          .isChecked(),
      ).toBe(true);
      expect(await b.getByRole('button', { name: 'Save the answers' }).count()).toBe(0);
      expect(await b.getByRole('button', { name: 'Confirm the tier' }).count()).toBe(0);
      const auditorResult = b.getByRole('region', { name: 'Classification' });
      expect(await tierOf(auditorResult)).toBe('Minimal risk');
      expect(
        await auditorResult.locator('dt:has-text("Last confirmed") + dd').textContent(),
      ).toContain(`High risk by ${nameOf(manager)} on`);

      // The questionnaire of a system that does not exist is not found (the API's 404), not "unanswered".
      await b.goto(`${base}/o/${org.slug}/systems/0190a5d4-0000-7000-8000-000000000000/ai-act`);
      await b.getByRole('heading', { level: 1, name: 'AI system not found' }).waitFor();
      expect(await b.getByRole('form', { name: 'EU AI Act questionnaire' }).count()).toBe(0);

      // Scope comes first: a system used exclusively for defence is out of scope, with no duties.
      await a
        .getByRole('region', { name: 'EU AI Act' })
        .getByRole('link', { name: 'Review the classification' })
        .click();
      const scope = form.getByRole('group', { name: /^Scope \(Art\. 2\)/ });
      await scope.getByRole('checkbox', { name: MILITARY }).check();
      await form.getByRole('button', { name: 'Save the answers' }).click();
      await result.getByText('Saved. The answers propose: Out of scope.').waitFor();
      expect(await tierOf(result)).toBe('Out of scope');
      expect(await reasons.textContent()).toContain('Art. 2(3) Excluded:');
      await result.getByText('None follow from these answers.').waitFor();

      // A public authority deploying it, profiling applicants: high risk, with the fundamental
      // rights impact assessment and the registration of use among the deployer's duties.
      await scope.getByRole('checkbox', { name: MILITARY }).uncheck();
      await role.getByRole('radio', { name: 'Deployer', exact: true }).check();
      await role.getByRole('radio', { name: 'Public authority', exact: true }).check();
      await form.getByRole('checkbox', { name: PROFILING }).check();
      await form.getByRole('button', { name: 'Save the answers' }).click();
      await result.getByText('Saved. The answers propose: High risk.').waitFor();
      await obligations(a)
        .getByRole('row', { name: /^Art\. 27 Fundamental rights impact assessment .* Deployer/ })
        .waitFor();
      await obligations(a)
        .getByRole('row', { name: /^Art\. 26\(8\), Art\. 49\(3\) Obligations of deployers/ })
        .waitFor();
      expect(
        await obligations(a)
          .getByRole('row', { name: / Provider / })
          .count(),
      ).toBe(0);
      await shot(a, 'ai-act-04-public-deployer');
    });
  },
);
