// Importing risks in a real Chromium, at desktop and phone size: a dry run of a CSV shows what
// would be added and writes nothing, the import adds the rows, the same file again is recognized
// (when and by whom) and changes nothing; a new risk named like an existing one is warned about
// and can still be created. No serious or critical accessibility violation (axe-core) on the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../harness.js';
import { createOrgFixture, PASSWORD } from '../client.js';
import {
  nav,
  openBrowser,
  requireChromium,
  RUN_JOURNEYS,
  shot,
  signInThroughPage,
  startServer,
  type Browser,
  accessibilityProblems,
  SIZES,
} from './support.js';

describe.skipIf(!RUN_JOURNEYS)('browser journey: importing risks', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const size of SIZES)
    it(`checks, imports, recognizes a file again and warns of a taken name at ${size.name} size`, async () => {
      const org = await createOrgFixture(t, `Importers ${size.name}`);
      const p = browser.page;
      await browser.context.clearCookies();
      await p.setViewportSize({ width: size.width, height: size.height });
      await signInThroughPage(p, base, org.owner.email, PASSWORD);
      if (size.name === 'desktop') {
        await nav(p, 'Risks');
        await p.getByRole('heading', { level: 1, name: 'Risks' }).waitFor();
        await p.getByRole('link', { name: 'Import from a file' }).click();
      } else await p.goto(`${base}/o/${org.slug}/risks/import`);
      await p.getByRole('heading', { level: 1, name: 'Import risks' }).waitFor();
      const csv = [
        'Risk,Treatment,Status',
        'Biased loan scores,Modify,Treatment planned',
        'Unnoticed drift,retain,identified',
      ].join('\n');
      await p.getByLabel('CSV or Excel file').setInputFiles({
        name: 'risks.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv),
      });
      await p.getByRole('button', { name: 'Check the file' }).click();
      await p.getByText('The file is fine: 2 rows, which would add 2 records').waitFor();
      expect((await org.owner.get(`/api/v1/orgs/${org.slug}/risks`)).json().items).toEqual([]);
      expect(await accessibilityProblems(p)).toEqual([]);
      await shot(p, `imports-${size.name}-01-dry-run`);

      await p.getByRole('button', { name: 'Import', exact: true }).click();
      await p.getByText('Imported 2 rows: 2 records added').waitFor();
      expect((await org.owner.get(`/api/v1/orgs/${org.slug}/risks`)).json().items).toHaveLength(2);

      await p.getByRole('button', { name: 'Import', exact: true }).click();
      const again = p.getByRole('region', { name: 'Imported before' });
      await again.getByText(`by ${org.owner.email}; nothing was changed`).waitFor();
      expect(await accessibilityProblems(p)).toEqual([]);
      await shot(p, `imports-${size.name}-02-recognized`);
      expect((await org.owner.get(`/api/v1/orgs/${org.slug}/risks`)).json().items).toHaveLength(2);

      await p.goto(`${base}/o/${org.slug}/risks/new`);
      const form = p.getByRole('form', { name: 'New risk' });
      await form.getByLabel('Title').fill('  biased LOAN scores ');
      await form.getByRole('button', { name: 'Record the risk' }).click();
      const warning = form.getByRole('alert').filter({ hasText: 'already exists' });
      await warning.getByText('A risk named “Biased loan scores” already exists').waitFor();
      await warning.getByRole('link', { name: 'Biased loan scores' }).waitFor();
      expect(await accessibilityProblems(p)).toEqual([]);
      await shot(p, `imports-${size.name}-03-name-taken`);
      expect((await org.owner.get(`/api/v1/orgs/${org.slug}/risks`)).json().items).toHaveLength(2);
      await warning.getByRole('button', { name: 'Create anyway' }).click();
      await p.getByRole('heading', { level: 1, name: 'biased LOAN scores' }).waitFor();
      expect((await org.owner.get(`/api/v1/orgs/${org.slug}/risks`)).json().items).toHaveLength(3);
    });

  it('shows a viewer, and a contributor limited to other AI systems, no Edit or Delete on a register record or a risk (the abilities say no)', async () => {
    const org = await createOrgFixture(t, 'Onlookers');
    const api = `/api/v1/orgs/${org.slug}`;
    const system = (
      await org.owner.post(`${api}/ai-systems`, {
        name: 'Scorer',
        purpose: 'Scores',
        sector: 'finance',
        aiRoles: ['provider'],
      })
    ).json();
    const context = (
      await org.owner.post(`${api}/context-issues`, {
        title: 'Regulation tightens',
        kind: 'external',
        category: 'legal',
      })
    ).json();
    const risk = (
      await org.owner.post(`${api}/risks`, { title: 'Bias', aiSystemIds: [system.id] })
    ).json();
    const viewer = await org.member('viewer');
    // A contributor limited to the AI systems they are assigned to (none): their role may edit,
    // the server says they may not edit these records.
    const contributor = await org.member('contributor');
    const on = await org.owner.request('PUT', `${api}/access-settings`, { scopedAccess: true });
    expect(on.statusCode, on.body).toBe(200);
    const p = browser.page;
    await browser.context.clearCookies();
    await p.setViewportSize({ width: 1440, height: 900 });
    // The owner sees the buttons the viewer will not.
    await signInThroughPage(p, base, org.owner.email, PASSWORD);
    await p.goto(`${base}/o/${org.slug}/systems/${system.id}`);
    await p.getByRole('heading', { level: 1, name: 'Scorer' }).waitFor();
    await p.getByRole('link', { name: 'Edit', exact: true }).waitFor();
    await browser.context.clearCookies();
    await signInThroughPage(p, base, viewer.email, PASSWORD);
    await p.goto(`${base}/o/${org.slug}/systems/${system.id}`);
    await p.getByRole('heading', { level: 1, name: 'Scorer' }).waitFor();
    expect(await p.getByRole('link', { name: 'Edit', exact: true }).count()).toBe(0);
    await p.goto(`${base}/o/${org.slug}/registers/context-issues/${context.id}`);
    await p.getByRole('heading', { level: 1, name: 'Regulation tightens' }).waitFor();
    expect(await p.getByRole('link', { name: 'Edit', exact: true }).count()).toBe(0);
    expect(await p.getByRole('button', { name: /Delete/ }).count()).toBe(0);
    await p.goto(`${base}/o/${org.slug}/risks/${risk.id}`);
    await p.getByRole('heading', { level: 1, name: 'Bias' }).waitFor();
    expect(await p.getByRole('button', { name: 'Edit or re-assess' }).count()).toBe(0);
    expect(await p.getByRole('form', { name: 'Add a treatment action' }).count()).toBe(0);
    await browser.context.clearCookies();
    await signInThroughPage(p, base, contributor.email, PASSWORD);
    await p.goto(`${base}/o/${org.slug}/systems/${system.id}`);
    await p.getByRole('heading', { level: 1, name: 'Scorer' }).waitFor();
    expect(await p.getByRole('link', { name: 'Edit', exact: true }).count()).toBe(0);
    await p.goto(`${base}/o/${org.slug}/risks/${risk.id}`);
    await p.getByRole('heading', { level: 1, name: 'Bias' }).waitFor();
    expect(await p.getByRole('button', { name: 'Edit or re-assess' }).count()).toBe(0);
    expect(await p.getByRole('form', { name: 'Add a treatment action' }).count()).toBe(0);
  });

  it('shows a viewer no policy settings and no objective edit or measurement (the abilities say no)', async () => {
    const org = await createOrgFixture(t, 'Readers');
    const api = `/api/v1/orgs/${org.slug}`;
    const policy = (
      await org.owner.post(`${api}/policies`, {
        title: 'AI policy',
        kind: 'ai_policy',
        reviewCycleMonths: 12,
        content: '# AI policy',
      })
    ).json().policy;
    const objective = (
      await org.owner.post(`${api}/objectives`, {
        title: 'Fewer complaints',
        metric: 'Complaints a month',
        direction: 'at_most',
        target: 3,
        frequency: 'monthly',
      })
    ).json();
    const viewer = await org.member('viewer');
    const p = browser.page;
    const look = async (email: string, expected: number) => {
      await browser.context.clearCookies();
      await signInThroughPage(p, base, email, PASSWORD);
      await p.goto(`${base}/o/${org.slug}/policies/${policy.id}`);
      await p.getByRole('heading', { level: 1, name: 'AI policy' }).waitFor();
      await p.getByRole('heading', { name: /In force/ }).waitFor();
      expect(await p.getByRole('button', { name: 'Policy settings' }).count()).toBe(expected);
      await p.goto(`${base}/o/${org.slug}/objectives/${objective.id}`);
      await p.getByRole('heading', { level: 1, name: 'Fewer complaints' }).waitFor();
      await p.getByRole('heading', { name: 'Measurements' }).waitFor();
      expect(await p.getByRole('link', { name: 'Edit the objective' }).count()).toBe(expected);
      expect(await p.getByRole('form', { name: 'Record a measurement' }).count()).toBe(expected);
    };
    await p.setViewportSize({ width: 1440, height: 900 });
    // The owner sees the buttons the viewer will not.
    await look(org.owner.email, 1);
    await look(viewer.email, 0);
    // The page follows the server, not the role: an owner whose views say no sees no buttons.
    const records = new RegExp(`/api/v1/orgs/${org.slug}/(policies|objectives)/[^/?]+$`);
    await p.route(records, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { abilities: Record<string, boolean> };
      for (const k of Object.keys(body.abilities)) body.abilities[k] = false;
      await route.fulfill({ response, json: body });
    });
    await look(org.owner.email, 0);
    await p.unroute(records);
  });
});
