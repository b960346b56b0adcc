import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { pendingMigrations } from '../db/migrate.js';
import { httpDuration, httpRequests, renderMetrics } from './metrics.js';
import { sendProblem } from './problem.js';
import type { Services } from './route.js';

/**
 * The endpoints of whoever runs aims (an orchestrator, a load balancer, Prometheus), outside the
 * API and its OpenAPI document, answered without looking for a session or an API token
 * (`config.probe`):
 *
 * - `GET /livez`: the process answers (restart it when it does not).
 * - `GET /readyz`: the database answers, has run every migration of this code, and no
 *   organization's ledger is in alarm (send it traffic only then); 503 naming the failed checks.
 * - `GET /metrics`: the Prometheus text format, only when AIMS_METRICS_TOKEN is set and only to
 *   `Authorization: Bearer <that token>` (401 without it; 404 when the variable is not set).
 */
export const PROBE = { probe: true } as const;

/** Whether a request is to a probe (the authentication hook leaves these alone). */
export const isProbe = (config: unknown) => (config as { probe?: boolean } | undefined)?.probe;

const digest = (s: string) => createHash('sha256').update(s).digest();

export function registerProbes(app: FastifyInstance, services: Services, version: string) {
  // Requests by the route that answered them (its pattern, so ids do not multiply the series).
  app.addHook('onResponse', async (req, reply) => {
    const labels = {
      method: req.method,
      route: req.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    httpRequests.inc(labels);
    httpDuration.observe(labels, reply.elapsedTime / 1000);
  });

  const noStore = { 'cache-control': 'no-store' };
  app.get('/livez', { config: PROBE }, async (_req, reply) =>
    reply.headers(noStore).send({ status: 'live' }),
  );

  app.get('/readyz', { config: PROBE }, async (req, reply) => {
    const checks: Record<string, string> = {};
    try {
      const pending = await pendingMigrations(services.database.db);
      checks.database = 'ok';
      checks.migrations = pending.length ? `pending: ${pending.join(', ')}` : 'ok';
    } catch (e) {
      req.log.error({ err: e }, 'readiness: the database does not answer');
      checks.database = 'unreachable';
      checks.migrations = 'unknown';
    }
    const alarms = services.keys.alarms.list().length;
    checks.ledger = alarms ? `alarm (${alarms} organization${alarms === 1 ? '' : 's'})` : 'ok';
    const ready = Object.values(checks).every((c) => c === 'ok');
    return reply
      .code(ready ? 200 : 503)
      .headers(noStore)
      .send({ status: ready ? 'ready' : 'not ready', checks });
  });

  const token = services.config.metricsToken;
  if (!token) {
    // Not the web app's page either: a scraper gets a plain 404.
    app.get('/metrics', { config: PROBE }, async (req, reply) =>
      sendProblem(
        req,
        reply,
        'ROUTE_NOT_FOUND',
        'No endpoint answers GET /metrics (AIMS_METRICS_TOKEN is not set).',
      ),
    );
  } else {
    const expected = digest(`Bearer ${token}`);
    app.get('/metrics', { config: PROBE }, async (req, reply) => {
      const given = digest(req.headers.authorization ?? '');
      if (!timingSafeEqual(given, expected))
        return reply.code(401).header('www-authenticate', 'Bearer').send();
      return reply
        .headers(noStore)
        .type('text/plain; version=0.0.4; charset=utf-8')
        .send(renderMetrics({ ledgerAlarms: services.keys.alarms.list().length, version }));
    });
  }
}
