import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluationCount } from '../src/modules/readiness/index.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type ApiClient, type OrgFixture } from './client.js';

const DAY = 86_400_000;
const day = (d: number) => new Date(Date.now() + d * DAY).toISOString().slice(0, 10);

describe.each(DIALECTS)('the dashboard in one call on %s', (dialect) => {
  let t: TestApp;
  let a: OrgFixture;
  let b: OrgFixture;
  let viewer: ApiClient;
  let auditor: ApiClient;
  let base: string;
  const aIds: string[] = [];

  beforeAll(async () => {
    t = await openTestApp(dialect);
    a = await createOrgFixture(t);
    b = await createOrgFixture(t);
    base = `/api/v1/orgs/${a.slug}`;
    viewer = await a.member('viewer');
    auditor = await a.member('auditor');
    const manager = await a.member('manager');
    const ok = async (res: Promise<{ statusCode: number; body: string }>, status = 201) => {
      const r = await res;
      if (r.statusCode !== status) throw new Error(`${r.statusCode} ${r.body.slice(0, 300)}`);
      return JSON.parse(r.body);
    };
    for (const name of ['Triage', 'Scheduler', 'Coder'])
      aIds.push((await ok(a.owner.post(`${base}/ai-systems`, { name, purpose: `${name}.` }))).id);
    aIds.push(
      (
        await ok(
          a.owner.post(`${base}/policies`, {
            title: 'AI policy',
            kind: 'ai_policy',
            reviewCycleMonths: 12,
            content: 'We mean it.',
          }),
        )
      ).policy.id,
    );
    aIds.push((await ok(viewer.post(`${base}/concerns`, { summary: 'Odd answers' }))).id);
    await ok(a.owner.post(`${base}/competences`, { aimsRole: 'manager', name: 'Risk' }));
    aIds.push(
      (
        await ok(
          a.owner.post(`${base}/evidence`, {
            kind: 'link',
            title: 'Test report',
            url: 'https://example.com/report',
            validUntil: day(10),
          }),
        )
      ).id,
    );
    aIds.push(
      (
        await ok(
          a.owner.post(`${base}/risks`, {
            title: 'Bias in triage',
            inherentLikelihood: 4,
            inherentImpact: 5,
          }),
        )
      ).id,
    );
    const incident = await ok(
      a.owner.post(`${base}/incidents`, {
        title: 'Chest pain ranked routine',
        severity: 'critical',
        harmTypes: ['health_and_safety'],
        systems: [{ aiSystemId: aIds[0] }],
        detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
      }),
    );
    aIds.push(incident.id);
    await ok(
      manager.post(
        `${base}/incidents/${incident.id}/classify`,
        {
          serious: true,
          seriousCase: 'other',
          reason: 'Serious harm to health.',
          awareAt: new Date(Date.now() - 3_600_000).toISOString(),
        },
        { 'if-match': '"1"' },
      ),
      200,
    );
    // Another organization's records, which A's dashboard must never show (and the other way).
    const bBase = `/api/v1/orgs/${b.slug}`;
    await ok(b.owner.post(`${bBase}/ai-systems`, { name: 'Bravo', purpose: 'B.' }));
    await ok(
      b.owner.post(`${bBase}/evidence`, {
        kind: 'link',
        title: 'Bravo report',
        url: 'https://example.com/b',
        validUntil: day(5),
      }),
    );
  });
  afterAll(() => t?.close());

  /** Each part of the dashboard against what the separate route answers the same caller. */
  async function sameAsRoutes(c: ApiClient) {
    // One moment for every request, so reporting clocks' remaining seconds agree on a slow machine.
    const realNow = t.services.now;
    const moment = realNow();
    t.services.now = () => moment;
    try {
      return await compare(c);
    } finally {
      t.services.now = realNow;
    }
  }

  async function compare(c: ApiClient) {
    const res = await c.get(`${base}/dashboard`);
    expect(res.statusCode).toBe(200);
    const d = res.json();
    const get = async (url: string) => {
      const r = await c.get(`${base}${url}`);
      expect(r.statusCode, url).toBe(200);
      return r.json();
    };
    const readiness = await get('/readiness');
    expect(d.readiness).toEqual({ overall: readiness.overall, byGroup: readiness.byGroup });
    expect(d.gaps).toEqual(await get('/readiness/gaps?limit=10'));
    expect(d.gaps.items).toHaveLength(10);
    expect(d.frameworks).toEqual(
      (await get('/readiness/frameworks')).items.map(
        ({ entries: _e, ...rest }: { entries: unknown }) => rest,
      ),
    );
    const systems = (await get('/ai-systems?limit=200')).items as { lifecycleStage: string }[];
    expect(d.aiSystems.total).toBe(systems.length);
    for (const s of d.aiSystems.byStage)
      expect(s.count).toBe(systems.filter((x) => x.lifecycleStage === s.stage).length);
    const policies = (await get('/policies?limit=100')).items as {
      currentVersionId: string | null;
      reviewOverdue: boolean;
    }[];
    expect(d.policies).toEqual({
      total: policies.length,
      unpublished: policies.filter((p) => !p.currentVersionId).length,
      overdue: policies.filter((p) => p.reviewOverdue).length,
      overdueItems: (await get('/policies?overdue=true&limit=10')).items,
    });
    expect(d.scope).toEqual(await get('/scope'));
    expect(d.competences).toEqual({
      membersMissing: (await get('/competence-gaps?limit=100')).items.length,
    });
    expect(d.evidenceExpiring.before).toBe(day(30));
    expect(d.evidenceExpiring.items).toEqual(
      (await get(`/evidence?expiringBefore=${day(30)}&limit=20`)).items,
    );
    expect(d.risks).toEqual(await get('/risk-overview'));
    expect(d.incidentClocks).toEqual(await get('/incident-clocks?limit=10'));
    return d;
  }

  it('answers each part as its own route does, for an owner', async () => {
    const d = await sameAsRoutes(a.owner);
    expect(d.aiSystems.total).toBe(3);
    expect(d.policies.total).toBe(1);
    expect(d.competences.membersMissing).toBe(1);
    expect(d.evidenceExpiring.items.map((e: { title: string }) => e.title)).toEqual([
      'Test report',
    ]);
    expect(d.incidentClocks.total).toBeGreaterThan(0);
    const concerns = (await a.owner.get(`${base}/concerns?limit=100`)).json().items as {
      status: string;
    }[];
    expect(d.concerns).toEqual({
      open: concerns.filter((x) => x.status !== 'resolved' && x.status !== 'dismissed').length,
    });
    expect(d.concerns.open).toBe(1);
  });

  it('leaves out what the caller may not read: a viewer gets no concerns part', async () => {
    const d = await sameAsRoutes(viewer);
    expect((await viewer.get(`${base}/concerns`)).statusCode).toBe(403);
    expect(d.concerns).toBeNull();
    const ad = await sameAsRoutes(auditor);
    expect(ad.concerns).toEqual({ open: 1 });
  });

  it("never shows another organization's records, and is another organization's 404", async () => {
    const bd = (await b.owner.get(`/api/v1/orgs/${b.slug}/dashboard`)).json();
    const text = JSON.stringify(bd);
    for (const id of aIds) expect(text).not.toContain(id);
    expect(bd.aiSystems.total).toBe(1);
    expect(bd.evidenceExpiring.items.map((e: { title: string }) => e.title)).toEqual([
      'Bravo report',
    ]);
    expect(bd.incidentClocks.total).toBe(0);
    const ad = JSON.stringify((await a.owner.get(`${base}/dashboard`)).json());
    expect(ad).not.toContain('Bravo');
    expect((await a.owner.get(`/api/v1/orgs/${b.slug}/dashboard`)).statusCode).toBe(404);
  });

  it('shares one readiness evaluation between concurrent dashboards', async () => {
    await a.owner.get(`${base}/dashboard`);
    const before = evaluationCount();
    const answers = await Promise.all(
      [a.owner, viewer, auditor, a.owner, viewer].map((c) => c.get(`${base}/dashboard`)),
    );
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(evaluationCount()).toBe(before);
  });

  it('is shared per ledger head and caller, and shows a write at once', async () => {
    const first = (await a.owner.get(`${base}/dashboard`)).json();
    expect((await a.owner.get(`${base}/dashboard`)).json()).toEqual(first);
    await a.owner.post(`${base}/ai-systems`, { name: 'Late', purpose: 'Late.' });
    const after = (await a.owner.get(`${base}/dashboard`)).json();
    expect(after.aiSystems.total).toBe(first.aiSystems.total + 1);
    // Another caller's answer is their own (abilities, parts), not the owner's copy.
    expect((await viewer.get(`${base}/dashboard`)).json().concerns).toBeNull();
  });
});
