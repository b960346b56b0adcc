// The improvement log (10.1) over HTTP: `q` searches the title and description, `sort` orders by
// title, decision, state or due date either way and pages without repeats, with the state and
// decision filters; a sort it does not know answers 400 at the parameter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

describe.each(DIALECTS)('improvement log list on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;

  const list = async (query: string) => {
    const res = await org.owner.get(`${base}/improvements?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: { title: string }[]; nextCursor: string | null };
  };
  const titles = async (query: string) => (await list(query)).items.map((i) => i.title);

  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    // Logged in this order, so newest first is the reverse.
    for (const [title, description, dueDate] of [
      ['Monthly fairness report', 'Pull subgroup metrics from monitoring.', '2026-09-01'],
      ['automate the release checklist', 'Saves 100% of the manual ticks.', null],
      ['Shorter supplier review', null, '2026-03-15'],
    ] as const) {
      const r = await org.owner.post(`${base}/improvements`, {
        title,
        description,
        sourceType: 'suggestion',
        dueDate,
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    const [supplier] = (await list('')).items as { id: string; title: string }[];
    const decided = await org.owner.post(`${base}/improvements/${supplier!.id}/decision`, {
      decision: 'adopted',
    });
    expect(decided.statusCode, decided.body).toBe(200);
  });
  afterAll(() => t?.close());

  it('searches the title and description in any case, wildcards taken literally', async () => {
    expect(await titles('')).toEqual([
      'Shorter supplier review',
      'automate the release checklist',
      'Monthly fairness report',
    ]);
    expect(await titles('q=FAIRNESS')).toEqual(['Monthly fairness report']);
    expect(await titles('q=subgroup')).toEqual(['Monthly fairness report']);
    expect(await titles('q=100%25')).toEqual(['automate the release checklist']);
    expect(await titles('q=%25%25')).toEqual([]);
    expect(await titles('q=review&decision=adopted')).toEqual(['Shorter supplier review']);
    expect(await titles('q=report&decision=adopted')).toEqual([]);
  });

  it('sorts by title, decision and due date either way, and pages without repeats', async () => {
    expect(await titles('sort=title')).toEqual([
      'automate the release checklist',
      'Monthly fairness report',
      'Shorter supplier review',
    ]);
    expect((await titles('sort=decision'))[0]).toBe('Shorter supplier review');
    expect((await titles('sort=-decision'))[2]).toBe('Shorter supplier review');
    // No due date sorts as empty text: first ascending, last descending.
    expect(await titles('sort=dueDate')).toEqual([
      'automate the release checklist',
      'Shorter supplier review',
      'Monthly fairness report',
    ]);
    const first = await list('sort=-dueDate&limit=2');
    expect(first.items.map((i) => i.title)).toEqual([
      'Monthly fairness report',
      'Shorter supplier review',
    ]);
    const rest = await list(`sort=-dueDate&limit=2&cursor=${first.nextCursor}`);
    expect(rest.items.map((i) => i.title)).toEqual(['automate the release checklist']);
    expect(rest.nextCursor).toBeNull();
  });

  it('answers 400 at the parameter for a sort it does not know', async () => {
    const res = await org.owner.get(`${base}/improvements?sort=owner`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors[0].pointer).toBe('/query/sort');
  });
});
