// The operations page's lists as registers over HTTP, on both stores: the AI systems (8.4) and the
// open risks (8.2, 8.3), each searched (`q`, any case), filtered by state, owed re-assessment,
// AI system, assessed and treatment progress, sorted either way and paged by cursor without
// repeats, with the owners' and AI systems' names beside their ids. A value a list does not know
// answers 400 at the parameter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

interface SystemRow {
  aiSystemId: string;
  name: string;
  status: string;
}
interface RiskRow {
  riskId: string;
  title: string;
  status: string;
  lastAssessedOn: string | null;
  aiSystemIds: string[];
  ownerMemberId: string | null;
  treatment: { progress: string };
}
interface ListPage<T> {
  items: T[];
  nextCursor: string | null;
  names: Record<string, string>;
}

describe.each(DIALECTS)('operations lists on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  const ids: Record<string, string> = {};

  const get = async <T>(path: string, query: string) => {
    const res = await org.owner.get(`${base}/operations/${path}?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as ListPage<T>;
  };
  const systems = async (query: string) =>
    (await get<SystemRow>('systems', query)).items.map((s) => s.name);
  const risks = async (query: string) =>
    (await get<RiskRow>('risks', query)).items.map((r) => r.title);

  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t, 'Operations Lists');
    base = `/api/v1/orgs/${org.slug}`;
    const post = async (url: string, body: object, status = 201) => {
      const res = await org.owner.post(`${base}${url}`, body);
      expect(res.statusCode, res.body).toBe(status);
      return res.json() as { id: string };
    };
    for (const name of ['Scorer', 'Router', 'Claims bot'])
      ids[name] = (await post('/ai-systems', { name, purpose: 'Sorts.' })).id;
    const manager = await org.member('manager');
    const ia = await manager.post(`${base}/impact-assessments`, {
      aiSystemId: ids.Scorer,
      title: 'Scorer impact',
      reviewCycleMonths: 12,
    });
    await manager.post(`${base}/impact-assessments/${ia.json().id}/impacts`, {
      affected: 'individuals',
      dimension: 'fairness',
      description: 'Unequal scores.',
      severity: 2,
      likelihood: 2,
    });
    await post(`/impact-assessments/${ia.json().id}/approve`, {}, 200);
    const me = (await org.owner.get(`${base}/members`)).json().items[0].id as string;
    ids.drift = (
      await post('/risks', {
        title: 'Model drift',
        aiSystemIds: [ids.Scorer],
        ownerMemberId: me,
        inherentLikelihood: 3,
        inherentImpact: 3,
        treatment: 'modify',
        reviewDate: '2099-01-01',
      })
    ).id;
    await post('/risks', { title: 'bias in routing', aiSystemIds: [ids.Router] });
    await post('/risks', { title: 'Supplier outage', aiSystemIds: [] });
  });
  afterAll(() => t?.close());

  it('lists the AI systems, what is behind first, searched and filtered as /operations does', async () => {
    const all = (await org.owner.get(`${base}/operations`)).json() as { systems: SystemRow[] };
    const scorer = all.systems.find((s) => s.name === 'Scorer')!;
    expect(scorer.status).toBe('done');
    // Never assessed first (by name), then done.
    expect(await systems('')).toEqual(['Claims bot', 'Router', 'Scorer']);
    expect(await systems('q=ROUT')).toEqual(['Router']);
    expect(await systems('status=done')).toEqual(['Scorer']);
    expect(await systems('status=missing&q=o')).toEqual(['Claims bot', 'Router']);
    expect(await systems('owed=true')).toEqual([]);
    expect(await systems('sort=-name')).toEqual(['Scorer', 'Router', 'Claims bot']);
    const first = await get<SystemRow>('systems', 'sort=name&limit=2');
    expect(first.items.map((s) => s.name)).toEqual(['Claims bot', 'Router']);
    const rest = await get<SystemRow>('systems', `sort=name&limit=2&cursor=${first.nextCursor}`);
    expect(rest.items.map((s) => s.name)).toEqual(['Scorer']);
    expect(rest.nextCursor).toBeNull();
  });

  it('lists the open risks, filtered by AI system, assessed and treatment, with names', async () => {
    expect(await risks('q=BIAS')).toEqual(['bias in routing']);
    expect(await risks(`aiSystemId=${ids.Scorer}`)).toEqual(['Model drift']);
    expect(await risks('assessed=true')).toEqual(['Model drift']);
    expect((await risks('assessed=false')).sort()).toEqual(['Supplier outage', 'bias in routing']);
    expect(await risks('progress=implemented')).toEqual([]);
    expect(await risks('sort=title')).toEqual([
      'bias in routing',
      'Model drift',
      'Supplier outage',
    ]);
    const drift = await get<RiskRow>('risks', 'q=drift');
    const row = drift.items[0]!;
    expect(drift.names[ids.Scorer!]).toBe('Scorer');
    expect(drift.names[row.ownerMemberId!]).toBeTruthy();
    const first = await get<RiskRow>('risks', 'sort=-title&limit=1');
    const second = await get<RiskRow>('risks', `sort=-title&limit=1&cursor=${first.nextCursor}`);
    const third = await get<RiskRow>('risks', `sort=-title&limit=1&cursor=${second.nextCursor}`);
    expect([first, second, third].map((p) => p.items[0]!.title)).toEqual([
      'Supplier outage',
      'Model drift',
      'bias in routing',
    ]);
    expect(third.nextCursor).toBeNull();
  });

  it('answers 400 at the parameter for a value it does not know', async () => {
    const first = await get<RiskRow>('risks', 'sort=title&limit=1');
    for (const [path, query, pointer] of [
      ['systems', 'status=late', '/query/status'],
      ['systems', 'sort=owner', '/query/sort'],
      ['systems', 'cursor=nonsense', '/query/cursor'],
      ['risks', 'progress=half', '/query/progress'],
      ['risks', 'aiSystemId=scorer', '/query/aiSystemId'],
      ['risks', 'assessed=yes', '/query/assessed'],
      // A cursor of another sort order is refused, not misread.
      ['risks', `sort=-title&cursor=${first.nextCursor}`, '/query/cursor'],
    ] as const) {
      const res = await org.owner.get(`${base}/operations/${path}?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors[0].pointer).toBe(pointer);
    }
  });
});
