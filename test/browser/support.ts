// What the browser journeys share: the Chromium to drive, a fresh build of the web app, the real
// server on a free port, browsers with fresh profiles, and signing in through the page.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { openTestApp, type TestApp } from '../harness.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = process.env.AIMS_TEST_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);
export const IN_CI = !!process.env.CI;
/** A folder to write screenshots to while developing (AIMS_TEST_SCREENSHOTS=/tmp/shots). */
export const SCREENSHOTS = process.env.AIMS_TEST_SCREENSHOTS;
/** Journeys run unless there is no Chromium outside CI; in CI a missing Chromium fails them. */
export const RUN_JOURNEYS = HAVE_CHROMIUM || IN_CI;

if (!RUN_JOURNEYS) {
  console.warn(
    `browser journeys skipped: no Chromium at ${CHROMIUM} (install Debian's chromium or set AIMS_TEST_CHROMIUM)`,
  );
}

export function requireChromium() {
  if (!HAVE_CHROMIUM)
    throw new Error(
      `CI needs Chromium for the browser journeys, and there is none at ${CHROMIUM} (set AIMS_TEST_CHROMIUM).`,
    );
}

const WEB = path.join(ROOT, 'web');
const DIST_INDEX = path.join(WEB, 'dist/index.html');
const LOCK = path.join(
  os.tmpdir(),
  `aims-web-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`,
);

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Builds the web app when there is no build or the sources are newer than it. Journeys run in
 * parallel, so the check and the build happen under a lock (a directory, created atomically);
 * the server lists the built files when it starts, so this runs before any server opens.
 */
export async function ensureWebBuilt() {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A lock left by a killed run is stale after two minutes.
      const age =
        Date.now() - (fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) fs.rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline)
        throw new Error('waited too long for another test file to build the web app');
      await sleep(200);
    }
  }
  try {
    const built = fs.statSync(DIST_INDEX, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    const sources = Math.max(
      newestSource(path.join(WEB, 'src')),
      fs.statSync(path.join(WEB, 'index.html')).mtimeMs,
      fs.statSync(path.join(WEB, 'vite.config.ts')).mtimeMs,
    );
    if (built < sources) execSync('npm run build:web', { cwd: ROOT, stdio: 'pipe' });
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/** The real server on a free loopback port, over a fresh SQLite database. */
export async function startServer(): Promise<{ t: TestApp; base: string }> {
  await ensureWebBuilt();
  const t = await openTestApp('sqlite');
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  return { t, base: `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}` };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A Chromium with a fresh profile of its own: no cookies, nothing shared with other browsers. */
export async function openBrowser(): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
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
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(10_000);
  return {
    context,
    page,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the sign-in form and waits for the organization's dashboard. */
export async function signInThroughPage(page: Page, base: string, email: string, password: string) {
  await page.goto(`${base}/`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
}

export const nav = (page: Page, name: string) =>
  page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('link', { name, exact: true })
    .click();

export async function shot(page: Page, name: string) {
  if (SCREENSHOTS)
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The text that the field's aria-describedby points at: its hint and its error. */
export async function description(page: Page, field: Locator) {
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(' ');
}

/** The two window sizes every layout journey checks. */
export const SIZES = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 360, height: 740 },
] as const;

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** The serious and critical violations axe finds on the page as it is now. */
export async function accessibilityProblems(page: Page) {
  // Evaluated over the DevTools protocol: the page's content security policy stays as it is.
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(c: Document, o: object): Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

/** Chooses a record or member in a record picker: types `text`, then clicks the option named so. */
export async function pickIn(
  scope: Page | Locator,
  label: string,
  text: string,
  option: string | RegExp = text,
) {
  const box = scope.getByRole('combobox', { name: label });
  await box.fill(text);
  await scope.getByRole('option', { name: option }).first().click();
  await scope.getByRole('list', { name: `Chosen: ${label}` }).waitFor();
}

/** The titles of a list's rows (the last table of the page's main), once they are exactly `expected`. */
export async function rowsBecome(page: Page, expected: string[]) {
  const table = page.locator('main table').last();
  await expect
    .poll(async () => (await table.getByRole('rowheader').allTextContents()).map((s) => s.trim()))
    .toEqual(expected);
}
