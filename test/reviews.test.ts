// Management reviews through the HTTP API: a review planned, its inputs assembled from the AIMS by
// the server (an open nonconformity and an incident appear by themselves), held (inputs frozen
// with their hash, which a route recomputes), decisions with actions, the minutes as a PDF whose
// text is read back, abilities and If-Match as each caller meets them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, type ApiClient, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { checkPdfStructure, readPdf } from './pdf-text.js';

type Member = ApiClient & { memberId: string };
/** Today (UTC): readiness counts a review held within a year of the day it is evaluated. */
const today = new Date().toISOString().slice(0, 10);
type Section = {
  key: string;
  figures: { label: string; value: number }[];
  items: { id: string; title: string }[];
};

describe.each(DIALECTS)('management reviews over HTTP on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let manager: Member;
  let contributor: Member;
  let viewer: Member;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t, 'Triage Health');
    base = `/api/v1/orgs/${org.slug}`;
    manager = await org.member('manager');
    contributor = await org.member('contributor');
    viewer = await org.member('viewer');
  });
  afterAll(() => t?.close());

  const sectionOf = (review: { inputs: { sections: Section[] } }, key: string) =>
    review.inputs.sections.find((s) => s.key === key)!;

  const readiness = async (id: string) => {
    const r = await org.owner.get(`${base}/readiness`);
    return (
      r.json().requirements as { id: string; status: string; reasons: { detail: string }[] }[]
    ).find((x) => x.id === id)!;
  };

  it('has 9.3 missing before any review', async () => {
    for (const id of ['9.3.1', '9.3.2', '9.3.3'])
      expect((await readiness(id)).status).toBe('missing');
  });

  it('plans, shows live inputs, holds with a verifiable hash, decides, and issues the minutes', async () => {
    const nc = (
      await contributor.post(`${base}/nonconformities`, {
        title: 'Release 2.3 skipped the bias test',
        requirementId: 'A.6.2.4',
        severity: 'major',
      })
    ).json();
    const incident = (
      await contributor.post(`${base}/incidents`, {
        title: 'Chest pain ranked routine',
        severity: 'high',
      })
    ).json();

    const planned = await manager.post(`${base}/management-reviews`, {
      title: 'Management review H1 2026',
      plannedOn: '2026-06-30',
      chairMemberId: manager.memberId,
      attendees: [
        { memberId: contributor.memberId, role: 'Data lead' },
        { name: 'Dana External', role: 'Advisor' },
      ],
    });
    expect(planned.statusCode).toBe(201);
    const review = planned.json();
    expect(review).toMatchObject({
      status: 'planned',
      inputsFrozen: false,
      inputsHash: null,
      hashMatches: null,
      abilities: { edit: true, hold: true, decide: false, issue: false },
    });
    expect(sectionOf(review, 'nonconformities').items.map((i) => i.id)).toContain(nc.id);
    expect(sectionOf(review, 'incidents').items.map((i) => i.id)).toContain(incident.id);
    const one = `${base}/management-reviews/${review.id}`;

    const seen = (await viewer.get(one)).json();
    expect(seen.abilities).toEqual({
      edit: false,
      hold: false,
      decide: false,
      issue: false,
      updateActions: false,
    });
    expect((await viewer.post(`${one}/hold`, {})).statusCode).toBe(403);
    expect(
      (await manager.post(`${one}/hold`, {}, { 'if-match': `"${review.version + 1}"` })).statusCode,
    ).toBe(412);

    const held = await manager.post(`${one}/hold`, { heldOn: today }, { 'if-match': '"1"' });
    expect(held.statusCode).toBe(200);
    const h = held.json();
    expect(h).toMatchObject({
      status: 'held',
      heldOn: today,
      inputsFrozen: true,
      hashMatches: true,
    });
    expect(h.inputsHash).toMatch(/^[0-9a-f]{64}$/);

    // A record changed after the review does not change what it considered.
    const patched = await contributor.patch(
      `${base}/incidents/${incident.id}`,
      { title: 'Renamed after the review' },
      { 'if-match': `"${incident.version}"` },
    );
    expect(patched.statusCode).toBe(200);
    const again = (await viewer.get(one)).json();
    expect(again.inputs).toEqual(h.inputs);
    const verify = (await viewer.get(`${one}/verify`)).json();
    expect(verify).toEqual({
      reviewId: review.id,
      storedHash: h.inputsHash,
      computedHash: h.inputsHash,
      matches: true,
    });

    const decided = await manager.post(`${one}/decisions`, {
      kind: 'improvement',
      title: 'Add drift monitoring to the triage model',
      actions: [
        {
          title: 'Weekly drift report',
          ownerMemberId: contributor.memberId,
          dueDate: '2026-09-30',
        },
      ],
      raiseImprovement: true,
    });
    expect(decided.statusCode).toBe(201);
    const d = decided.json();
    expect(d).toMatchObject({
      title: 'Add drift monitoring to the triage model',
      improvementId: expect.any(String),
      actions: [
        { title: 'Weekly drift report', ownerMemberId: contributor.memberId, status: 'open' },
      ],
    });
    const improvement = (await viewer.get(`${base}/improvements/${d.improvementId}`)).json();
    expect(improvement).toMatchObject({ sourceType: 'management_review', sourceId: review.id });

    const action = d.actions[0];
    const done = await contributor.patch(
      `${one}/decisions/${d.id}/actions/${action.id}`,
      { status: 'done', completedOn: '2026-09-01' },
      { 'if-match': `"${action.version}"` },
    );
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', completedOn: '2026-09-01' });

    const issued = await manager.post(`${one}/issue`, { summary: 'The AIMS remains suitable.' });
    expect(issued.json()).toMatchObject({
      status: 'issued',
      summary: 'The AIMS remains suitable.',
    });

    const pdf = await viewer.get(`${one}/minutes`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    checkPdfStructure(pdf.rawPayload);
    const text = (await readPdf(pdf.rawPayload)).map((p) => p.text).join('\n');
    for (const s of [
      'Minutes: Management review H1 2026',
      contributor.email,
      'Dana External',
      'Nonconformities and corrective actions',
      'Release 2.3 skipped the bias test',
      'Chest pain ranked routine',
      'Audit results',
      'Add drift monitoring to the triage model',
      'Weekly drift report',
      '2026-09-30',
      h.inputsHash.slice(0, 16),
    ])
      expect(text.replace(/\s+/g, ' ')).toContain(s);
    expect(text).not.toContain('Renamed after the review');
  });

  it('rests readiness 9.3 on the held review: held in time, inputs frozen, decisions with actions', async () => {
    const held = await readiness('9.3.1');
    expect(held.status).toBe('met');
    expect(held.reasons[0]!.detail).toContain(today);
    expect((await readiness('9.3.2')).status).toBe('met');
    expect((await readiness('9.3.3')).status).toBe('met');
  });

  it('refuses a chair who is not a member of the organization with a pointer', async () => {
    const r = await manager.post(`${base}/management-reviews`, {
      title: 'x',
      plannedOn: '2026-06-30',
      chairMemberId: '0190a0a0-0000-7000-8000-000000000000',
    });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/chairMemberId' }],
    });
  });

  it('lists reviews newest first, filtered by state', async () => {
    const all = (await viewer.get(`${base}/management-reviews`)).json();
    expect(all.items.length).toBeGreaterThanOrEqual(1);
    const issued = (await viewer.get(`${base}/management-reviews?status=issued`)).json();
    expect(issued.items.map((r: { status: string }) => r.status)).toEqual(['issued']);
    const planned = (await viewer.get(`${base}/management-reviews?status=planned`)).json();
    expect(planned.items).toEqual([]);
  });
});
