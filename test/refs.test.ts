// Readable identifiers (R-0042, INC-0007, F-0003, NC-0012): given per organization and kind in
// the create command's transaction, in the ledger event, never given twice, also under
// concurrent writers; records made before the identifiers get theirs in creation order.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveOrg } from '../src/kernel/authorize.js';
import { run } from '../src/kernel/commands.js';
import { formatRef, refOf } from '../src/kernel/refs.js';
import { addFinding } from '../src/modules/audits/index.js';
import { createRisk, deleteRisk } from '../src/modules/risks/index.js';
import { makeStartedAudit } from './factories/audits.js';
import { makeIncident } from './factories/incidents.js';
import { makeNonconformity } from './factories/nonconformities.js';
import { makeRisk } from './factories/risks.js';
import { DIALECTS } from './harness.js';
import { openUnit, runAndRecord, type Unit } from './unit.js';

describe('readable identifiers', () => {
  it('are written with at least four digits and read back from search text', () => {
    expect(formatRef('risks', 42)).toBe('R-0042');
    expect(formatRef('incidents', 12345)).toBe('INC-12345');
    expect(refOf('risks', ' r-0002 ')).toBe('R-0002');
    expect(refOf('risks', 'R2')).toBe('R-0002');
    expect(refOf('nonconformities', 'nc-12')).toBe('NC-0012');
    expect(refOf('risks', 'INC-0002')).toBeNull();
    expect(refOf('risks', 'bias')).toBeNull();
  });
});

describe.each(DIALECTS)('readable identifiers on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('numbers risks 1, 2, 3 in the organization, in the create event, and never twice', async () => {
    const first = await runAndRecord(u, createRisk, { title: 'First' });
    expect(first.result.ref).toBe('R-0001');
    const created = first.events.find((e) => e.entity === 'risks');
    expect(created?.state).toMatchObject({ ref: 'R-0001', title: 'First' });
    const second = await makeRisk(u);
    const third = await makeRisk(u);
    expect([second.ref, third.ref]).toEqual(['R-0002', 'R-0003']);
    await u.run(deleteRisk, { riskId: third.id });
    expect((await makeRisk(u)).ref).toBe('R-0004');
    expect(await u.verify()).toEqual([]);
  });

  it('keeps a sequence per organization', async () => {
    const other = await u.outsider();
    const viewer = u.members.viewer;
    const access = await resolveOrg(u.database.db, viewer.actor, other.orgId);
    const r = await run(u.context(viewer), createRisk, { title: 'Elsewhere' }, { access });
    expect(r.ref).toBe('R-0001');
  });

  it('numbers incidents, nonconformities and audit findings each on their own', async () => {
    const i1 = await makeIncident(u);
    const i2 = await makeIncident(u);
    expect([i1.ref, i2.ref]).toEqual(['INC-0001', 'INC-0002']);
    await makeNonconformity(u);
    const a = await makeStartedAudit(u);
    const lead = { as: u.members.contributor };
    const f1 = await u.run(
      addFinding,
      { auditId: a.id, grade: 'observation', requirementId: 'A.6.2.4', title: 'Observed' },
      lead,
    );
    // A minor finding raises a nonconformity, which takes the next NC number.
    const f2 = await u.run(
      addFinding,
      { auditId: a.id, grade: 'minor', requirementId: 'A.6.2.4', title: 'Missed' },
      lead,
    );
    const findings = await u.database.db
      .selectFrom('audit_findings')
      .select(['id', 'ref'])
      .where('org_id', '=', u.org.id)
      .orderBy('ref')
      .execute();
    expect(findings.map((f) => f.ref)).toEqual(['F-0001', 'F-0002']);
    expect([f1, f2].length).toBe(2);
    const ncs = await u.database.db
      .selectFrom('nonconformities')
      .select(['number', 'ref'])
      .where('org_id', '=', u.org.id)
      .orderBy('number')
      .execute();
    expect(ncs).toEqual([
      { number: 1, ref: 'NC-0001' },
      { number: 2, ref: 'NC-0002' },
    ]);
    expect(await u.verify()).toEqual([]);
  });

  it('gives distinct consecutive refs to many risks created at once', async () => {
    const before = await u.database.db
      .selectFrom('ref_counters')
      .select('last')
      .where('org_id', '=', u.org.id)
      .where('kind', '=', 'risks')
      .executeTakeFirstOrThrow();
    const made = await Promise.all(
      Array.from({ length: 12 }, (_, i) => u.run(createRisk, { title: `Concurrent ${i}` })),
    );
    const numbers = made.map((r) => Number(r.ref!.slice(2))).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => before.last + 1 + i));
    expect(await u.verify()).toEqual([]);
  });

  it('gives records made before the identifiers theirs in creation order, as ledger events', async () => {
    const v = await openUnit(dialect);
    try {
      const a = await makeRisk(v, { title: 'Oldest' });
      v.clock.advanceDays(1);
      const b = await makeRisk(v, { title: 'Older' });
      // As an upgraded database holds them: no ref, no counter (migration 0031 adds both empty).
      await sql`update risks set ref = null`.execute(v.database.db);
      await sql`delete from ref_counters`.execute(v.database.db);
      v.clock.advanceDays(1);
      const { result, events } = await runAndRecord(v, createRisk, { title: 'New' });
      expect(result.ref).toBe('R-0003');
      expect(
        events.filter((e) => e.entity === 'risks').map((e) => [e.entity_id, e.state?.ref]),
      ).toEqual([
        [a.id, 'R-0001'],
        [b.id, 'R-0002'],
        [result.id, 'R-0003'],
      ]);
      expect(await v.verify()).toEqual([]);
    } finally {
      await v.close();
    }
  });
});
