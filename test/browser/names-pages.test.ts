// The AI system, controls, access, gates, scope, operations, evidence and history pages in a real
// Chromium name people and records from the names the server gives with each view: they never
// read the organization's member list, and the statement of applicability titles its domains from
// the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNEXES } from '../../src/catalog/index.js';
import type { TestApp } from '../harness.js';
import { createOrgFixture, PASSWORD, type OrgFixture } from '../client.js';
import {
  openBrowser,
  requireChromium,
  RUN_JOURNEYS,
  signInThroughPage,
  startServer,
  type Browser,
} from './support.js';

describe.skipIf(!RUN_JOURNEYS)(
  'browser journey: names from the server on the governance pages',
  () => {
    let t: TestApp;
    let base: string;
    let org: OrgFixture;
    let manager: { email: string; memberId: string };
    let who: { manager: string; owner: string };
    let systemId: string;
    let evidenceId: string;
    let browser: Browser;

    beforeAll(async () => {
      requireChromium();
      ({ t, base } = await startServer());
      org = await createOrgFixture(t, 'Acme Health');
      const m = await org.member('manager');
      manager = { email: m.email, memberId: m.memberId };
      // People are shown by display name (here the start of the email), else by email.
      who = { manager: m.email.split('@')[0]!, owner: org.owner.email.split('@')[0]! };
      const api = `/api/v1/orgs/${org.slug}`;
      const ok = (r: { statusCode: number; body: string }, status: number) => {
        expect(r.statusCode, r.body).toBe(status);
        return JSON.parse(r.body) as { id: string; version: number };
      };
      systemId = ok(
        await org.owner.post(`${api}/ai-systems`, {
          name: 'Triage assistant',
          purpose: 'Ranks emergency cases.',
          ownerMemberId: manager.memberId,
        }),
        201,
      ).id;
      ok(
        await m.patch(
          `${api}/ai-systems/${systemId}`,
          { purpose: 'Ranks emergency cases by urgency.' },
          { 'if-match': '"1"' },
        ),
        200,
      );
      ok(
        await org.owner.post(`${api}/ai-system-assignments`, {
          memberId: manager.memberId,
          aiSystemId: systemId,
        }),
        201,
      );
      ok(
        await org.owner.request('PUT', `${api}/soa/A.6.2.4`, {
          applicable: true,
          justification: 'Every model is tested before release.',
          ownerMemberId: manager.memberId,
        }),
        200,
      );
      const draft = ok(
        await m.post(`${api}/scope/versions`, { statement: 'The AIMS covers the triage service.' }),
        201,
      );
      ok(
        await org.owner.post(
          `${api}/scope/versions/${draft.id}/approve`,
          {},
          { 'if-match': `"${draft.version}"` },
        ),
        200,
      );
      const proposed = JSON.parse((await org.owner.get(`${api}/gate-criteria`)).body) as {
        gates: unknown;
      };
      ok(
        await m.post(`${api}/gate-criteria/versions`, { enforced: false, gates: proposed.gates }),
        201,
      );
      evidenceId = ok(
        await m.post(`${api}/evidence`, {
          kind: 'record',
          title: 'The triage system record',
          recordType: 'ai_systems',
          recordId: systemId,
        }),
        201,
      ).id;
      browser = await openBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    it('shows who did what on every page without reading the member list', async () => {
      const p = browser.page;
      // The pages (by path) during which the member list was read.
      const memberReads: string[] = [];
      let current = '';
      p.on('request', (r) => {
        const path = new URL(r.url()).pathname;
        if (/^\/api\/v1\/orgs\/[^/]+\/members\/?$/.test(path)) memberReads.push(current);
      });
      await signInThroughPage(p, base, org.owner.email, PASSWORD);
      const main = p.locator('main');
      const visit = async (path: string, check: () => Promise<unknown>) => {
        current = path;
        await p.goto(`${base}/o/${org.slug}/${path}`);
        await check();
        await p.waitForLoadState('networkidle');
      };

      // The AI system: its assignment, its transitions' and history's actors. Panels of other
      // parts on this page (AI Act, risks, DPIA) still read the member list; it is refused here,
      // so the names below can only come from the views' own names.
      const refuse = /\/api\/v1\/orgs\/[^/]+\/members(\?.*)?$/;
      await p.route(refuse, (route) => route.abort());
      await visit(`systems/${systemId}`, async () => {
        const assigned = main.getByRole('region', { name: 'Assigned members' });
        await assigned.getByRole('listitem').filter({ hasText: who.manager }).waitFor();
        const history = main.getByRole('region', { name: 'History' });
        await history.getByText(who.manager).first().waitFor();
        await history.getByText(who.owner).first().waitFor();
      });
      await p.unroute(refuse);
      // The statement: domain titles from the catalog the server serves.
      await visit('controls', async () => {
        for (const d of ANNEXES.annexA.domains)
          await main.getByRole('heading', { level: 2, name: `${d.id} ${d.title}` }).waitFor();
      });
      // A control: its owner in the member picker, named.
      await visit('controls/A.6.2.4', async () => {
        await main.getByRole('list', { name: 'Chosen: Owner' }).getByText(who.manager).waitFor();
      });
      await visit('scope', async () => {
        await main.getByText(`Approved by ${who.owner}`).waitFor();
      });
      await visit('gates', async () => {
        await main
          .getByRole('table', { name: 'Versions of the gate criteria' })
          .getByText(who.manager)
          .waitFor();
      });
      await visit('operations', async () => {
        await main.getByText(who.manager).first().waitFor();
      });
      await visit(`evidence/${evidenceId}`, async () => {
        await main
          .getByRole('region', { name: 'Chain of custody' })
          .getByText(who.manager)
          .first()
          .waitFor();
      });
      expect(memberReads.filter((path) => !path.startsWith('systems/'))).toEqual([]);
    }, 120_000);
  },
);
