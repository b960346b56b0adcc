import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

const require = createRequire(import.meta.url);

type Factory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;
type BuildValidator = NonNullable<Factory['buildValidator']>;
type BuildSerializer = NonNullable<Factory['buildSerializer']>;

/** The builder a Fastify compiler package exports (its default export, called once). */
const builderOf = <B>(pkg: string) => (require(pkg) as () => B)();

/**
 * Fastify's `schemaController` option with its default compilers (ajv for validation,
 * fast-json-stringify for serialization) loaded on first use. Fastify requires both packages when
 * the server is built, about 30 modules held in memory for as long as the server runs, yet calls
 * them only for a route declared with a Fastify schema, and aims declares none (requests are parsed
 * and answers written with zod, src/api/route.ts). A plugin's route with one still gets the same
 * compilers, one pair for each app as Fastify's default makes.
 */
export function lazyCompilers() {
  let validator: BuildValidator | undefined;
  let serializer: BuildSerializer | undefined;
  return {
    compilersFactory: {
      buildValidator: (externalSchemas, options) =>
        (validator ??= builderOf<BuildValidator>('@fastify/ajv-compiler'))(
          externalSchemas,
          options,
        ),
      buildSerializer: (externalSchemas, options) =>
        (serializer ??= builderOf<BuildSerializer>('@fastify/fast-json-stringify-compiler'))(
          externalSchemas,
          options,
        ),
    },
  } satisfies FastifyServerOptions['schemaController'];
}
