/**
 * The world the generated suites run in: organization A (the target, with a member of every role,
 * API tokens and real ids for every path parameter) and organization B (the outsider, whose owner
 * calls A's routes). Built through the API and the commands, as a user would.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { EXAMPLE_IDS, type Services } from '../../src/api/route.js';
import type { DB } from '../../src/db/schema.js';
import { resolveOrg } from '../../src/kernel/authorize.js';
import { run } from '../../src/kernel/commands.js';
import type { Context } from '../../src/kernel/context.js';
import type { Role } from '../../src/kernel/permissions.js';
import { createTokenFor } from '../../src/modules/orgs/index.js';
import { ApiClient, createOrgFixture, signIn } from '../client.js';
import { sample } from '../interchange-schemas.js';
import {
  exampleBody,
  fillPath,
  isOrgOperation,
  loadOpenApi,
  lookupValue,
  operations,
  pathParamNames,
  pathValues,
  type Json,
} from './openapi-doc.js';

/** Somebody calling the API, and how to name them in a failure. */
export interface Caller {
  label: string;
  client: ApiClient;
}

export interface SuiteFixture {
  app: FastifyInstance;
  db: Kysely<DB>;
  a: {
    slug: string;
    id: string;
    name: string;
    /** A's owner, signed in with a cookie session. */
    owner: ApiClient;
    /** A new cookie session of A's owner (for suites that may end a session, such as logout). */
    freshOwnerSession(): Promise<ApiClient>;
    /** A value for every path parameter of A's routes: org, memberId, tokenId, entity, id… */
    params: Record<string, string>;
    /** Strings only A's data contains (its id, name and members' emails): never in an answer to an outsider. */
    markers: string[];
    /** A's viewer and auditor, each with a cookie session and with a write-scoped API token. */
    readOnly: Caller[];
    /** A member of every role (the owner too), signed in with a cookie session. */
    members: Record<Role, { client: ApiClient; userId: string; memberId: string }>;
    /** Records some roles may not read, and an anonymous report: what the restricted-reads check looks for. */
    seeded: SeededRecords;
  };
  /** What the fixture could not make (a record whose example the API refused): the suites report these. */
  problems: string[];
  b: {
    slug: string;
    id: string;
    /** B's owner with a cookie session and with a write-scoped API token. */
    owners: Caller[];
  };
}

/** What seedRestrictedRecords made. */
export interface SeededRecords {
  /** A concern reported by the contributor under their name, then triaged (owner, outcome). */
  namedConcernId: string;
  /** A concern reported through the public link with a contact. */
  publicContact: string;
  /** A concern the viewer reported anonymously, sending a request id of their own. */
  anonymous: {
    concernId: string;
    requestId: string;
    reporter: { userId: string; memberId: string; email: string };
  };
}

let n = 0;
const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

/** An API token for a member, made by the host (as `aims token create` does): any role gets one. */
export async function hostToken(
  services: Services,
  orgSlug: string,
  memberUserId: string,
  scopes: string[],
  name = 'suite token',
): Promise<{ token: string; id: string }> {
  const ctx: Context = {
    database: services.database,
    keys: services.keys,
    actor: { kind: 'host', name: 'suite' },
    requestId: `suite-${unique()}`,
    now: services.now,
  };
  const access = await resolveOrg(services.database.db, ctx.actor, orgSlug);
  const out = await run(ctx, createTokenFor, { name, scopes, userId: memberUserId }, { access });
  return { token: out.token, id: out.id };
}

async function userIdOfMember(db: Kysely<DB>, memberId: string) {
  return (
    await db
      .selectFrom('memberships')
      .select('user_id')
      .where('id', '=', memberId)
      .executeTakeFirstOrThrow()
  ).user_id;
}

