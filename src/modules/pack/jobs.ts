import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Services } from '../../api/route.js';
import type { DB } from '../../db/schema.js';
import { registerJobHandler, type Job, type JobContext } from '../../kernel/jobs.js';
import { buildPack } from './build.js';

/**
 * The audit pack as a background job of the durable queue (src/kernel/jobs.ts): the API queues
 * it, whichever process's worker claims it builds the archive into the data folder, saving its
 * progress as it goes. A job's handler is given the database only; the key store and blob store
 * it needs are those of the services the app was built with on that database.
 */
export const PACK_JOB = 'pack.build';

export interface PackJobInput {
  /** The moment the records are taken as of, or null for when the job runs. */
  asOf: string | null;
  /** The ids of the AI systems the pack is about (resolved when queued), or null. */
  scope?: string[] | null;
  /** The member who asked for the pack: "prepared by" on the report's title page. */
  memberId?: string | null;
}

export interface PackJobResult {
  asOf: string;
  events: number;
  records: number;
  files: number;
  bytes: number;
}

const SERVICES = new WeakMap<Kysely<DB>, Services>();

/** Where a pack job's archive is kept. */
export const packFile = (services: Services, orgId: string, jobId: string) =>
  path.join(services.config.dataDir, 'packs', orgId, `${jobId}.zip`);

async function runPackJob(job: Job<PackJobInput>, ctx: JobContext) {
  const services = SERVICES.get(ctx.db);
  if (!services) throw new Error('no services for this database: the app was not built on it');
  const out = packFile(services, job.orgId, job.id);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  let last = -1;
  const r = await buildPack(services, job.orgId, {
    out,
    now: services.now(),
    ...(job.input.asOf ? { asOf: new Date(job.input.asOf) } : {}),
    ...(job.input.scope?.length ? { scope: job.input.scope } : {}),
    memberId: job.input.memberId ?? null,
    onProgress: (p) => {
      if (p.percent === last) return;
      last = p.percent;
      void ctx.progress({ done: p.percent, total: 100, note: p.phase });
    },
  });
  const result: PackJobResult = {
    asOf: r.asOf,
    events: r.events,
    records: r.records,
    files: r.files,
    bytes: r.bytes,
  };
  return result;
}

/** Lets this process's job workers build the packs of the app built on these services. */
export function usePackJobs(services: Services) {
  SERVICES.set(services.database.db, services);
  registerJobHandler<PackJobInput>(PACK_JOB, runPackJob);
}
