import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/server.js';
import { responseCacheLookups } from '../src/api/metrics.js';
import type { Services } from '../src/api/route.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { ApiClient, createOrgFixture, type OrgFixture } from './client.js';

/**
 * The response cache (src/api/response-cache.ts): list answers kept by the organization's ledger
 * head. What it must never do: serve an answer older than the last change, one caller's view to
 * another, one organization's answer to another, or outlive a credential or a membership.
 */
const RISKS = '/api/v1/orgs/:org/risks';
const MEMBERS = '/api/v1/orgs/:org/members';

/** How many lookups of a route's answers had this result so far (hit, miss or bypass). */
const lookups = (route: string, result: string) =>
  [...responseCacheLookups.values.values()]
    .filter((v) => v.labels.route === route && v.labels.result === result)
    .reduce((n, v) => n + v.value, 0);

/** Counts the lookups of a route made while `run` runs. */
async function counted<T>(route: string, run: () => Promise<T>) {
  const before = { hit: lookups(route, 'hit'), miss: lookups(route, 'miss') };
  const value = await run();
  return {
    value,
    hits: lookups(route, 'hit') - before.hit,
    misses: lookups(route, 'miss') - before.miss,
  };
}

/** Another app (another process, as far as the cache knows) on the same database. */
async function secondApp(t: TestApp, env: Record<string, string> = {}) {
  const config = {
    ...loadConfig({ AIMS_DATA_DIR: t.database.dir, ...env }),
    logLevel: 'silent',
  };
  const services = await createServices(config, t.database);
  const app = await buildApp(services, { logLevel: 'silent' });
  await app.ready();
  return { app, services };
}

const as = (app: FastifyInstance, c: ApiClient) => new ApiClient(app, c.auth);

