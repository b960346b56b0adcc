import fs from 'node:fs';
import { defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import { AppError } from '../../kernel/errors.js';
import { uuidSchema } from '../../kernel/ids.js';
import { enqueueJob, getJob, wakeJobWorkers } from '../../kernel/jobs.js';
import { packFile, PACK_JOB, type PackJobInput } from './jobs.js';
import { resolveScope } from './scope.js';
import { createPackInput, packView, toPackView } from './schemas.js';

const base = '/api/v1/orgs/:org/packs';
const tag = 'packs';
const packParams = orgParam.extend({ packId: uuidSchema.describe('The pack (its job) id') });
const linkBase = (slug: string) => `/api/v1/orgs/${slug}/packs`;

/** A bare date is the end of that day, UTC. */
const asOfMoment = (v: string | null | undefined) =>
  v ? (/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T23:59:59.999Z` : new Date(v).toISOString()) : null;

export const packRoutes: RouteSpec[] = [
  defineRoute({
    method: 'POST',
    url: base,
    operationId: 'pack.create',
    summary:
      'Make an audit pack in the background: one ZIP with an offline index, a report PDF, the records as JSON and CSV, the evidence files, the ledger segment with its signed heads and a signed manifest',
    tag,
    auth: 'org',
    action: 'pack.create',
    params: orgParam,
    body: createPackInput,
    example: { asOf: '2026-06-30' },
    errors: [422],
    response: {
      status: 202,
      schema: packView,
      description: 'Queued; follow it at its own address until it is done.',
    },
    async handler({ services, access, body }) {
      const db = services.database.db;
      const scope = body.scope ? await resolveScope(db, access.orgId, body.scope) : null;
      const input: PackJobInput = {
        asOf: asOfMoment(body.asOf),
        scope,
        memberId: access.memberId,
      };
      const id = await enqueueJob(db, {
        orgId: access.orgId,
        kind: PACK_JOB,
        input,
        maxAttempts: 2,
        now: services.now(),
      });
      wakeJobWorkers();
      const job = (await getJob(db, access.orgId, id))!;
      return { status: 202, body: toPackView(job, linkBase(access.slug)) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:packId`,
    operationId: 'pack.get',
    summary: 'An audit pack: its progress, and where to download it once done',
    tag,
    auth: 'org',
    action: 'pack.read',
    params: packParams,
    response: { status: 200, schema: packView, description: 'The pack.' },
    async handler({ services, access, params }) {
      const job = await getJob(services.database.db, access.orgId, params.packId);
      if (!job || job.kind !== PACK_JOB) throw new AppError('NOT_FOUND', 'No such audit pack.');
      return { body: toPackView(job, linkBase(access.slug)) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${base}/:packId/download`,
    operationId: 'pack.download',
    summary: 'Download a finished audit pack (a ZIP; check it with `aims pack verify`)',
    tag,
    auth: 'org',
    action: 'pack.read',
    params: packParams,
    response: {
      status: 200,
      schema: null,
      description: 'The archive.',
      files: ['application/zip'],
    },
    errors: [409],
    async handler({ services, access, params }) {
      const job = await getJob(services.database.db, access.orgId, params.packId);
      if (!job || job.kind !== PACK_JOB) throw new AppError('NOT_FOUND', 'No such audit pack.');
      const file = packFile(services, access.orgId, job.id);
      if (job.status !== 'done' || !fs.existsSync(file))
        throw new AppError(
          'INVALID_STATE',
          `The audit pack is ${job.status}, not ready to download.`,
        );
      const day = (job.result as { asOf?: string } | null)?.asOf?.slice(0, 10) ?? 'now';
      return {
        file: {
          contentType: 'application/zip',
          filename: `audit-pack-${access.slug}-${day}.zip`,
          data: fs.createReadStream(file),
        },
      };
    },
  }),
];
