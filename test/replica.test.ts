/**
 * Read replicas (AIMS_DATABASE_READ_URL): lists, exports and reports read from the replica;
 * commands, authorization and single records read the primary. The "replica" here is the same
 * database behind a second Kysely instance that counts its queries and refuses any write, so the
 * test sees which one each route used, on both dialects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql, type KyselyPlugin, type PluginTransformQueryArgs } from 'kysely';
import { buildApp } from '../src/app.js';
import { readsFromReplica, type Services } from '../src/api/route.js';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/server.js';
import { createOrgFixture, type OrgFixture } from './client.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from './harness.js';

class Counter implements KyselyPlugin {
  n = 0;
  constructor(private readonly readOnly: boolean) {}
  transformQuery(args: PluginTransformQueryArgs) {
    this.n++;
    const kind = args.node.kind;
    if (
      this.readOnly &&
      ['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode'].includes(kind)
    )
      throw new Error(`a write (${kind}) reached the read replica`);
    return args.node;
  }
  async transformResult<T>(args: { result: T }) {
    return args.result;
  }
}

describe('which routes read from a replica', () => {
  it('lists, exports and reports; never commands or single records', () => {
    const r = (method: 'GET' | 'POST', operationId: string, reads?: 'primary' | 'replica') =>
      readsFromReplica({ method, operationId, ...(reads ? { reads } : {}) });
    expect(r('GET', 'risks.list')).toBe(true);
    expect(r('GET', 'context_issues.export')).toBe(true);
    expect(r('GET', 'dashboard.get')).toBe(true);
    expect(r('GET', 'risks.get')).toBe(false);
    expect(r('GET', 'ledger.verify')).toBe(false);
    expect(r('POST', 'risks.list')).toBe(false);
    expect(r('GET', 'risks.list', 'primary')).toBe(false);
    expect(r('GET', 'risks.get', 'replica')).toBe(true);
  });
});

describe.each(DIALECTS)('read replica routing (%s)', (dialect) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let org: OrgFixture;
  const primary = new Counter(false);
  const replica = new Counter(true);

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    const config = { ...loadConfig({ AIMS_DATA_DIR: database.dir }), logLevel: 'silent' };
    const base: Services = await createServices(config, database);
    const services: Services = {
      ...base,
      database: { ...database, db: database.db.withPlugin(primary) },
      readDatabase: { ...database, db: database.db.withPlugin(replica) },
    };
    app = await buildApp(services, { logLevel: 'silent' });
    await app.ready();
    org = await createOrgFixture({ app, services });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('sends a command to the primary only', async () => {
    const before = replica.n;
    const p = primary.n;
    const r = await org.owner.post(`/api/v1/orgs/${org.slug}/context-issues`, {
      title: 'A regulator asks for model cards',
      kind: 'external',
      category: 'regulatory',
      effect: 'Model cards for every system in production.',
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(replica.n).toBe(before);
    expect(primary.n).toBeGreaterThan(p);
  });

  it('reads a list, an export and the dashboard from the replica', async () => {
    for (const url of [
      `/api/v1/orgs/${org.slug}/context-issues`,
      `/api/v1/orgs/${org.slug}/context-issues/export?format=csv`,
      `/api/v1/orgs/${org.slug}/dashboard`,
    ]) {
      const before = replica.n;
      const r = await org.owner.get(url);
      expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
      expect(replica.n, url).toBeGreaterThan(before);
    }
    const list = await org.owner.get(`/api/v1/orgs/${org.slug}/context-issues`);
    expect(list.json().items).toHaveLength(1);
  });

  it('reads a single record from the primary', async () => {
    const list = await org.owner.get(`/api/v1/orgs/${org.slug}/context-issues`);
    const id = (list.json().items as { id: string }[])[0]!.id;
    const before = replica.n;
    const r = await org.owner.get(`/api/v1/orgs/${org.slug}/context-issues/${id}`);
    expect(r.statusCode).toBe(200);
    expect(replica.n).toBe(before);
  });
});

describe.runIf(!!process.env.AIMS_TEST_POSTGRES_URL)(
  'AIMS_DATABASE_READ_URL on a real server',
  () => {
    it('opens the replica by URL, read-only, and serves lists from it', async () => {
      const database = await openTestDatabase('postgres');
      const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(database.db))
        .rows[0]!.s;
      const u = new URL(process.env.AIMS_TEST_POSTGRES_URL!);
      // The same server as the replica, but every transaction of it read-only, as a standby's are.
      u.searchParams.set('options', `-c search_path=${schema} -c default_transaction_read_only=on`);
      const config = {
        ...loadConfig({ AIMS_DATA_DIR: database.dir, AIMS_DATABASE_READ_URL: u.toString() }),
        logLevel: 'silent',
      };
      const services = await createServices(config, database);
      expect(services.readDatabase).toBeDefined();
      const app = await buildApp(services, { logLevel: 'silent' });
      try {
        await app.ready();
        const org = await createOrgFixture({ app, services });
        const r = await org.owner.post(`/api/v1/orgs/${org.slug}/context-issues`, {
          title: 'Written to the primary',
          kind: 'internal',
          category: 'technical',
          effect: 'Read back from the replica.',
        });
        expect(r.statusCode, r.body).toBe(201);
        const list = await org.owner.get(`/api/v1/orgs/${org.slug}/context-issues`);
        expect(list.statusCode, list.body).toBe(200);
        expect(list.json().items).toHaveLength(1);
        const dash = await org.owner.get(`/api/v1/orgs/${org.slug}/dashboard`);
        expect(dash.statusCode, dash.body).toBe(200);
        const readOnly = await sql<{
          r: string;
        }>`select current_setting('transaction_read_only') as r`.execute(services.readDatabase!.db);
        expect(readOnly.rows[0]!.r).toBe('on');
      } finally {
        await app.close();
        await services.readDatabase?.close();
        await database.close();
      }
    });
  },
);
