/// <reference lib="dom" />
// Every section of the app at a desktop and a phone size, on the example organization: nothing
// wider than the window, wide content (heat map, tables) kept inside its card, the navigation
// folded away on a phone, and no serious or critical accessibility violation (axe-core).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../harness.js';
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

/** What sticks out: the page wider than the window, or a card whose content overflows it unseen. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth + 1)
      out.push(`page is ${doc.scrollWidth}px wide in a ${window.innerWidth}px window`);
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('main *'))) {
      if (el.scrollWidth <= el.clientWidth + 1) continue;
      // A text field scrolls its own value; content inside a box that scrolls is contained.
      if (el.matches('input, textarea, select')) continue;
      let contained = false;
      for (let up = el.parentElement; up && !contained; up = up.parentElement) {
        const o = getComputedStyle(up).overflowX;
        contained = o === 'auto' || o === 'scroll' || o === 'hidden';
      }
      if (contained) continue;
      const style = getComputedStyle(el);
      if (
        style.overflowX === 'auto' ||
        style.overflowX === 'scroll' ||
        style.overflowX === 'hidden'
      )
        continue;
      // Only boxes: inline text that wraps is not an overflow.
      if (style.display === 'inline' || el.clientWidth === 0) continue;
      const r = el.getBoundingClientRect();
      if (r.right > window.innerWidth + 1 || el.scrollWidth > el.clientWidth + 1) {
        const name = `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}`;
        out.push(`${name} holds ${el.scrollWidth}px in ${el.clientWidth}px`);
      }
    }
    return out.slice(0, 5);
  });
}

describe.skipIf(!RUN_JOURNEYS)('browser journey: every section at desktop and phone sizes', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let slug: string;
  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    browser = await openBrowser();
    const { page } = browser;
    await page.goto(`${base}/`);
    await page.getByLabel('Organization name').fill('Layout Health');
    await page.getByLabel('Email').fill('layout@example.com');
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
  });

  it('folds the navigation behind a Menu button on a phone, and folds it again after a choice', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${base}/o/${slug}/dashboard`);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    const sections = page.getByRole('navigation', { name: 'Sections' });
    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await sections.isVisible()).toBe(false);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    // The page itself starts near the top of the screen, not below a list of 25 links.
    const main = await page.locator('#main').boundingBox();
    expect(main!.y).toBeLessThan(200);
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await sections.getByRole('link', { name: 'Risks', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Risks' }).waitFor();
    expect(await sections.isVisible()).toBe(false);
    // At desktop size the navigation is always there and the button is not.
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(await sections.isVisible()).toBe(true);
    expect(await menu.isVisible()).toBe(false);
  });

  for (const size of SIZES) {
    it(`fits every section at ${size.name} size (${size.width}×${size.height}) with no serious accessibility violation`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width: size.width, height: size.height });
      const links = await page.evaluate(async (s: string) => {
        const anchors = Array.from(document.querySelectorAll<HTMLAnchorElement>('nav a'));
        return anchors
          .map((a) => a.getAttribute('href'))
          .filter((h): h is string => !!h && h.startsWith(`/o/${s}/`));
      }, slug);
      expect(links.length).toBeGreaterThan(20);
      const problems: string[] = [];
      for (const href of links) {
        await page.goto(`${base}${href}`);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        await page.waitForLoadState('networkidle');
        for (const p of await overflow(page)) problems.push(`${href}: ${p}`);
        for (const p of await accessibilityProblems(page)) problems.push(`${href}: ${p}`);
        await shot(
          page,
          `layout-${size.name}-${href.split('/').slice(3).join('-') || 'dashboard'}`,
        );
      }
      expect(problems).toEqual([]);
    }, 240_000);
  }
});
