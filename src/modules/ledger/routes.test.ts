import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../kernel/paging.js';
import { DIALECTS, openTestApp, type TestApp } from '../../../test/harness.js';
import { createOrgFixture, type OrgFixture } from '../../../test/client.js';

describe.each(DIALECTS)('the ledger routes on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    await org.member('manager');
  });
  afterAll(() => t?.close());

  it('pages the ledger and a record history by sequence number', async () => {
    const all = (await org.owner.get(`${base}/ledger?limit=200`)).json();
    expect(all.items.map((e: { seq: number }) => e.seq)).toEqual(
      all.items.map((_: unknown, i: number) => i + 1),
    );
    const first = (await org.owner.get(`${base}/ledger?limit=1`)).json();
    expect(first.items.map((e: { seq: number }) => e.seq)).toEqual([1]);
    const second = (
      await org.owner.get(`${base}/ledger?limit=1&cursor=${first.nextCursor}`)
    ).json();
    expect(second.items.map((e: { seq: number }) => e.seq)).toEqual([2]);
    const history = (await org.owner.get(`${base}/history/orgs/${org.id}`)).json();
    expect(history.items.map((e: { action: string }) => e.action)).toEqual(['orgs.create']);
  });

  it('refuses a cursor that is no sequence number with 400, not a page from the start or a 500', async () => {
    for (const url of [`${base}/ledger`, `${base}/history/orgs/${org.id}`]) {
      const res = await org.owner.get(`${url}?cursor=${encodeCursor('abc')}`);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().errors).toEqual([{ pointer: '/query/cursor', message: 'Unknown cursor.' }]);
    }
  });
});
