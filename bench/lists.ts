import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { buildApp } from '../src/app.js';
import { run } from '../src/kernel/commands.js';
import { createTokenFor } from '../src/modules/orgs/index.js';
import { runClients } from './http.js';
import { percentile, sortedCopy } from './stats.js';
import { hostContext, ownerAccess, type BenchOrg, type BenchStore } from './store.js';

/** One list endpoint against a bare Fastify handler sending the same body, measured alike. */
export interface ListFigure {
  path: string;
  bodyBytes: number;
  /** The endpoint: requests/s and latencies over all its rounds. */
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** The bare handler, over its rounds (interleaved with the endpoint's). */
  barePerSecond: number;
  bareP50: number;
  bareP99: number;
  /** perSecond ÷ barePerSecond. */
  fraction: number;
  rounds: number;
}

/**
 * A bare Fastify server whose one route sends `body` (the endpoint's own answer, taken from a
 * probe request) from memory with the same content type: the most any endpoint can answer on
 * this machine, this Node and this load generator. Not the product: a yardstick.
 */
async function bareServer(body: Buffer) {
  const bare = Fastify({ logger: false });
  bare.get('/*', (_req, reply) => {
    void reply.header('content-type', 'application/json; charset=utf-8').send(body);
  });
  await bare.listen({ host: '127.0.0.1', port: 0 });
  return bare;
}

/**
 * Measures GET `path` (with the bearer token) on the app and GET on the bare server with the same
 * body, in `rounds` interleaved rounds (app, bare, app, bare, …) so that a change in the
 * machine's load hits both alike; the fraction is the endpoint's total requests/s over the bare
 * handler's.
 */
export async function measureAgainstBare(
  appUrl: string,
  path: string,
  token: string,
  check: (status: number, body: unknown) => void,
  opts: { clients: number; warmupMs: number; durationMs: number; rounds: number },
): Promise<ListFigure> {
  const probe = await fetch(`${appUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body = Buffer.from(await probe.arrayBuffer());
  check(probe.status, JSON.parse(body.toString('utf8')) as unknown);
  const bare = await bareServer(body);
  try {
    const bareUrl = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}${path}`;
    const app = { lat: [] as number[], ms: 0, errors: 0 };
    const yard = { lat: [] as number[], ms: 0, errors: 0 };
    for (let r = 0; r < opts.rounds; r++) {
      for (const [url, acc] of [
        [`${appUrl}${path}`, app],
        [bareUrl, yard],
      ] as const) {
        const m = await runClients({ url, token, ...opts });
        for (const l of m.latencies) acc.lat.push(l);
        acc.ms += m.elapsedMs;
        acc.errors += m.errors;
      }
    }
    const a = sortedCopy(app.lat);
    const b = sortedCopy(yard.lat);
    const perSecond = (a.length / app.ms) * 1000;
    const barePerSecond = (b.length / yard.ms) * 1000;
    return {
      path,
      bodyBytes: body.length,
      perSecond,
      p50: percentile(a, 50),
      p99: percentile(a, 99),
      errors: app.errors + yard.errors,
      barePerSecond,
      bareP50: percentile(b, 50),
      bareP99: percentile(b, 99),
      fraction: perSecond / barePerSecond,
      rounds: opts.rounds,
    };
  } finally {
    await bare.close();
  }
}

/** The lists of the large organization (bench/readiness.ts), first page of 50, owner's read token. */
export const LARGE_LISTS = [
  { name: 'risks', total: '20,000 risks' },
  { name: 'evidence', total: '10,000 evidence' },
  { name: 'ai-systems', total: '1,000 AI systems' },
] as const;

export async function benchLists(
  store: BenchStore,
  org: BenchOrg,
  opts: { clients: number; warmupMs: number; durationMs: number; rounds: number },
): Promise<ListFigure[]> {
  const { services } = store;
  const { token } = await run(
    hostContext(services),
    createTokenFor,
    { name: 'bench lists', scopes: ['read'], userId: org.ownerId },
    { access: ownerAccess(org) },
  );
  const app = await buildApp(services, { logLevel: 'silent' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const appUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const figures: ListFigure[] = [];
    for (const list of LARGE_LISTS) {
      figures.push(
        await measureAgainstBare(
          appUrl,
          `/api/v1/orgs/${org.slug}/${list.name}?limit=50`,
          token,
          fullPage(list.name),
          opts,
        ),
      );
    }
    return figures;
  } finally {
    await app.close();
  }
}

/** Checks a probe answer: 200, a full page of 50 and a cursor to the next. */
export const fullPage = (what: string) => (status: number, body: unknown) => {
  const b = body as { items?: unknown[]; nextCursor?: string | null };
  if (status !== 200 || b.items?.length !== 50 || !b.nextCursor)
    throw new Error(`${what} answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
};
