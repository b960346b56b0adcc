// The web app in a real Chromium: a member added on the settings page is offered at once by the
// member picker of a form on another page, without reloading the page (the picker asks the
// server's lookup; every accepted change also drops the organization's cached reads,
// lib/query.ts).
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

const NEW_MEMBER = 'cache-newcomer@example.com';

describe.skipIf(!RUN_JOURNEYS)('browser journey: a change on one page is seen on another', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let browser: Browser;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Cache Co');
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('offers a member added in settings as a policy owner at once, without a reload', async () => {
    const p = browser.page;
    // Counts every full page load: the journey must make none after signing in.
    let loads = 0;
    p.on('load', () => loads++);
    await signInThroughPage(p, base, org.owner.email, PASSWORD);
    const loadsAfterSignIn = loads;

    await nav(p, 'Policies');
    await p.getByRole('link', { name: 'New policy' }).click();
    // The owner is chosen through the member picker (the server's lookup).
    let form = p.getByRole('form', { name: 'New policy' });
    let owner = form.getByRole('combobox', { name: 'Owner' });
    await owner.fill('example.com');
    await form.getByRole('option', { name: new RegExp(org.owner.email) }).waitFor();
    expect(await form.getByRole('option', { name: /cache-newcomer/ }).count()).toBe(0);

    await nav(p, 'Settings');
    const members = p.getByRole('region', { name: 'Members' });
    const add = members.getByRole('form', { name: 'Add a member' });
    await add.getByLabel('Email').fill(NEW_MEMBER);
    await add.getByLabel('Name').fill('Newcomer');
    await add.getByLabel('Role').selectOption('contributor');
    await add.getByLabel('Initial password').fill('a long enough initial password');
    await add.getByRole('button', { name: 'Add member' }).click();
    await members.getByRole('cell', { name: NEW_MEMBER, exact: true }).waitFor();

    await nav(p, 'Policies');
    await p.getByRole('link', { name: 'New policy' }).click();
    form = p.getByRole('form', { name: 'New policy' });
    owner = form.getByRole('combobox', { name: 'Owner' });
    await owner.fill('newcomer');
    await form.getByRole('option', { name: /Newcomer/ }).waitFor({ timeout: 5_000 });
    expect(loads).toBe(loadsAfterSignIn);
  });
});
