import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type OrgFixture } from './client.js';

describe.each(DIALECTS)('what a record view says the caller may do, on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let systemId: string;
  let riskId: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    const s = await org.owner.post(`${base}/ai-systems`, {
      name: 'Scorer',
      purpose: 'Scores',
      sector: 'finance',
      aiRoles: ['provider'],
    });
    systemId = s.json().id;
    riskId = (await org.owner.post(`${base}/risks`, { title: 'Bias' })).json().id;
  });
  afterAll(() => t.close());

  it('gives register records edit and delete abilities by role: none to a viewer, no delete to a contributor', async () => {
    const viewer = await org.member('viewer');
    const contributor = await org.member('contributor');
    const of = async (c: typeof org.owner) =>
      (await c.get(`${base}/ai-systems/${systemId}`)).json().abilities;
    expect(await of(org.owner)).toEqual({ edit: true, delete: true });
    expect(await of(contributor)).toEqual({ edit: true, delete: false });
    expect(await of(viewer)).toEqual({ edit: false, delete: false });
    const list = (await viewer.get(`${base}/ai-systems`)).json().items;
    expect(list[0].abilities).toEqual({ edit: false, delete: false });
    expect((await viewer.get(`${base}/risks/${riskId}`)).json().abilities).toEqual({
      edit: false,
      accept: false,
    });
  });

  it('gives policies, documents and objectives their edit abilities by role: none to a viewer', async () => {
    const viewer = await org.member('viewer');
    const contributor = await org.member('contributor');
    const policy = (
      await org.owner.post(`${base}/policies`, {
        title: 'AI policy',
        kind: 'ai_policy',
        reviewCycleMonths: 12,
        content: '# AI policy',
      })
    ).json().policy;
    expect(policy.abilities).toEqual({ edit: true, draft: true });
    const doc = (
      await org.owner.post(`${base}/documents`, {
        title: 'Procedure',
        kind: 'procedure',
        classification: 'internal',
        retentionMonths: 60,
        content: '# Procedure',
      })
    ).json().document;
    const objective = (
      await org.owner.post(`${base}/objectives`, {
        title: 'Fewer complaints',
        metric: 'Complaints a month',
        direction: 'at_most',
        target: 3,
        frequency: 'monthly',
      })
    ).json();
    const of = async (c: typeof org.owner) => ({
      policy: (await c.get(`${base}/policies/${policy.id}`)).json().abilities,
      policies: (await c.get(`${base}/policies`)).json().items[0].abilities,
      document: (await c.get(`${base}/documents/${doc.id}`)).json().abilities,
      objective: (await c.get(`${base}/objectives/${objective.id}`)).json().abilities,
    });
    const all = {
      policy: { edit: true, draft: true },
      policies: { edit: true, draft: true },
      document: { edit: true, draft: true },
      objective: { edit: true, measure: true },
    };
    expect(await of(org.owner)).toEqual(all);
    expect(await of(contributor)).toEqual(all);
    expect(await of(viewer)).toEqual({
      policy: { edit: false, draft: false },
      policies: { edit: false, draft: false },
      document: { edit: false, draft: false },
      objective: { edit: false, measure: false },
    });
  });

  it('lets only managers and owners decide controls of the statement', async () => {
    const viewer = await org.member('viewer');
    const contributor = await org.member('contributor');
    const manager = await org.member('manager');
    const of = async (c: typeof org.owner) =>
      (await c.get(`${base}/soa?limit=1`)).json().items[0].abilities;
    expect(await of(org.owner)).toEqual({ decide: true });
    expect(await of(manager)).toEqual({ decide: true });
    expect(await of(contributor)).toEqual({ decide: false });
    expect(await of(viewer)).toEqual({ decide: false });
    const decided = await org.owner.request('PUT', `${base}/soa/A.2.2`, {
      applicable: true,
      justification: 'We have an AI policy.',
    });
    expect(decided.json().abilities).toEqual({ decide: true });
  });

  it('lets only managers and owners set the risk criteria', async () => {
    const viewer = await org.member('viewer');
    const contributor = await org.member('contributor');
    const manager = await org.member('manager');
    const of = async (c: typeof org.owner) =>
      (await c.get(`${base}/risk-criteria`)).json().abilities;
    expect(await of(org.owner)).toEqual({ edit: true });
    expect(await of(manager)).toEqual({ edit: true });
    expect(await of(contributor)).toEqual({ edit: false });
    expect(await of(viewer)).toEqual({ edit: false });
  });
});
