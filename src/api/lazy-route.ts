import type { RouteSpec } from './route.js';

/**
 * What the server reads of a route when it starts (registerRoute: the method and path, who may
 * call it, the permission), and its name. The rest of a route (its zod schemas, example, handler)
 * is read when it is first called or documented.
 */
export type RouteHead = Pick<RouteSpec, 'method' | 'url' | 'operationId' | 'auth' | 'action'>;

/** Every other field of a route, read through `build` on first use. */
const LAZY_KEYS = [
  'summary',
  'tag',
  'params',
  'query',
  'body',
  'example',
  'consumes',
  'ifMatch',
  'response',
  'errors',
  'reads',
  'logLevel',
  'asOf',
  'cache',
  'handler',
] as const satisfies readonly (keyof RouteSpec)[];

/**
 * A route whose schemas are built when it is first used (a request, the OpenAPI document, a
 * suite that reads its example) instead of when the module is imported: zod schemas cost CPU time
 * and memory at start for routes a server may never be asked for (docs/PERFORMANCE.md). `build`
 * returns the whole route, made as it would be eagerly; it runs once, and must agree with `head`
 * (checked: the server registered the route under the head).
 */
export function lazyRoute(head: RouteHead, build: () => RouteSpec): RouteSpec {
  let built: RouteSpec | undefined;
  const full = (): RouteSpec => {
    if (built) return built;
    const spec = build();
    for (const key of Object.keys(head) as (keyof RouteHead)[])
      if (spec[key] !== head[key])
        throw new Error(
          `lazy route ${head.method} ${head.url}: ${key} is ${String(spec[key])}, not ${String(head[key])}`,
        );
    return (built = spec);
  };
  const spec = { ...head } as RouteSpec;
  for (const key of LAZY_KEYS)
    Object.defineProperty(spec, key, { enumerable: true, get: () => full()[key] });
  return spec;
}

/** `build` run once, on the first call: for a group of routes made together. */
export function once<T>(build: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: build() }).v;
}
