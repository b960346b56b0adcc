import { z } from 'zod';
import { ERROR_CODES } from '../kernel/errors.js';
import { PERMISSIONS } from '../kernel/permissions.js';
import { problemSchema } from './problem.js';
import { AS_OF_PARAMETER, hasAsOf } from './as-of.js';
import type { RouteSpec } from './route.js';

type Json = Record<string, unknown>;

/** Named schemas (zod .meta({id})) found while converting; they go to components.schemas. */
let components: Record<string, Json> = {};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const s = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  delete s.$schema;
  const defs = (s.$defs ?? {}) as Record<string, Json>;
  delete s.$defs;
  // zod points at local #/$defs; in the document they live under components.schemas. A name whose
  // input shape differs from its output shape gets an "Input" twin.
  const key = (name: string) => {
    const def = JSON.stringify(defs[name]);
    return io === 'input' && components[name] && JSON.stringify(components[name]) !== def
      ? `${name}Input`
      : name;
  };
  const text = JSON.stringify({ s, defs }).replace(
    /"#\/\$defs\/([^"]+)"/g,
    (_m, name: string) => `"#/components/schemas/${key(name)}"`,
  );
  const moved = JSON.parse(text) as { s: Json; defs: Record<string, Json> };
  for (const [name, def] of Object.entries(moved.defs)) components[key(name)] ??= def;
  return moved.s;
}

const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function parameters(spec: RouteSpec): Json[] {
  const out: Json[] = [];
  for (const [where, schema] of [
    ['path', spec.params],
    ['query', spec.query],
  ] as const) {
    if (!schema) continue;
    const js = jsonSchema(schema, 'input') as {
      properties?: Record<string, Json>;
      required?: string[];
    };
    for (const [name, prop] of Object.entries(js.properties ?? {})) {
      const { description, ...rest } = prop;
      out.push({
        name,
        in: where,
        required: where === 'path' || (js.required ?? []).includes(name),
        schema: rest,
        ...(description ? { description } : {}),
      });
    }
  }
  if (hasAsOf(spec)) out.push({ $ref: '#/components/parameters/AsOf' });
  if (spec.ifMatch) {
    out.push({
      name: 'If-Match',
      in: 'header',
      required: false,
      description: 'The ETag of the version being changed; a stale one answers 412.',
      schema: { type: 'string' },
    });
  }
  return out;
}

const problemRef = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemRef } },
});

/** Builds the OpenAPI 3.1 document from the route list: the routes are the single source. */
export function buildOpenApi(routes: RouteSpec[]) {
  components = {};
  const paths: Record<string, Json> = {};
  for (const spec of routes) {
    const responses: Json = {};
    const ok: Json = { description: spec.response.description };
    if (spec.response.schema)
      ok.content = { 'application/json': { schema: jsonSchema(spec.response.schema, 'output') } };
    if (spec.response.files)
      ok.content = Object.fromEntries(
        spec.response.files.map((t) => [t, { schema: { type: 'string', format: 'binary' } }]),
      );
    if (spec.response.schema && spec.ifMatch !== undefined)
      ok.headers = {
        ETag: { description: 'The version of the record.', schema: { type: 'string' } },
      };
    responses[String(spec.response.status)] = ok;
    const hasInput = !!(spec.params || spec.query || spec.body);
    const statuses = new Set<number>([...(hasInput ? [400] : []), ...(spec.errors ?? [])]);
    if (spec.auth !== 'public') statuses.add(401);
    if (spec.auth === 'org') {
      statuses.add(403);
      statuses.add(404);
    }
    if (spec.ifMatch) statuses.add(412);
    // A change to an organization whose ledger is in alarm is refused (LEDGER_ALARM).
    if (spec.action && PERMISSIONS[spec.action]?.kind !== 'read') statuses.add(503);
    if (spec.body || spec.consumes) {
      statuses.add(413);
      statuses.add(415);
    }
    for (const s of [...statuses].sort())
      responses[String(s)] = problemResponse(`Error ${s}: see code.`);
    responses['4XX'] = problemResponse('Any other client error, as problem+json.');
    responses.default = problemResponse('Unexpected error.');
    const op: Json = {
      operationId: spec.operationId,
      summary: spec.summary,
      tags: [spec.tag],
      parameters: parameters(spec),
      responses,
      security:
        spec.auth === 'public' ? [] : [{ bearerAuth: [] }, { sessionCookie: [], csrfHeader: [] }],
    };
    if (spec.action) {
      op['x-aims-action'] = spec.action;
      op.description = `Needs the ${spec.action} permission (${PERMISSIONS[spec.action]?.roles.join(', ')}).`;
    }
    if (spec.consumes) {
      op.requestBody = {
        required: true,
        content: Object.fromEntries(
          spec.consumes.map((t) => [
            t,
            {
              schema: {
                type: 'string',
                ...(t.includes('json') || t.startsWith('text/') ? {} : { format: 'binary' }),
              },
            },
          ]),
        ),
      };
    } else if (spec.body) {
      op.requestBody = {
        required: true,
        content: {
          'application/json': {
            schema: jsonSchema(spec.body, 'input'),
            ...(spec.example !== undefined ? { example: spec.example } : {}),
          },
        },
      };
    }
    const p = openApiPath(spec.url);
    paths[p] ??= {};
    paths[p][spec.method.toLowerCase()] = op;
  }
  const problemComponent = (() => {
    const out = jsonSchema(problemSchema, 'output');
    return (out.$ref ? components.Problem : out) ?? out;
  })();
  const tags = [...new Set(routes.map((r) => r.tag))].map((name) => ({
    name,
    description: `${name[0]!.toUpperCase()}${name.slice(1)} endpoints.`,
  }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'aims API',
      version: '0.1.0',
      summary: 'AI management system for ISO/IEC 42001',
      description: `Every error is application/problem+json with a stable code: ${Object.keys(ERROR_CODES).join(', ')}.`,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/' }],
    tags,
    paths,
    components: {
      schemas: { ...components, Problem: problemComponent },
      parameters: { AsOf: AS_OF_PARAMETER },
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token (aims_…) created in settings or with `aims token create`.',
        },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'aims_session',
          description: 'Set by POST /api/v1/auth/login.',
        },
        csrfHeader: {
          type: 'apiKey',
          in: 'header',
          name: 'X-CSRF-Token',
          description: 'The csrfToken of the session, on unsafe methods.',
        },
      },
    },
  };
}
