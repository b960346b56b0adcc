import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotBuilds } from '../src/kernel/as-of.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, signIn, type ApiClient, type OrgFixture } from './client.js';

const MINUTE = 60_000;

/**
 * Reads as of a past moment equal what the same reads answered at that moment: changes are made
 * at several moments of a test clock, the answers of several reads are kept at each, more
 * changes and deletions follow, and then every read with ?asOf= of a kept moment must give the
 * kept answer.
 */
describe.each(DIALECTS)('reading as of a past moment on %s', (dialect) => {
  let t: TestApp;
  let a: OrgFixture;
  let base: string;
  let clock = Date.parse('2026-03-02T09:00:00.000Z');
  const tick = (minutes = 7) => (clock += minutes * MINUTE);
  const kept: { at: string; answers: Map<string, unknown> }[] = [];
  const riskIds: string[] = [];
  const issueIds: string[] = [];
  let controlId = '';
  let owner: ApiClient;
  let viewer: ApiClient;
  let viewerId = '';

  const ok = async (res: Promise<{ statusCode: number; body: string }>, status = 201) => {
    const r = await res;
    if (r.statusCode !== status) throw new Error(`${r.statusCode} ${r.body.slice(0, 300)}`);
    return r.body === '' ? null : JSON.parse(r.body);
  };
  const reads = () => [
    `${base}/risks`,
    `${base}/risks?status=identified`,
    ...riskIds.map((id) => `${base}/risks/${id}`),
    `${base}/soa`,
    `${base}/readiness`,
    `${base}/dashboard`,
    `${base}/context-issues`,
    ...issueIds.map((id) => `${base}/context-issues/${id}`),
  ];
  const keep = async () => {
    const answers = new Map<string, unknown>();
    for (const url of reads()) {
      const r = await owner.get(url);
      if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body.slice(0, 300)}`);
      answers.set(url, { status: r.statusCode, body: r.json() });
    }
    kept.push({ at: new Date(clock).toISOString(), answers });
    tick(1);
  };

  beforeAll(async () => {
    t = await openTestApp(dialect);
    t.services.now = () => new Date(clock);
    a = await createOrgFixture(t);
    base = `/api/v1/orgs/${a.slug}`;
    owner = a.owner;
    const v = await a.member('viewer');
    viewerId = v.memberId;
    tick();
    // Moment 0: nothing recorded but the organization and its members.
    await keep();
    tick();
    const issue = async (title: string) =>
      issueIds.push(
        (
          await ok(
            owner.post(`${base}/context-issues`, {
              title,
              kind: 'external',
              category: 'regulatory',
              effect: 'Conformity work.',
            }),
          )
        ).id,
      );
    const risk = async (title: string, l: number, i: number) =>
      riskIds.push(
        (
          await ok(
            owner.post(`${base}/risks`, {
              title,
              inherentLikelihood: l,
              inherentImpact: i,
              reviewDate: '2026-03-20',
            }),
          )
        ).id,
      );
    await issue('EU AI Act');
    await risk('Bias in triage', 4, 5);
    tick();
    // Moment 1.
    await keep();
    tick();
    await risk('Drift', 2, 3);
    await issue('Customer expectations');
    const soa = await ok(owner.get(`${base}/soa`), 200);
    controlId = soa.items[0].controlId;
    await ok(
      owner.request('PUT', `${base}/soa/${controlId}`, {
        applicable: false,
        justification: 'We build no AI systems in-house.',
      }),
      200,
    );
    await ok(
      owner.patch(`${base}/risks/${riskIds[0]}`, { title: 'Bias in triage of patients' }),
      200,
    );
    tick(60 * 24 * 20); // past the risks' review date: overdue from now on
    // The sessions have expired meanwhile.
    owner = await signIn(t.app, a.owner.email);
    viewer = await signIn(t.app, v.email);
    // Moment 2.
    await keep();
    tick();
    // What follows must not show in the kept moments.
    await ok(owner.delete(`${base}/risks/${riskIds[1]}`), 204);
    await ok(owner.delete(`${base}/context-issues/${issueIds[0]}`), 204);
    await ok(owner.patch(`${base}/risks/${riskIds[0]}`, { title: 'Renamed after the fact' }), 200);
    await ok(
      owner.request('PUT', `${base}/soa/${controlId}`, {
        applicable: true,
        justification: 'We now build in-house.',
        implementationStatus: 'planned',
      }),
      200,
    );
    await risk('Later risk', 1, 1);
    tick();
  }, 120_000);

  afterAll(() => t?.close());

  it('answers each kept read as it was answered then, deleted and renamed records included', async () => {
    expect(kept).toHaveLength(3);
    for (const moment of kept) {
      for (const [url, then] of moment.answers) {
        const sep = url.includes('?') ? '&' : '?';
        const r = await owner.get(`${url}${sep}asOf=${encodeURIComponent(moment.at)}`);
        expect({ url, status: r.statusCode, body: r.json() }).toEqual({
          url,
          ...(then as object),
        });
        expect(r.headers['aims-as-of']).toMatch(new RegExp(`^\\d+@${moment.at}$`));
      }
    }
    // Today's reads show what came later.
    const now = await ok(owner.get(`${base}/risks/${riskIds[0]}`), 200);
    expect(now.title).toBe('Renamed after the fact');
    expect((await owner.get(`${base}/risks/${riskIds[1]}`)).statusCode).toBe(404);
  });

  it('reads a date as the end of that day, and a moment to come as now', async () => {
    const before = await ok(owner.get(`${base}/risks?asOf=2026-03-01`), 200);
    expect(before.items).toEqual([]);
    const sameDay = await ok(owner.get(`${base}/risks?asOf=2026-03-02`), 200);
    expect(sameDay.items.map((r: { id: string }) => r.id).sort()).toEqual(
      riskIds.slice(0, 2).sort(),
    );
    const future = await owner.get(`${base}/risks?asOf=2999-01-01T00:00:00Z`);
    expect(future.statusCode).toBe(200);
    expect(future.json()).toEqual((await owner.get(`${base}/risks`)).json());
    expect(future.headers['aims-as-of']).toBe(
      `${future.headers['aims-as-of']!.toString().split('@')[0]}@${new Date(clock).toISOString()}`,
    );
  });

  it('keeps a snapshot per organization state: a second read of a moment builds nothing', async () => {
    const at = encodeURIComponent(kept[1]!.at);
    await ok(owner.get(`${base}/risks?asOf=${at}`), 200);
    const built = snapshotBuilds();
    await ok(owner.get(`${base}/dashboard?asOf=${at}`), 200);
    await ok(owner.get(`${base}/risks/${riskIds[0]}?asOf=${at}`), 200);
    expect(snapshotBuilds()).toBe(built);
  });

  it('refuses a malformed moment, a write as of a moment and a route with no as-of view', async () => {
    for (const bad of ['yesterday', '2026-02-30', '2026-03-02T10:00:00', '1', ''])
      for (const url of [`${base}/risks?asOf=${encodeURIComponent(bad)}`]) {
        const r = await owner.get(url);
        expect(r.statusCode, bad).toBe(400);
        expect(r.headers['content-type']).toContain('application/problem+json');
        expect(r.json().errors).toEqual([{ pointer: '/query/asOf', message: expect.any(String) }]);
      }
    const twice = await owner.get(`${base}/risks?asOf=2026-03-01&asOf=2026-03-02`);
    expect(twice.statusCode).toBe(400);
    const write = await owner.post(`${base}/risks?asOf=2026-03-01`, {
      title: 'x',
      inherentLikelihood: 1,
      inherentImpact: 1,
    });
    expect(write.statusCode).toBe(400);
    expect(write.json().errors[0].pointer).toBe('/query/asOf');
    const verify = await owner.get(`${base}/ledger/verification?asOf=2026-03-01`);
    expect(verify.statusCode).toBe(400);
  });

  it('applies the permissions of today: a member who may not read is refused as today', async () => {
    const at = encodeURIComponent(kept[2]!.at);
    // A viewer may read risks today, and so as of then.
    expect((await viewer.get(`${base}/risks?asOf=${at}`)).statusCode).toBe(200);
    // Concerns are read by those who oversee: the viewer is refused today, and so as of then.
    expect((await viewer.get(`${base}/concerns`)).statusCode).toBe(403);
    const past = await viewer.get(`${base}/concerns?asOf=${at}`);
    expect(past.statusCode).toBe(403);
    expect(past.json().code).toBe('FORBIDDEN');
    expect((await owner.get(`${base}/concerns?asOf=${at}`)).statusCode).toBe(200);
    // A member removed since is refused, whatever the moment.
    await ok(owner.delete(`${base}/members/${viewerId}`), 204);
    const gone = await viewer.get(`${base}/risks?asOf=${at}`);
    expect(gone.statusCode).toBe((await viewer.get(`${base}/risks`)).statusCode);
    expect(gone.statusCode).toBeGreaterThanOrEqual(403);
  });
});
