/**
 * Suites generated from the OpenAPI document: every operation the app documents is called the ways
 * an attacker or a careless client would, and every wrong answer becomes one failure line naming
 * the operation. Each suite returns its failures (an empty list means the app passed); the test
 * files assert the list is empty for the real app, and suites-catch.test.ts shows each suite
 * reports deliberately broken routes.
 *
 * A path parameter with no fixture value, or a body without a documented example, is itself a
 * failure: a new route cannot slip through uncovered.
 */
import type { LightMyRequestResponse } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { DB, LedgeredTable } from '../../src/db/schema.js';
import { PERMISSIONS } from '../../src/kernel/permissions.js';
import { ApiClient } from '../client.js';
import { fillPlaceholders, type Caller, type SuiteFixture } from './fixture.js';
import {
  bodySchema,
  describeOp,
  exampleBody,
  fillPath,
  hasIfMatch,
  isOrgOperation,
  isWrite,
  operations,
  parametersIn,
  pathParamNames,
  pathValues,
  type Json,
  type Operation,
} from './openapi-doc.js';

// ---------------------------------------------------------------------------------------------
// State of organization A: what must not change when a call is refused.

/**
 * Every table's rows that belong to the organization (orgs by id, others by org_id), and all users;
 * sessions aside. One statement per snapshot: each table's rows as JSON text, sorted, joined.
 */
export async function snapshotOrg(db: Kysely<DB>, orgId: string): Promise<Map<string, string>> {
  let tables = TABLES.get(db);
  if (!tables) {
    // Introspected once per database: every table there is, so a new table is covered too.
    const postgres = db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
    // On PostgreSQL only the schema in use: a shared server holds other tests' schemas too.
    const schema = postgres
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
      : undefined;
    tables = (await db.introspection.getTables())
      .filter((t) => !schema || t.schema === schema)
      .filter((t) => t.name !== 'sessions') // sign-ins are not organization state
      .map((t) => ({
        name: t.name,
        columns: t.columns.map((c) => c.name),
        orgScoped: t.columns.some((c) => c.name === 'org_id'),
      }));
    TABLES.set(db, tables);
  }
  const postgres = db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
  const parts = tables.map((t) => {
    const where = t.orgScoped
      ? sql`where org_id = ${orgId}`
      : t.name === 'orgs'
        ? sql`where id = ${orgId}`
        : sql``;
    const rows = postgres
      ? sql`(select string_agg(x, chr(10) order by x) from (select row_to_json(r)::text as x from ${sql.table(t.name)} r ${where}) s)`
      : sql`(select group_concat(x, char(10)) from (select json_array(${sql.join(t.columns.map((c) => sql.ref(c)))}) as x from ${sql.table(t.name)} ${where} order by x))`;
    return sql`select ${t.name} as t, coalesce(${rows}, '') as v`;
  });
  const result = await sql<{ t: string; v: string }>`${sql.join(parts, sql` union all `)}`.execute(
    db,
  );
  return new Map(result.rows.map((r) => [r.t, r.v]));
}
const TABLES = new WeakMap<Kysely<DB>, { name: string; columns: string[]; orgScoped: boolean }[]>();

/** What changed between two snapshots, as words; null when nothing did. */
export function describeChange(
  before: Map<string, string>,
  after: Map<string, string>,
): string | null {
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
    (k) => before.get(k) !== after.get(k),
  );
  if (!changed.length) return null;
  const head = (m: Map<string, string>) => {
    const row = JSON.parse(m.get('ledger_heads')?.split('\n')[0] || 'null') as
      { seq?: number } | unknown[] | null;
    return Array.isArray(row) ? (row.find((v) => typeof v === 'number') ?? 0) : (row?.seq ?? 0);
  };
  const moved =
    head(before) !== head(after) ? `; A's ledger head moved ${head(before)} → ${head(after)}` : '';
  return `changed ${changed.join(', ')}${moved}`;
}

/** Runs `fn` over `items`, `limit` at a time, keeping the order of the results. */
async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Answers.

function parseJson(res: LightMyRequestResponse): Json | null {
  try {
    return res.json() as Json;
  } catch {
    return null;
  }
}

/** A problem+json answer with a code (RFC 9457 as the API promises it). */
export function isProblem(res: LightMyRequestResponse): boolean {
  const type = String(res.headers['content-type'] ?? '');
  const body = parseJson(res);
  return (
    type.startsWith('application/problem+json') &&
    typeof body?.code === 'string' &&
    body.status === res.statusCode
  );
}

