// Readable ids in paths: R-0042, INC-0007, F-0003 and NC-0012 stand for the record's id wherever the id
// is a path parameter (reads, sub-routes, writes), in the organization of the path only; an
// unknown one answers 404 like an unknown id, a malformed one the 400 of a malformed id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

describe.each(DIALECTS)('readable ids in paths on %s', (dialect) => {
  let t: TestApp;
  let a: OrgFixture;
  let b: OrgFixture;
  const risk = (o: OrgFixture, title: string) =>
    o.owner.post(`/api/v1/orgs/${o.slug}/risks`, { title }).then((r) => r.json());
  beforeAll(async () => {
    t = await openTestApp(dialect);
    a = await createOrgFixture(t, 'Alpha');
    b = await createOrgFixture(t, 'Beta');
  });
  afterAll(() => t?.close());

  it('answers a risk, its sub-routes and its writes by R-0001 in any case as by its id', async () => {
    const base = `/api/v1/orgs/${a.slug}/risks`;
    const r = await risk(a, 'Bias in triage');
    expect(r.ref).toBe('R-0001');
    const byId = await a.owner.get(`${base}/${r.id}`);
    for (const ref of ['R-0001', 'r-0001', 'r-1', 'R1']) {
      const byRef = await a.owner.get(`${base}/${ref}`);
      expect(byRef.statusCode, ref).toBe(200);
      expect(byRef.json()).toEqual(byId.json());
      expect(byRef.headers.etag).toBe(byId.headers.etag);
    }
    const treated = await a.owner.post(`${base}/R-0001/treatments`, {
      title: 'Second reader for chest pain',
    });
    expect(treated.statusCode).toBe(201);
    const treatments = await a.owner.get(`${base}/r-1/treatments`);
    expect(treatments.json().items).toHaveLength(1);
    const changed = await a.owner.patch(
      `${base}/R-0001`,
      { title: 'Bias in triage ranking' },
      {
        'if-match': (await a.owner.get(`${base}/${r.id}`)).headers.etag as string,
      },
    );
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ id: r.id, title: 'Bias in triage ranking' });
    const past = await a.owner.get(`${base}/R-0001?asOf=${encodeURIComponent(r.createdAt)}`);
    expect(past.json()).toMatchObject({ id: r.id, title: 'Bias in triage' });
  });

  it('answers an unknown ref 404 and a malformed one 400, as for ids', async () => {
    const base = `/api/v1/orgs/${a.slug}/risks`;
    for (const url of [`${base}/R-0999`, `${base}/00000000-0000-7000-8000-000000000000`]) {
      const res = await a.owner.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('NOT_FOUND');
    }
    const write = await a.owner.patch(`${base}/R-0999`, { title: 'x' });
    expect(write.statusCode).toBe(404);
    for (const bad of ['not-a-uuid', 'R-', 'R-12x', 'INC-0001', 'R-1234567890']) {
      const res = await a.owner.get(`${base}/${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().code).toBe((await a.owner.get(`${base}/not-a-uuid`)).json().code);
    }
  });

  it("lets the organization in the path decide: B's R-0002 never opens A's record", async () => {
    const mine = (await a.owner.get(`/api/v1/orgs/${a.slug}/risks/R-0001`)).json();
    const b1 = await risk(b, 'Beta first');
    const b2 = await risk(b, 'Beta second');
    expect([b1.ref, b2.ref]).toEqual(['R-0001', 'R-0002']);
    const inB = await b.owner.get(`/api/v1/orgs/${b.slug}/risks/R-0001`);
    expect(inB.json().id).toBe(b1.id);
    expect(inB.json().id).not.toBe(mine.id);
    // A has no R-0002; B's owner gets nothing of A's by A's refs either.
    expect((await a.owner.get(`/api/v1/orgs/${a.slug}/risks/R-0002`)).statusCode).toBe(404);
    expect((await b.owner.get(`/api/v1/orgs/${a.slug}/risks/R-0001`)).statusCode).toBe(404);
    expect((await a.owner.get(`/api/v1/orgs/${b.slug}/risks/R-0002`)).statusCode).toBe(404);
    const stillMine = await a.owner.get(`/api/v1/orgs/${a.slug}/risks/R-0001`);
    expect(stillMine.json()).toMatchObject({ id: mine.id, title: mine.title });
  });

  it('answers incidents by INC-0001 and nonconformities by NC-0001, sub-routes included', async () => {
    const base = `/api/v1/orgs/${a.slug}`;
    const inc = (
      await a.owner.post(`${base}/incidents`, {
        title: 'Chest pain ranked routine',
        description: 'Waited an hour.',
        severity: 'high',
        detectedAt: '2026-03-01T08:30:00Z',
      })
    ).json();
    expect(inc.ref).toBe('INC-0001');
    const got = await a.owner.get(`${base}/incidents/inc-1`);
    expect(got.json().id).toBe(inc.id);
    const timeline = await a.owner.get(`${base}/incidents/INC-0001/timeline`);
    expect(timeline.statusCode).toBe(200);
    expect(timeline.json()).toEqual(
      (await a.owner.get(`${base}/incidents/${inc.id}/timeline`)).json(),
    );
    const nc = (
      await a.owner.post(`${base}/nonconformities`, {
        title: 'Release skipped the bias test',
        requirementId: 'A.6.2.4',
        severity: 'major',
        detectedOn: '2026-02-20',
      })
    ).json();
    expect(nc.reference).toBe('NC-0001');
    const corrected = await a.owner.request('PUT', `${base}/nonconformities/nc-0001/correction`, {
      correction: 'Rolled back the same day.',
    });
    expect(corrected.statusCode).toBe(200);
    expect(corrected.json()).toMatchObject({ id: nc.id });
    expect((await a.owner.get(`${base}/nonconformities/NC-0002`)).statusCode).toBe(404);
  });
  /** A started audit in the organization, led by a new auditor, and a finding recorded in it. */
  const finding = async (o: OrgFixture, title: string) => {
    const lead = await o.member('contributor');
    const base = `/api/v1/orgs/${o.slug}/audits`;
    const audit = (
      await o.owner.post(base, {
        title: `Audit for ${title}`,
        criteria: 'ISO/IEC 42001 clause 9.2.',
        scope: ['9.2'],
        plannedStart: '2026-05-04',
        plannedEnd: '2026-05-06',
        leadAuditorMemberId: lead.memberId,
      })
    ).json();
    expect((await lead.post(`${base}/${audit.id}/start`, {})).statusCode).toBe(200);
    const f = await lead.post(`${base}/${audit.id}/findings`, {
      grade: 'observation',
      requirementId: '9.2.1',
      title,
    });
    expect(f.statusCode, f.body).toBe(201);
    return { audit, finding: f.json() };
  };

  it('answers an audit finding by F-0001 in any case, with its audit; unknown 404, malformed 400', async () => {
    const findings = `/api/v1/orgs/${a.slug}/audit-findings`;
    const { audit, finding: f } = await finding(a, 'Checklist not kept for the May audit');
    expect(f.ref).toBe('F-0001');
    const byId = await a.owner.get(`${findings}/${f.id}`);
    expect(byId.statusCode, byId.body).toBe(200);
    expect(byId.json()).toMatchObject({
      ...f,
      audit: { id: audit.id, title: audit.title, status: 'in_progress' },
    });
    expect(byId.json().names['9.2.1']).toBeTruthy();
    for (const ref of ['F-0001', 'f-0001', 'f-1', 'F1', 'f01']) {
      const byRef = await a.owner.get(`${findings}/${ref}`);
      expect(byRef.statusCode, ref).toBe(200);
      expect(byRef.json()).toEqual(byId.json());
      expect(byRef.headers.etag).toBe(byId.headers.etag);
    }
    const viewer = await a.member('viewer');
    expect((await viewer.get(`${findings}/F-0001`)).json().id).toBe(f.id);
    for (const url of [`${findings}/F-0002`, `${findings}/00000000-0000-7000-8000-000000000000`]) {
      const res = await a.owner.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('NOT_FOUND');
    }
    const malformed = (await a.owner.get(`${findings}/not-a-uuid`)).json();
    expect(malformed.status).toBe(400);
    for (const bad of ['R-0001', 'NC-0001', 'INC-0001', 'F-', 'F-1x', 'F-1234567890']) {
      const res = await a.owner.get(`${findings}/${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe(malformed.code);
      expect(res.json().errors[0].pointer).toBe('/params/findingId');
    }
  });

  it("lets the organization in the path decide for findings: B's F-0001 never opens A's", async () => {
    const mine = (await a.owner.get(`/api/v1/orgs/${a.slug}/audit-findings/F-0001`)).json();
    expect(mine.title).toBe('Checklist not kept for the May audit');
    const { finding: theirs } = await finding(b, 'Beta finding');
    expect(theirs.ref).toBe('F-0001');
    const inB = await b.owner.get(`/api/v1/orgs/${b.slug}/audit-findings/F-0001`);
    expect(inB.json()).toMatchObject({ id: theirs.id, title: 'Beta finding' });
    expect(inB.json().id).not.toBe(mine.id);
    expect((await b.owner.get(`/api/v1/orgs/${a.slug}/audit-findings/F-0001`)).statusCode).toBe(
      404,
    );
    expect(
      (await a.owner.get(`/api/v1/orgs/${a.slug}/audit-findings/${theirs.id}`)).statusCode,
    ).toBe(404);
    const still = await a.owner.get(`/api/v1/orgs/${a.slug}/audit-findings/f-1`);
    expect(still.json()).toMatchObject({ id: mine.id, title: mine.title });
  });
});
