// A DPIA in real Chromiums: a contributor screens an AI system from its page (a large-scale use of
// health data: a DPIA is required, and the page says why), writes the assessment of Art. 35(7),
// records the DPO's advice and, since high risk remains, the prior consultation; is not offered
// the approval; a manager (in another browser) approves it. The manager then chooses the
// healthcare sector, adds its MDR suggestion to the legal register in one action, and a control
// page shows the control's guidance beside the decision, with why the sector suggests it.
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

const SYSTEM = 'Triage assistant';

describe.skipIf(!RUN_JOURNEYS)('browser journey: a DPIA, four eyes, sectors and guidance', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let author: Awaited<ReturnType<OrgFixture['member']>>;
  let manager: Awaited<ReturnType<OrgFixture['member']>>;
  let systemId: string;
  let first: Browser;
  let second: Browser;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Clinic Co');
    author = await org.member('contributor');
    manager = await org.member('manager');
    const sys = await manager.post(`/api/v1/orgs/${org.slug}/ai-systems`, {
      name: SYSTEM,
      purpose: 'Ranks incoming cases by urgency.',
    });
    expect(sys.statusCode).toBe(201);
    systemId = sys.json().id;
    [first, second] = await Promise.all([openBrowser(), openBrowser()]);
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await t?.close();
  });

  it('screens, assesses, consults and is approved by another', async () => {
    const a = first.page;
    await signInThroughPage(a, base, author.email, PASSWORD);
    await a.goto(`${base}/o/${org.slug}/systems/${systemId}`);
    const panel = a.getByRole('region', { name: 'Data protection (DPIA)' });
    await panel.getByText(`${SYSTEM} has not been screened yet.`).waitFor();
    const formReads: string[] = [];
    const record = (r: { url(): string }) => formReads.push(r.url());
    a.on('request', record);
    await panel.getByRole('link', { name: `Screen ${SYSTEM} for a DPIA` }).click();

    const form = a.getByRole('form', { name: 'New DPIA' });
    // The system comes chosen from the address and is named by the lookup, not the register.
    await form.getByRole('list', { name: 'Chosen: AI system' }).getByText(SYSTEM).waitFor();
    a.off('request', record);
    expect(formReads.filter((u) => /\/orgs\/[^/]+\/ai-systems(\?|$)/.test(u))).toEqual([]);
    await form.getByLabel('Title').fill('Triage DPIA');
    await form.getByLabel(/special categories of data/).check();
    await form.getByRole('button', { name: 'Screen and start the DPIA' }).click();
    await a.getByRole('heading', { level: 1, name: 'Triage DPIA' }).waitFor();
    await a.getByText('DPIA required', { exact: true }).waitFor();
    await a.getByText(/GDPR Art\. 35\(3\)\(b\)/).waitFor();
    await a.getByText(/Before approval, record/).waitFor();

    await a.getByRole('button', { name: 'Edit' }).click();
    const edit = a.getByRole('form', { name: 'Change the DPIA' });
    await edit.getByLabel('Description of the processing').fill('Case notes ranked by urgency.');
    await edit.getByLabel(/^Purposes/).fill('Triage.');
    await edit.getByLabel('Necessity and proportionality').fill('Only triage fields.');
    await edit.getByLabel('Risks to rights and freedoms').fill('A wrong ranking delays care.');
    await edit.getByLabel(/^Measures/).fill('A nurse checks every ranking.');
    await edit
      .getByLabel('High residual risk after the measures')
      .selectOption({ label: 'Yes: consult the supervisory authority first (Art. 36)' });
    await edit.getByRole('button', { name: 'Save the DPIA' }).click();
    await a.getByText('A nurse checks every ranking.').waitFor();

    const advice = a.getByRole('form', { name: "The DPO's advice" });
    await advice.getByLabel('Data protection officer').fill('Dana Officer');
    await advice.getByLabel('Advised on').fill('2026-03-02');
    await advice.getByLabel('Advice', { exact: true }).fill('Shorten retention.');
    await advice.getByRole('button', { name: 'Record the advice' }).click();
    await a.getByText(/Dana Officer on .*Shorten retention\./).waitFor();

    const consult = a.getByRole('form', { name: 'Prior consultation' });
    await consult.getByLabel('Supervisory authority').fill('Data Protection Authority');
    await consult.getByLabel('Submitted on').fill('2026-03-10');
    await consult.getByRole('button', { name: 'Record the consultation' }).click();
    await a.getByText(/Submitted to Data Protection Authority on .*: Pending/).waitFor();
    // The author (a contributor) is not offered the approval.
    expect(await a.getByRole('button', { name: 'Approve the DPIA' }).count()).toBe(0);

    const b = second.page;
    // Pages of DPIAs name the AI system and the members from the DPIA's view: they read
    // neither the whole members list nor the whole AI system register.
    const read: string[] = [];
    for (const p of [a, b]) p.on('request', (r) => read.push(`${p.url()} → ${r.url()}`));
    await a.reload();
    await a.getByRole('heading', { level: 1, name: 'Triage DPIA' }).waitFor();
    await signInThroughPage(b, base, manager.email, PASSWORD);
    await nav(b, 'DPIAs');
    // The draft waits for their approval: the list's filter finds it, as their inbox does.
    const tools = b.getByRole('search', { name: 'Search and filter DPIAs' });
    await tools.getByLabel('Approval').selectOption('me');
    await tools.getByText('1 DPIA matches.').waitFor();
    expect(b.url()).toContain('awaiting=me');
    // A search in another case narrows it further; one that finds nothing says so.
    await tools.getByLabel('Search title').fill('chatbot');
    await b.getByText('No DPIA matches these filters.').waitFor();
    await tools.getByLabel('Search title').fill('TRIAGE');
    await tools.getByText('1 DPIA matches.').waitFor();
    await b.getByRole('row', { name: new RegExp(`Triage DPIA ${SYSTEM}`) }).waitFor();
    await b.getByRole('link', { name: 'Triage DPIA' }).click();
    await b.getByRole('button', { name: 'Approve the DPIA' }).click();
    const local = (email: string) => email.split('@')[0]!;
    await b
      .getByText(
        new RegExp(`Approved by ${local(manager.email)} on .*Author: ${local(author.email)}\\.`),
      )
      .waitFor();
    await b.getByRole('link', { name: SYSTEM }).waitFor();
    const onDpia = read.filter((x) => x.split(' → ')[0]!.includes('/dpia'));
    expect(onDpia.length).toBeGreaterThan(3);
    expect(
      onDpia.filter((x) => /\/orgs\/[^/]+\/(members|ai-systems)(\?|$)/.test(x.split(' → ')[1]!)),
    ).toEqual([]);
    // Another DPIA; the list sorts by title either way, and the sorted list is a link.
    const other = await manager.post(`/api/v1/orgs/${org.slug}/dpias`, {
      aiSystemId: systemId,
      title: 'access log DPIA',
      personalData: true,
      screening: {},
    });
    expect(other.statusCode, other.body).toBe(201);
    await nav(b, 'DPIAs');
    const titles = () =>
      b.locator('main table').last().locator('tbody tr > :first-child').allTextContents();
    await tools.getByLabel('Sort by').selectOption({ label: 'Title' });
    await expect.poll(titles).toEqual(['access log DPIA', 'Triage DPIA']);
    await tools.getByLabel('Order').selectOption({ label: 'Descending' });
    await expect.poll(titles).toEqual(['Triage DPIA', 'access log DPIA']);
    expect(new URL(b.url()).searchParams.get('sort')).toBe('-title');
    await b.goto(b.url());
    await expect.poll(titles).toEqual(['Triage DPIA', 'access log DPIA']);
  });

  it('chooses a sector, adds its legal suggestion and shows guidance on a control page', async () => {
    const b = second.page;
    await nav(b, 'Settings');
    const sectors = b.getByRole('region', { name: 'Sectors' });
    await sectors.getByText(/Annex D does not define sector profiles/).waitFor();
    await sectors.getByLabel('Healthcare').check();
    await sectors.getByRole('button', { name: 'Save the sectors' }).click();
    await sectors.getByRole('heading', { name: 'Healthcare' }).waitFor();
    await sectors
      .getByRole('button', {
        name: 'Add to the legal register: Medical Device Regulation (EU) 2017/745',
      })
      .click();
    await sectors.getByText('(in the legal register)').first().waitFor();
    const legal = await manager.get(`/api/v1/orgs/${org.slug}/legal-requirements`);
    expect(legal.json().items.map((r: { title: string }) => r.title)).toContain(
      'Medical Device Regulation (EU) 2017/745',
    );

    await sectors.getByRole('link', { name: 'A.5.4' }).click();
    const guidance = b.getByRole('region', { name: 'Guidance' });
    await guidance.getByText('What an auditor expects').waitFor();
    await guidance.getByText('Healthcare: Harm to patients is the central impact.').waitFor();
  });
});