export const brief = (res: LightMyRequestResponse) =>
  `${res.statusCode} ${String(res.headers['content-type'] ?? '(no content-type)').split(';')[0]} ${res.body.slice(0, 140).replace(/\s+/g, ' ')}`;

/**
 * The example body of an operation that takes one, its example ids swapped for real ones from
 * `params`; a failure when a body is documented without an example or an example id has no fixture value.
 */
export function validBody(
  o: Operation,
  params: Record<string, string>,
  failures: string[],
  suite: string,
): { ok: true; body: unknown } | { ok: false } {
  if (!bodySchema(o)) return { ok: true, body: undefined };
  const ex = exampleBody(o);
  if (ex === undefined) {
    failures.push(
      `[${suite}] ${describeOp(o)}: has a request body schema but no example body in the OpenAPI document`,
    );
    return { ok: false };
  }
  const filled = fillPlaceholders(ex, params, o.path);
  for (const m of filled.missing)
    failures.push(
      `[${suite}] no fixture for example id {${m}} in the example body of operation ${describeOp(o)}`,
    );
  return filled.missing.length ? { ok: false } : { ok: true, body: filled.value };
}

/** Whether the example body refers to other records (holds example ids). */
const exampleHasPlaceholders = (o: Operation) =>
  fillPlaceholders(exampleBody(o), {}).missing.length > 0;

export function urlFor(
  o: Operation,
  values: Record<string, string>,
  failures: string[],
  suite: string,
  raw: Record<string, string> = {},
): string | null {
  const r = fillPath(o, pathValues(o, values), raw);
  if ('missing' in r) {
    for (const p of r.missing)
      failures.push(`[${suite}] no fixture for param ${p} of operation ${describeOp(o)}`);
    return null;
  }
  return r.url;
}

/** Calls as the client: the documented method, the body when the method takes one. */
export function call(
  client: ApiClient,
  o: Operation,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return client.request(o.method as 'GET', url, isWrite(o) ? (body ?? {}) : undefined, headers);
}

// ---------------------------------------------------------------------------------------------
// (a) Cross-organization.

/**
 * For every operation of an organization: B's owner (cookie session and API token) calling it on A
 * (A's slug, A's ids) gets 404 problem+json and changes nothing of A. When the operation takes ids
 * besides the organization, B's owner also calls it on B's own slug with A's ids: the answer is a
 * 404, or a success that contains nothing of A's; A is unchanged either way.
 */
export async function crossOrgSuite(fx: SuiteFixture, doc: Json): Promise<string[]> {
  const S = 'cross-org';
  const failures: string[] = fx.problems.map((p) => `[${S}] ${p}`);
  for (const o of operations(doc).filter(isOrgOperation)) {
    const body = validBody(o, fx.a.params, failures, S);
    if (!body.ok) continue;
    const onA = urlFor(o, fx.a.params, failures, S);
    if (onA === null) continue;
    // expect: 404 only; 404 or a success without A's data; or a refusal (4xx) of A's ids in the body.
    const targets: { label: string; url: string; expect: '404' | '404-or-success' | 'refused' }[] =
      [{ label: "A's slug and A's ids", url: onA, expect: '404' }];
    const onB = urlFor(o, { ...fx.a.params, org: fx.b.slug }, failures, S);
    if (onB !== null && pathParamNames(o).length > 1)
      targets.push({ label: "B's own slug with A's ids", url: onB, expect: '404-or-success' });
    else if (onB !== null && isWrite(o) && exampleHasPlaceholders(o))
      targets.push({ label: "B's own slug with A's ids in the body", url: onB, expect: 'refused' });
    // One snapshot around every call of the operation: any change is a failure of the operation.
    const before = await snapshotOrg(fx.db, fx.a.id);
    for (const target of targets) {
      for (const caller of fx.b.owners) {
        const res = await call(caller.client, o, target.url, body.body);
        const what = `[${S}] ${describeOp(o)} as ${caller.label} on ${target.label} (${target.url})`;
        const leaked = fx.a.markers.filter((m) => res.body.includes(m));
        const success = res.statusCode >= 200 && res.statusCode < 300;
        if (target.expect === 'refused') {
          if (res.statusCode < 400 || res.statusCode >= 500 || !isProblem(res))
            failures.push(
              `${what}: expected a 4xx problem+json refusing A's ids, got ${brief(res)}`,
            );
        } else if (
          !(res.statusCode === 404 ? isProblem(res) : target.expect === '404-or-success' && success)
        ) {
          failures.push(`${what}: expected 404 problem+json, got ${brief(res)}`);
        }
        if (leaked.length)
          failures.push(`${what}: the answer contains A's data (${leaked.join(', ')})`);
      }
    }
    const change = describeChange(before, await snapshotOrg(fx.db, fx.a.id));
    if (change) failures.push(`[${S}] ${describeOp(o)} called by B's owner: ${change}`);
  }
  return failures;
}

