// Record lists over HTTP: readable identifiers in views and exports, `q` search on title and
// identifier, `sort` with stable paging, and the risks "awaiting my acceptance" filter; evidence
// and policies searched by title and sorted too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, createOrgFixture, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

interface Item {
  id: string;
  ref: string | null;
  title: string;
}

describe.each(DIALECTS)('record lists on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let manager: ApiClient & { memberId: string };
  const risks: Item[] = [];
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    manager = await org.member('manager');
    for (const title of ['Drift in the credit model', 'bias in triage', 'Alpha leak', 'Zeta'])
      risks.push((await org.owner.post(`${base}/risks`, { title })).json() as Item);
  });
  afterAll(() => t.close());

  const titles = (items: Item[]) => items.map((i) => i.title);

  it('shows each risk with its readable identifier, also in the export', async () => {
    expect(risks.map((r) => r.ref)).toEqual(['R-0001', 'R-0002', 'R-0003', 'R-0004']);
    const got = await org.owner.get(`${base}/risks/${risks[1]!.id}`);
    expect(got.json()).toMatchObject({ ref: 'R-0002', title: 'bias in triage' });
    const csv = (await org.owner.get(`${base}/risks/export?format=csv`)).body.split('\r\n');
    expect(csv[0]!.startsWith('ref,title,')).toBe(true);
    expect(csv[2]!.startsWith('R-0002,bias in triage,')).toBe(true);
  });

  it('finds risks by a word of the title or by the identifier, in any case', async () => {
    const q = async (text: string) =>
      titles((await org.owner.get(`${base}/risks?q=${encodeURIComponent(text)}`)).json().items);
    expect(await q('r-0002')).toEqual(['bias in triage']);
    expect(await q('R2')).toEqual(['bias in triage']);
    expect(await q('BIAS')).toEqual(['bias in triage']);
    expect(await q('in t')).toEqual(['bias in triage', 'Drift in the credit model']);
    expect(await q('100%')).toEqual([]);
  });

  it('sorts by title either way, case-insensitively, and pages without repeats or gaps', async () => {
    const all = await org.owner.get(`${base}/risks?sort=title`);
    expect(titles(all.json().items)).toEqual([
      'Alpha leak',
      'bias in triage',
      'Drift in the credit model',
      'Zeta',
    ]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await org.owner.get(
        `${base}/risks?sort=-title&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode).toBe(200);
      seen.push(...titles(res.json().items));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Zeta', 'Drift in the credit model', 'bias in triage', 'Alpha leak']);
    const byRef = await org.owner.get(`${base}/risks?sort=-ref&limit=2`);
    expect(byRef.json().items.map((i: Item) => i.ref)).toEqual(['R-0004', 'R-0003']);
    // A cursor of one sort is refused under another.
    const other = await org.owner.get(`${base}/risks?sort=title&cursor=${byRef.json().nextCursor}`);
    expect(other.statusCode).toBe(400);
  });

  it('refuses an unknown sort with a pointer to it', async () => {
    const res = await org.owner.get(`${base}/risks?sort=colour`);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/query/sort');
    const bad = await org.owner.get(`${base}/risks?awaiting=you`);
    expect(bad.json().errors[0].pointer).toBe('/query/awaiting');
  });

  it('lists the risks whose acceptance waits for the caller, as the inbox does', async () => {
    const needs = (
      await manager.post(`${base}/risks`, {
        title: 'Residual above the acceptance level',
        inherentLikelihood: 4,
        inherentImpact: 4,
        residualLikelihood: 3,
        residualImpact: 4,
        treatment: 'retain',
      })
    ).json();
    expect(needs.acceptance.state).toBe('needed');
    const waiting = async (c: ApiClient) =>
      (await c.get(`${base}/risks?awaiting=me`)).json().items.map((i: Item) => i.id);
    // Not its owner's to accept; the organization's owner may.
    expect(await waiting(manager)).toEqual([]);
    expect(await waiting(org.owner)).toEqual([needs.id]);
    expect(await waiting(await org.member('contributor'))).toEqual([]);
    const inbox = (await org.owner.get(`${base}/inbox`)).json();
    expect(JSON.stringify(inbox)).toContain(needs.id);
    // Combined with search.
    const both = await org.owner.get(`${base}/risks?awaiting=me&q=bias`);
    expect(both.json().items).toEqual([]);
    await org.owner.post(`${base}/risks/${needs.id}/acceptance`, {
      justification: 'Monitored weekly.',
      expiresOn: '2099-01-01',
    });
    expect(await waiting(org.owner)).toEqual([]);
  });

  it('numbers, searches and sorts incidents and nonconformities too', async () => {
    const sys = (
      await org.owner.post(`${base}/ai-systems`, {
        name: 'Triage',
        purpose: 'Sorts patients',
      })
    ).json();
    const made: Item[] = [];
    for (const title of ['Wrong triage', 'Outage'])
      made.push(
        (
          await org.owner.post(`${base}/incidents`, {
            title,
            severity: 'low',
            systems: [{ aiSystemId: sys.id }],
          })
        ).json() as Item,
      );
    expect(made.map((i) => i.ref)).toEqual(['INC-0001', 'INC-0002']);
    const found = await org.owner.get(`${base}/incidents?q=inc-2`);
    expect(titles(found.json().items)).toEqual(['Outage']);
    const sorted = await org.owner.get(`${base}/incidents?sort=title`);
    expect(titles(sorted.json().items)).toEqual(['Outage', 'Wrong triage']);
    const nc = await org.owner.post(`${base}/nonconformities`, {
      title: 'Release without its bias test',
      requirementId: 'A.6.2.4',
      severity: 'minor',
    });
    expect(nc.json()).toMatchObject({ ref: 'NC-0001', reference: 'NC-0001' });
    const ncs = await org.owner.get(`${base}/nonconformities?q=NC-1&sort=-title`);
    expect(titles(ncs.json().items)).toEqual(['Release without its bias test']);
  });

  it('searches evidence by title or file name, sorts it either way, and refuses a bad sort', async () => {
    for (const [title, validUntil] of [
      ['Model card', '2027-01-31'],
      ['bias test report', '2026-06-30'],
      ['Approval minutes', '2028-12-31'],
    ] as const) {
      const res = await manager.post(`${base}/evidence`, {
        kind: 'link',
        title,
        url: 'https://wiki.example.com/x',
        validUntil,
      });
      expect(res.statusCode).toBe(201);
    }
    const list = async (query: string) => {
      const res = await org.owner.get(`${base}/evidence?${query}`);
      expect(res.statusCode).toBe(200);
      return titles(res.json().items);
    };
    expect(await list('q=BIAS')).toEqual(['bias test report']);
    expect(await list('q=%25')).toEqual([]);
    expect(await list('sort=title')).toEqual([
      'Approval minutes',
      'bias test report',
      'Model card',
    ]);
    expect(await list('sort=-validUntil')).toEqual([
      'Approval minutes',
      'Model card',
      'bias test report',
    ]);
    expect(await list('q=o&sort=-title&limit=1')).toEqual(['Model card']);
    const page1 = (await org.owner.get(`${base}/evidence?sort=-title&limit=2`)).json();
    const page2 = await list(`sort=-title&limit=2&cursor=${page1.nextCursor}`);
    expect([...titles(page1.items), ...page2]).toEqual([
      'Model card',
      'bias test report',
      'Approval minutes',
    ]);
    const bad = await org.owner.get(`${base}/evidence?sort=colour`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].pointer).toBe('/query/sort');
  });

  it('searches policies by title and sorts them either way', async () => {
    for (const title of ['AI policy', 'data use policy', 'Acceptable use'])
      expect(
        (
          await org.owner.post(`${base}/policies`, {
            title,
            kind: 'ai_policy',
            reviewCycleMonths: 12,
            content: 'We mean it.',
          })
        ).statusCode,
      ).toBe(201);
    const list = async (query: string) => {
      const res = await org.owner.get(`${base}/policies?${query}`);
      expect(res.statusCode).toBe(200);
      return titles(res.json().items);
    };
    expect(await list('q=USE')).toEqual(['data use policy', 'Acceptable use']);
    expect(await list('sort=title')).toEqual(['Acceptable use', 'AI policy', 'data use policy']);
    const first = (await org.owner.get(`${base}/policies?sort=-title&limit=2`)).json();
    expect([
      ...titles(first.items),
      ...(await list(`sort=-title&cursor=${first.nextCursor}`)),
    ]).toEqual(['data use policy', 'AI policy', 'Acceptable use']);
    const bad = await org.owner.get(`${base}/policies?sort=colour`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].pointer).toBe('/query/sort');
  });
});
