// Framework coverage in a real Chromium: with the context of the organization recorded (4.1 met),
// a manager opens the other frameworks on the dashboard and sees what is credited and what is only
// a pointer, with the source of each link; links a piece of evidence to an ISO/IEC 27001 Annex A
// control from the evidence page; and sees that control credited by the evidence itself.
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

describe.skipIf(!RUN_JOURNEYS)('browser journey: framework coverage credits and pointers', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let manager: { email: string };
  let browser: Browser;
  let evidenceId: string;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Coverage Co');
    manager = await org.member('manager');
    const api = `/api/v1/orgs/${org.slug}`;
    await org.owner.post(`${api}/context-issues`, {
      title: 'Skills shortage',
      kind: 'internal',
      category: 'organizational',
    });
    await org.owner.post(`${api}/context-issues`, {
      title: 'AI Act',
      kind: 'external',
      category: 'regulatory',
    });
    evidenceId = (
      await org.owner.post(`${api}/evidence`, {
        kind: 'link',
        title: 'Vulnerability scan report',
        url: 'https://x.example/scan',
      })
    ).json().id;
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows credited links and pointers with their sources, and credits evidence linked directly', async () => {
    const p = browser.page;
    await signInThroughPage(p, base, manager.email, PASSWORD);
    const panel = p.getByRole('region', { name: 'Other frameworks' });
    const act = panel.locator('details[data-framework="eu-ai-act"]');
    await act.locator('summary').click();
    // AI Act Art. 2 is reached from clause 4.1 (partly met: two issues, no climate decision or AI
    // roles yet) by a related, low link: a pointer only.
    const scope = act.locator('tr[data-entry="Art. 2"]');
    await expect.poll(() => scope.getAttribute('data-status')).toBe('not_credited');
    expect(await scope.getByRole('cell').nth(0).textContent()).toBe('Not credited');
    expect(await scope.getByRole('list', { name: 'Pointers to Art. 2' }).textContent()).toMatch(
      /4\.1 \(partly met\): related, low · source: Own judgement/,
    );
    await shot(p, 'coverage-01-pointer');

    const iso = panel.locator('details[data-framework="iso27001"]');
    await iso.locator('summary').click();
    // 27001 4.1 counts the same clause (equivalent, high, harmonized structure), as far as it is met.
    const context = iso.locator('tr[data-entry="4.1"]');
    expect(await context.getAttribute('data-status')).toBe('partial');
    expect(
      await context.getByRole('list', { name: 'Links that count for 4.1' }).textContent(),
    ).toMatch(/4\.1 \(partly met\): equivalent, high · source: Harmonized structure/);
    // 27001 9.2.2 (internal audit programme) is not credited from anything but 42001's 9.2.2.
    expect(await iso.locator('tr[data-entry="9.2.2"]').getAttribute('data-status')).toBe('missing');
    expect(await iso.locator('tr[data-entry="A.8.8"]').count()).toBe(0);

    // Evidence linked to an ISO/IEC 27001 control from the evidence page.
    await p.goto(`${base}/o/${org.slug}/evidence/${evidenceId}`);
    const form = p.getByRole('form', { name: 'Link the evidence' });
    await form.getByLabel('Supports a').selectOption('framework_requirement');
    await form.getByLabel('Identifier').fill('iso27001:A.8.8');
    await form.getByRole('button', { name: 'Link' }).click();
    await p.getByText('Framework requirement iso27001:A.8.8').first().waitFor();
    await shot(p, 'coverage-02-evidence-linked');

    await nav(p, 'Dashboard');
    const iso2 = p
      .getByRole('region', { name: 'Other frameworks' })
      .locator('details[data-framework="iso27001"]');
    await iso2.locator('summary').click();
    const control = iso2.locator('tr[data-entry="A.8.8"]');
    await expect.poll(() => control.getAttribute('data-status')).toBe('met');
    await control
      .getByRole('list', { name: 'Evidence linked to A.8.8' })
      .getByRole('link', { name: 'Vulnerability scan report' })
      .waitFor();
    await shot(p, 'coverage-03-credited-by-evidence');
  });
});