/**
 * What each body field that names a record or member of the organization refers to: the table
 * whose id the suite stores in it, and what else the body must say for the field to be a
 * reference (an evidence's recordType, a link's targetType, a responsibility's subjectType).
 * Every body field named like a reference (…Id, …Ids) must be here or in NOT_REFERENCES, so a new
 * reference field cannot go unchecked.
 */
export const REFERENCE_FIELDS: Record<
  string,
  readonly { table: LedgeredTable; with?: Record<string, string> }[]
> = {
  ownerMemberId: [{ table: 'memberships' }],
  memberId: [{ table: 'memberships' }],
  chairMemberId: [{ table: 'memberships' }],
  aiSystemId: [{ table: 'ai_systems' }],
  aiSystemIds: [{ table: 'ai_systems' }],
  aiModelId: [{ table: 'ai_models' }],
  competenceId: [{ table: 'competences' }],
  objectiveId: [{ table: 'objectives' }],
  relatedPolicyIds: [{ table: 'policies' }],
  riskId: [{ table: 'risks' }],
  riskIds: [{ table: 'risks' }],
  nonconformityId: [{ table: 'nonconformities' }],
  nonconformityIds: [{ table: 'nonconformities' }],
  sourceId: [
    { table: 'concerns', with: { sourceType: 'concern' } },
    { table: 'incidents', with: { sourceType: 'incident' } },
  ],
  versionId: [{ table: 'policy_versions' }],
  recordId: [
    // On the example's own kind (a link) as well as on a record reference.
    { table: 'ai_systems', with: { recordType: 'ai_systems' } },
    { table: 'memberships', with: { kind: 'record', recordType: 'memberships' } },
  ],
  targetId: [
    { table: 'ai_systems', with: { targetType: 'ai_system' } },
    { table: 'risks', with: { targetType: 'risk' } },
    { table: 'incidents', with: { targetType: 'incident' } },
  ],
  subjectId: [{ table: 'ai_systems', with: { subjectType: 'ai_system' } }],
  leadAuditorMemberId: [{ table: 'memberships' }],
  auditorMemberIds: [{ table: 'memberships' }],
  programmeId: [{ table: 'audit_programmes' }],
  evidenceIds: [{ table: 'evidence' }],
  impactAssessmentId: [{ table: 'impact_assessments' }],
};
/** Body fields named like references that name no record of an organization (catalog ids: clauses, controls, own controls). */
export const NOT_REFERENCES = new Set([
  'controlId',
  'controlIds',
  'requirementId',
  // A sector profile's legal suggestion (src/catalog/sectors.json).
  'suggestionId',
]);

/** Ids of B's records, by table: what A's routes must refuse in a reference field. */
async function outsiderIds(db: Kysely<DB>, orgId: string, tables: LedgeredTable[]) {
  const out = new Map<LedgeredTable, string>();
  for (const t of new Set(tables)) {
    const r = await sql<{
      id: string;
    }>`select id from ${sql.table(t)} where org_id = ${orgId} limit 1`.execute(db);
    if (r.rows[0]) out.set(t, r.rows[0].id);
  }
  return out;
}

/**
 * For every write operation of an organization with a JSON body: A's owner calls it on A (A's ids
 * in the path) with the example body, one reference field at a time holding an id of B's (a
 * member, an AI system, a record of the table the field names; a list holding just that id), and
 * gets 422 UNKNOWN_REFERENCE with a pointer to that field; neither A nor B changes. B must have
 * records of every table REFERENCE_FIELDS names (createRecordsFromDocument as B's owner).
 */
