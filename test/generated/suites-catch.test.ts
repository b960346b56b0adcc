/**
 * The generated suites bite: an app with deliberately broken routes added, and each suite names the
 * broken route among its failures (and, for the cross-organization and roles suites, nothing else).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRoute, exampleId, orgParam, uuid, type RouteSpec } from '../../src/api/route.js';
import { runCommand } from '../../src/kernel/commands.js';
import { notFound } from '../../src/kernel/errors.js';
import { DIALECTS, openTestApp, type TestApp } from '../harness.js';
import { buildSuiteFixture, createRecordsFromDocument, type SuiteFixture } from './fixture.js';
import { loadOpenApi, type Json } from './openapi-doc.js';
import { readCallers, restrictedReadsSuite } from './restricted-reads.js';
import { badInputSuite, crossOrgSuite, foreignReferencesSuite, rolesSuite } from './suites.js';

const BROKEN: RouteSpec[] = [
  // Leaks across organizations: authorizes the caller for *their* organization, then loads the
  // member by id alone, ignoring access.orgId.
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/members/:memberId/card',
    operationId: 'broken.memberCard',
    summary: 'A member card that forgets the organization',
    tag: 'broken',
    auth: 'org',
    action: 'members.read',
    params: orgParam.extend({ memberId: uuid }),
    response: {
      status: 200,
      schema: z.object({ id: z.string(), email: z.string(), role: z.string() }),
      description: 'The card.',
    },
    async handler({ services, params }) {
      const m = await services.database.db
        .selectFrom('memberships')
        .select(['id', 'email', 'role'])
        .where('id', '=', params.memberId)
        .executeTakeFirst();
      if (!m) throw notFound('member');
      return { body: m };
    },
  }),
  // Leaks across organizations: under /orgs/:org but declared for any signed-in user, so nobody
  // checks membership.
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/summary',
    operationId: 'broken.summary',
    summary: 'An organization summary for any signed-in user',
    tag: 'broken',
    auth: 'user',
    params: orgParam,
    response: {
      status: 200,
      schema: z.object({ id: z.string(), name: z.string() }),
      description: 'The summary.',
    },
    async handler({ services, params }) {
      const o = await services.database.db
        .selectFrom('orgs')
        .select(['id', 'name'])
        .where('slug', '=', params.org)
        .executeTakeFirst();
      if (!o) throw notFound('organization');
      return { body: o };
    },
  }),
  // A write that declares a read action, so a viewer may rename the organization (through the
  // runner, with a ledger event).
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:org/quick-rename',
    operationId: 'broken.quickRename',
    summary: 'Rename, declared as a read',
    tag: 'broken',
    auth: 'org',
    action: 'orgs.read',
    params: orgParam,
    body: z.object({ name: z.string().min(1).max(200) }).strict(),
    example: { name: 'Renamed by anyone' },
    response: { status: 200, schema: z.object({ name: z.string() }), description: 'Renamed.' },
    async handler({ ctx, access, rawBody }) {
      const input = z.object({ name: z.string().min(1).max(200) }).strict();
      const out = await runCommand(
        ctx,
        { action: 'orgs.read', access, input, raw: rawBody },
        async (tx, body) => {
          const org = await tx.db
            .selectFrom('orgs')
            .selectAll()
            .where('id', '=', access.orgId)
            .executeTakeFirstOrThrow();
          const next = { ...org, name: body.name, version: org.version + 1, updated_at: tx.now };
          await tx.db
            .updateTable('orgs')
            .set({ name: next.name, version: next.version, updated_at: next.updated_at })
            .where('id', '=', org.id)
            .execute();
          tx.record(org.id, 'orgs', org.id, next);
          return next;
        },
      );
      return { body: { name: out.name } };
    },
  }),
  // Shows every member what only some roles may read: the concerns, under orgs.read.
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/concern-digest',
    operationId: 'broken.concernDigest',
    summary: 'A digest of concerns for every member',
    tag: 'broken',
    auth: 'org',
    action: 'orgs.read',
    params: orgParam,
    response: {
      status: 200,
      schema: z.object({ items: z.array(z.object({ id: z.string(), summary: z.string() })) }),
      description: 'The digest.',
    },
    async handler({ services, access }) {
      const items = await services.database.db
        .selectFrom('concerns')
        .select(['id', 'summary'])
        .where('org_id', '=', access.orgId)
        .execute();
      return { body: { items } };
    },
  }),
  // Takes any member id as an owner, another organization's too (and a reviewer the suites do
  // not know as a reference). Writes nothing, answers 200.
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:org/assignments',
    operationId: 'broken.assign',
    summary: 'Assign an owner without checking the member',
    tag: 'broken',
    auth: 'org',
    action: 'orgs.update',
    params: orgParam,
    body: z.object({ ownerMemberId: uuid, reviewerMemberId: uuid.optional() }).strict(),
    example: { ownerMemberId: exampleId('memberId') },
    response: { status: 200, schema: z.object({ ok: z.boolean() }), description: 'Assigned.' },
    async handler() {
      return { body: { ok: true } };
    },
  }),
  // Trusts its input too far: no maximum length in the schema, and a plain Error (a 500) when a
  // long title reaches code that cannot take it.
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:org/notes',
    operationId: 'broken.addNote',
    summary: 'Add a note, throwing on long titles',
    tag: 'broken',
    auth: 'org',
    action: 'orgs.update',
    params: orgParam,
    body: z.object({ title: z.string().min(1) }).strict(),
    example: { title: 'A short note' },
    response: { status: 201, schema: z.object({ ok: z.boolean() }), description: 'Added.' },
    async handler({ body }) {
      if (body.title.length > 1000)
        throw new Error(`title too long for the notes column: ${body.title.length}`);
      return { body: { ok: true } };
    },
  }),
];

/** Routes the suites cannot exercise, which they must report rather than skip. */
const UNCOVERED: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/widgets/:widgetId',
    operationId: 'broken.widget',
    summary: 'A route with a path parameter no fixture knows',
    tag: 'broken',
    auth: 'org',
    action: 'orgs.read',
    params: orgParam.extend({ widgetId: uuid }),
    response: { status: 200, schema: z.object({ id: z.string() }), description: 'A widget.' },
    async handler({ params }) {
      return { body: { id: params.widgetId } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:org/gadgets',
    operationId: 'broken.gadgetWithoutExample',
    summary: 'A write with a body schema but no example',
    tag: 'broken',
    auth: 'org',
    action: 'orgs.update',
    params: orgParam,
    body: z.object({ name: z.string().max(10) }).strict(),
    response: { status: 201, schema: z.object({ ok: z.boolean() }), description: 'Made.' },
    async handler() {
      return { body: { ok: true } };
    },
  }),
];