describe.each(DIALECTS)('the response cache on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let other: { app: FastifyInstance; services: Services };
  let uncached: { app: FastifyInstance; services: Services };
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    other = await secondApp(t);
    uncached = await secondApp(t, { AIMS_RESPONSE_CACHE_BYTES: '0' });
    for (const title of ['Drift', 'Bias', 'Leakage'])
      expect((await org.owner.post(`${base}/risks`, { title })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await other?.app.close();
    await uncached?.app.close();
    await t?.close();
  });

  it('serves a kept answer byte for byte as the handler makes it, and counts hits', async () => {
    const first = await counted(RISKS, () => org.owner.get(`${base}/risks?limit=2`));
    const second = await counted(RISKS, () => org.owner.get(`${base}/risks?limit=2`));
    expect([first.value.statusCode, first.misses, first.hits]).toEqual([200, 1, 0]);
    expect([second.value.statusCode, second.misses, second.hits]).toEqual([200, 0, 1]);
    expect(second.value.json().items).toHaveLength(2);
    const fresh = await as(uncached.app, org.owner).get(`${base}/risks?limit=2`);
    expect(second.value.body).toBe(fresh.body);
    expect(second.value.body).toBe(first.value.body);
    expect(second.value.headers['content-type']).toBe(fresh.headers['content-type']);
    expect(second.value.headers.etag).toBe(first.value.headers.etag);
    expect(second.value.headers['cache-control']).toBe('private, no-cache');
  });

  it('keeps the register lists too (routes built at their first request)', async () => {
    const route = '/api/v1/orgs/:org/ai-systems';
    const url = `${base}/ai-systems?limit=50`;
    const first = await counted(route, () => org.owner.get(url));
    const second = await counted(route, () => org.owner.get(url));
    expect([first.value.statusCode, first.misses, second.hits]).toEqual([200, 1, 1]);
    expect(second.value.body).toBe((await as(uncached.app, org.owner).get(url)).body);
  });

  it('answers a known ETag with 304, and a changed answer with 200 and a new ETag', async () => {
    const first = await org.owner.get(`${base}/risks?limit=50`);
    const etag = String(first.headers.etag);
    const again = await counted(RISKS, () =>
      org.owner.get(`${base}/risks?limit=50`, { 'if-none-match': etag }),
    );
    expect([again.value.statusCode, again.value.body, again.hits]).toEqual([304, '', 1]);
    expect(again.value.headers.etag).toBe(etag);
    expect((await org.owner.post(`${base}/risks`, { title: 'Opacity' })).statusCode).toBe(201);
    const changed = await org.owner.get(`${base}/risks?limit=50`, { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.json().items.map((r: { title: string }) => r.title)).toContain('Opacity');
  });

  it('any command of the organization makes the next read fresh', async () => {
    const url = `${base}/members?limit=50`;
    await org.owner.get(url);
    expect((await counted(MEMBERS, () => org.owner.get(url))).hits).toBe(1);
    // A command on another register moves the head too: the members list is made again.
    expect((await org.owner.post(`${base}/risks`, { title: 'Misuse' })).statusCode).toBe(201);
    expect((await counted(MEMBERS, () => org.owner.get(url))).misses).toBe(1);
    const added = await org.member('viewer');
    const after = await counted(MEMBERS, () => org.owner.get(url));
    expect(after.misses).toBe(1);
    expect(after.value.json().items.map((m: { id: string }) => m.id)).toContain(added.memberId);
  });

  it('gives callers with other abilities their own answers', async () => {
    const viewer = await org.member('viewer');
    const manager = await org.member('manager');
    const url = `${base}/risks?limit=50`;
    const abilities = async (c: ApiClient) => {
      await c.get(url);
      const r = await counted(RISKS, () => c.get(url));
      expect(r.hits).toBe(1);
      return r.value.json().items[0].abilities;
    };
    const byManager = await abilities(manager);
    const byViewer = await abilities(viewer);
    expect(byManager.edit).toBe(true);
    expect(byViewer.edit).toBe(false);
  });

  it('a changed role, a revoked token and a removed member take effect at once', async () => {
    const manager = await org.member('manager');
    const made = await manager.post(`${base}/tokens`, { name: 'lists', scopes: ['read'] });
    expect(made.statusCode).toBe(201);
    const token = new ApiClient(t.app, { token: made.json().token as string });
    const url = `${base}/risks?limit=50`;
    await manager.get(url);
    await token.get(url);
    expect((await manager.get(url)).json().items[0].abilities.edit).toBe(true);
    const demoted = await org.owner.patch(
      `${base}/members/${manager.memberId}`,
      { role: 'viewer' },
      { 'if-match': '"1"' },
    );
    expect(demoted.statusCode).toBe(200);
    expect((await manager.get(url)).json().items[0].abilities.edit).toBe(false);
    expect((await org.owner.delete(`${base}/tokens/${made.json().id}`)).statusCode).toBe(200);
    expect((await token.get(url)).statusCode).toBe(401);
    expect((await org.owner.delete(`${base}/members/${manager.memberId}`)).statusCode).toBe(204);
    expect((await manager.get(url)).statusCode).toBe(404);
  });

  it("never serves one organization's answer to another", async () => {
    const b = await createOrgFixture(t, 'Other Org');
    const bBase = `/api/v1/orgs/${b.slug}`;
    expect((await b.owner.post(`${bBase}/risks`, { title: 'Only in B' })).statusCode).toBe(201);
    // The same path and query, the same role, read twice each (the second from the cache).
    for (let i = 0; i < 2; i++) {
      const inA = (await org.owner.get(`${base}/risks?limit=50`)).json().items;
      const inB = (await b.owner.get(`${bBase}/risks?limit=50`)).json().items;
      expect(inB.map((r: { title: string }) => r.title)).toEqual(['Only in B']);
      expect(inA.map((r: { title: string }) => r.title)).not.toContain('Only in B');
    }
    // Asking for A with B's owner: not a member of A, whatever A's cache holds.
    expect((await b.owner.get(`${base}/risks?limit=50`)).statusCode).toBe(404);
  });

  it('a write through one app is seen by a list read through another on the next request', async () => {
    const url = `${base}/risks?limit=50&sort=title`;
    const there = as(other.app, org.owner);
    await there.get(url);
    expect((await counted(RISKS, () => there.get(url))).hits).toBe(1);
    expect((await org.owner.post(`${base}/risks`, { title: 'Aaa first' })).statusCode).toBe(201);
    const next = await counted(RISKS, () => there.get(url));
    expect(next.misses).toBe(1);
    expect(next.value.json().items[0].title).toBe('Aaa first');
  });

  it('a minute-keyed answer is made again when the clock passes the minute', async () => {
    // Just before the end of yesterday (UTC), while the owner's session is valid.
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.parse(today) - 86_400_000).toISOString().slice(0, 10);
    const now = new Date(`${yesterday}T23:59:10Z`);
    t.services.now = () => now;
    try {
      const made = await org.owner.post(`${base}/risks`, {
        title: 'Review due today',
        reviewDate: yesterday,
      });
      expect(made.statusCode).toBe(201);
      const url = `${base}/risks?limit=50&q=${encodeURIComponent('Review due today')}`;
      const overdue = async () => (await org.owner.get(url)).json().items[0].reviewOverdue;
      expect(await overdue()).toBe(false);
      now.setTime(Date.parse(`${yesterday}T23:59:50Z`));
      expect((await counted(RISKS, overdue)).hits).toBe(1);
      // The next day: the same head, another minute, the review is overdue now.
      now.setTime(Date.parse(`${today}T00:00:20Z`));
      const next = await counted(RISKS, overdue);
      expect([next.misses, next.value]).toEqual([1, true]);
    } finally {
      t.services.now = () => new Date();
    }
  });
});
