import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotBuilds } from '../src/kernel/as-of.js';
import { ApiClient, createOrgFixture, signIn, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

const DAY = 86_400_000;

interface Point {
  at: string;
  seq: number;
  met: number;
  partial: number;
  missing: number;
  notApplicable: number;
  readiness: number;
}

/**
 * Readiness over time: changes are made over several weeks of a test clock, and every point of
 * the history is what the readiness read answers as of that point's moment.
 */
describe.each(DIALECTS)('readiness history on %s', (dialect) => {
  let t: TestApp;
  let a: OrgFixture;
  let base: string;
  let owner: ApiClient;
  let viewer: ApiClient;
  let clock = Date.parse('2026-03-02T09:00:00.000Z'); // a Monday
  const days = (n: number) => (clock += n * DAY);

  const ok = async (res: Promise<{ statusCode: number; body: string }>, status = 201) => {
    const r = await res;
    if (r.statusCode !== status) throw new Error(`${r.statusCode} ${r.body.slice(0, 300)}`);
    return JSON.parse(r.body);
  };

  beforeAll(async () => {
    t = await openTestApp(dialect);
    t.services.now = () => new Date(clock);
    a = await createOrgFixture(t);
    base = `/api/v1/orgs/${a.slug}`;
    owner = a.owner;
    viewer = await a.member('viewer');
    days(8); // week 2
    owner = await signIn(t.app, a.owner.email);
    await ok(
      owner.post(`${base}/context-issues`, {
        title: 'EU AI Act',
        kind: 'external',
        category: 'regulatory',
        effect: 'Conformity work.',
      }),
    );
    await ok(
      owner.post(`${base}/risks`, {
        title: 'Bias in triage',
        inherentLikelihood: 4,
        inherentImpact: 5,
        reviewDate: '2026-06-20',
      }),
    );
    days(7); // week 3
    owner = await signIn(t.app, a.owner.email);
    const soa = await ok(owner.get(`${base}/soa`), 200);
    for (const item of soa.items.slice(0, 5))
      await ok(
        owner.request('PUT', `${base}/soa/${item.controlId}`, {
          applicable: false,
          justification: 'We build no AI systems in-house.',
        }),
        200,
      );
    days(9); // week 4, Wednesday
    owner = await signIn(t.app, a.owner.email);
  }, 120_000);

  afterAll(() => t?.close());

  it('gives at each point what readiness answers as of that moment, each past point computed once', async () => {
    const res = await owner.get(`${base}/readiness/history?interval=week`);
    expect(res.statusCode).toBe(200);
    const history = res.json() as { interval: string; points: Point[] };
    expect(history.interval).toBe('week');
    expect(history.points.map((p) => p.at)).toEqual([
      '2026-03-08T23:59:59.999Z',
      '2026-03-15T23:59:59.999Z',
      '2026-03-22T23:59:59.999Z',
      new Date(clock).toISOString(),
    ]);
    for (const { at, seq, ...overall } of history.points) {
      const past = await owner.get(`${base}/readiness?asOf=${encodeURIComponent(at)}`);
      expect(past.statusCode).toBe(200);
      expect(past.json().overall).toEqual(overall);
      if (at !== new Date(clock).toISOString())
        expect(past.headers['aims-as-of']).toBe(`${seq}@${at}`);
    }
    // The changes show: the risk and issue in week 2, the exclusions in week 3.
    const [w1, w2, w3, now] = history.points;
    expect(w2!.seq).toBeGreaterThan(w1!.seq);
    expect(w3!.notApplicable).toBe(w2!.notApplicable + 5);
    expect(now!.seq).toBe(w3!.seq);
    expect(history.points.map((p) => p.readiness)).not.toEqual(
      history.points.map(() => w1!.readiness),
    );
    // Asked again: no snapshot is built again.
    const builds = snapshotBuilds();
    const again = await owner.get(`${base}/readiness/history?points=3&interval=week`);
    expect(again.json().points).toEqual(history.points.slice(1));
    expect(snapshotBuilds()).toBe(builds);
  });

  it('answers monthly points and bounds them by from', async () => {
    const res = await owner.get(`${base}/readiness/history?interval=month&from=2026-03-10`);
    expect(res.statusCode).toBe(200);
    expect(res.json().points.map((p: Point) => p.at)).toEqual([new Date(clock).toISOString()]);
    const weeks = await owner.get(`${base}/readiness/history?from=2026-03-10`);
    expect(weeks.json().points.map((p: Point) => p.at)).toEqual([
      '2026-03-15T23:59:59.999Z',
      '2026-03-22T23:59:59.999Z',
      new Date(clock).toISOString(),
    ]);
  });

  it('refuses bad parameters with a pointer', async () => {
    for (const [q, pointer] of [
      ['points=1', '/query/points'],
      ['points=abc', '/query/points'],
      ['interval=day', '/query/interval'],
      ['from=yesterday', '/query/from'],
      ['asOf=2026-03-10', '/query/asOf'],
    ]) {
      const res = await owner.get(`${base}/readiness/history?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(JSON.stringify(res.json()), q).toContain(pointer);
    }
  });

  it('is refused to a caller without readiness.read', async () => {
    viewer = await signIn(t.app, viewer.email);
    const token = await ok(owner.post(`${base}/tokens`, { name: 'ci', scopes: ['risks.read'] }));
    const scoped = new ApiClient(t.app, { token: token.token });
    expect((await scoped.get(`${base}/readiness/history`)).statusCode).toBe(403);
    expect((await scoped.get(`${base}/risks`)).statusCode).toBe(200);
    expect((await viewer.get(`${base}/readiness/history`)).statusCode).toBe(200);
  });
});