export async function buildSuiteFixture(t: {
  app: FastifyInstance;
  services: Services;
}): Promise<SuiteFixture> {
  const db = t.services.database.db;
  const aName = `Alpha Marker ${unique()}`;
  const a = await createOrgFixture(t, aName);
  const members = {} as Record<Role, ApiClient & { memberId: string }>;
  for (const role of ['manager', 'contributor', 'auditor', 'viewer'] as const)
    members[role] = await a.member(role);
  const ownerToken = await a.owner.post(`/api/v1/orgs/${a.slug}/tokens`, {
    name: 'owner token',
    scopes: ['write'],
  });
  if (ownerToken.statusCode !== 201) throw new Error(`owner token: ${ownerToken.body}`);
  const contributorToken = await members.contributor.post(`/api/v1/orgs/${a.slug}/tokens`, {
    name: 'contributor token',
  });
  if (contributorToken.statusCode !== 201)
    throw new Error(`contributor token: ${contributorToken.body}`);

  const readOnly: Caller[] = [];
  for (const role of ['viewer', 'auditor'] as const) {
    const m = members[role];
    const tok = await hostToken(
      t.services,
      a.slug,
      await userIdOfMember(db, m.memberId),
      ['write'],
      `${role} token`,
    );
    readOnly.push({ label: `A ${role} (session)`, client: m });
    readOnly.push({
      label: `A ${role} (write-scoped token)`,
      client: new ApiClient(t.app, { token: tok.token }, m.email),
    });
  }

  const b = await createOrgFixture(t, `Bravo ${unique()}`);
  const bToken = await b.owner.post(`/api/v1/orgs/${b.slug}/tokens`, {
    name: 'b owner token',
    scopes: ['write'],
  });
  if (bToken.statusCode !== 201) throw new Error(`b token: ${bToken.body}`);

  const ownerEmail = a.owner.email;
  const ownerMember = await db
    .selectFrom('memberships')
    .select(['id', 'user_id'])
    .where('org_id', '=', a.id)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  const everyRole = {
    owner: { client: a.owner, userId: ownerMember.user_id, memberId: ownerMember.id },
  } as SuiteFixture['a']['members'];
  for (const role of ['manager', 'contributor', 'auditor', 'viewer'] as const) {
    everyRole[role] = {
      client: members[role],
      userId: await userIdOfMember(db, members[role].memberId),
      memberId: members[role].memberId,
    };
  }
  const params: Record<string, string> = {
    org: a.slug,
    memberId: members.contributor.memberId,
    tokenId: contributorToken.json().id as string,
    entity: 'memberships',
    id: members.contributor.memberId,
  };
  const doc = await loadOpenApi(t.app);
  const problems = await createRecordsFromDocument(a.owner, doc, params);
  const used = new Set(operations(doc).flatMap((o) => pathParamNames(o)));
  for (const [name, make] of Object.entries(CUSTOM)) {
    if (params[name] !== undefined || !used.has(name)) continue;
    try {
      params[name] = await make({ owner: a.owner, base: `/api/v1/orgs/${a.slug}`, params });
    } catch (e) {
      problems.push(`fixture: ${name}: ${(e as Error).message}`);
    }
  }
  let seeded: SeededRecords | undefined;
  try {
    seeded = await seedRestrictedRecords(
      t.app,
      { slug: a.slug, owner: a.owner, members: everyRole },
      params,
    );
  } catch (e) {
    problems.push(`fixture: restricted records: ${(e as Error).message}`);
  }
  return {
    app: t.app,
    db,
    a: {
      slug: a.slug,
      id: a.id,
      name: aName,
      owner: a.owner,
      freshOwnerSession: () => signIn(t.app, ownerEmail),
      params,
      markers: [a.id, aName, ownerEmail, ...Object.values(members).map((m) => m.email)],
      readOnly,
      members: everyRole,
      seeded: seeded!,
    },
    b: {
      slug: b.slug,
      id: b.id,
      owners: [
        { label: 'B owner (session)', client: b.owner },
        {
          label: 'B owner (write-scoped token)',
          client: new ApiClient(t.app, { token: bToken.json().token as string }, b.owner.email),
        },
      ],
    },
    problems,
  };
}

/**
 * Records of a type that not every role may read (concerns: owners, managers and auditors only),
 * made the ways they are made in use: a member's named report, then its triage; a report through
 * the public link with a contact; an anonymous report (by the viewer, with a request id of their
 * own); evidence that is a reference to the named concern. Each holds text no other record holds.
 */