export async function foreignReferencesSuite(fx: SuiteFixture, doc: Json): Promise<string[]> {
  const S = 'references';
  const failures: string[] = fx.problems.map((p) => `[${S}] ${p}`);
  const tables = Object.values(REFERENCE_FIELDS).flatMap((v) => v.map((x) => x.table));
  const foreign = await outsiderIds(fx.db, fx.b.id, tables);
  for (const t of new Set(tables))
    if (!foreign.has(t)) failures.push(`[${S}] B has no record of ${t} to refer to`);
  let checked = 0;
  for (const o of operations(doc).filter((x) => isOrgOperation(x) && isWrite(x))) {
    const schema = bodySchema(o);
    if (!schema) continue;
    const fields = Object.entries((schema.properties ?? {}) as Record<string, Json>).filter(
      ([name]) => /Ids?$/.test(name) && !NOT_REFERENCES.has(name),
    );
    if (!fields.length) continue;
    const body = validBody(o, fx.a.params, failures, S);
    if (!body.ok) continue;
    const url = urlFor(o, fx.a.params, failures, S);
    if (url === null) continue;
    for (const [field, prop] of fields) {
      const variants = REFERENCE_FIELDS[field];
      if (!variants) {
        failures.push(
          `[${S}] ${describeOp(o)}: body field ${field} looks like a reference; say in REFERENCE_FIELDS what it names (or in NOT_REFERENCES that it names none)`,
        );
        continue;
      }
      for (const v of variants) {
        const id = foreign.get(v.table);
        if (!id) continue;
        const value = declaredTypes(prop).includes('array') ? [id] : id;
        const sent = { ...((body.body ?? {}) as Json), ...v.with, [field]: value };
        const before = [await snapshotOrg(fx.db, fx.a.id), await snapshotOrg(fx.db, fx.b.id)];
        const res = await call(fx.a.owner, o, url, sent);
        checked++;
        const what = `[${S}] ${describeOp(o)} with B's ${v.table} id in ${field}${v.with ? ` (${JSON.stringify(v.with)})` : ''}`;
        const answer = parseJson(res);
        const pointers = ((answer?.errors ?? []) as { pointer?: string }[]).map((e) => e.pointer);
        if (
          res.statusCode !== 422 ||
          !isProblem(res) ||
          answer?.code !== 'UNKNOWN_REFERENCE' ||
          !pointers.some((p) => p === `/body/${field}` || p?.startsWith(`/body/${field}/`))
        )
          failures.push(
            `${what}: expected 422 UNKNOWN_REFERENCE pointing at /body/${field}, got ${brief(res)}`,
          );
        const changeA = describeChange(before[0]!, await snapshotOrg(fx.db, fx.a.id));
        const changeB = describeChange(before[1]!, await snapshotOrg(fx.db, fx.b.id));
        if (changeA) failures.push(`${what}: A ${changeA}`);
        if (changeB) failures.push(`${what}: B ${changeB}`);
      }
    }
  }
  if (checked === 0) failures.push(`[${S}] no reference field was checked`);
  return failures;
}

// ---------------------------------------------------------------------------------------------
// (b) Roles.

/** Whether the operation performs a `self` action: a member's own statement, open to every role by design. */
export const isSelfAction = (o: Operation) =>
  PERMISSIONS[String(o.op['x-aims-action'])]?.kind === 'self';

/**
 * For every write operation (any method but GET) of an organization: A's viewer and auditor, with a
 * cookie session and with a write-scoped API token, get 403 problem+json and change nothing.
 * Operations performing a `self` action (acknowledging a policy, reporting a concern: every
 * member's own statement, src/kernel/permissions.ts) are the one exception.
 */
export async function rolesSuite(
  fx: SuiteFixture,
  doc: Json,
  callers: Caller[] = fx.a.readOnly,
): Promise<string[]> {
  const S = 'roles';
  const failures: string[] = fx.problems.map((p) => `[${S}] ${p}`);
  for (const o of operations(doc).filter(
    (x) => isOrgOperation(x) && isWrite(x) && !isSelfAction(x),
  )) {
    const body = validBody(o, fx.a.params, failures, S);
    if (!body.ok) continue;
    const url = urlFor(o, fx.a.params, failures, S);
    if (url === null) continue;
    const before = await snapshotOrg(fx.db, fx.a.id);
    for (const caller of callers) {
      const res = await call(caller.client, o, url, body.body);
      if (res.statusCode !== 403 || !isProblem(res))
        failures.push(
          `[${S}] ${describeOp(o)} as ${caller.label}: expected 403 problem+json, got ${brief(res)}`,
        );
    }
    const change = describeChange(before, await snapshotOrg(fx.db, fx.a.id));
    if (change)
      failures.push(
        `[${S}] ${describeOp(o)} called by ${callers.map((c) => c.label).join(', ')}: ${change}`,
      );
  }
  return failures;
}

