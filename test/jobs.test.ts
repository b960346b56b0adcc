import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimJob,
  createJobWorker,
  enqueueJob,
  getJob,
  registerJobHandler,
  type JobProgress,
} from '../src/kernel/jobs.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from './harness.js';

const ORG = 'org-jobs';
const runs = new Map<string, number>();
const seenBy = new Map<string, string[]>();

registerJobHandler<{ n: number }>('test.count', async (job) => {
  runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
  await new Promise((r) => setTimeout(r, 1 + (job.input.n % 3)));
  return { doubled: job.input.n * 2 };
});
registerJobHandler<{ steps: number }>('test.resume', async (job, { progress }) => {
  const from = ((job.progress?.state as number | undefined) ?? 0) + (job.progress ? 1 : 0);
  const seen = seenBy.get(job.id) ?? [];
  for (let i = from; i < job.input.steps; i++) {
    seen.push(`step ${i}`);
    await progress({ done: i + 1, total: job.input.steps, state: i });
  }
  seenBy.set(job.id, seen);
  return { steps: seen.length };
});
let release: () => void = () => {};
registerJobHandler('test.block', async (_job, { signal }) => {
  await new Promise<void>((r) => {
    release = r;
    signal.addEventListener('abort', () => r());
  });
});
registerJobHandler('test.fail', async () => {
  throw new Error('the printer is on fire');
});

describe.each(DIALECTS)('the job queue (%s)', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(dialect);
    const at = '2026-01-01T00:00:00.000Z';
    await t.db
      .insertInto('orgs')
      .values({ id: ORG, slug: 'jobs', name: 'Jobs', version: 1, created_at: at, updated_at: at })
      .execute();
  });
  afterAll(() => t.close());

  it('runs every job exactly once with several workers claiming at the same time', async () => {
    const ids: string[] = [];
    await t.db.transaction().execute(async (tx) => {
      for (let n = 0; n < 60; n++) {
        ids.push(await enqueueJob(tx, { orgId: ORG, kind: 'test.count', input: { n } }));
      }
    });
    const workers = Array.from({ length: 4 }, (_, i) =>
      createJobWorker({ database: t, workerId: `w${i}`, concurrency: 3 }),
    );
    const ran = await Promise.all(workers.map((w) => w.runDue()));
    expect(ran.reduce((a, b) => a + b, 0)).toBe(60);
    for (const id of ids) expect(runs.get(id)).toBe(1);
    const done = await Promise.all(ids.map((id) => getJob(t.db, ORG, id)));
    expect(done.every((j) => j?.status === 'done' && j.attempts === 1)).toBe(true);
    expect(done[7]?.result).toEqual({ doubled: 14 });
  });

  it('claims a job again once the lease of a worker that died ran out, and resumes it', async () => {
    const id = await enqueueJob(t.db, { orgId: ORG, kind: 'test.resume', input: { steps: 5 } });
    const t0 = new Date();
    // A worker claims it, saves progress after two steps, and dies (no further writes).
    const claimed = await claimJob(t, 'dead', ['test.resume'], t0, 1000);
    expect(claimed?.id).toBe(id);
    const progress: JobProgress = { done: 2, total: 5, state: 1 };
    await t.db
      .updateTable('jobs')
      .set({ progress: JSON.stringify(progress) as never })
      .where('id', '=', id)
      .execute();
    // Within the lease nobody else takes it.
    expect(await claimJob(t, 'other', ['test.resume'], new Date(t0.getTime() + 500), 1000)).toBe(
      undefined,
    );
    // After it, a live worker does, and resumes from step 2.
    const later = new Date(t0.getTime() + 5000);
    const worker = createJobWorker({ database: t, workerId: 'alive', now: () => later });
    expect(await worker.runDue()).toBe(1);
    const job = await getJob(t.db, ORG, id);
    expect(job).toMatchObject({ status: 'done', attempts: 2, result: { steps: 3 } });
    expect(seenBy.get(id)).toEqual(['step 2', 'step 3', 'step 4']);
    expect(job?.progress).toEqual({ done: 5, total: 5, state: 4 });
  });

  it('does not let a worker that lost its lease overwrite the outcome', async () => {
    const id = await enqueueJob(t.db, { orgId: ORG, kind: 'test.count', input: { n: 1 } });
    const t0 = new Date();
    const first = await claimJob(t, 'slow', ['test.count'], t0, 1000);
    const second = await claimJob(t, 'fast', ['test.count'], new Date(t0.getTime() + 2000), 1000);
    expect(second?.id).toBe(id);
    expect(second?.attempts).toBe(2);
    const stale = await t.db
      .updateTable('jobs')
      .set({ status: 'done' })
      .where('id', '=', id)
      .where('locked_by', '=', 'slow')
      .where('attempts', '=', first!.attempts)
      .executeTakeFirst();
    expect(Number(stale.numUpdatedRows)).toBe(0);
    await t.db.updateTable('jobs').set({ status: 'done' }).where('id', '=', id).execute();
  });

  it('retries a failing job, then records it failed with its error', async () => {
    const id = await enqueueJob(t.db, {
      orgId: ORG,
      kind: 'test.fail',
      input: {},
      maxAttempts: 2,
    });
    let clock = new Date();
    const worker = createJobWorker({ database: t, retryBaseMs: 1000, now: () => clock });
    expect(await worker.runDue()).toBe(1);
    expect(await getJob(t.db, ORG, id)).toMatchObject({
      status: 'queued',
      attempts: 1,
      error: 'the printer is on fire',
    });
    // Not before its pause is over.
    expect(await worker.runDue()).toBe(0);
    clock = new Date(clock.getTime() + 1500);
    expect(await worker.runDue()).toBe(1);
    const job = await getJob(t.db, ORG, id);
    expect(job).toMatchObject({ status: 'failed', attempts: 2, error: 'the printer is on fire' });
    expect(job?.finishedAt).not.toBe(null);
  });

  it('fails a job whose worker died on its last attempt, and leaves kinds it cannot run', async () => {
    const id = await enqueueJob(t.db, {
      orgId: ORG,
      kind: 'test.count',
      input: { n: 2 },
      maxAttempts: 1,
    });
    const other = await enqueueJob(t.db, { orgId: ORG, kind: 'elsewhere', input: {} });
    const t0 = new Date();
    expect((await claimJob(t, 'dead', ['test.count'], t0, 1000))?.id).toBe(id);
    const later = new Date(t0.getTime() + 5000);
    expect(await createJobWorker({ database: t, now: () => later }).runDue()).toBe(0);
    expect(await getJob(t.db, ORG, id)).toMatchObject({
      status: 'failed',
      error: 'The worker running it stopped before it finished.',
    });
    expect(await getJob(t.db, ORG, other)).toMatchObject({ status: 'queued', attempts: 0 });
  });

  it('hands back a job still running when the worker stops', async () => {
    const id = await enqueueJob(t.db, { orgId: ORG, kind: 'test.block', input: {} });
    const worker = createJobWorker({ database: t, graceMs: 50 });
    const running = worker.runDue();
    await new Promise((r) => setTimeout(r, 100));
    expect((await getJob(t.db, ORG, id))?.status).toBe('running');
    await worker.stop();
    release();
    await running;
    expect(await getJob(t.db, ORG, id)).toMatchObject({ status: 'queued', attempts: 0 });
  });
});
