// The list of moves made past a failed gate, over HTTP on both stores: `q` in the justification
// and the AI system's name (any case), the AI system, the stage moved into, `sort` either way with
// paging that keeps its order, and the AI system's name beside its id. A value the list does not
// know answers 400 at the parameter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

const criterion = {
  id: 'vv-evidence',
  title: 'Test report of the model version',
  control: 'A.6.2.4',
  why: 'The version released is the version tested.',
  check: { kind: 'evidence', evidenceKind: 'test_report', per: 'model_version' },
};

interface Override {
  aiSystemId: string;
  toStage: string;
  justification: string;
  names: Record<string, string>;
}

describe.each(DIALECTS)('gate overrides list on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  const systems: Record<string, string> = {};

  const list = async (query: string) => {
    const res = await org.owner.get(`${base}/gate-overrides?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Override[]; nextCursor: string | null };
  };
  const why = async (query: string) => (await list(query)).items.map((o) => o.justification);

  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    const adopted = await org.owner.post(`${base}/gate-criteria/versions`, {
      enforced: true,
      gates: [
        { stage: 'deployment', criteria: [criterion] },
        { stage: 'operation_and_monitoring', criteria: [criterion] },
      ],
    });
    expect(adopted.statusCode, adopted.body).toBe(201);
    // Moved in this order, so newest first is the reverse.
    for (const [name, from, to, justification] of [
      ['Claims triage', 'verification_and_validation', 'deployment', 'Rule-based: no test report.'],
      [
        'Fraud scoring',
        'verification_and_validation',
        'deployment',
        'Pilot of 100% manual review.',
      ],
      ['Front-desk chatbot', 'deployment', 'operation_and_monitoring', 'Report signed on paper.'],
    ] as const) {
      const sys = await org.owner.post(`${base}/ai-systems`, {
        name,
        purpose: 'Sorts.',
        lifecycleStage: from,
      });
      expect(sys.statusCode, sys.body).toBe(201);
      systems[name] = sys.json().id as string;
      const moved = await org.owner.post(`${base}/ai-systems/${systems[name]}/transitions`, {
        toStage: to,
        reason: 'Go live.',
        gateOverride: justification,
      });
      expect(moved.statusCode, moved.body).toBe(200);
    }
  });
  afterAll(() => t?.close());

  it('lists newest first and searches the justification and the AI system’s name', async () => {
    expect(await why('')).toEqual([
      'Report signed on paper.',
      'Pilot of 100% manual review.',
      'Rule-based: no test report.',
    ]);
    expect(await why('q=TEST%20REPORT')).toEqual(['Rule-based: no test report.']);
    expect(await why('q=chatbot')).toEqual(['Report signed on paper.']);
    expect(await why('q=100%25')).toEqual(['Pilot of 100% manual review.']);
    expect(await why('q=_')).toEqual([]);
  });

  it('filters by AI system and by the stage moved into, naming the system', async () => {
    const fraud = await list(`aiSystemId=${systems['Fraud scoring']}`);
    expect(fraud.items.map((o) => o.justification)).toEqual(['Pilot of 100% manual review.']);
    expect(fraud.items[0]!.names[systems['Fraud scoring']!]).toBe('Fraud scoring');
    expect(await why('toStage=operation_and_monitoring')).toEqual(['Report signed on paper.']);
    expect(await why('toStage=deployment&q=manual')).toEqual(['Pilot of 100% manual review.']);
    expect(await why('toStage=retirement')).toEqual([]);
  });

  it('sorts by the stage moved into either way and pages without repeats', async () => {
    const first = await list('sort=-toStage&limit=2');
    expect(first.items.map((o) => o.toStage)).toEqual(['operation_and_monitoring', 'deployment']);
    const rest = await list(`sort=-toStage&limit=2&cursor=${first.nextCursor}`);
    expect(rest.items.map((o) => o.toStage)).toEqual(['deployment']);
    expect(rest.nextCursor).toBeNull();
    const all = [...first.items, ...rest.items].map((o) => o.justification);
    expect(new Set(all).size).toBe(3);
    expect((await list('sort=createdAt')).items.map((o) => o.justification)).toEqual([
      'Rule-based: no test report.',
      'Pilot of 100% manual review.',
      'Report signed on paper.',
    ]);
  });

  it('answers 400 at the parameter for a value it does not know', async () => {
    for (const [query, pointer] of [
      ['toStage=launch', '/query/toStage'],
      ['sort=justification', '/query/sort'],
      ['aiSystemId=triage', '/query/aiSystemId'],
      [`q=${'x'.repeat(201)}`, '/query/q'],
    ]) {
      const res = await org.owner.get(`${base}/gate-overrides?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors[0].pointer).toBe(pointer);
    }
  });
});