// ---------------------------------------------------------------------------------------------
// (c) Bad input.

interface Check {
  name: string;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** What is acceptable: 'client-error' (4xx problem+json, the default) or 'no-server-error' (anything but 5xx). */
  expect?: 'client-error' | 'no-server-error';
}

/** Malformed values for a path parameter, as they go into the URL (already encoded where needed). */
export const BAD_PATH_VALUES: Record<string, string> = {
  'not-a-uuid': 'not-a-uuid',
  '10k chars': 'a'.repeat(10_000),
  NUL: '%00',
  'dot-dot-slash': '../',
  'broken percent-encoding': '%zz',
};

const TYPE_OF = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? 'number' : typeof v;
const WRONG_VALUES: unknown[] = [12345, 'a string', { nested: 'object' }, ['an', 'array'], null];

/** The JSON types a property accepts (from type, anyOf or oneOf); empty when the schema does not say. */
function declaredTypes(prop: Json): string[] {
  const out: string[] = [];
  const t = prop.type as string | string[] | undefined;
  out.push(...(Array.isArray(t) ? t : t ? [t] : []));
  for (const alt of [...((prop.anyOf ?? []) as Json[]), ...((prop.oneOf ?? []) as Json[])])
    out.push(...declaredTypes(alt));
  if (prop.const === null || (Array.isArray(prop.enum) && prop.enum.includes(null)))
    out.push('null');
  return [...new Set(out.map((x) => (x === 'integer' ? 'number' : x)))];
}

const itemsOf = (prop: Json): Json =>
  (prop.items ?? ((prop.anyOf ?? []) as Json[]).find((a) => a.items)?.items ?? {}) as Json;

function isStringProp(prop: Json) {
  return declaredTypes(prop).includes('string');
}

/** The string schema of a property that may also be null (anyOf [string, null]). */
function stringAlternative(prop: Json): Json {
  const own = prop.type === 'string' || (Array.isArray(prop.type) && prop.type.includes('string'));
  return own
    ? prop
    : (([...((prop.anyOf ?? []) as Json[]), ...((prop.oneOf ?? []) as Json[])].find((a) =>
        declaredTypes(a).includes('string'),
      ) ?? prop) as Json);
}

function bodyChecks(o: Operation, url: string, example: Json, schema: Json): Check[] {
  const props = (schema.properties ?? {}) as Record<string, Json>;
  const required = (schema.required ?? []) as string[];
  const checks: Check[] = [];
  for (const [field, prop] of Object.entries(props)) {
    const types = declaredTypes(prop);
    for (const v of WRONG_VALUES) {
      if (types.length === 0 || types.includes(TYPE_OF(v))) continue;
      checks.push({
        name: `body field ${field} as ${TYPE_OF(v)}`,
        url,
        body: { ...example, [field]: v },
      });
    }
    if (isStringProp(prop)) {
      // 100k characters, or one more than the schema allows when it allows more.
      const max = stringAlternative(prop).maxLength;
      const n = Math.max(100_000, typeof max === 'number' ? max + 1 : 0);
      checks.push({
        name: `body field ${field} as a ${n === 100_000 ? '100k' : n}-character string`,
        url,
        body: { ...example, [field]: 'a'.repeat(n) },
      });
      // Text no store keeps as it is (a NUL, half of a surrogate pair) is refused with a 4xx.
      checks.push({
        name: `body field ${field} with a NUL character`,
        url,
        body: { ...example, [field]: `${String(example[field] ?? 'x')}\u0000` },
      });
      checks.push({
        name: `body field ${field} with a lone UTF-16 surrogate`,
        url,
        body: { ...example, [field]: `${String(example[field] ?? 'x')}\ud800` },
      });
    } else if (types.includes('array') && isStringProp(itemsOf(prop))) {
      checks.push({
        name: `body field ${field} with a 100k-character item`,
        url,
        body: { ...example, [field]: ['a'.repeat(100_000)] },
      });
    }
  }
  for (const field of required) {
    const rest = { ...example };
    delete rest[field];
    checks.push({ name: `body without required field ${field}`, url, body: rest });
  }
  checks.push({
    name: 'body with an unknown extra field',
    url,
    body: { ...example, zzUnknownField: 'surprise' },
  });
  checks.push({ name: 'body is an array', url, body: [example] });
  checks.push({
    name: 'body with 50,000 keys',
    url,
    body: MANY_KEYS,
    headers: { 'content-type': 'application/json' },
  });
  checks.push({
    name: 'body is a JSON string',
    url,
    body: JSON.stringify('just a string'),
    headers: { 'content-type': 'application/json' },
  });
  checks.push({
    name: 'body is a JSON number',
    url,
    body: '42',
    headers: { 'content-type': 'application/json' },
  });
  return checks;
}

