/**
 * Restricted reads through any route. For each caller (a member of every role with a cookie
 * session, and an API token scoped to the ledger alone), every GET operation of the organization
 * in the OpenAPI document, and the history of records the caller may not read, is called; each
 * answer is searched for values of the records the caller may not read by the permission matrix
 * (ENTITY_READ in src/kernel/permissions.ts): their ids and texts as the database holds them.
 *
 * And the anonymous report, for every caller, owners included: no answer carries the request id
 * its reporter sent, and no object in an answer that names the concern also names the reporter.
 */
import type { LightMyRequestResponse } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Services } from '../../src/api/route.js';
import type { DB } from '../../src/db/schema.js';
import { LEDGERED, TABLES, type LedgeredTable } from '../../src/db/tables.js';
import { ENTITY_READ, roleAllows, scopesAllow, type Role } from '../../src/kernel/permissions.js';
import { ApiClient } from '../client.js';
import { hostToken, type SuiteFixture } from './fixture.js';
import {
  describeOp,
  fillPath,
  isOrgOperation,
  operations,
  pathValues,
  type Json,
} from './openapi-doc.js';

/** A caller of the check: who they are for the matrix (role, token scopes) and how they call. */
export interface ReadCaller {
  label: string;
  client: ApiClient;
  role: Role;
  scopes?: string[];
}

/** A member of every role with a cookie session, and the contributor's token scoped to ledger.read. */
export async function readCallers(fx: SuiteFixture, services: Services): Promise<ReadCaller[]> {
  const callers: ReadCaller[] = (Object.keys(fx.a.members) as Role[]).map((role) => ({
    label: `A ${role} (session)`,
    client: fx.a.members[role].client,
    role,
  }));
  const c = fx.a.members.contributor;
  const tok = await hostToken(services, fx.a.slug, c.userId, ['ledger.read'], 'ledger only');
  callers.push({
    label: 'A contributor (token scoped to ledger.read)',
    client: new ApiClient(fx.app, { token: tok.token }, c.client.email),
    role: 'contributor',
    scopes: ['ledger.read'],
  });
  return callers;
}

const mayRead = (c: ReadCaller, entity: LedgeredTable) =>
  roleAllows(c.role, ENTITY_READ[entity]) &&
  (!c.scopes || scopesAllow(c.scopes, ENTITY_READ[entity]));

/** A value worth looking for: not a time or date (events keep their time), not an enum word. */
const telling = (v: string) =>
  v.trim().length >= 6 && !/^\d{4}-\d{2}-\d{2}/.test(v) && !/^[a-z_]+$/.test(v);

/** The string values of a row's ledgered columns (the items of JSON columns). */
function valuesOf(table: LedgeredTable, row: Record<string, unknown>): string[] {
  const out: string[] = [];
  const columns = TABLES[table].columns as Record<string, { isJson: boolean }>;
  for (const c of LEDGERED[table].columns) {
    const v = row[c];
    if (typeof v !== 'string') continue;
    if (columns[c]?.isJson) out.push(...stringLeaves(JSON.parse(v) as unknown));
    else out.push(v);
  }
  return out;
}

function stringLeaves(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) stringLeaves(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) stringLeaves(x, out);
  return out;
}

/** Every ledgered row of the organization, by table. */
async function rowsOf(db: Kysely<DB>, orgId: string) {
  const out = new Map<LedgeredTable, Record<string, unknown>[]>();
  for (const table of Object.keys(LEDGERED) as LedgeredTable[]) {
    const where = table === 'orgs' ? sql`id = ${orgId}` : sql`org_id = ${orgId}`;
    const r = await sql<
      Record<string, unknown>
    >`select * from ${sql.table(table)} where ${where}`.execute(db);
    out.set(table, r.rows);
  }
  return out;
}

/** The strings of an answer: the string leaves of a JSON body, or the body as it is. */
function answerStrings(res: LightMyRequestResponse): string[] {
  try {
    return stringLeaves(JSON.parse(res.body) as unknown);
  } catch {
    return [res.body];
  }
}

/** The objects of a JSON value that hold `value` as one of their own fields, each with all its strings. */
function objectsNaming(v: unknown, value: string, out: string[][] = []): string[][] {
  if (Array.isArray(v)) for (const x of v) objectsNaming(x, value, out);
  else if (v && typeof v === 'object') {
    if (Object.values(v).includes(value)) out.push(stringLeaves(v));
    for (const x of Object.values(v)) objectsNaming(x, value, out);
  }
  return out;
}