async function seedRestrictedRecords(
  app: FastifyInstance,
  a: {
    slug: string;
    owner: ApiClient;
    members: SuiteFixture['a']['members'];
  },
  params: Record<string, string>,
): Promise<SeededRecords> {
  const base = `/api/v1/orgs/${a.slug}`;
  const u = unique();
  const ok = (what: string, res: { statusCode: number; body: string }, status: number) => {
    if (res.statusCode !== status)
      throw new Error(`${what}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    return JSON.parse(res.body) as Json;
  };
  const named = ok(
    'named concern',
    await a.members.contributor.client.post(`${base}/concerns`, {
      summary: `Restricted summary ${u}`,
      details: `Restricted details ${u}`,
      aiSystemId: params.aiSystemId,
    }),
    201,
  );
  ok(
    'triage',
    await a.owner.patch(`${base}/concerns/${named.id}`, {
      status: 'investigating',
      ownerMemberId: a.members.manager.memberId,
      outcome: `Restricted outcome ${u}`,
    }),
    200,
  );
  const publicContact = `reporter-${u}@example.net`;
  ok(
    'public concern',
    await new ApiClient(app, null).post(`/api/v1/public/orgs/${a.slug}/concerns`, {
      summary: `Public summary ${u}`,
      details: `Public details ${u}`,
      contact: publicContact,
    }),
    202,
  );
  const requestId = `anon-request-${u}`;
  const viewer = a.members.viewer;
  const anonymous = ok(
    'anonymous concern',
    await viewer.client.post(
      `${base}/concerns`,
      { summary: `Anonymous summary ${u}`, anonymous: true },
      { 'x-request-id': requestId },
    ),
    201,
  );
  ok(
    'evidence of the named concern',
    await a.owner.post(`${base}/evidence`, {
      kind: 'record',
      title: `Handling of a concern ${u}`,
      recordType: 'concerns',
      recordId: named.id,
    }),
    201,
  );
  return {
    namedConcernId: named.id as string,
    publicContact,
    anonymous: {
      concernId: anonymous.id as string,
      requestId,
      reporter: { userId: viewer.userId, memberId: viewer.memberId, email: viewer.client.email },
    },
  };
}

/**
 * Ids that no generic rule can make, each made the way a user would: the first workflow step that
 * needs a prepared state. (Add an entry when the suites report "no fixture for param X".)
 */
const CUSTOM: Record<
  string,
  (c: { owner: ApiClient; base: string; params: Record<string, string> }) => Promise<string>
> = {
  /** A session of the owner's own, made for the suites (ending it ends no other caller's). */
  async sessionId({ owner }) {
    const fresh = await signIn(owner.app, owner.email);
    const r = await fresh.get('/api/v1/account/sessions');
    const mine = (r.json().items as { id: string; current: boolean }[]).find((x) => x.current);
    if (!mine) throw new Error(`GET account/sessions: ${r.statusCode} ${r.body.slice(0, 200)}`);
    return mine.id;
  },
  /** An imported framework: NIST's sample catalog (its control s1.1.2 is the crosswalk example's). */
  async frameworkId({ owner, base }) {
    const r = await owner.post(
      `${base}/oscal/catalog-import?key=nist-sample`,
      sample('oscal-examples/basic-catalog.json'),
      { 'content-type': 'application/oscal+json' },
    );
    if (r.statusCode !== 200)
      throw new Error(`POST catalog-import: ${r.statusCode} ${r.body.slice(0, 200)}`);
    return r.json().framework.id as string;
  },
  /** A version of the Statement of Applicability can be frozen only once every control is decided. */
  async soaVersionId({ owner, base }) {
    for (let guard = 0; guard < 20; guard++) {
      const page = await owner.get(`${base}/soa?applicable=undecided&limit=200`);
      if (page.statusCode !== 200)
        throw new Error(`GET soa: ${page.statusCode} ${page.body.slice(0, 200)}`);
      const items = page.json().items as { controlId: string }[];
      if (items.length === 0) break;
      for (const c of items) {
        const r = await owner.request('PUT', `${base}/soa/${encodeURIComponent(c.controlId)}`, {
          applicable: false,
          justification: 'Not applicable in the test organization.',
        });
        if (r.statusCode !== 200)
          throw new Error(`deciding ${c.controlId}: ${r.statusCode} ${r.body.slice(0, 200)}`);
      }
    }
    const v = await owner.post(`${base}/soa-versions`, { changeNote: 'Fixture' });
    if (v.statusCode !== 201)
      throw new Error(`POST soa-versions: ${v.statusCode} ${v.body.slice(0, 200)}`);
    return v.json().id as string;
  },
  /** A checklist exists once its audit started: the owner joins the audit's team and starts it. */
  async checklistItemId({ owner, base, params }) {
    const audit = `${base}/audits/${params.auditId}`;
    const members = await owner.get(`${base}/members?limit=200`);
    const me = (members.json().items as { id: string; role: string }[]).find(
      (m) => m.role === 'owner',
    );
    if (!me) throw new Error(`GET members: ${members.statusCode} ${members.body.slice(0, 200)}`);
    const join = await owner.patch(audit, { auditorMemberIds: [me.id] });
    if (join.statusCode !== 200)
      throw new Error(`PATCH audit: ${join.statusCode} ${join.body.slice(0, 200)}`);
    const start = await owner.post(`${audit}/start`, {});
    if (start.statusCode !== 200)
      throw new Error(`POST start: ${start.statusCode} ${start.body.slice(0, 200)}`);
    return (start.json().checklist as { id: string }[])[0]!.id;
  },
  /** A finding is recorded in a started audit (started here unless the checklist's id started it). */
  async findingId({ owner, base, params }) {
    const audit = `${base}/audits/${params.auditId}`;
    if ((await owner.get(audit)).json().status === 'planned')
      await CUSTOM.checklistItemId!({ owner, base, params });
    const f = await owner.post(`${audit}/findings`, {
      grade: 'observation',
      requirementId: '9.2.1',
      title: 'Fixture finding',
    });
    if (f.statusCode !== 201)
      throw new Error(`POST findings: ${f.statusCode} ${f.body.slice(0, 200)}`);
    return f.json().id as string;
  },
  /** A management review takes decisions once it is held: the fixture's review is held here. */
  async reviewDecisionId({ owner, base, params }) {
    const review = `${base}/management-reviews/${params.reviewId}`;
    const held = await owner.post(`${review}/hold`, {});
    if (held.statusCode !== 200)
      throw new Error(`POST hold: ${held.statusCode} ${held.body.slice(0, 200)}`);
    const d = await owner.post(`${review}/decisions`, {
      kind: 'change',
      title: 'Fixture decision',
      actions: [{ title: 'Fixture action', ownerMemberId: params.memberId, dueDate: '2026-12-31' }],
    });
    if (d.statusCode !== 201)
      throw new Error(`POST decisions: ${d.statusCode} ${d.body.slice(0, 200)}`);
    return d.json().id as string;
  },
  /** The action of the fixture's decision (made with it, above). */
  async reviewActionId({ owner, base, params }) {
    const r = await owner.get(`${base}/management-reviews/${params.reviewId}`);
    const decisions = r.json().decisions as { id: string; actions: { id: string }[] }[];
    const action = decisions.find((d) => d.id === params.reviewDecisionId)?.actions[0];
    if (!action) throw new Error(`no action on the fixture's decision: ${r.body.slice(0, 200)}`);
    return action.id;
  },
  /** A corrective action is planned once the nonconformity's root cause is recorded. */
  async correctiveActionId({ owner, base, params }) {
    const nc = `${base}/nonconformities/${params.nonconformityId}`;
    const cause = await owner.request('PUT', `${nc}/root-cause`, {
      rootCause: { method: 'free_text', cause: 'The fixture needs one.' },
    });
    if (cause.statusCode !== 200)
      throw new Error(`PUT root-cause: ${cause.statusCode} ${cause.body.slice(0, 200)}`);
    const a = await owner.post(`${nc}/actions`, {
      title: 'Fixture action',
      ownerMemberId: params.memberId,
      dueDate: '2026-12-31',
    });
    if (a.statusCode !== 201)
      throw new Error(`POST actions: ${a.statusCode} ${a.body.slice(0, 200)}`);
    return a.json().id as string;
  },
};

/**
 * Swaps the example ids of an example body (exampleId in src/api/route.ts: a fixed, well-formed id
 * per name, such as aiSystemId) for the fixture's real ids of that name; `{name}` strings are taken
 * the same way. Returns the names it had no value for.
 */
export function fillPlaceholders(
  value: unknown,
  params: Record<string, string>,
  path = '',
): { value: unknown; missing: string[] } {
  const missing: string[] = [];
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const name = EXAMPLE_IDS.get(v) ?? /^\{([A-Za-z0-9_]+)\}$/.exec(v)?.[1];
      if (!name) return v;
      const found = lookupValue(params, name, path);
      if (found === undefined) missing.push(name);
      return found ?? v;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return { value: walk(value), missing: [...new Set(missing)] };
}

/**
 * Takes the ids of a creation's answer: its `id` (as `idParam`), and `xId` for every member object
 * `x` with an id, each also scoped to the collection (two collections may both have a versionId).
 */
function harvestIds(
  body: Json,
  idParam: string,
  params: Record<string, string>,
  collection: string,
) {
  const take = (name: string, id: string) => {
    params[`${collection}|${name}`] ??= id;
    params[name] ??= id;
  };
  if (typeof body.id === 'string') take(idParam, body.id);
  for (const [k, v] of Object.entries(body)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as Json).id === 'string')
      take(`${k}Id`, (v as Json).id as string);
  }
}

