// Helpers the modules' route tables are written with: the organization parameter, example ids,
// and commandRoute, which turns an organization's command into a route.
import { z } from 'zod';
import { runParsed, type OrgCommand } from '../kernel/commands.js';
import { sha256Hex, uuidSchema } from '../kernel/ids.js';
import { defineRoute, type Call, type HttpMethod, type RouteSpec } from './route-spec.js';

export const orgParam = z.object({
  org: z.string().min(1).max(100).describe('Organization slug or id.'),
});
export const uuid = uuidSchema;

/** Which name each example id stands for (see exampleId). */
export const EXAMPLE_IDS = new Map<string, string>();

/**
 * A well-formed, stable id to put in a route example where a real record's id goes (`name` is the
 * record's id parameter, e.g. aiSystemId). The document stays valid; whoever runs the examples
 * against a real organization (the generated test suites) swaps it for a real id of that name.
 */
export function exampleId(name: string): string {
  const h = sha256Hex(`aims example id: ${name}`);
  const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  EXAMPLE_IDS.set(id, name);
  return id;
}

/**
 * A route that runs an organization's command: its params are the organization and the
 * command's path ids, its body the rest of the command's input; the wrapper authorizes and parses
 * once, and the handler hands the parsed input to the command. `view` turns the command's result
 * into the response body (the result itself when absent); the ETag is the result's version.
 */
export function commandRoute<S extends z.ZodObject, O, V extends z.ZodType | null>(spec: {
  command: OrgCommand<S, O>;
  method: Exclude<HttpMethod, 'GET'>;
  url: string;
  /** Defaults to the command's action. */
  operationId?: string;
  summary: string;
  tag: string;
  example?: unknown;
  ifMatch?: boolean;
  errors?: number[];
  logLevel?: string;
  response: { status: number; schema: V; description: string };
  view?: (result: O, call: Call<Record<string, string>, unknown, unknown>) => unknown;
}): RouteSpec {
  const { command } = spec;
  const pathIds = Object.fromEntries(command.pathIds.map((k) => [k, true])) as Record<string, true>;
  const idShape = command.input.pick(pathIds).shape as Record<string, z.ZodType>;
  const bodySchema = command.input.omit(pathIds);
  const hasBody = Object.keys(bodySchema.shape).length > 0;
  return defineRoute({
    method: spec.method,
    url: spec.url,
    operationId: spec.operationId ?? command.action,
    summary: spec.summary,
    tag: spec.tag,
    auth: 'org',
    action: command.action,
    params: orgParam.extend(idShape),
    ...(hasBody ? { body: bodySchema } : {}),
    example: spec.example,
    ifMatch: spec.ifMatch,
    errors: spec.errors,
    logLevel: spec.logLevel,
    response: spec.response,
    async handler(call) {
      const { org: _org, ...ids } = call.params as Record<string, string>;
      const input = { ...(hasBody ? (call.body as object) : {}), ...ids } as z.infer<S>;
      const result = await runParsed(call.ctx, command, input, {
        access: call.access,
        ifMatch: call.ifMatch,
      });
      const body = spec.view
        ? await spec.view(result, call as Call<Record<string, string>, unknown, unknown>)
        : result;
      const version = (result as { version?: unknown } | null)?.version;
      return { body, etag: typeof version === 'number' ? version : undefined };
    },
  });
}