/** The next page of a list answer (its nextCursor), or null. */
function nextPage(url: string, res: LightMyRequestResponse): string | null {
  if (res.statusCode !== 200) return null;
  let cursor: unknown;
  try {
    cursor = (JSON.parse(res.body) as { nextCursor?: unknown }).nextCursor;
  } catch {
    return null;
  }
  if (typeof cursor !== 'string') return null;
  const bare = url.replace(/[?&]cursor=[^&]*/, '');
  return `${bare}${bare.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`;
}

/**
 * What the caller may not see, each value with the record it comes from: the id of every record
 * of a type it may not read, and every telling value of such a record unless a record it may read
 * holds the same value (the AI system a concern is about, say). The organization's id and slug
 * are how the caller addresses it, and in every event.
 */
function hiddenFrom(
  caller: ReadCaller,
  rows: Map<LedgeredTable, Record<string, unknown>[]>,
  org: { id: string; slug: string },
): Map<string, string> {
  const readable = new Set<string>([org.id, org.slug]);
  const hidden = new Map<string, string>();
  const ids = new Map<string, string>();
  for (const [table, list] of rows) {
    const may = mayRead(caller, table);
    for (const row of list) {
      const rec = `${table} ${String(row.id)}`;
      if (!may && row.id !== org.id) ids.set(String(row.id), rec);
      for (const v of valuesOf(table, row)) {
        if (may) readable.add(v);
        else if (telling(v)) hidden.set(v, rec);
      }
    }
  }
  for (const v of readable) hidden.delete(v);
  for (const [id, rec] of ids) hidden.set(id, rec);
  return hidden;
}

export async function restrictedReadsSuite(
  fx: SuiteFixture,
  doc: Json,
  callers: ReadCaller[],
): Promise<string[]> {
  const S = 'reads';
  const failures: string[] = fx.problems.map((p) => `[${S}] ${p}`);
  const rows = await rowsOf(fx.db, fx.a.id);
  const anon = fx.a.seeded.anonymous;
  const reporter = [anon.reporter.userId, anon.reporter.memberId, anon.reporter.email];

  const urls: { what: string; url: string }[] = [];
  for (const o of operations(doc).filter((x) => isOrgOperation(x) && x.method === 'GET')) {
    const r = fillPath(o, pathValues(o, fx.a.params));
    if ('missing' in r)
      failures.push(`[${S}] no fixture for param ${r.missing.join(', ')} of ${describeOp(o)}`);
    else urls.push({ what: describeOp(o), url: r.url });
  }

  for (const caller of callers) {
    const hidden = hiddenFrom(caller, rows, fx.a);
    // Besides every GET operation: the history of records the caller may not read.
    const histories = [...rows]
      .filter(([table]) => !mayRead(caller, table))
      .flatMap(([table, list]) =>
        list.slice(0, 3).map((row) => ({
          what: `ledger.history of a ${table} record`,
          url: `/api/v1/orgs/${fx.a.slug}/history/${table}/${String(row.id)}`,
        })),
      );
    for (const { what, url: first } of [...urls, ...histories]) {
      for (let url: string | null = first, pages = 0; url && pages < 20; pages++) {
        const res = await caller.client.get(url);
        const where = `[${S}] ${what} as ${caller.label} (${url})`;
        const strings = answerStrings(res);
        // What the caller put in the URL it may read back (a problem's `instance` is the URL).
        const shown = [...hidden].filter(
          ([v]) => !url!.includes(v) && strings.some((s) => s.includes(v)),
        );
        if (shown.length)
          failures.push(
            `${where}: shows ${shown.length} value(s) of records it may not read, e.g. ${shown
              .slice(0, 3)
              .map(([v, rec]) => `${JSON.stringify(v.slice(0, 60))} of ${rec}`)
              .join('; ')}`,
          );
        if (strings.some((s) => s.includes(anon.requestId)))
          failures.push(`${where}: shows the request id the anonymous reporter sent`);
        let body: unknown = null;
        try {
          body = JSON.parse(res.body) as unknown;
        } catch {
          // not JSON: the request id check above covers it
        }
        for (const o of objectsNaming(body, anon.concernId)) {
          const named = reporter.filter((r) => o.some((s) => s.includes(r)));
          if (named.length)
            failures.push(
              `${where}: names the anonymous reporter (${named.join(', ')}) beside the concern`,
            );
        }
        url = nextPage(first, res);
      }
    }
  }
  return failures;
}
