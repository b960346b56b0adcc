// The response cache on the lists that compute in memory: the operations lists of AI systems and
// of risks (kept by head and minute, as they judge what is behind by today) and the gate
// overrides (kept by head). A second read is served from the cache; a write makes the next read
// fresh and shows what was written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseCacheLookups } from '../src/api/metrics.js';
import { createOrgFixture, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

/** How many lookups of a route's answers had this result so far (hit or miss). */
const lookups = (route: string, result: string) =>
  [...responseCacheLookups.values.values()]
    .filter((v) => v.labels.route === route && v.labels.result === result)
    .reduce((n, v) => n + v.value, 0);

/** Counts the hits and misses of a route while `run` runs. */
async function counted<T>(route: string, run: () => Promise<T>) {
  const before = { hit: lookups(route, 'hit'), miss: lookups(route, 'miss') };
  const value = await run();
  return {
    value,
    hits: lookups(route, 'hit') - before.hit,
    misses: lookups(route, 'miss') - before.miss,
  };
}

const criterion = {
  id: 'vv-evidence',
  title: 'Test report of the model version',
  control: 'A.6.2.4',
  why: 'The version released is the version tested.',
  check: { kind: 'evidence', evidenceKind: 'test_report', per: 'model_version' },
};

describe.each(DIALECTS)('the response cache on the in-memory lists on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
  });
  afterAll(() => t?.close());

  /** Reads `path` twice (miss, then hit), runs `write`, reads again (miss) and returns that. */
  async function keptThenFresh(path: string, write: () => Promise<void>) {
    const route = `/api/v1/orgs/:org/${path.split('?')[0]}`;
    const first = await counted(route, () => org.owner.get(`${base}/${path}`));
    expect(first.value.statusCode, first.value.body).toBe(200);
    const second = await counted(route, () => org.owner.get(`${base}/${path}`));
    expect([first.misses, second.hits, second.misses]).toEqual([1, 1, 0]);
    expect(second.value.body).toBe(first.value.body);
    await write();
    const third = await counted(route, () => org.owner.get(`${base}/${path}`));
    expect([third.value.statusCode, third.misses, third.hits]).toEqual([200, 1, 0]);
    return third.value.json() as { items: Record<string, unknown>[] };
  }

  it('keeps the operations list of AI systems until a system is added', async () => {
    const after = await keptThenFresh('operations/systems?limit=50', async () => {
      const res = await org.owner.post(`${base}/ai-systems`, {
        name: 'Claims triage',
        purpose: 'Sorts claims.',
      });
      expect(res.statusCode, res.body).toBe(201);
    });
    expect(after.items.map((s) => s.name)).toContain('Claims triage');
  });

  it('keeps the operations list of risks until a risk is added', async () => {
    const after = await keptThenFresh('operations/risks?limit=50', async () => {
      const res = await org.owner.post(`${base}/risks`, { title: 'Drift' });
      expect(res.statusCode, res.body).toBe(201);
    });
    expect(after.items.map((r) => r.title)).toContain('Drift');
  });

  it('keeps the gate overrides until a move overrides a failed gate', async () => {
    const adopted = await org.owner.post(`${base}/gate-criteria/versions`, {
      enforced: true,
      gates: [{ stage: 'deployment', criteria: [criterion] }],
    });
    expect(adopted.statusCode, adopted.body).toBe(201);
    const sys = await org.owner.post(`${base}/ai-systems`, {
      name: 'Fraud scoring',
      purpose: 'Scores.',
      lifecycleStage: 'verification_and_validation',
    });
    expect(sys.statusCode, sys.body).toBe(201);
    const after = await keptThenFresh('gate-overrides?limit=50', async () => {
      const moved = await org.owner.post(`${base}/ai-systems/${sys.json().id}/transitions`, {
        toStage: 'deployment',
        reason: 'Go live.',
        gateOverride: 'Pilot of 100% manual review.',
      });
      expect(moved.statusCode, moved.body).toBe(200);
    });
    expect(after.items.map((o) => o.justification)).toEqual(['Pilot of 100% manual review.']);
  });
});
