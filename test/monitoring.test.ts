// Monitoring over HTTP: a metric defined with its thresholds, a batch of 10,000 points pushed
// and re-sent, a breach opening one incident, the series paged by time, the accuracy log and its
// exports, and readiness 9.1 from the records.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../src/interop/csv.js';
import { createOrgFixture, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

const MINUTE = 60_000;
/** `n` points a minute apart ending an hour ago (the sessions run on the real clock). */
function points(n: number, value: (i: number) => number) {
  const start = Math.floor(Date.now() / 1000) * 1000 - 3_600_000 - n * MINUTE;
  return Array.from({ length: n }, (_, i) => ({
    at: new Date(start + i * MINUTE).toISOString(),
    value: value(i),
  }));
}

describe.each(DIALECTS)('monitoring over HTTP on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let manager: Awaited<ReturnType<OrgFixture['member']>>;
  let contributor: Awaited<ReturnType<OrgFixture['member']>>;
  let systemId: string;
  let modelId: string;
  let metricId: string;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    manager = await org.member('manager');
    contributor = await org.member('contributor');
    systemId = (
      await org.owner.post(`${base}/ai-systems`, {
        name: 'Triage',
        purpose: 'Ranks cases.',
        lifecycleStage: 'operation_and_monitoring',
      })
    ).json().id;
    modelId = (
      await org.owner.post(`${base}/ai-models`, {
        aiSystemId: systemId,
        name: 'triage-net',
        modelVersion: '2.1.0',
        source: 'built',
      })
    ).json().id;
  });
  afterAll(() => t?.close());

  const ledgerHead = async () =>
    (
      await t.services.database.db
        .selectFrom('ledger_heads')
        .select('seq')
        .where('org_id', '=', org.id)
        .executeTakeFirstOrThrow()
    ).seq;

  it('defines a metric (managers and owners), refusing inconsistent thresholds with a pointer', async () => {
    const body = {
      aiSystemId: systemId,
      name: 'Top-1 accuracy',
      unit: '%',
      direction: 'higher_is_better',
      warnThreshold: 93,
      breachThreshold: 90,
      accuracy: true,
      declaredLevel: 95,
      breachAction: 'incident',
    };
    expect((await contributor.post(`${base}/metrics`, body)).statusCode).toBe(403);
    const bad = await manager.post(`${base}/metrics`, { ...body, warnThreshold: 85 });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({
      code: 'INCONSISTENT_INPUT',
      errors: [{ pointer: '/body/warnThreshold' }],
    });
    const res = await manager.post(`${base}/metrics`, body);
    expect(res.statusCode).toBe(201);
    metricId = res.json().id;
    expect(res.json()).toMatchObject({ warnThreshold: 93, declaredLevel: 95, version: 1 });
  });

  it('takes a batch of 10,000 points once: a re-send answers the same and writes nothing', async () => {
    const batch = {
      batchKey: 'nightly-1',
      points: points(10_000, (i) => (i >= 9_000 && i < 9_010 ? 80 : i % 100 === 0 ? 92 : 95)).map(
        (p) => ({ ...p, aiModelId: modelId }),
      ),
    };
    const first = await contributor.post(`${base}/metrics/${metricId}/points`, batch);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      pointCount: 10_000,
      counts: { ok: 9_891, warn: 99, breach: 10 },
      breaches: [{ action: 'incident', startedValue: 80 }],
    });
    expect(first.json().breaches[0].endedAt).not.toBeNull();
    const incidents = (await org.owner.get(`${base}/incidents?source=monitoring`)).json().items;
    expect(incidents).toHaveLength(1);
    expect(incidents[0].id).toBe(first.json().breaches[0].incidentId);

    const head = await ledgerHead();
    const again = await contributor.post(`${base}/metrics/${metricId}/points`, batch);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(await ledgerHead()).toBe(head);

    const changed = await contributor.post(`${base}/metrics/${metricId}/points`, {
      ...batch,
      points: batch.points.slice(1),
    });
    expect(changed.statusCode).toBe(409);
    expect(changed.json()).toMatchObject({
      code: 'BATCH_KEY_REUSED',
      errors: [{ pointer: '/body/batchKey' }],
    });
    const tooMany = await contributor.post(`${base}/metrics/${metricId}/points`, {
      batchKey: 'too-many',
      points: points(10_001, () => 1),
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0].pointer).toBe('/body/points');
    expect(await ledgerHead()).toBe(head);
  });

  it('pages the series by time and summarises it', async () => {
    const first = (await org.owner.get(`${base}/metrics/${metricId}/points?limit=200`)).json();
    expect(first.items).toHaveLength(200);
    const second = (
      await org.owner.get(`${base}/metrics/${metricId}/points?limit=200&cursor=${first.nextCursor}`)
    ).json();
    const times = [...first.items, ...second.items].map((p: { at: string }) => p.at);
    expect(times).toEqual([...times].sort());
    expect(new Set(times).size).toBe(400);
    const from = first.items[150].at;
    const ranged = (
      await org.owner.get(`${base}/metrics/${metricId}/points?limit=10&from=${from}`)
    ).json();
    expect(ranged.items[0].at).toBe(from);
    const metric = (await contributor.get(`${base}/metrics/${metricId}`)).json();
    expect(metric.summary).toMatchObject({
      status: 'ok',
      lastValue: 95,
      points: 10_000,
      warn: 99,
      breach: 10,
      openBreach: null,
    });
    const list = (await contributor.get(`${base}/metrics?aiSystemId=${systemId}`)).json();
    expect(list.items.map((m: { id: string }) => m.id)).toEqual([metricId]);
    // The list names each metric's AI system, so a page groups metrics by system name without
    // reading the AI system register; one metric reads the same.
    expect(list.items[0].names).toEqual({ [systemId]: 'Triage' });
    const one = (await contributor.get(`${base}/metrics/${metricId}`)).json();
    expect(one.names).toEqual({ [systemId]: 'Triage' });
  });

  it('keeps the accuracy log per model version and exports it as CSV and XLSX', async () => {
    const log = (await org.owner.get(`${base}/ai-systems/${systemId}/accuracy-log`)).json();
    expect(log.models).toHaveLength(1);
    expect(log.models[0]).toMatchObject({ aiModelId: modelId, modelVersion: '2.1.0' });
    const m = log.models[0].metrics[0];
    expect(m).toMatchObject({ name: 'Top-1 accuracy', declaredLevel: 95 });
    expect(m.measurements).toHaveLength(10_000);
    expect(m.measurements.filter((x: { meetsDeclared: boolean }) => !x.meetsDeclared)).toHaveLength(
      109,
    );
    const csv = await org.owner.get(`${base}/ai-systems/${systemId}/accuracy-log/export`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = parseCsv(csv.body);
    expect(rows[0]).toEqual([
      'model',
      'metric',
      'declared',
      'at',
      'value',
      'meets',
      'status',
      'note',
    ]);
    expect(rows.filter((r) => r.length > 1)).toHaveLength(10_001);
    expect(rows[1]!.slice(0, 3)).toEqual(['triage-net 2.1.0', 'Top-1 accuracy (%)', '95']);
    const xlsx = await org.owner.get(
      `${base}/ai-systems/${systemId}/accuracy-log/export?format=xlsx`,
    );
    expect(xlsx.statusCode, xlsx.body.slice(0, 300)).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[1]!.rowCount).toBe(10_001);
  });

  it('counts toward readiness 9.1: met while measured and acted on, partial with a breach left alone', async () => {
    const reason = async () => {
      const r = (await org.owner.get(`${base}/readiness`)).json();
      const q = r.requirements.find((x: { id: string }) => x.id === '9.1');
      return q.reasons.find((x: { check: string }) =>
        x.check.startsWith('AI systems in operation'),
      );
    };
    expect(await reason()).toMatchObject({ status: 'met' });
    const quiet = (
      await manager.post(`${base}/metrics`, {
        aiSystemId: systemId,
        name: 'Latency p95',
        unit: 'ms',
        direction: 'lower_is_better',
        breachThreshold: 800,
      })
    ).json();
    await contributor.post(`${base}/metrics/${quiet.id}/points`, {
      batchKey: 'latency-1',
      points: points(3, () => 950),
    });
    const r = await reason();
    expect(r.status).toBe('partial');
    expect(r.detail).toContain('1 breach(es) in progress with no incident or nonconformity');
    expect(r.refs).toContainEqual({ type: 'metric_breaches', id: expect.any(String) });
  });
});
