// My work for DPIAs, on both stores: a draft DPIA waits for approval by a manager or owner who
// did not write it (not while it lacks Art. 35(7) content), and a DPIA with high residual risk
// waits for its author to consult the supervisory authority (GDPR Art. 36) until the authority
// has answered; each links to the DPIA page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, type ApiClient, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

interface Item {
  key: string;
  kind: string;
  why: string;
  path: string;
}

describe.each(DIALECTS)('my work for DPIAs on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  let base: string;
  let manager: ApiClient & { memberId: string };
  let second: ApiClient & { memberId: string };
  let minutes = 0;
  const tick = () => {
    minutes += 1;
    const at = Date.now() + minutes * 60_000;
    t.services.now = () => new Date(at);
  };
  const items = async (c: ApiClient, kind: string, b = base) => {
    const res = await c.get(`${b}/inbox`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().groups as { items: Item[] }[])
      .flatMap((g) => g.items)
      .filter((i) => i.kind === kind);
  };
  const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
    tick();
    const r = await res;
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.json() as { id: string; version: number };
  };

  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t, 'DPIA Org');
    other = await createOrgFixture(t, 'Other Org');
    base = `/api/v1/orgs/${org.slug}`;
    manager = await org.member('manager');
    second = await org.member('manager');
  });
  afterAll(() => t?.close());

  it('asks another manager to approve a draft, and the author to consult while high risk remains', async () => {
    const sys = await ok(
      manager.post(`${base}/ai-systems`, { name: 'Triage assistant', purpose: 'Sorts patients.' }),
    );
    let d = await ok(
      manager.post(`${base}/dpias`, {
        aiSystemId: sys.id,
        title: 'Triage DPIA',
        personalData: true,
        screening: {},
      }),
    );
    // A DPIA the screening requires, still without its Art. 35(7) content, is not approvable yet.
    await ok(
      manager.post(`${base}/dpias`, {
        aiSystemId: sys.id,
        title: 'Required DPIA',
        personalData: true,
        screening: { special_categories_large_scale: true, vulnerable_people: true },
      }),
    );
    const approvals = await items(second, 'dpia_approval');
    expect(approvals).toEqual([
      expect.objectContaining({
        key: `dpia_approval:${d.id}`,
        path: `/o/${org.slug}/dpia/${d.id}`,
        why: expect.stringMatching(/draft DPIA/),
      }),
    ]);
    expect(await items(org.owner, 'dpia_approval')).toHaveLength(1);
    // Its author may not approve it; nor does another organization see it.
    expect(await items(manager, 'dpia_approval')).toEqual([]);
    expect(await items(other.owner, 'dpia_approval', `/api/v1/orgs/${other.slug}`)).toEqual([]);
    expect(await items(manager, 'dpia_consultation')).toEqual([]);

    d = await ok(
      manager.request(
        'PATCH',
        `${base}/dpias/${d.id}`,
        { residualHighRisk: true },
        {
          'if-match': `"${d.version}"`,
        },
      ),
    );
    const consult = await items(manager, 'dpia_consultation');
    expect(consult).toEqual([
      expect.objectContaining({
        key: `dpia_consultation:${d.id}`,
        path: `/o/${org.slug}/dpia/${d.id}`,
        why: expect.stringMatching(/Art\. 36/),
      }),
    ]);
    expect(await items(second, 'dpia_consultation')).toEqual([]);

    d = await ok(
      second.request('POST', `${base}/dpias/${d.id}/approve`, {}, { 'if-match': `"${d.version}"` }),
    );
    expect(await items(second, 'dpia_approval')).toEqual([]);
    expect(await items(manager, 'dpia_consultation')).toHaveLength(1);

    const consultation = { authority: 'Data Protection Authority', submittedOn: '2026-03-10' };
    d = await ok(
      manager.request(
        'PUT',
        `${base}/dpias/${d.id}/consultation`,
        { ...consultation, outcome: 'pending' },
        { 'if-match': `"${d.version}"` },
      ),
    );
    expect((await items(manager, 'dpia_consultation'))[0]?.why).toMatch(/pending/);
    await ok(
      manager.request(
        'PUT',
        `${base}/dpias/${d.id}/consultation`,
        { ...consultation, outcome: 'written_advice', outcomeOn: '2026-04-01' },
        { 'if-match': `"${d.version}"` },
      ),
    );
    expect(await items(manager, 'dpia_consultation')).toEqual([]);
  });
});
