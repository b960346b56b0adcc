import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { run, runCommand } from '../src/kernel/commands.js';
import type { Context } from '../src/kernel/context.js';
import { AppError } from '../src/kernel/errors.js';
import { resolveOrg } from '../src/kernel/authorize.js';
import { updateOrg } from '../src/modules/orgs/index.js';
import { verifyOrg } from '../src/kernel/verify.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture } from './client.js';

const hostCtx = (t: TestApp): Context => ({
  database: t.services.database,
  keys: t.services.keys,
  actor: { kind: 'host', name: 'test' },
  requestId: 'test',
  now: () => new Date(),
});

describe.each(DIALECTS)('the command runner on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(dialect);
  });
  afterAll(() => t.close());

  it('writes nothing, not even ledger events, when a command fails after writing', async () => {
    const org = await createOrgFixture(t);
    const ctx = hostCtx(t);
    const access = await resolveOrg(t.database.db, ctx.actor, org.slug);
    const before = await t.database.db
      .selectFrom('ledger_events')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('org_id', '=', org.id)
      .executeTakeFirstOrThrow();
    await expect(
      runCommand(
        ctx,
        {
          action: 'orgs.update',
          access,
          input: z.object({ name: z.string() }),
          raw: { name: 'Half done' },
        },
        async (tx) => {
          await tx.db
            .updateTable('orgs')
            .set({ name: 'Half done', version: 99 })
            .where('id', '=', org.id)
            .execute();
          tx.record(org.id, 'orgs', org.id, { id: org.id, name: 'Half done', version: 99 });
          throw new AppError('LAST_OWNER', 'an invariant broke after the write');
        },
      ),
    ).rejects.toThrow('an invariant broke');
    const after = await t.database.db
      .selectFrom('ledger_events')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('org_id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const row = await t.database.db
      .selectFrom('orgs')
      .select(['name', 'version'])
      .where('id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'Test Org', version: 1 });
    expect((await verifyOrg(t.database.db, t.services.keys, org.id)).ok).toBe(true);
  });

  it('authorizes before it validates, and validates before it writes', async () => {
    const org = await createOrgFixture(t);
    const ctx = hostCtx(t);
    const access = {
      ...(await resolveOrg(t.database.db, ctx.actor, org.slug)),
      role: 'viewer' as const,
    };
    await expect(run(ctx, updateOrg, { name: '' }, { access })).rejects.toMatchObject({
      status: 403,
    });
    const owner = { ...access, role: 'owner' as const };
    await expect(run(ctx, updateOrg, { name: '' }, { access: owner })).rejects.toMatchObject({
      status: 400,
      errors: [{ pointer: '/body/name' }],
    });
    const ok = await run(ctx, updateOrg, { name: 'Renamed' }, { access: owner });
    expect(ok.version).toBe(2);
  });

  it('keeps one gap-free chain under 16 concurrent writers to one organization', async () => {
    const org = await createOrgFixture(t);
    const ctx = hostCtx(t);
    const access = await resolveOrg(t.database.db, ctx.actor, org.slug);
    await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        run(ctx, updateOrg, { name: `Writer ${i}` }, { access }),
      ),
    );
    const seqs = (
      await t.database.db
        .selectFrom('ledger_events')
        .select('seq')
        .where('org_id', '=', org.id)
        .orderBy('seq')
        .execute()
    ).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    const row = await t.database.db
      .selectFrom('orgs')
      .select('version')
      .where('id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(row.version).toBe(17);
    const report = await verifyOrg(t.database.db, t.services.keys, org.id);
    expect(report).toMatchObject({ ok: true, events: 18 });
  });
});
