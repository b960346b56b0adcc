// The versions of the gate criteria as a list, over HTTP on both stores: newest first, or oldest
// first (`sort=number`) with paging that keeps its order; `q` in the change note (any case) or a
// version number; a cursor of the other order answers 400 at the cursor, an unknown sort at `sort`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

const criterion = {
  id: 'vv-evidence',
  title: 'Test report of the model version',
  control: 'A.6.2.4',
  why: 'The version released is the version tested.',
  check: { kind: 'evidence', evidenceKind: 'test_report', per: 'model_version' },
};

describe.each(DIALECTS)('gate criteria versions list on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;

  const list = async (query: string) => {
    const res = await org.owner.get(`${base}/gate-criteria/versions?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: { number: number }[]; nextCursor: string | null };
  };
  const numbers = async (query: string) => (await list(query)).items.map((v) => v.number);

  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    for (const changeNote of ['Advisory gates first.', 'Enforced after the PILOT.', null]) {
      const res = await org.owner.post(`${base}/gate-criteria/versions`, {
        enforced: true,
        gates: [{ stage: 'deployment', criteria: [criterion] }],
        changeNote,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(() => t?.close());

  it('lists newest first, or oldest first, paging in either order', async () => {
    expect(await numbers('')).toEqual([3, 2, 1]);
    expect(await numbers('sort=-number')).toEqual([3, 2, 1]);
    const first = await list('sort=number&limit=2');
    expect(first.items.map((v) => v.number)).toEqual([1, 2]);
    expect(await numbers(`sort=number&limit=2&cursor=${first.nextCursor}`)).toEqual([3]);
    const newest = await list('limit=2');
    expect(await numbers(`limit=2&cursor=${newest.nextCursor}`)).toEqual([1]);
  });

  it('searches the change note in any case, or a version number', async () => {
    expect(await numbers('q=pilot')).toEqual([2]);
    expect(await numbers('q=GATES')).toEqual([1]);
    expect(await numbers('q=3')).toEqual([3]);
    expect(await numbers('q=nothing%20like%20it')).toEqual([]);
  });

  it('refuses a cursor of the other order and an unknown sort', async () => {
    const first = await list('sort=number&limit=1');
    const other = await org.owner.get(
      `${base}/gate-criteria/versions?limit=1&cursor=${first.nextCursor}`,
    );
    expect(other.statusCode).toBe(400);
    expect(JSON.stringify(other.json())).toContain('/query/cursor');
    const bad = await org.owner.get(`${base}/gate-criteria/versions?sort=title`);
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('/query/sort');
  });
});