const oversized = new Map<number, string>();
function rawBodyChecks(url: string, limit: number): Check[] {
  const json = { 'content-type': 'application/json' };
  if (!oversized.has(limit)) oversized.set(limit, `{"name":"${'a'.repeat(limit + 16)}"}`);
  return [
    { name: 'broken JSON', url, body: '{"a":', headers: json },
    { name: 'JSON with trailing garbage', url, body: '{"a":1} trailing', headers: json },
    { name: 'text/plain body', url, body: 'hello', headers: { 'content-type': 'text/plain' } },
    {
      name: 'form-encoded body',
      url,
      body: 'a=1&b=2',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    },
    { name: `oversized body (> ${limit} bytes)`, url, body: oversized.get(limit), headers: json },
    { name: 'JSON nested 100,000 deep', url, body: DEEP_ARRAY, headers: json },
    { name: 'JSON objects nested 50,000 deep', url, body: DEEP_OBJECT, headers: json },
  ];
}

const DEEP_ARRAY = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
const DEEP_OBJECT = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
const MANY_KEYS = JSON.stringify(
  Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i])),
);

/** Garbage in each non-JSON type the operation takes (CSV, XLSX, multipart uploads). */
function fileBodyChecks(o: Operation, url: string): Check[] {
  const types = Object.keys((o.op.requestBody?.content ?? {}) as Json).filter(
    (t) => t !== 'application/json',
  );
  return types.flatMap((type) => {
    const header = type === 'multipart/form-data' ? `${type}; boundary=----aims` : type;
    return [
      {
        name: `malformed ${type} body`,
        url,
        body: '\u0000\u0001 not what it says \r\n------',
        headers: { 'content-type': header },
      },
      { name: `empty ${type} body`, url, body: '', headers: { 'content-type': header } },
      ...(type.startsWith('multipart/')
        ? [
            {
              name: `${type} without a boundary`,
              url,
              body: '{}',
              headers: { 'content-type': type },
            },
          ]
        : []),
    ];
  });
}

function queryChecks(o: Operation, url: string): Check[] {
  const checks: Check[] = [];
  for (const p of parametersIn(o, 'query')) {
    const s = (p.schema ?? {}) as Json;
    const bad: string[] = []; // URL-encoded already
    const types = declaredTypes(s);
    if (types.includes('number')) {
      bad.push('-1', 'abc', '1.5', '1e999', '');
      if (typeof s.minimum === 'number') bad.push(String(s.minimum - 1));
      if (typeof s.maximum === 'number') bad.push(String(s.maximum + 1));
    }
    if (Array.isArray(s.enum)) bad.push('not-one-of-the-options');
    if (typeof s.pattern === 'string' || s.format === 'date' || s.format === 'date-time')
      bad.push(encodeURIComponent('not in the format!'));
    if (types.includes('string') && typeof s.maxLength === 'number')
      bad.push('x'.repeat(s.maxLength + 1));
    if (p.name === 'cursor') bad.push('garbage', '%00', '%zz');
    for (const v of bad)
      checks.push({
        name: `query ${p.name}=${v.length > 24 ? `${v.slice(0, 8)}…(${v.length} chars)` : v}`,
        url: `${url}?${p.name}=${v}`,
      });
    checks.push({ name: `query ${p.name} given twice`, url: `${url}?${p.name}=1&${p.name}=2` });
  }
  return checks;
}

export type BadInputPart = 'path' | 'query' | 'if-match' | 'body' | 'raw-body';
export const BAD_INPUT_PARTS: BadInputPart[] = ['path', 'query', 'if-match', 'body', 'raw-body'];

