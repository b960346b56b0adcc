// The metrics list over HTTP, on both stores: `q` in the name and description (any case), the AI
// system, the latest point's status (no_data: none yet), what a breach does, accuracy metrics,
// `sort` either way with paging that keeps its order, and the AI system's name beside its id. A
// value the list does not know answers 400 at the parameter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

interface Metric {
  name: string;
  aiSystemId: string;
  names: Record<string, string>;
  summary: { status: string };
}

describe.each(DIALECTS)('metrics list on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let triage: string;
  let chatbot: string;

  const list = async (query: string) => {
    const res = await org.owner.get(`${base}/metrics?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Metric[]; nextCursor: string | null };
  };
  const names = async (query: string) => (await list(query)).items.map((m) => m.name);

  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    const system = async (name: string) =>
      (await org.owner.post(`${base}/ai-systems`, { name, purpose: 'Sorts.' })).json().id as string;
    triage = await system('Triage assistant');
    chatbot = await system('Front-desk chatbot');
    const at = new Date(Date.now() - 3_600_000).toISOString();
    // Defined in this order; the values set the latest status of each.
    for (const [aiSystemId, name, extra, value] of [
      [triage, 'Top-1 accuracy', { accuracy: true, declaredLevel: 95 }, 95],
      [triage, 'Latency p95', { description: 'Time to FIRST answer.' }, 91],
      [chatbot, 'Escalation rate', { breachAction: 'nonconformity' }, 80],
      [chatbot, 'Drift_score', { breachAction: 'none' }, null],
    ] as const) {
      const m = await org.owner.post(`${base}/metrics`, {
        aiSystemId,
        name,
        direction: 'higher_is_better',
        warnThreshold: 93,
        breachThreshold: 90,
        breachAction: 'incident',
        ...extra,
      });
      expect(m.statusCode, m.body).toBe(201);
      if (value === null) continue;
      const p = await org.owner.post(`${base}/metrics/${m.json().id}/points`, {
        batchKey: `batch-${name.replace(/\W/g, '-')}`,
        points: [{ at, value }],
      });
      expect(p.statusCode, p.body).toBe(201);
    }
  });
  afterAll(() => t?.close());

  it('searches name and description in any case, wildcards taken literally', async () => {
    expect(await names('')).toEqual([
      'Top-1 accuracy',
      'Latency p95',
      'Escalation rate',
      'Drift_score',
    ]);
    expect(await names('q=ACCURACY')).toEqual(['Top-1 accuracy']);
    expect(await names('q=first%20answer')).toEqual(['Latency p95']);
    expect(await names('q=_')).toEqual(['Drift_score']);
    expect(await names('q=nothing')).toEqual([]);
  });

  it('filters by AI system, latest status, breach action and accuracy, with the system’s name', async () => {
    const chat = await list(`aiSystemId=${chatbot}`);
    expect(chat.items.map((m) => m.name)).toEqual(['Escalation rate', 'Drift_score']);
    expect(chat.items[0]!.names[chatbot]).toBe('Front-desk chatbot');
    expect(await names('status=ok')).toEqual(['Top-1 accuracy']);
    expect(await names('status=warn')).toEqual(['Latency p95']);
    expect(await names('status=breach')).toEqual(['Escalation rate']);
    expect(await names('status=no_data')).toEqual(['Drift_score']);
    expect(await names('breachAction=incident')).toEqual(['Top-1 accuracy', 'Latency p95']);
    expect(await names('accuracy=true')).toEqual(['Top-1 accuracy']);
    expect(await names('accuracy=false')).toEqual([
      'Latency p95',
      'Escalation rate',
      'Drift_score',
    ]);
    expect(await names(`aiSystemId=${triage}&status=breach`)).toEqual([]);
  });

  it('sorts by name either way and pages without repeats', async () => {
    expect(await names('sort=name')).toEqual([
      'Drift_score',
      'Escalation rate',
      'Latency p95',
      'Top-1 accuracy',
    ]);
    const first = await list('sort=-name&limit=3');
    expect(first.items.map((m) => m.name)).toEqual([
      'Top-1 accuracy',
      'Latency p95',
      'Escalation rate',
    ]);
    const rest = await list(`sort=-name&limit=3&cursor=${first.nextCursor}`);
    expect(rest.items.map((m) => m.name)).toEqual(['Drift_score']);
    expect(rest.nextCursor).toBeNull();
  });

  it('answers 400 at the parameter for a value it does not know', async () => {
    for (const [query, pointer] of [
      ['status=broken', '/query/status'],
      ['breachAction=email', '/query/breachAction'],
      ['accuracy=yes', '/query/accuracy'],
      ['sort=owner', '/query/sort'],
      ['aiSystemId=triage', '/query/aiSystemId'],
    ]) {
      const res = await org.owner.get(`${base}/metrics?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors[0].pointer).toBe(pointer);
    }
  });
});
