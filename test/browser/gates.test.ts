// Life cycle gates in a real Chromium: a manager adopts the proposed gate criteria with one more
// criterion of their own and enforces them, opens an AI system whose records do not meet the gate
// into its next stage, sees each criterion unmet with its reason, is refused the move with the
// unmet criteria named, then overrides the gate with a justification and sees the stage change
// and the override listed in the gates section. Then a pipeline: the next gate refuses the move,
// `aims gate push` sends the missing test report to the running server, and the move goes through.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
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
} from './support.js';

const SYSTEM = 'Claims triage';
const INTENDED = 'The intended use of the system is recorded';
const BRIEF = 'A design brief signed by the product owner';
const JUSTIFICATION =
  'The design phase itself produces the brief; the board approved starting design on 3 March.';

describe.skipIf(!RUN_JOURNEYS)('browser journey: life cycle gates and an override', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let manager: Awaited<ReturnType<OrgFixture['member']>>;
  let systemId: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Insure Co');
    manager = await org.member('manager');
    const sys = await manager.post(`/api/v1/orgs/${org.slug}/ai-systems`, {
      name: SYSTEM,
      purpose: 'Sorts incoming insurance claims by complexity.',
    });
    expect(sys.statusCode).toBe(201);
    systemId = sys.json().id;
    browser = await openBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('adopts enforced criteria, is refused a move with the unmet criteria, and overrides', async () => {
    await signInThroughPage(page, base, manager.email, PASSWORD);
    await nav(page, 'Life cycle gates');
    await page.getByRole('heading', { level: 1, name: 'Life cycle gates' }).waitFor();
    await page.getByText('The organization has not adopted gate criteria yet.').waitFor();
    await page.getByText('No version adopted yet.').waitFor();
    const proposed = page.getByRole('table', { name: 'Gate into Design and development' });
    await proposed.getByRole('rowheader', { name: INTENDED }).waitFor();

    // The editor starts from the proposed criteria, enforced; one criterion is added.
    await page.getByRole('button', { name: 'Adopt gate criteria' }).click();
    const editor = page.getByRole('form', { name: 'Gate criteria' });
    expect(await editor.getByRole('checkbox', { name: /^Enforce/ }).isChecked()).toBe(true);
    await editor
      .getByRole('button', { name: 'Add a criterion into Design and development' })
      .click();
    const added = editor.getByRole('group', { name: 'Design and development: criterion 2' });
    await added.getByLabel('ISO/IEC 42001 requirement').fill('A.6.2.3');
    await added.getByLabel('Evidence kind').fill('design_brief');
    await added.getByLabel('Why it is required').fill('Design starts from an agreed brief.');
    await added.getByLabel('What it asks for').fill(BRIEF);
    await editor.getByLabel('What changes and why').fill('Adopted the proposed gates.');
    await shot(page, 'gates-01-editor');
    await editor.getByRole('button', { name: 'Put in force as version 1' }).click();
    await page.getByText('Gate criteria version 1 is in force and enforced.').waitFor();
    const inForce = page.getByRole('table', { name: 'Gate into Design and development' });
    await inForce.getByRole('rowheader', { name: BRIEF }).waitFor();
    expect(await inForce.getByRole('row').count()).toBe(3);
    const versions = page.getByRole('table', { name: 'Versions of the gate criteria' });
    await versions.getByRole('cell', { name: 'Adopted the proposed gates.' }).waitFor();
    await expect
      .poll(() => versions.getByRole('cell', { name: 'In force, enforced' }).count())
      .toBe(1);

    // The system's page: the gate into its next stage fails, each criterion with its reason.
    await nav(page, 'AI systems');
    await page.getByRole('link', { name: SYSTEM }).click();
    await page.getByRole('heading', { level: 1, name: SYSTEM }).waitFor();
    const panel = page.getByRole('region', { name: 'Life cycle gates' });
    const criteria = panel.getByRole('list', {
      name: 'Criteria of the gate into Design and development',
    });
    const items = criteria.locator(':scope > li');
    await expect.poll(() => items.count()).toBe(2);
    await panel.getByText('0 of 2 criteria met.').waitFor();
    await panel.getByText('Criteria version 1, enforced', { exact: false }).waitFor();
    for (const title of [INTENDED, BRIEF])
      expect(await items.filter({ hasText: title }).textContent()).toContain('Not met:');
    await shot(page, 'gates-02-panel');

    // The move is refused, and the form names each unmet criterion.
    const lifecycle = page.getByRole('region', { name: 'Life cycle', exact: true });
    const move = lifecycle.getByRole('form', { name: 'Move to stage' });
    await move.getByLabel('New stage').selectOption('design_and_development');
    await move.getByLabel('Reason').fill('Inception is done; design can start.');
    await move.getByRole('button', { name: 'Move', exact: true }).click();
    const unmet = move.getByRole('list', { name: 'Unmet criteria' });
    await unmet.waitFor();
    const named = await unmet.getByRole('listitem').allTextContents();
    expect(named).toHaveLength(2);
    expect(named[0]).toContain(`${INTENDED} (A.9.4)`);
    expect(named[1]).toContain(`${BRIEF} (A.6.2.3)`);
    await move.getByText('Not moved.').waitFor();
    expect(await lifecycle.locator('[aria-current="step"]').textContent()).toContain('Inception');
    await shot(page, 'gates-03-refused');

    // A manager may override with a written justification: the stage changes.
    await move.getByLabel('Justification for overriding the gate').fill(JUSTIFICATION);
    await move.getByRole('button', { name: 'Override the gate and move' }).click();
    await lifecycle.getByText('Moved to Design and development, overriding its gate').waitFor();
    await expect
      .poll(() => lifecycle.locator('[aria-current="step"]').textContent())
      .toContain('Design and development');
    await shot(page, 'gates-04-overridden');

    // The override is kept, with what was unmet and why the move was made anyway.
    await nav(page, 'Life cycle gates');
    const overrides = page.getByRole('table', { name: 'Gate overrides' });
    const row = overrides.getByRole('row').filter({ hasText: SYSTEM });
    await row.waitFor();
    const cells = (await row.getByRole('cell').allTextContents()).map((s) => s.trim());
    expect(cells).toContain('Inception → Design and development');
    expect(cells).toContain(`${INTENDED}; ${BRIEF}`);
    expect(cells).toContain(JUSTIFICATION);
    // Who made it, by the name the server gives (display name, else email).
    const listed = (await org.owner.get(`/api/v1/orgs/${org.slug}/members`))
      .json()
      .items.find((m: { email: string }) => m.email === manager.email) as {
      name: string;
      email: string;
    };
    expect(cells).toContain(listed.name || listed.email);
    // The overrides are a register: search, filter by the stage moved into, clear.
    const tools = page.getByRole('search', { name: 'Search and filter overrides' });
    await tools.getByText('1 override.').waitFor();
    await tools.getByLabel('Search justification or AI system').fill('BOARD APPROVED');
    await tools.getByText('1 override matches.').waitFor();
    await row.waitFor();
    expect(new URL(page.url()).searchParams.get('q')).toBe('BOARD APPROVED');
    await tools.getByLabel('Moved into').selectOption({ label: 'Deployment' });
    await page.getByText('No override matches these filters.').waitFor();
    await tools.getByLabel('Moved into').selectOption({ label: 'Design and development' });
    await row.waitFor();
    await tools.getByRole('button', { name: 'Clear' }).click();
    await tools.getByText('1 override.').waitFor();

    // And the API agrees: the system is in design, the override on record.
    const sys = await manager.get(`/api/v1/orgs/${org.slug}/ai-systems/${systemId}`);
    expect(sys.json().lifecycleStage).toBe('design_and_development');
  });

  it('refuses the next move until a pipeline pushes the missing evidence with the CLI, then moves', async () => {
    const orgBase = `/api/v1/orgs/${org.slug}`;
    // Version 2: the gate into verification and validation asks for one test report.
    const current = (await manager.get(`${orgBase}/gate-criteria`)).json();
    const gates = current.gates as { stage: string }[];
    const v2 = await manager.post(`${orgBase}/gate-criteria/versions`, {
      enforced: true,
      changeNote: 'Verification starts from a test report.',
      gates: [
        ...gates.filter((g) => g.stage !== 'verification_and_validation'),
        {
          stage: 'verification_and_validation',
          criteria: [
            {
              id: 'unit-tests',
              title: 'A unit test report of the system',
              control: 'A.6.2.4',
              why: 'Verification builds on tests that already pass.',
              check: { kind: 'evidence', evidenceKind: 'test_report', per: 'system' },
            },
          ],
        },
      ],
    });
    expect(v2.statusCode, v2.body).toBe(201);
    const token = await manager.post(`${orgBase}/tokens`, {
      name: 'CI pipeline',
      scopes: ['gates.check', 'gates.push_evidence'],
    });
    expect(token.statusCode, token.body).toBe(201);

    await page.reload();
    await nav(page, 'AI systems');
    await page.getByRole('link', { name: SYSTEM }).click();
    const panel = page.getByRole('region', { name: 'Life cycle gates' });
    await panel.getByText('0 of 1 criteria met.').waitFor();
    const lifecycle = page.getByRole('region', { name: 'Life cycle', exact: true });
    const move = lifecycle.getByRole('form', { name: 'Move to stage' });
    await move.getByLabel('New stage').selectOption('verification_and_validation');
    await move.getByLabel('Reason').fill('Design is done.');
    await move.getByRole('button', { name: 'Move', exact: true }).click();
    const unmet = move.getByRole('list', { name: 'Unmet criteria' });
    await unmet.waitFor();
    expect(await unmet.getByRole('listitem').allTextContents()).toEqual([
      expect.stringContaining('A unit test report of the system (A.6.2.4)'),
    ]);

    // The pipeline: `aims gate push` against the running server, with its scoped token.
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-pipeline-'));
    try {
      fs.writeFileSync(path.join(work, 'junit.xml'), '<testsuite tests="12" failures="0"/>');
      const out: string[] = [];
      const io = { out: (x: string) => out.push(x), err: (x: string) => out.push(x) };
      const env = { AIMS_URL: base, AIMS_TOKEN: token.json().token as string };
      const argv = ['gate', 'push', '--org', org.slug, '--system', SYSTEM];
      const evidence = ['--evidence', `test_report=${path.join(work, 'junit.xml')}`];
      expect(await runCli([...argv, ...evidence], io, env), out.join('\n')).toBe(0);
      const check = ['gate', 'check', '--org', org.slug, '--system', SYSTEM];
      const to = ['--to', 'verification_and_validation'];
      expect(await runCli([...check, ...to], io, env), out.join('\n')).toBe(0);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }

    // The page shows the gate met, and the move goes through without an override.
    await page.reload();
    await panel.getByText('1 of 1 criteria met.').waitFor();
    await move.getByLabel('New stage').selectOption('verification_and_validation');
    await move.getByLabel('Reason').fill('Design is done; the tests pass.');
    await move.getByRole('button', { name: 'Move', exact: true }).click();
    await expect
      .poll(() => lifecycle.locator('[aria-current="step"]').textContent())
      .toContain('Verification and validation');
    await shot(page, 'gates-05-passed');
    const sys = await manager.get(`${orgBase}/ai-systems/${systemId}`);
    expect(sys.json().lifecycleStage).toBe('verification_and_validation');
  });
});
