// The Statement of Applicability list over HTTP: `q` finds a control by its identifier or title
// in any case, the filters (Annex A domain or own controls, decision, implementation status,
// without valid evidence) really narrow it, `sort` orders it with paging that keeps the order,
// and a value the list does not know answers 400 at the parameter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control } from '../src/catalog/index.js';
import { createOrgFixture, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

interface Entry {
  controlId: string;
  title: string;
  applicable: boolean | null;
  implementationStatus: string | null;
  evidence: { valid: number; expired: number };
}

describe.each(DIALECTS)('Statement of Applicability list on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;

  const list = async (query: string) => {
    const res = await org.owner.get(`${base}/soa?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Entry[]; nextCursor: string | null };
  };
  const ids = async (query: string) => (await list(query)).items.map((e) => e.controlId);

  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    const decide = async (id: string, body: object) => {
      const r = await org.owner.request('PUT', `${base}/soa/${id}`, body);
      expect(r.statusCode, r.body).toBe(200);
    };
    await decide('A.6.2.4', {
      applicable: true,
      justification: 'We verify every model.',
      implementationStatus: 'implemented',
    });
    await decide('A.7.4', {
      applicable: true,
      justification: 'We train on customer data.',
      implementationStatus: 'partial',
    });
    await decide('A.6.2.2', { applicable: false, justification: 'No in-house development.' });
    const own = await org.owner.post(`${base}/soa/controls`, {
      controlId: 'ORG-1',
      title: 'Release board',
      justification: 'Group policy',
    });
    expect(own.statusCode, own.body).toBe(201);
    // Valid evidence for A.6.2.4; only expired evidence for A.7.4.
    for (const [id, validUntil] of [
      ['A.6.2.4', null],
      ['A.7.4', '2020-01-01'],
    ] as const) {
      const e = await org.owner.post(`${base}/evidence`, {
        kind: 'link',
        title: `Proof of ${id}`,
        url: 'https://wiki.example.com/proof',
        validUntil,
      });
      expect(e.statusCode, e.body).toBe(201);
      const l = await org.owner.post(`${base}/evidence/${e.json().id}/links`, {
        targetType: 'control',
        targetId: id,
      });
      expect(l.statusCode, l.body).toBe(201);
    }
  });
  afterAll(() => t.close());

  it('finds a control by its identifier or title in any case', async () => {
    expect(await ids('q=a.6.2.4')).toEqual(['A.6.2.4']);
    const title = control('A.7.4')!.title;
    expect(await ids(`q=${encodeURIComponent(title.toUpperCase())}`)).toEqual(['A.7.4']);
    expect(await ids('q=release%20BOARD')).toEqual(['ORG-1']);
    expect(await ids('q=nothing-like-this')).toEqual([]);
  });

  it('narrows by domain, decision, implementation status and missing evidence', async () => {
    const domain = await ids('domain=A.7');
    expect(domain.length).toBeGreaterThan(1);
    expect(domain.every((id) => id.startsWith('A.7.'))).toBe(true);
    expect(await ids('domain=own')).toEqual(['ORG-1']);
    expect(await ids('applicable=false')).toEqual(['A.6.2.2']);
    expect(await ids('applicable=true')).toEqual(['A.6.2.4', 'A.7.4', 'ORG-1']);
    const undecided = await ids('applicable=undecided&limit=200');
    expect(undecided).toHaveLength(38 - 3);
    expect(undecided).not.toContain('A.6.2.4');
    expect(await ids('implementationStatus=partial')).toEqual(['A.7.4']);
    expect(await ids('implementationStatus=not_applicable')).toEqual(['A.6.2.2']);
    const bare = await ids('evidence=none&limit=200');
    expect(bare).toHaveLength(38 + 1 - 1);
    expect(bare).toContain('A.7.4');
    expect(bare).not.toContain('A.6.2.4');
    expect(await ids('evidence=none&applicable=true')).toEqual(['A.7.4', 'ORG-1']);
  });

  it('sorts, and pages a sorted list without repeating or skipping a control', async () => {
    expect(await ids('applicable=true&sort=-implementationStatus')).toEqual([
      'A.6.2.4',
      'A.7.4',
      'ORG-1',
    ]);
    expect((await ids('sort=-evidence'))[0]).toBe('A.6.2.4');
    const all = (await list('limit=200')).items.map((e) => e.controlId);
    expect(await ids('limit=200&sort=-controlId')).toEqual([...all].reverse());
    const byTitle = (await list('limit=200&sort=title')).items;
    const titles = byTitle.map((e) => e.title.toLowerCase());
    expect(titles).toEqual([...titles].sort());
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const p = await list(`limit=7&sort=title${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...p.items.map((e) => e.controlId));
      cursor = p.nextCursor;
    } while (cursor);
    expect(paged).toEqual(byTitle.map((e) => e.controlId));
  });

  it('refuses a filter or sort it does not know, at the parameter', async () => {
    for (const [query, pointer] of [
      ['domain=A.99', '/query/domain'],
      ['applicable=maybe', '/query/applicable'],
      ['implementationStatus=done', '/query/implementationStatus'],
      ['evidence=some', '/query/evidence'],
      ['sort=owner', '/query/sort'],
    ]) {
      const res = await org.owner.get(`${base}/soa?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().errors[0].pointer, query).toBe(pointer);
    }
  });
});
