import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluationCount } from '../src/modules/readiness/index.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type ApiClient, type OrgFixture } from './client.js';

describe.each(DIALECTS)('readiness shared between requests on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let viewer: ApiClient;
  let auditor: ApiClient;
  let manager: ApiClient;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    viewer = await org.member('viewer');
    auditor = await org.member('auditor');
    manager = await org.member('manager');
  });
  afterAll(() => t.close());

  const status41 = async () =>
    (await viewer.get(`${base}/readiness`))
      .json()
      .requirements.find((r: { id: string }) => r.id === '4.1').status;

  it('is evaluated once per ledger head, for all callers and concurrent requests alike', async () => {
    await org.owner.get(`${base}/readiness`);
    const before = evaluationCount();
    const answers = await Promise.all([
      org.owner.get(`${base}/readiness`),
      viewer.get(`${base}/readiness`),
      manager.get(`${base}/readiness/gaps?limit=5`),
      auditor.get(`${base}/readiness/frameworks`),
      viewer.get(`${base}/readiness`),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(evaluationCount()).toBe(before);

    // A write moves the head: the next read evaluates again and shows it.
    expect(await status41()).toBe('missing');
    const n = evaluationCount();
    await org.owner.post(`${base}/context-issues`, {
      title: 'Skills shortage',
      kind: 'internal',
      category: 'organizational',
    });
    expect(await status41()).toBe('partial');
    expect(evaluationCount()).toBe(n + 1);
    await status41();
    expect(evaluationCount()).toBe(n + 1);
  });

  it('is evaluated again when the clock moves on, with no write', async () => {
    const realNow = t.services.now;
    try {
      await status41();
      const n = evaluationCount();
      t.services.now = () => new Date(realNow().getTime() + 120_000);
      await status41();
      expect(evaluationCount()).toBe(n + 1);
    } finally {
      t.services.now = realNow;
    }
  });

  it('keeps the live evaluation while readiness is read as of a past moment', async () => {
    const realNow = t.services.now;
    // One fixed minute, so that only the as-of read can cause an evaluation.
    const fixed = new Date(Math.floor(realNow().getTime() / 60_000) * 60_000 + 1_000);
    t.services.now = () => fixed;
    try {
      await status41();
      const n = evaluationCount();
      const past = await viewer.get(`${base}/readiness?asOf=2000-01-01`);
      expect(past.statusCode).toBe(200);
      // The past is evaluated on its own snapshot; the live result is still the one kept.
      expect(evaluationCount()).toBe(n + 1);
      await status41();
      expect(evaluationCount()).toBe(n + 1);
    } finally {
      t.services.now = realNow;
    }
  });
});
