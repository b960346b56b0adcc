// The first-run journey in a real Chromium against the real server: setup, members, an API token
// that then works from outside the browser, and sign-out.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { openTestApp, type TestApp } from '../harness.js';
import { ensureWebBuilt } from './support.js';

const CHROMIUM = process.env.AIMS_TEST_CHROMIUM ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);
const IN_CI = !!process.env.CI;
const SCREENSHOTS = process.env.AIMS_TEST_SCREENSHOTS; // a folder, to look at the pages while developing

if (!HAVE_CHROMIUM && !IN_CI) {
  console.warn(
    `browser journeys skipped: no Chromium at ${CHROMIUM} (install Debian's chromium or set AIMS_TEST_CHROMIUM)`,
  );
}

const OWNER = {
  org: 'Acme Health',
  name: 'Ada Owner',
  email: 'ada@acme.example',
  password: 'correct horse battery staple',
};
const MEMBER = { email: 'grace@acme.example', name: 'Grace Member' };

describe.skipIf(!HAVE_CHROMIUM && !IN_CI)('browser journey: first run to API token', () => {
  let t: TestApp;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  let profile: string;

  beforeAll(async () => {
    if (!HAVE_CHROMIUM)
      throw new Error(
        `CI needs Chromium for the browser journeys, and there is none at ${CHROMIUM} (set AIMS_TEST_CHROMIUM).`,
      );
    // The server registers the built files when it starts, so build before opening it.
    await ensureWebBuilt();
    t = await openTestApp('sqlite');
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      viewport: { width: 1280, height: 860 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await context?.close();
    await t?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  const shot = async (name: string) => {
    if (SCREENSHOTS)
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  };

  /** The text that the field's aria-describedby points at: its hint and its error. */
  const description = async (field: Locator) => {
    const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
    const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
    return texts.join(' ');
  };

  it('sets up, adds a member, makes a token that works, and signs out', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'Set up aims' }).waitFor();
    await shot('01-setup');

    await page.getByLabel('Organization name').fill(OWNER.org);
    await page.getByLabel('Your name').fill(OWNER.name);
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Create organization' }).click();

    // Signed in, on the new organization.
    await page.waitForURL(/\/o\/acme-health\/dashboard$/);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    expect(await page.getByLabel('Organization', { exact: true }).inputValue()).toBe('acme-health');
    await page.getByText(OWNER.email).waitFor();
    await shot('02-dashboard');

    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await page.waitForURL(/\/o\/acme-health\/settings$/);
    const members = page.getByRole('region', { name: 'Members' });
    await members.getByRole('cell', { name: OWNER.email, exact: true }).waitFor();

    // A field error from the API lands next to its field.
    const addForm = members.getByRole('form', { name: 'Add a member' });
    await addForm.getByLabel('Email').fill(MEMBER.email);
    await addForm.getByLabel('Name').fill(MEMBER.name);
    await addForm.getByLabel('Role').selectOption('contributor');
    await addForm.getByLabel('Initial password').fill('too short');
    await addForm.getByRole('button', { name: 'Add member' }).click();
    await addForm.getByText('Must be at least 12 characters.').waitFor();
    expect(await addForm.getByLabel('Initial password').getAttribute('aria-invalid')).toBe('true');
    expect(await description(addForm.getByLabel('Initial password'))).toContain(
      'Must be at least 12 characters.',
    );
    expect(await addForm.getByLabel('Email').getAttribute('aria-invalid')).toBeNull();
    await shot('03-field-error');

    await addForm.getByLabel('Initial password').fill('a long enough initial password');
    await addForm.getByRole('button', { name: 'Add member' }).click();
    await members.getByRole('cell', { name: MEMBER.email, exact: true }).waitFor();
    await members.getByText(`Added ${MEMBER.email} as contributor.`).waitFor();
    // The buttons follow what the server allows for each member: the only owner stays one.
    await members.getByRole('button', { name: `Remove ${MEMBER.email}` }).waitFor();
    await members.getByLabel(`Role of ${MEMBER.email}`).waitFor();
    expect(await members.getByRole('button', { name: `Remove ${OWNER.email}` }).count()).toBe(0);
    expect(await members.getByLabel(`Role of ${OWNER.email}`).count()).toBe(0);

    // A token: the secret is on the page once.
    const tokens = page.getByRole('region', { name: 'API tokens' });
    await tokens.getByLabel('Token name').fill('CI pipeline');
    await tokens.getByLabel('Scope').selectOption('read');
    await tokens.getByRole('button', { name: 'Create token' }).click();
    const secretField = tokens.getByRole('textbox', { name: 'New token' });
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^aims_\S{20,}$/);
    await tokens.getByRole('cell', { name: 'CI pipeline', exact: true }).waitFor();
    await shot('04-token');

    // The token works from outside the browser.
    const res = await fetch(`${base}/api/v1/orgs/acme-health/members`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { email: string; role: string }[] };
    expect(body.items).toContainEqual(
      expect.objectContaining({ email: MEMBER.email, role: 'contributor' }),
    );

    // The ledger shows what was done.
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Ledger' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Ledger' }).waitFor();
    // In words, newest first: the token made last comes before the member added earlier.
    const rows = page.getByRole('row');
    await rows.nth(1).getByRole('cell', { name: 'Created (tokens)' }).waitFor();
    const added = rows.filter({ hasText: 'Added (members)' }).first();
    await added.waitFor();
    // Narrowed to the member who did it, and to one record's history.
    // The member is found by name through the picker; who acted is named by the server.
    await page.getByRole('combobox', { name: 'Member' }).fill('Ada');
    await page.getByRole('option', { name: new RegExp(OWNER.name) }).click();
    await added.getByRole('cell', { name: OWNER.name }).waitFor();
    await added.getByRole('button', { name: 'its history' }).click();
    await page.getByText('Showing the history of one record (Memberships).').waitFor();
    await page.getByRole('button', { name: 'Verify now' }).click();
    await page.getByText('The ledger verifies:', { exact: false }).waitFor();
    await shot('05-ledger');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Password').waitFor();
    const status = await page.evaluate(async () => (await fetch('/api/v1/auth/session')).status);
    expect(status).toBe(401);
  });
});
