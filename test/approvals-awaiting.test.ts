// "Awaiting my approval" on the impact assessment and DPIA lists (`awaiting=me`), on both stores:
// drafts the caller's role may approve and they did not author, an assessment only once it has an
// impact, a DPIA the screening requires only once it has its Art. 35 content: the same records
// the caller's inbox asks them to approve. Anything but `me` answers 400 at the parameter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, type ApiClient, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

describe.each(DIALECTS)('awaiting my approval on %s', (dialect) => {
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
    return r.json() as { id: string; version: number };
  };
  const titles = async (who: ApiClient, path: string, query: string) => {
    const res = await who.get(`${base}/${path}?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return ((res.json() as { items: { title: string }[] }).items ?? []).map((i) => i.title).sort();
  };
  const inbox = async (who: ApiClient, kind: string) => {
    const res = await who.get(`${base}/inbox`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().groups as { items: { kind: string; title: string }[] }[])
      .flatMap((g) => g.items)
      .filter((i) => i.kind === kind)
      .map((i) => i.title);
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

  it('lists the impact assessments that wait for the caller’s approval', async () => {
    const impact = {
      affected: 'groups',
      dimension: 'fairness',
      description: 'Older patients ranked lower.',
      severity: 3,
      likelihood: 2,
    };
    for (const title of ['Ready IA', 'Approved IA']) {
      const a = await ok(
        author.post(`${base}/impact-assessments`, { aiSystemId: systemId, title }),
      );
      await ok(author.post(`${base}/impact-assessments/${a.id}/impacts`, impact));
    }
    // A draft with no impact yet is not approvable; nor is one the approver wrote.
    await ok(
      author.post(`${base}/impact-assessments`, { aiSystemId: systemId, title: 'Empty IA' }),
    );
    const own = await ok(
      approver.post(`${base}/impact-assessments`, { aiSystemId: systemId, title: 'Own IA' }),
    );
    await ok(approver.post(`${base}/impact-assessments/${own.id}/impacts`, impact));
    const done = (await author.get(`${base}/impact-assessments?status=draft`))
      .json()
      .items.find((a: { title: string }) => a.title === 'Approved IA') as {
      id: string;
      version: number;
    };
    await ok(
      approver.request(
        'POST',
        `${base}/impact-assessments/${done.id}/approve`,
        {},
        { 'if-match': `"${done.version}"` },
      ),
    );

    const path = 'impact-assessments';
    expect(await titles(approver, path, 'awaiting=me')).toEqual(['Ready IA']);
    expect(await titles(author, path, 'awaiting=me')).toEqual(['Own IA']);
    expect(await titles(org.owner, path, 'awaiting=me')).toEqual(['Own IA', 'Ready IA']);
    expect(await titles(org.owner, path, 'awaiting=me&status=approved')).toEqual([]);
    // A contributor may not approve: nothing waits for them, though they read every assessment.
    expect(await titles(contributor, path, 'awaiting=me')).toEqual([]);
    expect(await titles(contributor, path, '')).toHaveLength(4);
    // The same as the inbox asks of each of them.
    for (const who of [approver, author, org.owner, contributor])
      expect((await inbox(who, 'impact_approval')).length).toBe(
        (await titles(who, path, 'awaiting=me')).length,
      );
  });

  it('lists the DPIAs that wait for the caller’s approval', async () => {
    const dpia = (who: ApiClient, title: string, screening: Record<string, boolean>) =>
      ok(who.post(`${base}/dpias`, { aiSystemId: systemId, title, personalData: true, screening }));
    const required = { special_categories_large_scale: true, vulnerable_people: true };
    await dpia(author, 'Screened DPIA', {});
    await dpia(approver, 'Own DPIA', {});
    // Required: not approvable until its Art. 35(7) content and the DPO's advice are recorded.
    await dpia(author, 'Bare DPIA', required);
    let full = await dpia(author, 'Full DPIA', required);
    full = await ok(
      author.request(
        'PATCH',
        `${base}/dpias/${full.id}`,
        {
          processing: 'Symptoms and age of patients.',
          purposes: 'Ranking by urgency.',
          necessity: 'No ranking without them.',
          risks: 'Older patients ranked lower.',
          measures: 'Monthly subgroup checks.',
          residualHighRisk: false,
        },
        { 'if-match': `"${full.version}"` },
      ),
    );
    const path = 'dpias';
    // Everything but the DPO's advice: still not approvable.
    expect(await titles(approver, path, 'awaiting=me')).toEqual(['Screened DPIA']);
    await ok(
      author.request(
        'PUT',
        `${base}/dpias/${full.id}/advice`,
        { dpoName: 'Dana Officer', advice: 'Go ahead.', advisedOn: '2026-03-01', followed: true },
        { 'if-match': `"${full.version}"` },
      ),
    );
    expect(await titles(approver, path, 'awaiting=me')).toEqual(['Full DPIA', 'Screened DPIA']);
    expect(await titles(author, path, 'awaiting=me')).toEqual(['Own DPIA']);
    expect(await titles(org.owner, path, 'awaiting=me')).toEqual([
      'Full DPIA',
      'Own DPIA',
      'Screened DPIA',
    ]);
    expect(await titles(contributor, path, 'awaiting=me')).toEqual([]);
    expect(await titles(contributor, path, '')).toHaveLength(4);
    for (const who of [approver, author, org.owner, contributor])
      expect((await inbox(who, 'dpia_approval')).length).toBe(
        (await titles(who, path, 'awaiting=me')).length,
      );
  });

  it('answers 400 at the parameter for anything but me', async () => {
    for (const path of ['impact-assessments', 'dpias']) {
      const res = await org.owner.get(`${base}/${path}?awaiting=you`);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors[0].pointer).toBe('/query/awaiting');
    }
  });
});
