/// <reference lib="dom" />
// Readable outputs, from the web app, at a desktop and a phone size: the risk register downloaded
// as XLSX opens with the organization's name, as PDF with a title page and a sign-off block
// prepared by the member who asked; a control's page shows its title, objective, guidance,
// decision and evidence. No serious or critical accessibility violation (axe-core) on either page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../harness.js';
import { readPdf } from '../pdf-text.js';
import {
  openBrowser,
  requireChromium,
  RUN_JOURNEYS,
  shot,
  startServer,
  type Browser,
  accessibilityProblems,
  SIZES,
} from './support.js';

const ORG = 'Outputs Health Ltd';

describe.skipIf(!RUN_JOURNEYS)('browser journey: exports and reports people can read', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let slug: string;
  let dir: string;
  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-outputs-'));
    browser = await openBrowser();
    const { page } = browser;
    await page.goto(`${base}/`);
    await page.getByLabel('Organization name').fill(ORG);
    await page.getByLabel('Email').fill('grace@example.com');
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByLabel(/Load an example AIMS/).check();
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor({ timeout: 30_000 });
    const session = (await page.evaluate(async () =>
      (await fetch('/api/v1/auth/session')).json(),
    )) as { memberships: { slug: string }[] };
    slug = session.memberships[0]!.slug;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const download = async (page: Page, name: string) => {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name }).click(),
    ]);
    const to = path.join(dir, `${Date.now()}-${file.suggestedFilename()}`);
    await file.saveAs(to);
    return fs.readFileSync(to);
  };

  for (const size of SIZES) {
    it(`downloads the risk register as XLSX and PDF in words at ${size.name} size`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(`${base}/o/${slug}/risks`);
      await page.getByRole('heading', { level: 1, name: 'Risks' }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await accessibilityProblems(page)).toEqual([]);

      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await download(page, 'Export XLSX')) as unknown as ArrayBuffer);
      expect(wb.worksheets[0]!.name).toBe('About this export');
      expect(wb.worksheets[0]!.getCell('B1').value).toBe(ORG);
      const sheet = wb.worksheets[1]!;
      const headers = (sheet.getRow(1).values as unknown[]).map(String);
      const owners = sheet.getColumn(headers.indexOf('owner')).values.slice(2).map(String);
      expect(owners.some((o) => o.includes('<grace@example.com>'))).toBe(true);

      const [title, table] = await readPdf(await download(page, 'Export PDF'));
      expect(title!.text).toContain(ORG);
      expect(title!.text).not.toContain(slug);
      for (const part of ['Risk register', 'Prepared by', 'Reviewed by', 'Approved by'])
        expect(title!.text).toContain(part);
      expect(title!.text).toContain('<grace@example.com>');
      // The table in words: levels, treatments and states as the screens say them.
      expect(table!.text).toContain('Critical Modify');
      expect(table!.text).not.toMatch(/treatment_planned|not_needed/);
      await shot(page, `outputs-risks-${size.name}`);
    }, 120_000);

    it(`opens a control's page with its objective, guidance, decision and evidence at ${size.name} size`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(`${base}/o/${slug}/controls/A.6.2.4`);
      await page
        .getByRole('heading', { level: 1, name: 'A.6.2.4 AI system verification and validation' })
        .waitFor();
      const main = page.locator('main');
      await main.getByRole('heading', { name: 'Guidance' }).waitFor();
      await main.getByText('Objective', { exact: true }).waitFor();
      await main.getByText(/^A\.6\.2\.1 /).waitFor();
      await main.getByText('What to do', { exact: true }).waitFor();
      await main.getByText('What an auditor expects', { exact: true }).waitFor();
      await main.getByRole('heading', { name: 'Decision' }).waitFor();
      expect(await main.getByText(/valid evidence/).count()).toBeGreaterThan(0);
      await page.waitForLoadState('networkidle');
      expect(await accessibilityProblems(page)).toEqual([]);
      await shot(page, `outputs-control-${size.name}`);
    }, 60_000);
  }
});
