import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DB } from '../src/db/schema.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { ApiClient, createOrgFixture, type OrgFixture } from './client.js';

/**
 * A request to an organization's route reads the credential, the organization, the caller's
 * membership and the ledger head in one query (src/api/http.ts, src/kernel/authorize.ts): a list
 * answered from the response cache sends that one query and nothing else. The outcomes of every
 * check stay as they were.
 */

/** Counts the queries sent through this database handle while `run` runs. */
async function queriesOf<T>(db: Kysely<DB>, run: () => Promise<T>) {
  const executor = db.getExecutor() as { executeQuery: (...args: unknown[]) => unknown };
  const own = Object.hasOwn(executor, 'executeQuery');
  const original = executor.executeQuery;
  const sent: string[] = [];
  executor.executeQuery = function (this: unknown, ...args: unknown[]) {
    sent.push((args[0] as { sql: string }).sql);
    return original.apply(this, args);
  };
  try {
    const value = await run();
    return { value, sent };
  } finally {
    if (own) executor.executeQuery = original;
    else delete (executor as Partial<typeof executor>).executeQuery;
  }
}

describe.each(DIALECTS)('one query for the credential and the organization on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  let token: ApiClient;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    other = await createOrgFixture(t);
    const r = await org.owner.post(`/api/v1/orgs/${org.slug}/tokens`, {
      name: 'lists',
      scopes: ['read'],
    });
    expect(r.statusCode).toBe(201);
    token = new ApiClient(t.app, { token: r.json().token as string });
  });
  afterAll(() => t.close());

  const db = () => t.services.database.db;

  it('a cached list by session or token, by slug or id, sends one query', async () => {
    for (const caller of [org.owner, token])
      for (const ref of [org.slug, org.id]) {
        const url = `/api/v1/orgs/${ref}/risks?limit=50`;
        const first = await caller.get(url);
        expect(first.statusCode).toBe(200);
        const { value: again, sent } = await queriesOf(db(), () => caller.get(url));
        expect(again.statusCode).toBe(200);
        expect(again.body).toBe(first.body);
        expect(sent).toHaveLength(1);
      }
  });

  it('a token opens only its own organization, a non-member sees 404 like an unknown org', async () => {
    const byToken = await token.get(`/api/v1/orgs/${other.slug}/risks`);
    expect([byToken.statusCode, byToken.json().code]).toEqual([404, 'NOT_FOUND']);
    const byId = await token.get(`/api/v1/orgs/${other.id}/risks`);
    expect([byId.statusCode, byId.json().code]).toEqual([404, 'NOT_FOUND']);
    const nonMember = await org.owner.get(`/api/v1/orgs/${other.slug}/risks`);
    const unknown = await org.owner.get(`/api/v1/orgs/no-such-org/risks`);
    expect([nonMember.statusCode, nonMember.json().code]).toEqual([404, 'NOT_FOUND']);
    expect(nonMember.json().detail).toBe(unknown.json().detail);
    // The other organization's owner, in the same minute, still reads their own list.
    expect((await other.owner.get(`/api/v1/orgs/${other.slug}/risks`)).statusCode).toBe(200);
  });

  it('a request with a bad credential is refused before any organization is read', async () => {
    const bad = new ApiClient(t.app, { token: 'aims_not-a-token' });
    const r = await bad.get(`/api/v1/orgs/${org.slug}/risks`);
    expect(r.statusCode).toBe(401);
    const anonymous = new ApiClient(t.app, null);
    expect((await anonymous.get(`/api/v1/orgs/${org.slug}/risks`)).statusCode).toBe(401);
  });
});
