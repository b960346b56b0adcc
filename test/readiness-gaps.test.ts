// The gap list over HTTP: `q` finds a requirement by its identifier or title in any case, the
// status and kind filters keep exactly the gaps they name, `sort` orders by number or title with
// paging that keeps the order, and a value the list does not know answers 400 at the parameter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

interface Gap {
  id: string;
  kind: 'clause' | 'control';
  title: string;
  status: 'missing' | 'partial';
}

describe.each(DIALECTS)('readiness gap list on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let all: Gap[];

  const list = async (query: string) => {
    const res = await org.owner.get(`${base}/readiness/gaps?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Gap[]; nextCursor: string | null };
  };
  const ids = async (query: string) => (await list(query)).items.map((g) => g.id);

  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    // Applicable and partly implemented, without evidence: a partial gap beside missing ones.
    const r = await org.owner.request('PUT', `${base}/soa/A.6.2.4`, {
      applicable: true,
      justification: 'We verify every model.',
      implementationStatus: 'partial',
    });
    expect(r.statusCode, r.body).toBe(200);
    all = (await list('limit=200')).items;
  });
  afterAll(() => t.close());

  it('finds a gap by its identifier or title in any case', async () => {
    expect(await ids('q=a.6.2.4')).toEqual(['A.6.2.4']);
    const gap = all.find((g) => g.id === 'A.6.2.4')!;
    expect(await ids(`q=${encodeURIComponent(gap.title.toUpperCase())}`)).toContain('A.6.2.4');
    expect(await ids('q=nothing-like-this')).toEqual([]);
  });

  it('keeps exactly the gaps of a status or kind, in the order to work on them', async () => {
    const statuses = new Set(all.map((g) => g.status));
    expect(statuses).toEqual(new Set(['missing', 'partial']));
    for (const status of ['missing', 'partial'] as const)
      expect(await ids(`status=${status}&limit=200`)).toEqual(
        all.filter((g) => g.status === status).map((g) => g.id),
      );
    for (const kind of ['clause', 'control'] as const) {
      const expected = all.filter((g) => g.kind === kind).map((g) => g.id);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(all.length);
      expect(await ids(`kind=${kind}&limit=200`)).toEqual(expected);
    }
    expect(await ids('kind=control&status=partial')).toEqual(['A.6.2.4']);
  });

  it('sorts by number or title, and pages a sorted list without repeats or gaps', async () => {
    const byId = await ids('sort=id&limit=200');
    // In the standard's numbering: clause 4 before clause 10, A.2 before A.10, clauses first.
    expect(byId[0]).toBe('4.1');
    expect(
      byId
        .filter((id) => !id.startsWith('A.'))
        .at(-1)!
        .startsWith('10.'),
    ).toBe(true);
    expect(byId.at(-1)!.startsWith('A.10.')).toBe(true);
    expect(new Set(byId)).toEqual(new Set(all.map((g) => g.id)));
    expect(await ids('sort=-id&limit=200')).toEqual([...byId].reverse());
    const byTitle = (await list('sort=title&limit=200')).items;
    const titles = byTitle.map((g) => g.title.toLowerCase());
    expect(titles).toEqual([...titles].sort());
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const p = await list(`limit=9&sort=title${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...p.items.map((g) => g.id));
      cursor = p.nextCursor;
    } while (cursor);
    expect(paged).toEqual(byTitle.map((g) => g.id));
  });

  it('refuses a filter or sort it does not know, at the parameter', async () => {
    for (const [query, pointer] of [
      ['status=met', '/query/status'],
      ['kind=annex', '/query/kind'],
      ['sort=status', '/query/sort'],
    ]) {
      const res = await org.owner.get(`${base}/readiness/gaps?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().errors[0].pointer, query).toBe(pointer);
    }
  });
});
