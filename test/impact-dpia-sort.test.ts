// `sort` on the impact assessment and DPIA lists, over HTTP on both stores: each field orders
// either way, paging under a sort neither repeats nor skips a record (ties broken by id), a
// cursor made for another sort answers 400 at the cursor, and an unknown field 400 at `sort`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

interface Item {
  id: string;
  title: string;
  status: string;
}
interface ListPage {
  items: Item[];
  nextCursor: string | null;
}

describe.each(DIALECTS)('sorting impact assessments and DPIAs on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;

  const list = async (path: string, query: string) => {
    const res = await org.owner.get(`${base}/${path}?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as ListPage;
  };
  /** Every item, page by page (two a page), under this query. */
  const all = async (path: string, query: string) => {
    const items: Item[] = [];
    let cursor: string | null = null;
    do {
      const p = await list(path, `${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      items.push(...p.items);
      cursor = p.nextCursor;
    } while (cursor);
    return items;
  };

  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    const sys = await org.owner.post(`${base}/ai-systems`, { name: 'Triage', purpose: 'Sorts.' });
    expect(sys.statusCode, sys.body).toBe(201);
    const aiSystemId = sys.json().id as string;
    // Created in this order; "bias review" twice so that ties need the id.
    for (const title of ['Claims', 'bias review', 'Access', 'Bias review']) {
      const a = await org.owner.post(`${base}/impact-assessments`, { aiSystemId, title });
      expect(a.statusCode, a.body).toBe(201);
      const d = await org.owner.post(`${base}/dpias`, {
        aiSystemId,
        title,
        personalData: true,
        screening: {},
      });
      expect(d.statusCode, d.body).toBe(201);
    }
  });
  afterAll(() => t?.close());

  for (const path of ['impact-assessments', 'dpias']) {
    it(`${path}: sorts by title either way, paging without repeats`, async () => {
      const up = await all(path, 'sort=title');
      expect(up.map((i) => i.title.toLowerCase())).toEqual([
        'access',
        'bias review',
        'bias review',
        'claims',
      ]);
      expect(new Set(up.map((i) => i.id)).size).toBe(4);
      const down = await all(path, 'sort=-title');
      expect(down.map((i) => i.id)).toEqual([...up.map((i) => i.id)].reverse());
    });

    it(`${path}: sorts by creation either way, the same as newest first`, async () => {
      const newest = (await list(path, 'limit=50')).items.map((i) => i.title);
      expect(newest).toEqual(['Bias review', 'Access', 'bias review', 'Claims']);
      expect((await all(path, 'sort=-createdAt')).map((i) => i.title)).toEqual(newest);
      expect((await all(path, 'sort=createdAt')).map((i) => i.title)).toEqual(
        [...newest].reverse(),
      );
      expect((await all(path, 'sort=status')).every((i) => i.status === 'draft')).toBe(true);
    });

    it(`${path}: refuses a cursor of another sort and an unknown field`, async () => {
      const first = await list(path, 'sort=title&limit=1');
      expect(first.nextCursor).not.toBeNull();
      const other = await org.owner.get(
        `${base}/${path}?sort=-title&limit=1&cursor=${first.nextCursor}`,
      );
      expect(other.statusCode).toBe(400);
      expect(JSON.stringify(other.json())).toContain('/query/cursor');
      const bad = await org.owner.get(`${base}/${path}?sort=severity`);
      expect(bad.statusCode).toBe(400);
      expect(JSON.stringify(bad.json())).toContain('/query/sort');
    });
  }
});
