import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type OrgFixture } from './client.js';

const answers = {
  role: 'provider',
  prohibited: { a: false, b: false, c: false, d: false, e: false, f: false, g: false, h: false },
  annexI: false,
  annexIII: [4],
  exceptions: { a: false, b: false, c: false, d: false },
  profiling: true,
  transparency: { interacts: false, synthetic: false, emotion: false, deepfake: false },
  generalPurposeModel: false,
  systemicRisk: false,
};

describe.each(DIALECTS)(
  "EU AI Act questionnaire defaults from the organization's sectors on %s",
  (dialect) => {
    let t: TestApp;
    let org: OrgFixture;
    let other: OrgFixture;
    beforeAll(async () => {
      t = await openTestApp(dialect);
      org = await createOrgFixture(t);
      other = await createOrgFixture(t, 'Other Org');
    });
    afterAll(() => t.close());

    const defaultsOf = (o: OrgFixture) => o.owner.get(`/api/v1/orgs/${o.slug}/ai-act/defaults`);

    it('serves only the generic defaults while no sector is chosen', async () => {
      const generic = (await org.owner.get('/api/v1/ai-act/questionnaire')).json().defaults;
      const r = await defaultsOf(org);
      expect(r.statusCode).toBe(200);
      expect(r.json()).toEqual({
        sectors: [],
        defaults: generic,
        suggestions: { annexIII: [], deployerKind: [] },
      });
    });

    it('suggests the sectors’ Annex III points and deploying body, without ticking or changing answers', async () => {
      const sys = (
        await org.owner.post(`/api/v1/orgs/${org.slug}/ai-systems`, {
          name: 'Recruiter',
          purpose: 'Ranks job applications.',
        })
      ).json() as { id: string };
      const url = `/api/v1/orgs/${org.slug}/ai-systems/${sys.id}/ai-act`;
      expect((await org.owner.request('PUT', url, answers, { 'if-match': '"0"' })).statusCode).toBe(
        200,
      );
      const chose = await org.owner.request(
        'PUT',
        `/api/v1/orgs/${org.slug}/sectors`,
        { sectors: ['finance', 'public_sector'] },
        { 'if-match': '"0"' },
      );
      expect(chose.statusCode).toBe(200);

      const viewer = await org.member('viewer');
      const r = await viewer.get(`/api/v1/orgs/${org.slug}/ai-act/defaults`);
      expect(r.statusCode).toBe(200);
      const body = r.json();
      expect(body.sectors.map((s: { id: string }) => s.id)).toEqual(['finance', 'public_sector']);
      expect(body.defaults.annexIII).toEqual([]);
      expect(body.defaults.deployerKind).toBe('private');
      expect(body.defaults.annexIIIPoints).toEqual({ credit: false, insurance: false });
      expect(body.suggestions.annexIII).toContainEqual({
        point: '5(b)',
        area: 5,
        areaTitle: expect.stringMatching(/essential private services/),
        question: 'credit',
        hints: [expect.stringMatching(/creditworthiness/i)],
        sectors: ['finance'],
      });
      expect(body.suggestions.deployerKind).toEqual([
        {
          kind: 'public_law',
          hints: [expect.stringMatching(/governed by public law/)],
          sectors: ['public_sector'],
        },
      ]);
      // The saved answers stay the user's.
      const saved = (await org.owner.get(url)).json();
      expect(saved.answers.annexIII).toEqual([4]);
      expect(saved.answers.deployerKind).toBe('private');
      expect(saved.version).toBe(1);
    });

    it("never shows another organization's sectors", async () => {
      expect((await defaultsOf(other)).json()).toMatchObject({
        sectors: [],
        suggestions: { annexIII: [], deployerKind: [] },
      });
      expect((await other.owner.get(`/api/v1/orgs/${org.slug}/ai-act/defaults`)).statusCode).toBe(
        404,
      );
    });
  },
);