/**
 * One real record of every collection of the organization that the document lets us create: for
 * each `POST …/x` with an example and paths below `…/x/{xId}`, the example (placeholders filled)
 * is posted as the owner and `params.xId` becomes the new id (and `yId` for every object `y` with
 * an id in the answer). Collections whose paths or examples need ids of others wait for them.
 */
export async function createRecordsFromDocument(
  owner: ApiClient,
  doc: Json,
  params: Record<string, string>,
): Promise<string[]> {
  const ops = operations(doc);
  let pending = ops
    .filter((o) => isOrgOperation(o) && o.method === 'POST' && exampleBody(o) !== undefined)
    .map((o) => {
      // The id of the collection's records: the parameter right after the collection path, in any operation.
      const below = ops.find((x) => x.path.startsWith(`${o.path}/{`));
      return {
        o,
        idParam: below ? /^\{([^}]+)\}/.exec(below.path.slice(o.path.length + 1))![1]! : undefined,
      };
    })
    .filter(
      (p): p is { o: (typeof p)['o']; idParam: string } =>
        p.idParam !== undefined && !(p.idParam in CUSTOM),
    );
  const problems: string[] = [];
  const needs = (p: (typeof pending)[number]) => {
    const url = fillPath(p.o, pathValues(p.o, params));
    return [
      ...('missing' in url ? url.missing : []),
      ...fillPlaceholders(exampleBody(p.o), params, p.o.path).missing,
    ];
  };
  for (let progress = true; pending.length && progress;) {
    progress = false;
    pending = pending.filter(
      (p) => lookupValue(params, p.idParam, `${p.o.path}/{${p.idParam}}`) === undefined,
    );
    for (const p of [...pending]) {
      if (needs(p).length) continue;
      pending = pending.filter((x) => x !== p);
      progress = true;
      const url = fillPath(p.o, pathValues(p.o, params)) as { url: string };
      const body = fillPlaceholders(exampleBody(p.o), params, p.o.path).value;
      const res = await owner.post(url.url, body);
      // 201: made; 202: queued as a job (an audit pack), whose id is the record's too.
      if (res.statusCode === 201 || res.statusCode === 202)
        harvestIds(res.json() as Json, p.idParam, params, p.o.path);
      if (lookupValue(params, p.idParam, `${p.o.path}/{${p.idParam}}`) === undefined) {
        problems.push(
          `fixture: ${p.o.operationId} ${p.o.path} refused its own example ${JSON.stringify(body)} or gave no id: ${res.statusCode} ${res.body.slice(0, 200)}`,
        );
      }
    }
  }
  for (const p of pending)
    problems.push(
      `fixture: cannot create a record for ${p.idParam}: ${p.o.operationId} needs ${needs(p).join(', ')}, which nothing provides`,
    );
  await discoverFromLists(owner, ops, params);
  return problems;
}

/**
 * Ids of records the organization has without anyone creating them (the controls of the Statement
 * of Applicability): for a path `…/x/{xId}…` still without a value, the first item of `GET …/x`.
 */
async function discoverFromLists(
  owner: ApiClient,
  ops: ReturnType<typeof operations>,
  params: Record<string, string>,
) {
  for (const o of ops.filter(isOrgOperation)) {
    for (const m of o.path.matchAll(/\/\{([^}]+)\}/g)) {
      const name = m[1]!;
      if (name in CUSTOM || lookupValue(params, name, o.path) !== undefined) continue;
      const listPath = o.path.slice(0, m.index);
      const list = ops.find((x) => x.method === 'GET' && x.path === listPath);
      const url = list && fillPath(list, pathValues(list, params));
      if (!url || 'missing' in url) continue;
      const res = await owner.get(url.url);
      const first =
        res.statusCode === 200
          ? ((res.json() as Json).items as Json[] | undefined)?.[0]
          : undefined;
      const value = first?.[name] ?? first?.id;
      if (typeof value === 'string') params[`${listPath}|${name}`] = value;
    }
  }
}
