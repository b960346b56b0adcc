import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { lazyCompilers } from './lazy-compilers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The compiler packages a fresh Node process has loaded after building an app (lazily or with
 * Fastify's defaults) and, when `schemaRoute`, a route with a Fastify body schema.
 */
function loadedIn(lazy: boolean, schemaRoute: boolean): string[] {
  const script = `
    import Fastify from 'fastify';
    import { createRequire } from 'node:module';
    import { lazyCompilers } from './src/api/lazy-compilers.ts';
    const app = Fastify(${lazy ? '{ schemaController: lazyCompilers() }' : '{}'});
    app.get('/', async () => 'ok');
    ${schemaRoute ? "app.post('/s', { schema: { body: { type: 'object' } } }, async () => 'ok');" : ''}
    await app.ready();
    const names = Object.keys(createRequire(import.meta.url).cache)
      .map((f) => /node_modules\\/(ajv|@fastify\\/ajv-compiler|@fastify\\/fast-json-stringify-compiler)\\//.exec(f)?.[1])
      .filter(Boolean);
    process.stdout.write(JSON.stringify([...new Set(names)].sort()));`;
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  return JSON.parse(out) as string[];
}

describe('lazy Fastify compilers', () => {
  it('leave ajv and fast-json-stringify unloaded until a route declares a Fastify schema', () => {
    const all = ['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler', 'ajv'];
    expect(loadedIn(false, false)).toEqual(all);
    expect(loadedIn(true, false)).toEqual([]);
    expect(loadedIn(true, true)).toContain('ajv');
  });

  it('validate and serialize as Fastify does by default', async () => {
    const answers = [];
    for (const options of [{}, { schemaController: lazyCompilers() }]) {
      const app = Fastify(options);
      app.post(
        '/things',
        {
          schema: {
            body: {
              type: 'object',
              required: ['name'],
              properties: { name: { type: 'string', minLength: 2 } },
            },
            response: { 200: { type: 'object', properties: { name: { type: 'string' } } } },
          },
        },
        async (req) => ({ ...(req.body as object), secret: 'dropped by the serializer' }),
      );
      const bad = await app.inject({ method: 'POST', url: '/things', payload: { name: 'x' } });
      const good = await app.inject({ method: 'POST', url: '/things', payload: { name: 'xy' } });
      answers.push([bad.statusCode, bad.json(), good.statusCode, good.body]);
      await app.close();
    }
    expect(answers[0]).toEqual([
      400,
      expect.objectContaining({ message: 'body/name must NOT have fewer than 2 characters' }),
      200,
      '{"name":"xy"}',
    ]);
    expect(answers[1]).toEqual(answers[0]);
  });
});
