// First-run setup with the example: a newcomer sees a working AIMS in the first minute.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../harness.js';
import {
  nav,
  openBrowser,
  requireChromium,
  RUN_JOURNEYS,
  startServer,
  type Browser,
} from './support.js';

describe.skipIf(!RUN_JOURNEYS)('browser journey: first run with the example', () => {
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

  it('sets up with the example loaded and shows its AI systems and a readiness above zero', async () => {
    const { page } = browser;
    await page.goto(`${base}/`);
    await page.getByLabel('Organization name').fill('Example Start');
    await page.getByLabel('Email').fill('newcomer@example.com');
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByLabel(/Load an example AIMS/).check();
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor({ timeout: 30_000 });
    const session = (await page.evaluate(async () =>
      (await fetch('/api/v1/auth/session')).json(),
    )) as { memberships: { slug: string }[] };
    const slug = session.memberships[0]!.slug;
    const readiness = (await page.evaluate(
      async (s: string) => (await fetch(`/api/v1/orgs/${s}/readiness`)).json(),
      slug,
    )) as { overall: { met: number } };
    expect(readiness.overall.met).toBeGreaterThan(5);
    await nav(page, 'AI systems');
    await page.getByRole('link', { name: 'Triage assistant' }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Credit scoring model' }).count()).toBeGreaterThan(
      0,
    );
  });
});
