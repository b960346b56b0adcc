// Types derived from openapi.json for the typed client and the feature api modules: a schema by
// name, the JSON answer and body of an operation, and a check that two unions hold the same values.
import type { components, operations } from './generated/openapi';

/** A schema of the API, as openapi.json names it. */
export type Schema<K extends keyof components['schemas']> = components['schemas'][K];

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
/** The answer of an operation (by operationId) when it succeeds. */
export type Answer<Op extends keyof operations> = operations[Op]['responses'] extends infer R
  ? R extends { 200: infer A }
    ? Json<A>
    : R extends { 201: infer A }
      ? Json<A>
      : never
  : never;
/**
 * True when two unions hold exactly the same values: a list of values the web keeps (for the
 * order of a picker) is declared `const _check: SameValues<...> = true`, so a value the server
 * adds or drops breaks `npx tsc -p web` instead of a page.
 */
export type SameValues<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** The JSON body of an operation (by operationId). */
export type Body<Op extends keyof operations> = operations[Op] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;
