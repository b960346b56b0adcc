import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUIREMENTS } from '../src/catalog/index.js';
import { RULES } from '../src/modules/readiness/index.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type OrgFixture } from './client.js';

describe('readiness rules', () => {
  it('evaluate exactly the assessable clause leaves of the catalog', () => {
    const clauses = REQUIREMENTS.filter((r) => r.kind === 'clause').map((r) => r.id);
    expect(Object.keys(RULES.clauses).sort()).toEqual([...clauses].sort());
  });
});

describe.each(DIALECTS)('readiness on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
  });
  afterAll(() => t.close());

  const get = async () => (await org.owner.get(`${base}/readiness`)).json();
  type Result = {
    id: string;
    status: string;
    reasons: { detail: string; refs: { type: string; id: string }[] }[];
  };
  const req = (r: { requirements: Result[] }, id: string): Result => {
    const found = r.requirements.find((x) => x.id === id);
    if (!found) throw new Error(`no requirement ${id}`);
    return found;
  };

  it('starts at zero, rises as records arrive, and traces every status to its records', async () => {
    const empty = await get();
    expect(empty.overall.met).toBe(0);
    // Nothing recorded earns nothing: every requirement is missing, none met or partly met.
    expect(
      empty.requirements.filter((r: Result) => r.status !== 'missing').map((r: Result) => r.id),
    ).toEqual([]);
    expect(empty.requirements).toHaveLength(REQUIREMENTS.length);
    expect(req(empty, '4.1').status).toBe('missing');
    expect(req(empty, 'A.6.2.4').reasons[0]!.detail).toContain('Not decided');
    const gaps0 = (await org.owner.get(`${base}/readiness/gaps?limit=5`)).json();
    expect(gaps0.items[0].id).toBe('4.1');
    expect(gaps0.nextCursor).not.toBeNull();

    const internal = (
      await org.owner.post(`${base}/context-issues`, {
        title: 'Skills shortage',
        kind: 'internal',
        category: 'organizational',
      })
    ).json();
    expect(req(await get(), '4.1').status).toBe('partial');
    await org.owner.post(`${base}/context-issues`, {
      title: 'AI Act',
      kind: 'external',
      category: 'regulatory',
    });
    // Issues alone are not the context: their reviews, the climate decision and the AI roles lack.
    const r41 = req(await get(), '4.1');
    expect(r41.status).toBe('partial');
    expect(r41.reasons[0]!.refs).toEqual([{ type: 'context_issues', id: internal.id }]);
    expect(r41.reasons.find((r) => r.detail.includes('climate'))).toBeTruthy();

    // 5.3: the AIMS roles, not an accountable person for each AI system (that is A.3.2).
    const a = (await org.owner.post(`${base}/ai-systems`, { name: 'A', purpose: 'x' })).json();
    const b = (await org.owner.post(`${base}/ai-systems`, { name: 'B', purpose: 'x' })).json();
    const members = (await org.owner.get(`${base}/members`)).json().items;
    await org.owner.post(`${base}/responsibilities`, {
      memberId: members[0].id,
      subjectType: 'ai_system',
      subjectId: a.id,
      raci: 'accountable',
    });
    await org.owner.post(`${base}/responsibilities`, {
      memberId: members[0].id,
      subjectType: 'ai_system',
      subjectId: b.id,
      raci: 'accountable',
    });
    const r53 = req(await get(), '5.3');
    expect(r53.status).toBe('missing');
    expect(r53.reasons[0]!.detail).toContain('No document has the purpose "aims_roles"');
    await org.owner.post(`${base}/responsibilities`, {
      memberId: members[0].id,
      subjectType: 'aims_conformity',
      subjectId: 'The AIMS',
      raci: 'accountable',
    });
    expect(req(await get(), '5.3').status).toBe('partial');

    // A control: decided, implemented, with valid evidence.
    await org.owner.request('PUT', `${base}/soa/A.6.2.4`, {
      applicable: true,
      justification: 'We validate models.',
      implementationStatus: 'implemented',
    });
    expect(req(await get(), 'A.6.2.4').status).toBe('partial');
    const ev = (
      await org.owner.post(`${base}/evidence`, {
        kind: 'link',
        title: 'Validation report',
        url: 'https://x.example/v',
      })
    ).json();
    await org.owner.post(`${base}/evidence/${ev.id}/links`, {
      targetType: 'control',
      targetId: 'A.6.2.4',
    });
    const c = req(await get(), 'A.6.2.4');
    expect(c.status).toBe('met');
    expect(c.reasons[1]!.refs).toEqual([{ type: 'evidence', id: ev.id }]);
    await org.owner.request('PUT', `${base}/soa/A.10.4`, {
      applicable: false,
      justification: 'We have no customers.',
    });
    expect(req(await get(), 'A.10.4').status).toBe('not_applicable');
    const later = await get();
    expect(later.overall.readiness).toBeGreaterThan(empty.overall.readiness);
    expect(later.overall.notApplicable).toBe(1);

    const fw = (await org.owner.get(`${base}/readiness/frameworks`)).json().items;
    const act = fw.find((f: { id: string }) => f.id === 'eu-ai-act');
    expect(act.entries.length).toBeGreaterThan(0);
    for (const e of act.entries) expect(e.met).toBeLessThanOrEqual(e.linked);
  });

  it('holds A.8.4 short while a report of a serious incident to an authority is overdue', async () => {
    await org.owner.request('PUT', `${base}/soa/A.8.4`, {
      applicable: true,
      justification: 'We run AI systems in production.',
      implementationStatus: 'implemented',
    });
    const ev = (
      await org.owner.post(`${base}/evidence`, {
        kind: 'link',
        title: 'Incident procedure',
        url: 'https://x.example/incidents',
      })
    ).json();
    await org.owner.post(`${base}/evidence/${ev.id}/links`, {
      targetType: 'control',
      targetId: 'A.8.4',
    });
    const before = req(await get(), 'A.8.4');
    expect(before.status).toBe('met');
    expect(before.reasons[2]!.detail).toBe(
      'No report of a serious incident to an authority is due or overdue.',
    );
    // Aware three days ago of a widespread infringement: the AI Act report (2 days) is overdue.
    const aware = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const i = (
      await org.owner.post(`${base}/incidents`, {
        title: 'Loan refusals by postcode',
        severity: 'high',
        detectedAt: aware,
      })
    ).json();
    await org.owner.post(`${base}/incidents/${i.id}/classify`, {
      serious: true,
      seriousCase: 'widespread_infringement',
      reason: 'Discrimination across the customer base.',
      awareAt: aware,
    });
    const after = req(await get(), 'A.8.4');
    expect(after.status).toBe('partial');
    expect(after.reasons[2]).toMatchObject({
      detail: '1 report(s) of serious incidents to authorities are overdue.',
      refs: [{ type: 'incidents', id: i.id }],
    });
  });
});

describe('the catalog over the API', () => {
  it('serves the requirements and the controls with guidance, paged', async () => {
    const t = await openTestApp('sqlite');
    try {
      const org = await createOrgFixture(t);
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const q: string = cursor ? `&cursor=${cursor}` : '';
        const p = (await org.owner.get(`/api/v1/catalog/controls?limit=10${q}`)).json();
        ids.push(...p.items.map((c: { id: string }) => c.id));
        for (const c of p.items) expect(c.guidance.do.length).toBeGreaterThan(20);
        cursor = p.nextCursor;
      } while (cursor);
      expect(ids).toHaveLength(38);
      expect(
        (await org.owner.get('/api/v1/catalog/requirements?limit=200')).json().items,
      ).toHaveLength(REQUIREMENTS.length);
      expect((await org.owner.get('/api/v1/catalog')).json().sources.length).toBeGreaterThan(3);
      expect((await t.app.inject({ url: '/api/v1/catalog' })).statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });
});
