/// <reference lib="dom" />
// The record picker in real Chromium, at a desktop and a phone size: evidence is linked to an
// Annex A control by typing part of its title in lower case, and a risk gets its AI system by
// typing part of the system's name (keyboard only) and its treating control by part of its
// title; pages show the names the server sends. The open picker has no serious or critical
// accessibility violation (axe-core) and nothing is wider than the window.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control } from '../../src/catalog/index.js';
import type { TestApp } from '../harness.js';
import { createOrgFixture, PASSWORD, type OrgFixture } from '../client.js';
import {
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

const tooWide = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);

describe.skipIf(!RUN_JOURNEYS)('browser journey: choosing records by name', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let browser: Browser;
  const api = () => `/api/v1/orgs/${org.slug}`;

  beforeAll(async () => {
    requireChromium();
    ({ t, base } = await startServer());
    org = await createOrgFixture(t, 'Picker Co');
    browser = await openBrowser();
    await signInThroughPage(browser.page, base, org.owner.email, PASSWORD);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const size of SIZES) {
    it(`links evidence to a control and a risk to an AI system by typing names (${size.name})`, async () => {
      const p = browser.page;
      await p.setViewportSize({ width: size.width, height: size.height });
      const systemName = `Claims Triage Engine ${size.name}`;
      const sys = await org.owner.post(`${api()}/ai-systems`, {
        name: systemName,
        purpose: 'Routes insurance claims.',
      });
      expect(sys.statusCode).toBe(201);
      const evidence = await org.owner.post(`${api()}/evidence`, {
        kind: 'link',
        title: `Model card ${size.name}`,
        url: 'https://wiki.example.com/model-card',
      });
      expect(evidence.statusCode).toBe(201);
      const risk = await org.owner.post(`${api()}/risks`, {
        title: `Misroutes claims ${size.name}`,
      });
      expect(risk.statusCode).toBe(201);

      // Evidence → Annex A control A.6.2.4, found by a lower-case part of its title.
      const title = control('A.6.2.4')!.title;
      await p.goto(`${base}/o/${org.slug}/evidence/${evidence.json().id}`);
      const form = p.getByRole('form', { name: 'Link the evidence' });
      const which = form.getByRole('combobox', { name: 'Which' });
      await which.fill(title.toLowerCase().slice(0, 14));
      const option = form.getByRole('option', { name: new RegExp(`^${title}`) });
      await option.waitFor();
      expect(await which.getAttribute('aria-expanded')).toBe('true');
      expect(await accessibilityProblems(p)).toEqual([]);
      expect(await tooWide(p)).toBe(false);
      await shot(p, `pickers-01-control-${size.name}`);
      await option.click();
      await form.getByRole('list', { name: 'Chosen: Which' }).getByText(title).waitFor();
      await form.getByRole('button', { name: 'Link' }).click();
      await p
        .getByRole('region', { name: 'What it supports' })
        .getByRole('link', { name: `Control A.6.2.4 ${title}` })
        .waitFor();
      const links = (await org.owner.get(`${api()}/evidence/${evidence.json().id}`)).json().links;
      expect(links.map((l: { targetId: string }) => l.targetId)).toEqual(['A.6.2.4']);

      // Risk → AI system, chosen with the keyboard after typing part of its name in any case.
      await p.goto(`${base}/o/${org.slug}/risks/${risk.json().id}`);
      await p.getByRole('button', { name: 'Edit or re-assess' }).click();
      const edit = p.getByRole('form', { name: 'Edit the risk' });
      const systems = edit.getByRole('combobox', { name: 'AI systems' });
      await systems.fill(`triage engine ${size.name}`.toUpperCase());
      await edit.getByRole('option', { name: systemName }).waitFor();
      expect(await accessibilityProblems(p)).toEqual([]);
      expect(await tooWide(p)).toBe(false);
      await systems.press('ArrowDown');
      await systems.press('ArrowUp');
      await systems.press('Enter');
      await edit.getByRole('list', { name: 'Chosen: AI systems' }).getByText(systemName).waitFor();
      await systems.press('Escape');
      await shot(p, `pickers-02-system-${size.name}`);
      // The control that treats it, found the same way (the form reads no statement of
      // applicability to offer them).
      await edit
        .getByRole('combobox', { name: 'Controls that treat it' })
        .fill(title.toLowerCase().slice(0, 14));
      await edit.getByRole('option', { name: new RegExp(`^${title}`) }).click();
      await edit
        .getByRole('list', { name: 'Chosen: Controls that treat it (Annex A)' })
        .getByText(title)
        .waitFor();
      await edit.getByRole('button', { name: 'Save the risk' }).click();
      await p.getByText('The risk is saved.').waitFor();
      await p.getByRole('definition').getByRole('link', { name: systemName }).waitFor();
      const saved = (await org.owner.get(`${api()}/risks/${risk.json().id}`)).json();
      expect(saved.aiSystemIds).toEqual([sys.json().id]);
      expect(saved.names[sys.json().id]).toBe(systemName);
      expect(saved.controlIds).toEqual(['A.6.2.4']);

      // Evidence already recorded is attached to the risk by part of its title.
      const attach = p.getByRole('region', { name: 'Attach evidence' });
      await attach.getByRole('radio', { name: 'Pick recorded evidence' }).check();
      await attach.getByRole('combobox', { name: 'Evidence' }).fill(`card ${size.name}`);
      await attach.getByRole('option', { name: `Model card ${size.name}` }).click();
      await attach.getByRole('button', { name: 'Attach' }).click();
      await p.getByText(`“Model card ${size.name}” is attached.`).waitFor();
    });
  }
});
