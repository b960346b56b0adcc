// The list of audit findings across the audits over HTTP: newest first with the audit and the
// names of what each finding refers to (requirement, nonconformity raised, opportunity logged);
// `q` on the title, the description or the readable id (f-2); each filter narrows the list;
// sorting pages without repeats; a bad value answers 400 at its parameter. The nonconformity a
// finding raised names the finding and its audit as its source.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, type ApiClient, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

type Member = ApiClient & { memberId: string };
interface Row {
  id: string;
  ref: string;
  title: string;
  grade: string;
  requirementId: string;
  nonconformityId: string | null;
  improvementId: string | null;
  audit: { id: string; number: number; title: string; status: string };
  names: Record<string, string>;
}

describe.each(DIALECTS)('audit findings list on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let lead: Member;
  const audits: { id: string; title: string }[] = [];

  const list = async (query: string) => {
    const res = await org.owner.get(`${base}/audit-findings?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Row[]; nextCursor: string | null };
  };
  const refs = async (query: string) => (await list(query)).items.map((i) => i.ref);

  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t, 'Findings Health');
    base = `/api/v1/orgs/${org.slug}`;
    const manager = await org.member('manager');
    lead = await org.member('contributor');
    for (const [title, scope] of [
      ['Life cycle audit', ['A.6.2.4', '9.2']],
      ['Supplier audit', ['A.10']],
    ] as const) {
      const planned = await manager.post(`${base}/audits`, {
        title,
        criteria: 'ISO/IEC 42001 and the AI policy.',
        scope,
        plannedStart: '2026-05-04',
        plannedEnd: '2026-05-06',
        leadAuditorMemberId: lead.memberId,
      });
      expect(planned.statusCode, planned.body).toBe(201);
      audits.push({ id: planned.json().id, title });
    }
    // Each audit is started by its lead before its first finding; both stay in progress.
    for (const [i, grade, requirementId, title, description, extra] of [
      [0, 'minor', 'A.6.2.4', 'Release 4.2 went out without its bias test', null, {}],
      [0, 'observation', '9.2.1', 'Checklist kept on paper', 'Covers 100% of the sample.', {}],
      [
        1,
        'opportunity',
        'A.10.3',
        'Supplier review could be shorter',
        null,
        { logImprovement: true },
      ],
      [1, 'major', 'A.10.2', 'No supplier contract names AI duties', null, {}],
    ] as const) {
      const one = `${base}/audits/${audits[i]!.id}`;
      const a = (await lead.get(one)).json();
      if (a.status === 'planned') {
        const started = await lead.post(`${one}/start`, {}, { 'if-match': `"${a.version}"` });
        expect(started.statusCode, started.body).toBe(200);
      }
      const f = await lead.post(`${one}/findings`, {
        grade,
        requirementId,
        title,
        description,
        ...extra,
      });
      expect(f.statusCode, f.body).toBe(201);
    }
  });
  afterAll(() => t?.close());

  it('lists every audit’s findings newest first, with the audit and the names it refers to', async () => {
    const { items } = await list('');
    expect(items.map((i) => i.ref)).toEqual(['F-0004', 'F-0003', 'F-0002', 'F-0001']);
    const [major, opportunity, , minor] = items;
    expect(major!.audit).toEqual({
      id: audits[1]!.id,
      number: 2,
      title: 'Supplier audit',
      status: 'in_progress',
    });
    expect(minor!.audit.title).toBe('Life cycle audit');
    // The nonconformity raised is named by its title, the opportunity by its, the control by its.
    expect(minor!.nonconformityId).toEqual(expect.any(String));
    expect(minor!.names[minor!.nonconformityId!]).toBe(
      'Release 4.2 went out without its bias test',
    );
    expect(minor!.names['A.6.2.4']).toEqual(expect.any(String));
    expect(opportunity!.improvementId).toEqual(expect.any(String));
    expect(opportunity!.names[opportunity!.improvementId!]).toBe(
      'Supplier review could be shorter',
    );
    expect(opportunity!.names[lead.memberId]).toEqual(expect.any(String));
  });

  it('searches the title, the description and the readable id in any case', async () => {
    expect(await refs('q=BIAS')).toEqual(['F-0001']);
    expect(await refs('q=100%25')).toEqual(['F-0002']);
    expect(await refs('q=f-3')).toEqual(['F-0003']);
    expect(await refs('q=F-0004')).toEqual(['F-0004']);
    expect(await refs('q=nothing%20like%20this')).toEqual([]);
  });

  it('filters by audit, grade, clause or control (with what is under it), audit state and outcome', async () => {
    expect(await refs(`auditId=${audits[0]!.id}`)).toEqual(['F-0002', 'F-0001']);
    expect(await refs('grade=major')).toEqual(['F-0004']);
    expect(await refs('grade=observation')).toEqual(['F-0002']);
    expect(await refs('requirementId=A.10')).toEqual(['F-0004', 'F-0003']);
    expect(await refs('requirementId=A.6.2.4')).toEqual(['F-0001']);
    expect(await refs('requirementId=9.2')).toEqual(['F-0002']);
    expect(await refs('requirementId=A.7')).toEqual([]);
    expect(await refs('auditStatus=in_progress')).toHaveLength(4);
    expect(await refs('auditStatus=planned')).toEqual([]);
    expect(await refs('raised=nonconformity')).toEqual(['F-0004', 'F-0001']);
    expect(await refs('raised=improvement')).toEqual(['F-0003']);
    expect(await refs('raised=none')).toEqual(['F-0002']);
    expect(await refs(`grade=major&auditId=${audits[0]!.id}`)).toEqual([]);
  });

  it('sorts by a field either way and pages without repeats', async () => {
    expect(await refs('sort=ref')).toEqual(['F-0001', 'F-0002', 'F-0003', 'F-0004']);
    expect(await refs('sort=-ref')).toEqual(['F-0004', 'F-0003', 'F-0002', 'F-0001']);
    expect(await refs('sort=title')).toEqual(['F-0002', 'F-0004', 'F-0001', 'F-0003']);
    // Two findings per audit: by the audit's title, then by id.
    expect((await refs('sort=audit')).slice(0, 2).sort()).toEqual(['F-0001', 'F-0002']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p: { items: Row[]; nextCursor: string | null } = await list(
        `sort=grade&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...p.items.map((i) => i.grade));
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['major', 'minor', 'observation', 'opportunity']);
    const first = await list('limit=3');
    const rest = await list(`limit=3&cursor=${first.nextCursor}`);
    expect([...first.items, ...rest.items].map((i) => i.ref)).toEqual([
      'F-0004',
      'F-0003',
      'F-0002',
      'F-0001',
    ]);
    expect(rest.nextCursor).toBeNull();
  });

  it('names the finding and its audit as the source of the nonconformity it raised', async () => {
    const minor = (await list('q=f-1')).items[0]!;
    const nc = await org.owner.get(`${base}/nonconformities/${minor.nonconformityId}`);
    expect(nc.statusCode, nc.body).toBe(200);
    expect(nc.json().source).toEqual({
      id: minor.id,
      ref: 'F-0001',
      title: 'Release 4.2 went out without its bias test',
      audit: { id: audits[0]!.id, number: 1, title: 'Life cycle audit' },
    });
    // Raised directly: no source record.
    const direct = await org.owner.post(`${base}/nonconformities`, {
      title: 'No owner for the bias test',
      requirementId: 'A.6.2.4',
      sourceType: 'direct',
      severity: 'minor',
    });
    expect(direct.json().source).toBeNull();
    // The list names the sources too, each its own.
    const page = await org.owner.get(`${base}/nonconformities?sourceType=audit_finding`);
    const sources = (page.json().items as { source: { ref: string } }[]).map((i) => i.source.ref);
    expect(sources.sort()).toEqual(['F-0001', 'F-0004']);
  });

  it('answers 400 at the parameter for a value it does not know', async () => {
    for (const [query, pointer] of [
      ['grade=serious', '/query/grade'],
      ['requirementId=A.99', '/query/requirementId'],
      ['auditStatus=open', '/query/auditStatus'],
      ['raised=action', '/query/raised'],
      ['auditId=not-an-id', '/query/auditId'],
      ['sort=author', '/query/sort'],
      ['cursor=%21%21', '/query/cursor'],
    ] as const) {
      const res = await org.owner.get(`${base}/audit-findings?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().errors, query).toEqual([expect.objectContaining({ pointer })]);
    }
  });
});
