import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { PASSWORD, signIn } from './client.js';

describe.each(DIALECTS)('the example AIMS on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(dialect);
  });
  afterAll(() => t.close());

  it('loads from the first-run setup, verifies, and shows a working AIMS', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: {
        orgName: 'Example Co',
        email: 'first@example.com',
        password: PASSWORD,
        withExample: true,
      },
    });
    expect(r.statusCode).toBe(201);
    const owner = await signIn(t.app, 'first@example.com');
    const base = `/api/v1/orgs/${r.json().org.slug}`;
    const systems = (await owner.get(`${base}/ai-systems?limit=50`)).json().items;
    expect(new Set(systems.map((s: { sector: string }) => s.sector)).size).toBeGreaterThanOrEqual(
      4,
    );
    expect(
      new Set(systems.map((s: { lifecycleStage: string }) => s.lifecycleStage)).size,
    ).toBeGreaterThanOrEqual(4);
    const readiness = (await owner.get(`${base}/readiness`)).json();
    expect(readiness.overall.met).toBeGreaterThan(5);
    expect(readiness.overall.readiness).toBeGreaterThan(30);
    expect((await owner.get(`${base}/risks`)).json().items.length).toBe(3);
    // A nonconformity closed after a check by the reviewer, who did none of its actions.
    const [nc] = (await owner.get(`${base}/nonconformities`)).json().items;
    expect(nc).toMatchObject({ status: 'closed', reference: 'NC-0001' });
    expect(nc.verifiedByMemberId).not.toBe(nc.actions[0].ownerMemberId);
    expect(readiness.requirements.find((x: { id: string }) => x.id === '10.2').status).toBe('met');
    // Clauses 4 to 7 are met by the records an auditor asks for (roles, approvals, processes, plans).
    const short = readiness.requirements
      .filter((x: { id: string; kind: string }) => x.kind === 'clause' && /^[4-7]\./.test(x.id))
      .filter((x: { status: string }) => x.status !== 'met')
      .map(
        (x: { id: string; reasons: { status: string; detail: string }[] }) =>
          `${x.id}: ${x.reasons
            .filter((r) => r.status !== 'met')
            .map((r) => r.detail)
            .join(' / ')}`,
      );
    expect(short).toEqual([]);
    // The triage assistant's EU AI Act tier, proposed from the questionnaire and confirmed by the second manager.
    const triage = systems.find((s: { name: string }) => s.name === 'Triage assistant');
    expect(triage).toMatchObject({
      euAiActTier: 'high_risk',
      euAiActReason: expect.stringContaining('Annex III'),
    });
    const classified = (await owner.get(`${base}/ai-systems/${triage.id}/ai-act`)).json();
    expect(classified).toMatchObject({
      status: 'confirmed',
      proposedTier: 'high_risk',
      answers: { role: 'provider', annexIII: [5] },
    });
    expect(classified.confirmedByMemberId).not.toBe(classified.answeredByMemberId);
    expect(
      (await owner.get(`${base}/soa?applicable=false`))
        .json()
        .items.map((x: { controlId: string }) => x.controlId),
    ).toEqual(['A.10.4']);
    // A serious incident whose EU AI Act report was sent in time: no report is due.
    const incidents = (await owner.get(`${base}/incidents?serious=true`)).json().items;
    expect(incidents).toHaveLength(1);
    expect(incidents[0].clocks).toEqual([
      expect.objectContaining({ key: 'ai_act_report', state: 'met' }),
    ]);
    expect((await owner.get(`${base}/incident-clocks`)).json().total).toBe(0);
    // Operation and checking: a monitored metric, an audit reported to management, a review held.
    const status = (id: string) =>
      readiness.requirements.find((x: { id: string }) => x.id === id).status;
    const metrics = (await owner.get(`${base}/metrics`)).json().items;
    expect(metrics).toHaveLength(1);
    expect((await owner.get(`${base}/metrics/${metrics[0].id}/points`)).json().items).toHaveLength(
      7,
    );
    const [audit] = (await owner.get(`${base}/audits`)).json().items;
    expect(audit).toMatchObject({ status: 'reported', communicatedTo: 'The management team' });
    expect(status('9.2.2')).toBe('met');
    // Operational control: approved criteria, enforced gates each system passed, suppliers
    // assessed; improvement carried out; the data of every system documented.
    expect(status('8.1')).toBe('met');
    expect(status('10.1')).toBe('met');
    expect(status('A.7.4')).toBe('met');
    const [review] = (await owner.get(`${base}/management-reviews`)).json().items;
    expect(review).toMatchObject({ status: 'held' });
    expect(status('9.3.1')).toBe('met');
    expect(status('9.3.3')).toBe('met');
    expect((await owner.get(`${base}/ledger/verification`)).json()).toMatchObject({ ok: true });
  });
});

describe('aims demo (SQLite)', () => {
  it('creates the example organization from the CLI', async () => {
    const t = await openTestApp('sqlite');
    try {
      const out: string[] = [];
      const io = { out: (s: string) => out.push(s), err: (s: string) => out.push(s) };
      const env = { AIMS_DATA_DIR: t.database.dir };
      expect(
        await runCli(
          ['demo', '--email', 'demo@example.com', '--password', PASSWORD, '--json'],
          io,
          env,
        ),
      ).toBe(0);
      expect(JSON.parse(out.join(''))).toMatchObject({
        slug: 'example-health-and-finance',
        aiSystems: 5,
      });
      out.length = 0;
      expect(await runCli(['demo', '--email', 'demo@example.com', '--json'], io, env)).toBe(0);
      expect(JSON.parse(out.join('')).slug).toBe('example-health-and-finance-2');
      expect(await runCli(['ledger', 'verify'], io, env)).toBe(0);
    } finally {
      await t.close();
    }
  });
});
