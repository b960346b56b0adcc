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
});