export interface BadInputOptions {
  /** The server's body limit (AIMS_BODY_LIMIT_BYTES). */
  bodyLimit: number;
  /** Which kinds of bad input to send (all by default): path ids, query values, If-Match, body fields, raw bodies. */
  parts?: BadInputPart[];
}

/**
 * For every operation (public, account and organization ones): malformed path ids, wrong body field
 * types, missing required fields, unknown fields, huge strings, broken JSON, other content types,
 * an oversized body, bad query values and a malformed If-Match each get a 4xx problem+json with a
 * code: never a 5xx, never a success. The caller is one who may call the operation (A's owner for
 * organization routes), so validation, not authorization, is what answers. Nothing of A changes.
 */
export async function badInputSuite(
  fx: SuiteFixture,
  doc: Json,
  opts: BadInputOptions,
): Promise<string[]> {
  const S = 'bad-input';
  const failures: string[] = fx.problems.map((p) => `[${S}] ${p}`);
  let owner = await fx.a.freshOwnerSession();
  for (const o of operations(doc)) {
    const body = validBody(o, fx.a.params, failures, S);
    if (!body.ok) continue;
    const url = urlFor(o, fx.a.params, failures, S);
    if (url === null) continue;
    const security = (o.op.security ?? doc.security ?? []) as unknown[];
    // The owner's session, renewed when an operation ended it (the sign-out).
    if ((await owner.get('/api/v1/auth/session')).statusCode !== 200)
      owner = await fx.a.freshOwnerSession();
    const client = security.length === 0 ? new ApiClient(fx.app, null) : owner;
    const example = (body.body ?? {}) as Json;

    const parts = new Set(opts.parts ?? BAD_INPUT_PARTS);
    const checks: Check[] = [];
    for (const p of parts.has('path') ? pathParamNames(o) : []) {
      for (const [name, v] of Object.entries(BAD_PATH_VALUES)) {
        const r = fillPath(o, pathValues(o, fx.a.params), { [p]: v });
        if ('url' in r) checks.push({ name: `path ${p} ${name}`, url: r.url, body: body.body });
      }
    }
    const schema = bodySchema(o);
    if (schema && parts.has('body')) checks.push(...bodyChecks(o, url, example, schema));
    if (isWrite(o) && parts.has('raw-body'))
      checks.push(...rawBodyChecks(url, opts.bodyLimit), ...fileBodyChecks(o, url));
    if (parts.has('query')) checks.push(...queryChecks(o, url));
    if (hasIfMatch(o) && parts.has('if-match')) {
      for (const v of ['garbage', '"abc"', '"1', '"99999999999999999999"'])
        checks.push({ name: `If-Match ${v}`, url, body: body.body, headers: { 'if-match': v } });
    }

    const before = await snapshotOrg(fx.db, fx.a.id);
    // Strict checks may run side by side: each must be refused before it changes anything.
    const strict = checks.filter((c) => c.expect !== 'no-server-error');
    const lenient = checks.filter((c) => c.expect === 'no-server-error'); // may succeed: run after the state comparison
    const answers = await mapLimit(strict, 6, (c) => call(client, o, c.url, c.body, c.headers));
    strict.forEach((c, i) => {
      const res = answers[i]!;
      const what = `[${S}] ${describeOp(o)} [${c.name}]`;
      if (res.statusCode >= 500) failures.push(`${what}: server error ${brief(res)}`);
      else if (res.statusCode < 400)
        failures.push(`${what}: accepted invalid input: ${brief(res)}`);
      else if (!isProblem(res))
        failures.push(`${what}: not problem+json with a code: ${brief(res)}`);
    });
    const change = describeChange(before, await snapshotOrg(fx.db, fx.a.id));
    if (change) failures.push(`[${S}] ${describeOp(o)}: invalid requests ${change}`);
    const lenientAnswers = await mapLimit(lenient, 6, (c) =>
      call(client, o, c.url, c.body, c.headers),
    );
    for (const [i, c] of lenient.entries()) {
      const res = lenientAnswers[i]!;
      const what = `[${S}] ${describeOp(o)} [${c.name}]`;
      if (res.statusCode >= 500) failures.push(`${what}: server error ${brief(res)}`);
      else if (res.statusCode >= 400 && !isProblem(res))
        failures.push(`${what}: not problem+json with a code: ${brief(res)}`);
    }
  }
  return failures;
}
