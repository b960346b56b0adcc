// What the server answers besides the API routes: the OpenAPI document and its viewer, and the
// built web app (or a page saying it is not built).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { buildOpenApi } from './openapi.js';
import type { RouteSpec } from './route.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const WEB_DIST = path.resolve(here, '../../web/dist');
const require = createRequire(import.meta.url);

/**
 * Files under assets/ have a hash of their content in their name (Vite): cached for a year and
 * never asked again; everything else (index.html) is checked with the server each time.
 */
export const webCacheControl = (file: string) =>
  path.relative(WEB_DIST, file).split(path.sep)[0] === 'assets'
    ? 'public, max-age=31536000, immutable'
    : 'no-cache';

/** Registers /api/openapi.json, /api/docs and the web app. */
export async function registerDocsAndWeb(app: FastifyInstance, routes: RouteSpec[]) {
  // Built at the first request for it, not at start (a quarter of the start-up time).
  let doc: ReturnType<typeof buildOpenApi> | undefined;
  app.get('/api/openapi.json', async () => (doc ??= buildOpenApi(routes)));

  const swaggerDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  await app.register(fastifyStatic, {
    root: swaggerDir,
    prefix: '/api/docs/assets/',
    decorateReply: false,
    index: false,
  });
  app.get('/api/docs', async (_req, reply) =>
    reply.type('text/html').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>aims API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="docs"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`),
  );
  app.get('/api/docs/init.js', async (_req, reply) =>
    reply
      .type('application/javascript')
      .send(`window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#docs' });`),
  );

  if (fs.existsSync(WEB_DIST)) {
    // wildcard: files built after start are served too.
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      prefix: '/',
      wildcard: true,
      index: ['index.html'],
      // The build writes .br and .gz beside each file (web/vite.config.ts): sent when accepted.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, file) => {
        res.setHeader('cache-control', webCacheControl(file));
        res.setHeader('vary', 'accept-encoding');
      },
    });
  } else {
    app.get('/', async (_req, reply) =>
      reply
        .type('text/html')
        .send(
          '<!doctype html><html lang="en"><body><p>The web app is not built: run <code>npm run build:web</code>.</p></body></html>',
        ),
    );
  }
}
