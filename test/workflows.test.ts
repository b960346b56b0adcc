import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/kernel/ids.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type OrgFixture } from './client.js';

describe.each(DIALECTS)('scope, documents and concerns on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
  });
  afterAll(() => t.close());

  it('versions the scope, needs a justification for every exclusion and a second person to approve', async () => {
    const author = await org.member('manager');
    const noJust = await author.post(`${base}/scope/versions`, {
      statement: 'All AI.',
      exclusions: [{ item: 'Labs', justification: '' }],
    });
    expect(noJust.statusCode).toBe(400);
    expect(noJust.json().errors[0].pointer).toBe('/body/exclusions/0/justification');
    const d1 = (
      await author.post(`${base}/scope/versions`, {
        statement: 'Clinical AI systems.',
        exclusions: [{ item: 'Labs', justification: 'No patient use.' }],
        aiRoles: ['provider', 'customer'],
      })
    ).json();
    expect(d1).toMatchObject({ number: 1, status: 'draft' });
    const self = await author.post(`${base}/scope/versions/${d1.id}/approve`);
    expect(self.json().code).toBe('SELF_APPROVAL');
    expect((await org.owner.post(`${base}/scope/versions/${d1.id}/approve`)).json().status).toBe(
      'approved',
    );
    expect(
      (await author.patch(`${base}/scope/versions/${d1.id}`, { statement: 'x' })).json().code,
    ).toBe('VERSION_LOCKED');
    const d2 = (
      await author.post(`${base}/scope/versions`, { statement: 'Clinical and finance AI systems.' })
    ).json();
    let scope = (await author.get(`${base}/scope`)).json();
    expect(scope.current.id).toBe(d1.id);
    expect(scope.draft.id).toBe(d2.id);
    await org.owner.post(`${base}/scope/versions/${d2.id}/approve`);
    scope = (await author.get(`${base}/scope`)).json();
    expect(scope).toMatchObject({ current: { id: d2.id, number: 2 }, draft: null });
    const all = (await author.get(`${base}/scope/versions`)).json().items;
    expect(all.map((v: { number: number; status: string }) => [v.number, v.status])).toEqual([
      [2, 'approved'],
      [1, 'superseded'],
    ]);
  });

  it('keeps documents with versions, four-eyes approval, and snapshots a published register', async () => {
    const author = await org.member('contributor');
    const { document, version } = (
      await author.post(`${base}/documents`, {
        title: 'Impact procedure',
        kind: 'procedure',
        classification: 'internal',
        retentionMonths: 60,
        content: '# v1',
      })
    ).json();
    expect(version.contentSha256).toBe(sha256Hex('# v1'));
    expect(
      (await author.post(`${base}/documents/${document.id}/versions/${version.id}/approve`))
        .statusCode,
    ).toBe(403);
    const manager = await org.member('manager');
    expect(
      (await manager.post(`${base}/documents/${document.id}/versions/${version.id}/approve`)).json()
        .status,
    ).toBe('approved');
    expect((await author.get(`${base}/documents/${document.id}`)).json().currentVersionId).toBe(
      version.id,
    );

    await org.owner.post(`${base}/ai-systems`, { name: 'Scheduler', purpose: 'Plans shifts.' });
    const pub = await manager.post(`${base}/registers/ai_systems/publish`, { changeNote: 'Q1' });
    expect(pub.statusCode).toBe(201);
    const snap = pub.json();
    expect(snap.document).toMatchObject({
      kind: 'register_snapshot',
      sourceRegister: 'ai_systems',
      currentVersionId: snap.version.id,
    });
    expect(snap.version).toMatchObject({
      status: 'approved',
      contentType: 'text/csv',
      number: 1,
      approverMemberId: manager.memberId,
    });
    expect(snap.version.content).toContain('Scheduler');
    expect(snap.version.contentSha256).toBe(sha256Hex(snap.version.content));
    const again = (await manager.post(`${base}/registers/ai_systems/publish`, {})).json();
    expect(again.document.id).toBe(snap.document.id);
    expect(again.version.number).toBe(2);
    expect(
      (
        await manager.post(`${base}/documents/${snap.document.id}/versions`, {
          content: 'hand edit',
        })
      ).statusCode,
    ).toBe(409);
  });

  it('takes concerns from members, anonymously without a trace, and from the public link without an account', async () => {
    const viewer = await org.member('viewer');
    const named = await viewer.post(`${base}/concerns`, {
      summary: 'Odd outputs',
      details: 'Since Monday.',
    });
    expect(named.statusCode).toBe(201);
    const anon = await viewer.post(`${base}/concerns`, {
      summary: 'Bias against older applicants',
      anonymous: true,
    });
    expect(anon.statusCode).toBe(201);
    const manager = await org.member('manager');
    const list = (await manager.get(`${base}/concerns`)).json().items;
    const a = list.find((c: { id: string }) => c.id === anon.json().id);
    expect(a).toMatchObject({ anonymous: true, reporterMemberId: null, channel: 'member' });
    expect(list.find((c: { id: string }) => c.id === named.json().id).reporterMemberId).toBe(
      viewer.memberId,
    );
    const events = (await manager.get(`${base}/history/concerns/${anon.json().id}`)).json().items;
    expect(events[0].actor).toBe('anonymous');
    expect(JSON.stringify(events)).not.toContain(viewer.memberId);
    // Viewers report but do not read others' reports.
    expect((await viewer.get(`${base}/concerns`)).statusCode).toBe(403);

    const info = await t.app.inject({ url: `/api/v1/public/orgs/${org.slug}` });
    expect(info.json()).toEqual({ name: 'Test Org', slug: org.slug });
    const pub = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/orgs/${org.slug}/concerns`,
      payload: { summary: 'Unfair loan decision', aiSystem: 'Loan app' },
    });
    expect(pub.statusCode).toBe(202);
    const ref = pub.json().reference;
    const got = (await manager.get(`${base}/concerns/${ref}`)).json();
    expect(got).toMatchObject({
      channel: 'public',
      anonymous: true,
      status: 'received',
      reporterContact: null,
    });
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/public/orgs/no-such-org/concerns',
          payload: { summary: 'x' },
        })
      ).statusCode,
    ).toBe(404);
    t.services.publicLimiter.reset('concern|127.0.0.1');
    for (let i = 0; i < t.services.config.publicRateLimit.max; i++) {
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: `/api/v1/public/orgs/${org.slug}/concerns`,
            payload: { summary: `r${i}` },
          })
        ).statusCode,
      ).toBe(202);
    }
    const limited = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/orgs/${org.slug}/concerns`,
      payload: { summary: 'one more' },
    });
    expect(limited.statusCode).toBe(429);
    t.services.publicLimiter.reset('concern|127.0.0.1');

    // Triage to closure needs an outcome.
    const url = `${base}/concerns/${ref}`;
    expect(
      (
        await manager.patch(url, { status: 'investigating', ownerMemberId: manager.memberId })
      ).json().status,
    ).toBe('investigating');
    const noOutcome = await manager.patch(url, { status: 'resolved' });
    expect(noOutcome.statusCode).toBe(422);
    expect(noOutcome.json().errors[0].pointer).toBe('/body/outcome');
    const closed = (
      await manager.patch(url, { status: 'resolved', outcome: 'Model threshold corrected.' })
    ).json();
    expect(closed.closedAt).not.toBeNull();
    expect((await org.owner.get(`${base}/ledger/verification`)).json().ok).toBe(true);
  });

  it('lets the reporter check where a public report stands with its reference, and nothing more', async () => {
    const statusOf = (ref: string, slug = org.slug) =>
      t.app.inject({ url: `/api/v1/public/orgs/${slug}/concerns/${ref}` });
    const pub = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/orgs/${org.slug}/concerns`,
      payload: {
        summary: 'Chatbot gave medical advice',
        details: 'Private detail',
        contact: 'a@b.c',
      },
    });
    const ref = pub.json().reference as string;
    const first = await statusOf(ref);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ reference: ref, status: 'received', closed: false });
    expect(first.json().closedAt).toBeNull();
    const manager = await org.member('manager');
    await manager.patch(`${base}/concerns/${ref}`, {
      status: 'dismissed',
      outcome: 'Internal: duplicate of an earlier report.',
    });
    const later = await statusOf(ref);
    expect(later.json()).toMatchObject({ status: 'dismissed', closed: true });
    expect(later.json().closedAt).not.toBeNull();
    // Only the state and its dates: not the content, the contact or the outcome.
    expect(Object.keys(later.json()).sort()).toEqual(
      ['closed', 'closedAt', 'lastChangedAt', 'receivedAt', 'reference', 'status'].sort(),
    );
    expect(later.body).not.toContain('Private detail');
    expect(later.body).not.toContain('Internal');
    // Another organization's slug does not find it; a malformed reference is a 400 with a pointer.
    const other = await createOrgFixture(t, 'Other Org');
    expect((await statusOf(ref, other.slug)).statusCode).toBe(404);
    const bad = await statusOf('not-a-reference');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].pointer).toBe('/params/concernId');
    // Guessing is limited: unknown references count against the public limit.
    t.services.publicLimiter.reset('concern-status|127.0.0.1');
    const unknown = '00000000-0000-7000-8000-000000000000';
    for (let i = 0; i < t.services.config.publicRateLimit.max; i++)
      expect((await statusOf(unknown)).statusCode).toBe(404);
    expect((await statusOf(ref)).statusCode).toBe(429);
    t.services.publicLimiter.reset('concern-status|127.0.0.1');
  });
});
