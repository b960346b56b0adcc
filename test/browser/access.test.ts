// Access matched to responsibilities in a real Chromium: an owner turns the setting on in the
// settings page and assigns a contributor to an AI system on the system's page; the assignment
// shows there and can be withdrawn.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe.skipIf(!RUN_JOURNEYS)('browser journey: access matched to responsibilities', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let contributor: { email: string; memberId: string };
  let systemId: string;
  let browser: Browser;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Acme Health');
    contributor = await org.member('contributor');
    const s = await org.owner.post(`/api/v1/orgs/${org.slug}/ai-systems`, {
      name: 'Triage assistant',
      purpose: 'Ranks emergency cases.',
    });
    systemId = s.json().id as string;
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('is turned on in the settings, and a contributor is assigned on the system page', async () => {
    const p = browser.page;
    await signInThroughPage(p, base, org.owner.email, PASSWORD);
    await nav(p, 'Settings');
    const section = p.getByRole('region', { name: 'Access matched to responsibilities' });
    const box = section.getByLabel('Limit contributors to the AI systems they are assigned to');
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await section.getByRole('button', { name: 'Save' }).click();
    await section.getByText('Contributors are now limited to their AI systems.').waitFor();
    await shot(p, 'access-01-setting');
    const org1 = (await org.owner.get(`/api/v1/orgs/${org.slug}`)).json();
    expect(org1.scopedAccess).toBe(true);

    await p.goto(`${base}/o/${org.slug}/systems/${systemId}`);
    const panel = p.getByRole('region', { name: 'Assigned members' });
    await panel.getByText('Nobody assigned.').waitFor();
    await pickIn(panel, 'Member', contributor.email);
    await panel.getByRole('button', { name: 'Assign' }).click();
    // The assignment names the member as the server does: display name, else email.
    const listed = (await org.owner.get(`/api/v1/orgs/${org.slug}/members`))
      .json()
      .items.find((m: { id: string }) => m.id === contributor.memberId) as {
      name: string;
      email: string;
    };
    const name = listed.name || listed.email;
    // The assigned list names the member (the picker's own chip names them too, so wait for the
    // assignment's withdraw button, which only an assignment has).
    await panel.getByRole('listitem').filter({ hasText: name }).first().waitFor();
    await panel.getByRole('button', { name: `Withdraw the assignment of ${name}` }).waitFor();
    await shot(p, 'access-02-assigned');
    const scope = (
      await org.owner.get(
        `/api/v1/orgs/${org.slug}/members/${contributor.memberId}/ai-system-scope`,
      )
    ).json();
    expect(scope).toMatchObject({ limited: true, aiSystemIds: [systemId] });

    await panel.getByRole('button', { name: `Withdraw the assignment of ${name}` }).click();
    await panel.getByText('Nobody assigned.').waitFor();
  });
});
