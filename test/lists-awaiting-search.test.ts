// Register lists that gained a filter, on both stores: "awaiting my approval" (`awaiting=me`) on
// policies (a version in review that the caller did not write) and documents (a draft version that
// the caller did not write), the same records the caller's inbox asks them to approve; and `q` on
// impact assessments (title, summary) and DPIAs (title), in any case. A bad value answers 400 with
// a pointer to the parameter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, type ApiClient, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

interface Rec {
  id: string;
  version: number;
}

describe.each(DIALECTS)('awaiting and search on more registers on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let author: ApiClient & { memberId: string };
  let approver: ApiClient & { memberId: string };
  let contributor: ApiClient & { memberId: string };
  let systemId: string;

  const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
    const r = await res;
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.json() as Rec & Record<'policy' | 'version' | 'document', Rec>;
  };
  const titles = async (who: ApiClient, path: string, query: string) => {
    const res = await who.get(`${base}/${path}?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: { title: string }[] }).items.map((i) => i.title).sort();
  };
  const inbox = async (who: ApiClient, kind: string) => {
    const res = await who.get(`${base}/inbox`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().groups as { items: { kind: string }[] }[])
      .flatMap((g) => g.items)
      .filter((i) => i.kind === kind).length;
  };

  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    author = await org.member('manager');
    approver = await org.member('manager');
    contributor = await org.member('contributor');
    systemId = (
      await ok(author.post(`${base}/ai-systems`, { name: 'Triage assistant', purpose: 'Sorts.' }))
    ).id;
  });
  afterAll(() => t?.close());

  it('lists the policies with a version waiting for the caller’s approval', async () => {
    const policy = async (who: ApiClient, title: string, submit: boolean) => {
      const { policy: p, version: v } = await ok(
        who.post(`${base}/policies`, { title, kind: 'topic_policy', reviewCycleMonths: 12 }),
      );
      if (submit) await ok(who.post(`${base}/policies/${p!.id}/versions/${v!.id}/submit`));
      return { p: p!, v: v! };
    };
    await policy(author, 'Draft policy', false);
    await policy(author, 'Review policy', true);
    await policy(approver, 'Own policy', true);
    // Approved by the approver: it no longer waits for anyone.
    const done = await policy(author, 'Approved policy', true);
    await ok(approver.post(`${base}/policies/${done.p.id}/versions/${done.v.id}/approve`));

    const path = 'policies';
    expect(await titles(approver, path, 'awaiting=me')).toEqual(['Review policy']);
    expect(await titles(author, path, 'awaiting=me')).toEqual(['Own policy']);
    expect(await titles(org.owner, path, 'awaiting=me')).toEqual(['Own policy', 'Review policy']);
    expect(await titles(org.owner, path, 'awaiting=me&q=own')).toEqual(['Own policy']);
    // A contributor may not approve: nothing waits for them, though they read every policy.
    expect(await titles(contributor, path, 'awaiting=me')).toEqual([]);
    expect(await titles(contributor, path, '')).toHaveLength(4);
    for (const who of [approver, author, org.owner, contributor])
      expect(await inbox(who, 'policy_approval')).toBe(
        (await titles(who, path, 'awaiting=me')).length,
      );
  });

  it('lists the documents with a draft version waiting for the caller’s approval', async () => {
    const doc = async (who: ApiClient, title: string) => {
      const { document: d, version: v } = await ok(
        who.post(`${base}/documents`, {
          title,
          kind: 'procedure',
          classification: 'internal',
          retentionMonths: 60,
          content: `# ${title}`,
        }),
      );
      return { d: d!, v: v! };
    };
    await doc(author, 'Incident procedure');
    await doc(approver, 'Own procedure');
    const done = await doc(author, 'Approved procedure');
    await ok(approver.post(`${base}/documents/${done.d.id}/versions/${done.v.id}/approve`));

    const path = 'documents';
    expect(await titles(approver, path, 'awaiting=me')).toEqual(['Incident procedure']);
    expect(await titles(author, path, 'awaiting=me')).toEqual(['Own procedure']);
    expect(await titles(org.owner, path, 'awaiting=me')).toEqual([
      'Incident procedure',
      'Own procedure',
    ]);
    expect(await titles(org.owner, path, 'awaiting=me&sort=-title')).toEqual([
      'Incident procedure',
      'Own procedure',
    ]);
    expect(await titles(contributor, path, 'awaiting=me')).toEqual([]);
    expect(await titles(contributor, path, '')).toHaveLength(3);
    for (const who of [approver, author, org.owner, contributor])
      expect(await inbox(who, 'document_approval')).toBe(
        (await titles(who, path, 'awaiting=me')).length,
      );
  });

  it('searches impact assessments by title and summary, DPIAs by title, in any case', async () => {
    await ok(
      author.post(`${base}/impact-assessments`, {
        aiSystemId: systemId,
        title: 'Triage fairness review',
        summary: 'Older patients ranked lower.',
      }),
    );
    await ok(
      author.post(`${base}/impact-assessments`, { aiSystemId: systemId, title: 'Yearly 100% IA' }),
    );
    const ia = 'impact-assessments';
    expect(await titles(author, ia, 'q=FAIRNESS')).toEqual(['Triage fairness review']);
    expect(await titles(author, ia, 'q=older%20PATIENTS')).toEqual(['Triage fairness review']);
    expect(await titles(author, ia, 'q=100%25')).toEqual(['Yearly 100% IA']);
    expect(await titles(author, ia, 'q=_')).toEqual([]);
    expect(await titles(author, ia, '')).toHaveLength(2);

    for (const title of ['Triage DPIA', 'Chatbot DPIA'])
      await ok(
        author.post(`${base}/dpias`, {
          aiSystemId: systemId,
          title,
          personalData: true,
          screening: {},
        }),
      );
    expect(await titles(author, 'dpias', 'q=triage')).toEqual(['Triage DPIA']);
    expect(await titles(author, 'dpias', 'q=dpia')).toEqual(['Chatbot DPIA', 'Triage DPIA']);
    expect(await titles(author, 'dpias', 'q=nothing')).toEqual([]);
  });

  it('answers 400 at the parameter for a bad value', async () => {
    for (const path of ['policies', 'documents']) {
      const res = await org.owner.get(`${base}/${path}?awaiting=you`);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors[0].pointer).toBe('/query/awaiting');
    }
    for (const path of ['impact-assessments', 'dpias']) {
      const res = await org.owner.get(`${base}/${path}?q=${'x'.repeat(201)}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].pointer).toBe('/query/q');
    }
  });
});