const BROKEN_IDS = [...BROKEN, ...UNCOVERED].map((r) => r.operationId);
/**
 * The document cut down to the broken routes and, as controls that must not be reported, the real
 * routes of members and tokens (the full document is covered by the suites' own test files).
 */
const subset = (doc: Json, also = /\/(members|tokens)(\/|$)/): Json => ({
  ...doc,
  paths: Object.fromEntries(
    Object.entries(doc.paths as Json).filter(
      ([p]) =>
        /card|summary|quick-rename|notes|widgets|gadgets|concern-digest|assignments/.test(p) ||
        also.test(p),
    ),
  ),
});
const mentionsBroken = (f: string) => BROKEN_IDS.some((id) => f.includes(` ${id} `));

describe.each(DIALECTS)('the generated suites catch broken routes, on %s', (dialect) => {
  let t: TestApp;
  let fx: SuiteFixture;
  let doc: Json;
  beforeAll(async () => {
    t = await openTestApp(dialect, { extraRoutes: [...BROKEN, ...UNCOVERED] });
    fx = await buildSuiteFixture(t);
    doc = await loadOpenApi(t.app);
  });
  afterAll(() => t?.close());

  it('cross-organization: names both leaking routes and the uncovered ones, and no real route', async () => {
    const failures = await crossOrgSuite(fx, subset(doc));
    // The member card answers B's owner with A's member when asked on B's own slug.
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^\[cross-org\] broken\.memberCard GET .* as B owner \(session\) on B's own slug with A's ids .*: the answer contains A's data/,
        ),
        expect.stringMatching(
          /^\[cross-org\] broken\.memberCard GET .* as B owner \(write-scoped token\) on B's own slug with A's ids .*: the answer contains A's data/,
        ),
        expect.stringMatching(
          /^\[cross-org\] broken\.summary GET .* as B owner \(session\) on A's slug .*: expected 404 problem\+json, got 200/,
        ),
        expect.stringMatching(
          /^\[cross-org\] broken\.summary GET .*: the answer contains A's data \(.*Alpha Marker/,
        ),
        '[cross-org] no fixture for param widgetId of operation broken.widget GET /api/v1/orgs/{org}/widgets/{widgetId}',
        '[cross-org] broken.gadgetWithoutExample POST /api/v1/orgs/{org}/gadgets: has a request body schema but no example body in the OpenAPI document',
      ]),
    );
    expect(failures.filter((f) => !mentionsBroken(f))).toEqual([]);
  });

  it('roles: names the write that declares a read action, and shows the change it made', async () => {
    const failures = await rolesSuite(fx, subset(doc));
    for (const who of [
      'A viewer (session)',
      'A viewer (write-scoped token)',
      'A auditor (session)',
      'A auditor (write-scoped token)',
    ]) {
      expect(failures).toContainEqual(
        `[roles] broken.quickRename POST /api/v1/orgs/{org}/quick-rename as ${who}: expected 403 problem+json, got 200 application/json {"name":"Renamed by anyone"}`,
      );
    }
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^\[roles\] broken\.quickRename POST \S+ called by A viewer \(session\), .*: changed .*ledger_events.*orgs; A's ledger head moved \d+ → \d+$/,
        ),
      ]),
    );
    expect(failures).toContain(
      '[roles] broken.gadgetWithoutExample POST /api/v1/orgs/{org}/gadgets: has a request body schema but no example body in the OpenAPI document',
    );
    expect(failures.filter((f) => !mentionsBroken(f))).toEqual([]);
    // The viewer really did rename A, and the ledger recorded it under a read action.
    const org = (await fx.a.owner.get(`/api/v1/orgs/${fx.a.slug}`)).json();
    expect(org.name).toBe('Renamed by anyone');
    const ledger = (await fx.a.owner.get(`/api/v1/orgs/${fx.a.slug}/ledger?limit=200`)).json();
    expect(ledger.items.filter((e: { action: string }) => e.action === 'orgs.read').length).toBe(4);
  });

  it('restricted reads: names the route that shows concerns to the viewer and the contributor, and not the real ledger routes', async () => {
    const failures = await restrictedReadsSuite(
      fx,
      subset(doc, /\/(ledger|history)(\/|$)/),
      await readCallers(fx, t.services),
    );
    for (const who of ['A viewer (session)', 'A contributor (session)'])
      expect(failures).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^\\[reads\\] broken\\.concernDigest GET \\S+ as ${who.replace(/[()]/g, '\\$&')} .*: shows \\d+ value\\(s\\) of records it may not read, e\\.g\\. .*of concerns `,
          ),
        ),
      );
    expect(failures.filter((f) => /as A (owner|manager|auditor) /.test(f))).toEqual([]);
    expect(failures).toContain(
      '[reads] no fixture for param widgetId of broken.widget GET /api/v1/orgs/{org}/widgets/{widgetId}',
    );
    expect(failures.filter((f) => !mentionsBroken(f) && !f.includes('widgetId'))).toEqual([]);
  });

  it("foreign references: names the route that takes B's member id, and the reference field it does not know, and no real route", async () => {
    await createRecordsFromDocument(fx.b.owners[0]!.client, doc, { org: fx.b.slug });
    const failures = await foreignReferencesSuite(fx, subset(doc, /\/(documents|risks)(\/|$)/));
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^\[references\] broken\.assign POST \S+ with B's memberships id in ownerMemberId: expected 422 UNKNOWN_REFERENCE pointing at \/body\/ownerMemberId, got 200 /,
        ),
        '[references] broken.assign POST /api/v1/orgs/{org}/assignments: body field reviewerMemberId looks like a reference; say in REFERENCE_FIELDS what it names (or in NOT_REFERENCES that it names none)',
      ]),
    );
    expect(failures.filter((f) => !mentionsBroken(f))).toEqual([]);
  });

  it('bad input: names the route that answers a long title with a 500, and the uncovered ones', async () => {
    const failures = await badInputSuite(fx, subset(doc, /^$/), {
      bodyLimit: t.services.config.bodyLimitBytes,
    });
    expect(failures).toContainEqual(
      expect.stringMatching(
        /^\[bad-input\] broken\.addNote POST \/api\/v1\/orgs\/\{org\}\/notes \[body field title as a 100k-character string\]: server error 500 application\/problem\+json/,
      ),
    );
    expect(failures).toContain(
      '[bad-input] no fixture for param widgetId of operation broken.widget GET /api/v1/orgs/{org}/widgets/{widgetId}',
    );
    expect(failures).toContain(
      '[bad-input] broken.gadgetWithoutExample POST /api/v1/orgs/{org}/gadgets: has a request body schema but no example body in the OpenAPI document',
    );
    // Every other check of the notes route (types, missing and unknown fields, raw bodies) is answered well.
    expect(
      failures.filter(
        (f) =>
          f.includes('broken.addNote') &&
          !f.includes('[body field title as a 100k-character string]'),
      ),
    ).toEqual([]);
  });
});
