import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { asOfSeq, openSnapshot } from '../kernel/as-of.js';
import { AppError } from '../kernel/errors.js';
import type { RouteSpec, Services } from './route.js';

/**
 * `?asOf=` on the GET routes of an organization: the answer as it would have been at that moment,
 * read from the organization's records as the ledger held them then (src/kernel/as-of.ts), with
 * the caller's permissions of today (the membership is resolved on the live database).
 *
 * - A date (2026-03-31) means the end of that day, UTC: what was recorded on it is included.
 * - A date-time needs its offset (Z or ±hh:mm), so a moment means the same anywhere.
 * - A moment still to come is read as now (the answer is the current state, as of now).
 * - Before the organization's first event its registers are empty.
 * - The answer names what it saw in the header `AIMS-As-Of: <seq>@<moment>`, the last ledger
 *   event included and the moment (UTC) the view is as of.
 * - Only reads: a change sent with asOf is refused (400), as is asOf on a route without an as-of
 *   view (account routes, verifying the ledger).
 */
export const AS_OF_PARAMETER = {
  name: 'asOf',
  in: 'query',
  required: false,
  description:
    'Read as of a past moment, reconstructed from the ledger: a date (the end of that day, UTC) or a date-time with its offset. A moment still to come reads as now. The answer carries the header AIMS-As-Of: <seq>@<moment>.',
  schema: {
    type: 'string',
    pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2}))?$',
    examples: ['2026-03-31', '2026-03-31T12:00:00Z'],
  },
};

const date = z.iso.date();
const dateTime = z.iso.datetime({ offset: true });

const bad = (message: string) =>
  new AppError('VALIDATION_FAILED', 'The request has invalid fields.', [
    { pointer: '/query/asOf', message },
  ]);

/** Whether the route answers `?asOf=`: an organization's GET route that does not opt out. */
export const hasAsOf = (spec: RouteSpec) =>
  spec.method === 'GET' && spec.auth === 'org' && spec.asOf !== false;

/**
 * Takes `asOf` out of the request's query (the route's own query schema never sees it) and reads
 * it: the moment as ISO-8601 UTC, no later than `now`, or null when absent.
 */
export function takeAsOf(
  spec: RouteSpec,
  req: FastifyRequest,
  now: Date,
): { query: Record<string, unknown>; at: string | null } {
  const { asOf: raw, ...query } = (req.query ?? {}) as Record<string, unknown>;
  if (raw === undefined) return { query, at: null };
  if (!hasAsOf(spec))
    throw bad(
      spec.method === 'GET'
        ? 'This endpoint has no as-of view.'
        : 'A change cannot be made as of another moment; send it without asOf.',
    );
  if (typeof raw !== 'string') throw bad('Give one moment.');
  let ms: number;
  if (date.safeParse(raw).success) ms = Date.parse(`${raw}T23:59:59.999Z`);
  else if (dateTime.safeParse(raw).success) ms = Date.parse(raw);
  else ms = Number.NaN;
  if (Number.isNaN(ms))
    throw bad(
      'Expected a date (2026-03-31) or a date-time with its offset (2026-03-31T12:00:00Z).',
    );
  return { query, at: new Date(Math.min(ms, now.getTime())).toISOString() };
}

/**
 * The services a handler runs with to read as of `at`: the organization's snapshot as its
 * database and `at` as the clock (due dates and reporting clocks are judged as they were then).
 */
export async function asOfServices(services: Services, orgId: string, at: string) {
  const seq = await asOfSeq(services.database.db, orgId, at);
  const { database, release } = await openSnapshot(services.database, orgId, seq);
  const moment = new Date(at);
  return {
    seq,
    services: { ...services, database, now: () => moment } satisfies Services,
    release,
  };
}
