// A serious incident shows its clock, in real Chromiums: a contributor records an incident of an AI
// system (detected 30 hours ago, in the browser's time zone) and is offered no classification; a
// manager says NIS2 applies, marks the incident serious, and its page shows the reporting clocks with
// the time left or overdue in words; the overdue NIS2 early warning is on the dashboard; the manager
// records it as sent (late), links a risk, and the contributor sees the clock stopped.
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
  pickIn,
} from './support.js';

const SYSTEM = 'Triage assistant';
const TITLE = 'Chest pain ranked routine';
const RISK = 'Urgent cases ranked low';
const NC = 'Triage ranking released without validation';

/** A time some hours ago as a datetime-local input takes it (the browser's zone is this process's). */
function localInput(hoursAgo: number): string {
  const d = new Date(Date.now() - hoursAgo * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

describe.skipIf(!RUN_JOURNEYS)('browser journey: a serious incident shows its clock', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let manager: { email: string };
  let contributor: { email: string };
  let first: Browser;
  let second: Browser;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Clinic Co');
    manager = await org.member('manager');
    contributor = await org.member('contributor');
    const api = `/api/v1/orgs/${org.slug}`;
    const sys = await org.owner.post(`${api}/ai-systems`, {
      name: SYSTEM,
      purpose: 'Ranks incoming cases by urgency.',
    });
    expect(sys.statusCode).toBe(201);
    const risk = await org.owner.post(`${api}/risks`, {
      title: RISK,
      aiSystemIds: [sys.json().id],
      reviewDate: '2030-01-01',
    });
    expect(risk.statusCode).toBe(201);
    const nc = await org.owner.post(`${api}/nonconformities`, {
      title: NC,
      requirementId: 'A.6.2.4',
      sourceType: 'direct',
      severity: 'major',
    });
    expect(nc.statusCode).toBe(201);
    [first, second] = await Promise.all([openBrowser(), openBrowser()]);
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await t?.close();
  });

  it('records an incident, marks it serious and shows its clocks running and overdue, on the page and the dashboard', async () => {
    // The contributor records the incident.
    const c = first.page;
    // The form chooses its nonconformity through the lookup: it never reads the whole register.
    const ncListReads: string[] = [];
    c.on('request', (r) => {
      if (/^\/api\/v1\/orgs\/[^/]+\/nonconformities\/?$/.test(new URL(r.url()).pathname))
        ncListReads.push(r.url());
    });
    await signInThroughPage(c, base, contributor.email, PASSWORD);
    await nav(c, 'Incidents');
    await c.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
    await c.getByText('No incident recorded.').waitFor();
    await c.getByRole('link', { name: 'New incident' }).click();
    const form = c.getByRole('form', { name: 'New incident' });
    await form.getByLabel('Title').fill(TITLE);
    await form.getByLabel('Severity').selectOption('critical');
    await form.getByLabel('Detected').fill(localInput(30));
    await form.getByRole('checkbox', { name: 'Health and safety' }).check();
    await form.getByRole('button', { name: 'Add an AI system' }).click();
    // The system is found by typing part of its name in another case (the lookup, not the register).
    await form
      .getByRole('combobox', { name: 'AI system 1', exact: true })
      .fill(SYSTEM.slice(0, 6).toUpperCase());
    await form.getByRole('option', { name: SYSTEM }).click();
    await pickIn(form, 'Nonconformity', 'released without', new RegExp(NC));
    await form.getByRole('button', { name: 'Record the incident' }).click();
    await c.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    // The nonconformity is named by the incident's own names, and linked.
    await c.getByLabel('About this incident').getByRole('link', { name: NC }).waitFor();
    expect(ncListReads).toEqual([]);
    const clocks = c.getByRole('region', { name: 'Reporting clocks' });
    await clocks
      .getByText('Only a serious incident has reporting clocks.', { exact: false })
      .waitFor();
    expect(await c.getByRole('region', { name: 'Serious incident?' }).count()).toBe(0);
    // The AI system is named by the incident itself (its `names`).
    await c.getByLabel('About this incident').getByRole('link', { name: SYSTEM }).waitFor();
    const incidentUrl = c.url();

    // The manager says NIS2 applies, then marks the incident serious.
    const m = second.page;
    const read: string[] = [];
    for (const p of [c, m]) p.on('request', (r) => read.push(`${p.url()} → ${r.url()}`));
    await signInThroughPage(m, base, manager.email, PASSWORD);
    await nav(m, 'Incidents');
    const regimes = m.getByRole('form', { name: 'Reporting regimes' });
    await regimes.getByLabel('NIS2 applies').check();
    await regimes.getByRole('button', { name: 'Save the reporting regimes' }).click();
    await m.getByText('The reporting settings are saved.', { exact: false }).waitFor();
    await m
      .getByRole('table', { name: 'Incidents' })
      .getByRole('cell', { name: SYSTEM, exact: true })
      .waitFor();
    await m.getByRole('link', { name: TITLE }).click();
    await m.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const decide = m.getByRole('form', { name: 'Decide whether the incident is serious' });
    await decide.getByLabel('Serious incident', { exact: true }).selectOption('yes');
    await decide.getByLabel('Which case').selectOption('other');
    // Aware since the detection, 30 hours ago (the form's default).
    expect(await decide.getByLabel('Aware since').inputValue()).toBe(localInput(30));
    await decide.getByLabel('Why').fill('Serious harm to the health of patients.');
    await decide.getByRole('button', { name: 'Record the decision' }).click();
    await m.getByText('The incident is marked serious', { exact: false }).waitFor();

    const mc = m.getByRole('region', { name: 'Reporting clocks' });
    const clock = (title: string) =>
      mc
        .getByRole('listitem')
        .filter({ has: m.getByRole('heading', { name: title, exact: true }) });
    await clock('EU AI Act serious incident report').getByText('Running').waitFor();
    // 15 days from awareness, 30 hours ago: 13 days and 18 hours (give or take the minute).
    expect(await clock('EU AI Act serious incident report').textContent()).toMatch(
      /Due in 13 days 1[78] hours\./,
    );
    await clock('NIS2 early warning').getByText('Overdue', { exact: true }).waitFor();
    expect(await clock('NIS2 early warning').textContent()).toMatch(/Overdue by (5|6) hours/);
    expect(await clock('NIS2 incident notification').textContent()).toMatch(
      /Due in 1 day (17|18) hours/,
    );
    expect(await clock('NIS2 final report').textContent()).toContain(
      'Starts when the NIS2 incident notification is sent.',
    );
    await m
      .getByRole('region', { name: 'Reports overdue' })
      .getByText('NIS2 early warning', { exact: false })
      .waitFor();
    await shot(m, 'incidents-01-clocks');

    // The dashboard lists the overdue report first.
    await nav(m, 'Dashboard');
    const card = m.getByRole('region', { name: 'Incident reports due' });
    await card.getByText('3 reports due, 1 overdue.').waitFor();
    const items = await card.getByRole('listitem').allTextContents();
    expect(items[0]).toMatch(/^Overdue NIS2 early warning: Overdue by/);
    expect(items[0]).toContain(TITLE);
    await card.getByRole('link', { name: TITLE }).first().click();
    await m.getByRole('heading', { level: 1, name: TITLE }).waitFor();

    // The manager records the early warning as sent an hour ago: late.
    const report = m.getByRole('form', { name: 'Record a report to an authority' });
    await report.getByLabel('Report').selectOption({ label: 'NIS2 early warning' });
    await report.getByLabel('To').fill('National CSIRT');
    await report.getByLabel('Sent').fill(localInput(1));
    await report.getByLabel('Channel').selectOption('portal');
    await report.getByLabel('What was said').fill('Early warning: suspected malfunction.');
    await report.getByRole('button', { name: 'Record the report' }).click();
    await m.getByText('The NIS2 early warning is recorded as sent.').waitFor();
    await clock('NIS2 early warning').getByText('Reported late').waitFor();
    expect(await m.getByRole('region', { name: 'Reports overdue' }).count()).toBe(0);

    // Linking the risk marks it for review today.
    const risks = m.getByRole('region', { name: 'Risks' });
    await risks
      .getByRole('combobox', { name: 'Risk to link' })
      .fill(RISK.slice(0, 8).toLowerCase());
    await risks.getByRole('option', { name: RISK }).click();
    await risks.getByRole('button', { name: 'Link the risk' }).click();
    await m.getByText('The risk is linked and falls due for review today.').waitFor();
    await risks.getByRole('link', { name: RISK }).waitFor();
    const timeline = m.getByRole('region', { name: 'Timeline' });
    await timeline.getByText(`Linked to the risk “${RISK}”`, { exact: false }).waitFor();
    await timeline
      .getByText('NIS2 early warning sent to National CSIRT', { exact: false })
      .waitFor();
    // Who recorded each entry is named by the entry's view; the incident's pages never read the
    // whole members list.
    await timeline
      .getByText(`· ${manager.email.split('@')[0]!}`, { exact: false })
      .first()
      .waitFor();
    const onIncidents = read.filter((x) => x.split(' → ')[0]!.includes('/incidents'));
    expect(onIncidents.length).toBeGreaterThan(5);
    expect(
      onIncidents.filter((x) => /\/orgs\/[^/]+\/members(\?|$)/.test(x.split(' → ')[1]!)),
    ).toEqual([]);
    // The list names the AI systems from its rows' names and chooses one with the picker: it
    // never reads the whole AI system register.
    const onList = read.filter((x) => /\/incidents(\?|$)/.test(x.split(' → ')[0]!));
    expect(onList.length).toBeGreaterThan(2);
    expect(
      onList.filter((x) => /\/orgs\/[^/]+\/ai-systems(\?|$)/.test(x.split(' → ')[1]!)),
    ).toEqual([]);

    // The contributor, reloading, sees the clock stopped and cannot close the incident.
    await c.goto(incidentUrl);
    await c.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const cc = c.getByRole('region', { name: 'Reporting clocks' });
    await cc
      .getByRole('listitem')
      .filter({ hasText: 'NIS2 early warning' })
      .getByText('Reported late')
      .waitFor();
    expect(await c.getByRole('button', { name: 'Close the incident' }).count()).toBe(0);
    await c
      .getByRole('region', { name: 'Status' })
      .getByText('Record the root cause.', { exact: true })
      .waitFor();
    await shot(c, 'incidents-02-contributor');
  });
});
