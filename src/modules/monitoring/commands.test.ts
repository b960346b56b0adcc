import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { makeAiModel, makeAiSystem } from '../../../test/factories/registers.js';
import { makeMetric } from '../../../test/factories/monitoring.js';
import { defineMetric, editMetric } from './commands.js';
import { ingestPoints } from './ingest.js';

/** Points one hour apart from 2026-03-01T00:00Z with the given values. */
const series = (values: number[], start = Date.parse('2026-03-01T00:00:00.000Z')) =>
  values.map((value, i) => ({ at: new Date(start + i * 3_600_000).toISOString(), value }));

describe.each(DIALECTS)('monitoring commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  const count = async (table: 'metric_points' | 'incidents' | 'nonconformities') =>
    Number(
      (
        await u.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('org_id', '=', u.org.id)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('defines a metric and records it in the ledger; an edit is a new version', async () => {
    const system = await makeAiSystem(u);
    const { result, events } = await runAndRecord(
      u,
      defineMetric,
      {
        aiSystemId: system.id,
        name: 'Top-1 accuracy',
        direction: 'higher_is_better',
        warnThreshold: 93,
        breachThreshold: 90,
        accuracy: true,
        declaredLevel: 95,
        controlId: 'A.6.2.6',
        breachAction: 'incident',
      },
      { as: u.members.manager },
    );
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['monitoring.define', 'metric_definitions', result.id],
    ]);
    expect(events[0]!.state).toMatchObject({
      warn_threshold: '93',
      breach_threshold: '90',
      accuracy: 1,
      declared_level: '95',
      breach_action: 'incident',
    });
    const edit = await runAndRecord(
      u,
      editMetric,
      { metricId: result.id, warnThreshold: 94 },
      { ifMatch: 1 },
    );
    expect(edit.events.map((e) => [e.action, e.version, e.state?.warn_threshold])).toEqual([
      ['monitoring.define', 2, '94'],
    ]);
    await expect(
      u.run(editMetric, { metricId: result.id, unit: '%' }, { ifMatch: 1 }),
    ).rejects.toMatchObject({ code: 'VERSION_MISMATCH' });
  });

  it('refuses thresholds that contradict the direction, with a pointer, and writes nothing', async () => {
    const system = await makeAiSystem(u);
    const head = await u.head();
    const base = { aiSystemId: system.id, name: 'Latency', unit: 'ms' };
    await expect(
      u.run(defineMetric, {
        ...base,
        direction: 'lower_is_better',
        warnThreshold: 900,
        breachThreshold: 500,
      }),
    ).rejects.toMatchObject({
      code: 'INCONSISTENT_INPUT',
      status: 422,
      errors: [{ pointer: '/body/warnThreshold' }],
    });
    await expect(
      u.run(defineMetric, {
        ...base,
        direction: 'higher_is_better',
        breachThreshold: 0.9,
        accuracy: true,
      }),
    ).rejects.toMatchObject({
      code: 'INCONSISTENT_INPUT',
      errors: [{ pointer: '/body/declaredLevel' }],
    });
    await expect(
      u.run(defineMetric, {
        ...base,
        direction: 'higher_is_better',
        breachThreshold: 0.9,
        accuracy: true,
        declaredLevel: 0.8,
      }),
    ).rejects.toMatchObject({
      code: 'INCONSISTENT_INPUT',
      errors: [{ pointer: '/body/declaredLevel' }],
    });
    const other = await makeAiModel(u);
    const h2 = await u.head();
    await expect(
      u.run(defineMetric, {
        ...base,
        aiModelId: other.id,
        direction: 'lower_is_better',
        breachThreshold: 500,
      }),
    ).rejects.toMatchObject({
      code: 'INCONSISTENT_INPUT',
      errors: [{ pointer: '/body/aiModelId' }],
    });
    expect(await u.head()).toBe(h2);
    expect(h2).toBeGreaterThan(head);
    const m = await makeMetric(u, { aiSystemId: system.id });
    await expect(
      u.run(editMetric, { metricId: m.id, direction: 'lower_is_better' }),
    ).rejects.toMatchObject({
      code: 'INCONSISTENT_INPUT',
      errors: [{ pointer: '/body/warnThreshold' }],
    });
    await expect(
      u.run(
        defineMetric,
        { ...base, direction: 'lower_is_better', breachThreshold: 1 },
        { as: u.members.contributor },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('ingests a batch as one ledger event with its key, count and hash; a re-send writes nothing', async () => {
    const m = await makeMetric(u);
    u.clock.set('2026-03-02T09:00:00.000Z');
    const points = series([95, 92.5, 96]);
    const { result, events } = await runAndRecord(
      u,
      ingestPoints,
      { metricId: m.id, batchKey: 'eval-1', points },
      { as: u.members.contributor },
    );
    expect(events.map((e) => [e.action, e.entity])).toEqual([
      ['monitoring.ingest', 'metric_batches'],
    ]);
    expect(events[0]!.state).toMatchObject({
      batch_key: 'eval-1',
      point_count: 3,
      ok_count: 2,
      warn_count: 1,
      breach_count: 0,
      content_sha256: result.batch.content_sha256,
    });
    expect(result.batch.content_sha256).toMatch(/^[0-9a-f]{64}$/);
    const stored = await u.database.db
      .selectFrom('metric_points')
      .select(['value', 'status'])
      .where('batch_id', '=', result.batch.id)
      .orderBy('sort_key')
      .execute();
    expect(stored).toEqual([
      { value: '95', status: 'ok' },
      { value: '92.5', status: 'warn' },
      { value: '96', status: 'ok' },
    ]);

    const head = await u.head();
    const before = await count('metric_points');
    const again = await u.run(ingestPoints, { metricId: m.id, batchKey: 'eval-1', points });
    expect(again.batch).toEqual(result.batch);
    expect(await u.head()).toBe(head);
    expect(await count('metric_points')).toBe(before);

    // The same content written differently (an offset, a trailing zero) is the same batch.
    const same = points.map((p) => ({ ...p, at: p.at.replace('.000Z', '+00:00') }));
    expect(
      (await u.run(ingestPoints, { metricId: m.id, batchKey: 'eval-1', points: same })).batch.id,
    ).toBe(result.batch.id);

    await expect(
      u.run(ingestPoints, { metricId: m.id, batchKey: 'eval-1', points: series([1]) }),
    ).rejects.toMatchObject({
      code: 'BATCH_KEY_REUSED',
      status: 409,
      errors: [{ pointer: '/body/batchKey' }],
    });
    expect(await u.head()).toBe(head);
    expect(await u.verify()).toEqual([]);
  });

  it('opens exactly one incident per breach episode, in the ingestion transaction', async () => {
    const model = await makeAiModel(u);
    const m = await makeMetric(u, { aiSystemId: model.ai_system_id, breachAction: 'incident' });
    const incidents = await count('incidents');
    const { result, events } = await runAndRecord(u, ingestPoints, {
      metricId: m.id,
      batchKey: 'breach-1',
      points: series([95, 88, 85, 87]).map((p) => ({ ...p, aiModelId: model.id })),
    });
    expect(await count('incidents')).toBe(incidents + 1);
    expect(result.breaches).toHaveLength(1);
    const b = result.breaches[0]!;
    expect(b).toMatchObject({ started_value: '88', ended_at: null, action: 'incident' });
    expect(b.incident_id).toBeTruthy();
    expect(events.map((e) => e.entity)).toEqual([
      'metric_batches',
      'metric_breaches',
      'incidents',
      'incident_systems',
      'incident_timeline',
      'metric_breaches',
    ]);
    expect(events.every((e) => e.action === 'monitoring.ingest')).toBe(true);
    const incident = await u.database.db
      .selectFrom('incidents')
      .selectAll()
      .where('id', '=', b.incident_id!)
      .executeTakeFirstOrThrow();
    expect(incident).toMatchObject({ source: 'monitoring', source_ref: `metric_breaches/${b.id}` });

    // Still in breach: no second incident.
    await u.run(ingestPoints, {
      metricId: m.id,
      batchKey: 'breach-2',
      points: series([80], Date.parse('2026-03-01T10:00:00Z')),
    });
    expect(await count('incidents')).toBe(incidents + 1);
    // Back within the thresholds ends the episode; the next breach starts a new one.
    const back = await runAndRecord(u, ingestPoints, {
      metricId: m.id,
      batchKey: 'breach-3',
      points: series([96, 89], Date.parse('2026-03-01T11:00:00Z')),
    });
    expect(back.events.map((e) => [e.entity, e.state?.ended_at ?? null])).toEqual([
      ['metric_batches', null],
      ['metric_breaches', '2026-03-01T11:00:00.000Z'],
      ['metric_breaches', null],
      ['incidents', null],
      ['incident_systems', null],
      ['incident_timeline', null],
      ['metric_breaches', null],
    ]);
    expect(await count('incidents')).toBe(incidents + 2);
    expect(await u.verify()).toEqual([]);
  });

  it('raises one nonconformity per episode (source monitoring) when the rule says so', async () => {
    const m = await makeMetric(u, { breachAction: 'nonconformity', controlId: 'A.6.2.6' });
    const before = await count('nonconformities');
    const { result } = await runAndRecord(u, ingestPoints, {
      metricId: m.id,
      batchKey: 'nc-1',
      points: series([85, 84]),
    });
    expect(await count('nonconformities')).toBe(before + 1);
    const nc = await u.database.db
      .selectFrom('nonconformities')
      .selectAll()
      .where('id', '=', result.breaches[0]!.nonconformity_id!)
      .executeTakeFirstOrThrow();
    expect(nc).toMatchObject({
      source_type: 'monitoring',
      source_id: result.breaches[0]!.id,
      requirement_id: 'A.6.2.6',
    });
  });

  it('refuses points in the future or of another system’s model, naming each, and writes nothing', async () => {
    const m = await makeMetric(u);
    const other = await makeAiModel(u);
    const head = await u.head();
    await expect(
      u.run(ingestPoints, {
        metricId: m.id,
        batchKey: 'bad-1',
        points: [...series([95]), { at: '2030-01-01T00:00:00Z', value: 95 }],
      }),
    ).rejects.toMatchObject({
      code: 'INCONSISTENT_INPUT',
      errors: [{ pointer: '/body/points/1/at' }],
    });
    await expect(
      u.run(ingestPoints, {
        metricId: m.id,
        batchKey: 'bad-2',
        points: [{ ...series([95])[0]!, aiModelId: other.id }],
      }),
    ).rejects.toMatchObject({
      code: 'INCONSISTENT_INPUT',
      errors: [{ pointer: '/body/points/0/aiModelId' }],
    });
    await expect(
      u.run(
        ingestPoints,
        { metricId: m.id, batchKey: 'bad-3', points: series([95]) },
        { as: u.members.viewer },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await u.head()).toBe(head);
  });
});
