// Policies, documents and objectives over HTTP: the names of the members and records they refer
// to (only what the caller may read), and `q` search and `sort` on the documents and objectives
// lists, as on the other record lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, createOrgFixture, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

interface Item {
  id: string;
  title: string;
  names: Record<string, string>;
}

describe.each(DIALECTS)('policies, documents and objectives lists on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let memberId: string;
  let memberName: string;
  let manager: ApiClient;
  let systemId: string;
  const tokenWith = async (scopes: string[]) => {
    const r = await org.owner.post(`${base}/tokens`, { name: scopes.join(' '), scopes });
    expect(r.statusCode).toBe(201);
    return new ApiClient(t.app, { token: r.json().token as string });
  };
  const titles = (items: Item[]) => items.map((i) => i.title);

  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    const worker = await org.member('manager');
    manager = worker;
    memberId = worker.memberId;
    const members = (await org.owner.get(`${base}/members`)).json().items as {
      id: string;
      name: string;
      email: string;
    }[];
    const m = members.find((x) => x.id === memberId)!;
    memberName = m.name || m.email;
    const sys = await org.owner.post(`${base}/ai-systems`, {
      name: 'Triage Assistant',
      purpose: 'Suggests an urgency level.',
    });
    expect(sys.statusCode).toBe(201);
    systemId = sys.json().id;
  });
  afterAll(() => t.close());

  it('names a policy’s owner and related policies, and its versions’ author and approver', async () => {
    const first = await org.owner.post(`${base}/policies`, {
      title: 'Data use policy',
      kind: 'topic_policy',
      reviewCycleMonths: 12,
      content: 'Data is used with care.',
    });
    expect(first.statusCode).toBe(201);
    const created = await org.owner.post(`${base}/policies`, {
      title: 'AI policy',
      kind: 'ai_policy',
      reviewCycleMonths: 12,
      content: 'We mean it.',
      ownerMemberId: memberId,
      relatedPolicyIds: [first.json().policy.id],
    });
    expect(created.statusCode, created.body).toBe(201);
    const { policy, version } = created.json();
    const expected = { [memberId]: memberName, [first.json().policy.id]: 'Data use policy' };
    expect(policy.names).toEqual(expected);
    expect((await org.owner.get(`${base}/policies/${policy.id}`)).json().names).toEqual(expected);
    const list = (await org.owner.get(`${base}/policies`)).json().items as Item[];
    expect(list.find((p) => p.id === policy.id)!.names).toEqual(expected);

    // The author is the organization's owner; a manager approves, then it is published.
    const url = `${base}/policies/${policy.id}/versions/${version.id}`;
    expect(version.authorMemberId).toBeTruthy();
    expect(Object.keys(version.names)).toEqual([version.authorMemberId]);
    let v = (
      await org.owner.post(`${url}/submit`, {}, { 'if-match': `"${version.version}"` })
    ).json();
    const approved = await manager.post(`${url}/approve`, {}, { 'if-match': `"${v.version}"` });
    expect(approved.statusCode, approved.body).toBe(200);
    v = approved.json();
    expect(v.names[memberId]).toBe(memberName);
    expect(Object.keys(v.names).sort()).toEqual([v.authorMemberId, memberId].sort());
    expect(
      (await org.owner.post(`${url}/publish`, {}, { 'if-match': `"${v.version}"` })).statusCode,
    ).toBe(200);
    expect(
      (await manager.post(`${base}/policies/${policy.id}/acknowledgements`, { versionId: v.id }))
        .statusCode,
    ).toBe(201);
    const acks = (await org.owner.get(`${base}/policies/${policy.id}/acknowledgements`)).json();
    expect(acks.items.map((a: { memberId: string }) => a.memberId)).toEqual([memberId]);
    expect(acks.names).toEqual({ [memberId]: memberName });

    // A token that may read policies but not members sees ids without names, and the policies'.
    const onlyPolicies = await tokenWith(['policies.read']);
    const seen = (await onlyPolicies.get(`${base}/policies/${policy.id}`)).json();
    expect(seen.ownerMemberId).toBe(memberId);
    expect(seen.names).toEqual({ [first.json().policy.id]: 'Data use policy' });
    const acksSeen = (
      await onlyPolicies.get(`${base}/policies/${policy.id}/acknowledgements`)
    ).json();
    expect(acksSeen.names).toEqual({});
  });

  it('names a document’s owner and searches, filters and sorts documents', async () => {
    for (const [title, kind] of [
      ['Impact assessment procedure', 'procedure'],
      ['audit plan 2027', 'plan'],
      ['Bias report', 'report'],
    ] as const) {
      const r = await org.owner.post(`${base}/documents`, {
        title,
        kind,
        classification: 'internal',
        retentionMonths: 60,
        content: '# Text',
        ownerMemberId: memberId,
      });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json().document.names).toEqual({ [memberId]: memberName });
      expect(Object.keys(r.json().version.names)).toEqual([r.json().version.authorMemberId]);
    }
    const list = async (query: string) => {
      const res = await org.owner.get(`${base}/documents?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items as Item[];
    };
    expect((await list('q=PLAN'))[0]!.names).toEqual({ [memberId]: memberName });
    expect(titles(await list('q=PLAN'))).toEqual(['audit plan 2027']);
    expect(titles(await list('q=%25'))).toEqual([]);
    expect(titles(await list('kind=report'))).toEqual(['Bias report']);
    expect(titles(await list('sort=title'))).toEqual([
      'audit plan 2027',
      'Bias report',
      'Impact assessment procedure',
    ]);
    const first = (await org.owner.get(`${base}/documents?sort=-title&limit=2`)).json();
    expect([
      ...titles(first.items),
      ...titles(await list(`sort=-title&cursor=${first.nextCursor}`)),
    ]).toEqual(['Impact assessment procedure', 'Bias report', 'audit plan 2027']);
    for (const bad of ['sort=colour', 'kind=poem']) {
      const res = await org.owner.get(`${base}/documents?${bad}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].pointer).toBe(`/query/${bad.split('=')[0]}`);
    }
    const onlyDocuments = await tokenWith(['documents.read']);
    const seen = (await onlyDocuments.get(`${base}/documents?q=plan`)).json().items as Item[];
    expect(seen[0]!.names).toEqual({});
  });

  it('names an objective’s owner and AI systems and searches, filters and sorts objectives', async () => {
    for (const [title, metric, frequency] of [
      ['Keep missed urgent cases rare', 'False negative rate', 'monthly'],
      ['answer complaints quickly', 'Days to answer', 'weekly'],
      ['Fair triage', 'Gap between age groups', 'quarterly'],
    ] as const) {
      const r = await org.owner.post(`${base}/objectives`, {
        title,
        metric,
        direction: 'at_most',
        target: 2,
        frequency,
        ownerMemberId: memberId,
        aiSystemIds: [systemId],
      });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json().names).toEqual({ [memberId]: memberName, [systemId]: 'Triage Assistant' });
    }
    const list = async (query: string) => {
      const res = await org.owner.get(`${base}/objectives?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items as Item[];
    };
    expect(titles(await list('q=AGE'))).toEqual(['Fair triage']);
    expect(titles(await list('q=urgent'))).toEqual(['Keep missed urgent cases rare']);
    expect(titles(await list('frequency=weekly'))).toEqual(['answer complaints quickly']);
    expect(titles(await list('sort=title'))).toEqual([
      'answer complaints quickly',
      'Fair triage',
      'Keep missed urgent cases rare',
    ]);
    const first = (await org.owner.get(`${base}/objectives?sort=-title&limit=1`)).json();
    expect([
      ...titles(first.items),
      ...titles(await list(`sort=-title&cursor=${first.nextCursor}`)),
    ]).toEqual(['Keep missed urgent cases rare', 'Fair triage', 'answer complaints quickly']);
    const bad = await org.owner.get(`${base}/objectives?sort=colour`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].pointer).toBe('/query/sort');
    const onlyObjectives = await tokenWith(['objectives.read']);
    const seen = (await onlyObjectives.get(`${base}/objectives?q=fair`)).json().items as Item[];
    expect(seen[0]!.names).toEqual({});
  });
});
