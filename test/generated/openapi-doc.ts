/**
 * Reading the OpenAPI document the app serves: its operations, their parameters, request body
 * schema and example. The generated suites and several tests walk the API through these helpers, so
 * a new route is covered as soon as it is in the document.
 */
import type { FastifyInstance } from 'fastify';

/**
 * The parts of an OpenAPI 3.1 document these tests read. The generators walk arbitrary schemas
 * of the document, so a node is as loose as JSON itself.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test generators over arbitrary JSON
export type Json = Record<string, any>;

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Json;
}

export interface Operation {
  /** Upper-case HTTP method. */
  method: string;
  /** The OpenAPI path template, e.g. /api/v1/orgs/{org}/members/{memberId}. */
  path: string;
  operationId: string;
  op: Json;
}

export const HTTP_METHODS = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
] as const;

export async function loadOpenApi(app: FastifyInstance): Promise<Json> {
  const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  if (res.statusCode !== 200) throw new Error(`GET /api/openapi.json answered ${res.statusCode}`);
  return res.json() as Json;
}

export function operations(doc: Json): Operation[] {
  const out: Operation[] = [];
  // A shared parameter (components.parameters, such as asOf) stands in the operation by $ref.
  const shared = (doc.components?.parameters ?? {}) as Record<string, Json>;
  const resolve = (p: Json): Json =>
    typeof p.$ref === 'string' ? (shared[p.$ref.split('/').pop()!] ?? p) : p;
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    for (const m of HTTP_METHODS) {
      const op = item[m] as Json | undefined;
      if (!op) continue;
      out.push({
        method: m.toUpperCase(),
        path,
        operationId: String(op.operationId ?? `${m.toUpperCase()} ${path}`),
        op: op.parameters ? { ...op, parameters: (op.parameters as Json[]).map(resolve) } : op,
      });
    }
  }
  return out;
}

/** "members.update PATCH /api/v1/orgs/{org}/members/{memberId}": how failures name an operation. */
export const describeOp = (o: Operation) => `${o.operationId} ${o.method} ${o.path}`;

export const parametersIn = (o: Operation, where: OpenApiParameter['in']): OpenApiParameter[] =>
  ((o.op.parameters ?? []) as OpenApiParameter[]).filter((p) => p.in === where);

/** The names of the path template's parameters, in order (from the template, not the declared list). */
export const pathParamNames = (o: Operation): string[] =>
  [...o.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);

/** Operations of one organization: /api/v1/orgs/{org} and everything under it. */
export const isOrgOperation = (o: Operation) =>
  o.path === '/api/v1/orgs/{org}' || o.path.startsWith('/api/v1/orgs/{org}/');

export const isWrite = (o: Operation) =>
  o.method !== 'GET' && o.method !== 'HEAD' && o.method !== 'OPTIONS';

export const hasIfMatch = (o: Operation) =>
  parametersIn(o, 'header').some((p) => p.name.toLowerCase() === 'if-match');

export function bodySchema(o: Operation): Json | undefined {
  return o.op.requestBody?.content?.['application/json']?.schema as Json | undefined;
}

/** The documented example body, or undefined when there is none. */
export function exampleBody(o: Operation): unknown {
  return o.op.requestBody?.content?.['application/json']?.example;
}

/**
 * The path with every parameter filled: `values` are raw (they are percent-encoded here), `raw`
 * values are put in as they are (for deliberately malformed ones). Returns the missing names
 * instead when a parameter has no value.
 */
export function fillPath(
  o: Operation,
  values: Record<string, string>,
  raw: Record<string, string> = {},
): { url: string } | { missing: string[] } {
  const missing = pathParamNames(o).filter((n) => !(n in raw) && values[n] === undefined);
  if (missing.length) return { missing };
  return {
    url: o.path.replace(/\{([^}]+)\}/g, (_m, n: string) =>
      n in raw ? raw[n]! : encodeURIComponent(values[n]!),
    ),
  };
}

/**
 * A fixture value for a parameter of the operation at `path`. Values may be scoped to a path prefix
 * (key `prefix|name`, e.g. the versionId of a document, not of a policy): the longest prefix of the
 * path wins over the unscoped `name`.
 */
export function lookupValue(
  values: Record<string, string>,
  name: string,
  path: string,
): string | undefined {
  let best: { len: number; value: string } | undefined;
  for (const [key, value] of Object.entries(values)) {
    const bar = key.lastIndexOf('|');
    if (bar < 0 || key.slice(bar + 1) !== name) continue;
    const prefix = key.slice(0, bar);
    if ((path === prefix || path.startsWith(`${prefix}/`)) && (!best || prefix.length > best.len))
      best = { len: prefix.length, value };
  }
  return best?.value ?? values[name];
}

/**
 * The value of every path parameter: the fixture's (see lookupValue), or for a parameter whose
 * schema is an enum (a register key, a record type) its first option.
 */
export function pathValues(o: Operation, values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of pathParamNames(o)) {
    const v = lookupValue(values, name, o.path);
    if (v !== undefined) out[name] = v;
  }
  for (const p of parametersIn(o, 'path')) {
    const options = (p.schema?.enum ?? []) as unknown[];
    if (out[p.name] === undefined && typeof options[0] === 'string') out[p.name] = options[0];
  }
  return out;
}

/** The status of the documented success response (the lowest 2xx key). */
export function successStatus(o: Operation): number {
  const codes = Object.keys(o.op.responses ?? {})
    .filter((k) => /^2\d\d$/.test(k))
    .map(Number)
    .sort((a, b) => a - b);
  return codes[0] ?? 200;
}

/** Whether the success response is a page: an object with items[] and nextCursor. */
export function isListOperation(o: Operation): boolean {
  const schema = o.op.responses?.[String(successStatus(o))]?.content?.['application/json']
    ?.schema as Json | undefined;
  const props = schema?.properties as Json | undefined;
  return o.method === 'GET' && !!props?.items && !!props?.nextCursor;
}
