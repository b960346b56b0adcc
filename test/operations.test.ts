// The operational planning records (8.2–8.4) over HTTP, on both stores: per AI system and per
// open risk what was done, what is due or overdue, what a significant change owes, treatments
// chosen against carried out, the filters, and the readiness rules that rest on them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

interface Row {
  status: string;
  reassessmentOwed: boolean;
  reasons: string[];
  lastAssessedOn: string | null;
  nextDueOn: string | null;
}
type SystemRow = Row & { aiSystemId: string; assessmentId: string | null };
type RiskRow = Row & {
  riskId: string;
  treatment: { option: string | null; progress: string; open: number; overdue: number };
};

describe.each(DIALECTS)('operational planning records over HTTP on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  const ids: Record<string, string> = {};
  // Each step a minute after the last, so "after the assessment" never ties on the clock.
  let minutes = 0;
  const tick = () => {
    minutes += 1;
    const at = Date.now() + minutes * 60_000;
    t.services.now = () => new Date(at);
  };

  const operations = async (query = '') => {
    const res = await org.owner.get(`${base}/operations${query}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    return {
      ...body,
      system: (id: string) => body.systems.find((s: SystemRow) => s.aiSystemId === id) as SystemRow,
      risk: (id: string) => body.risks.find((r: RiskRow) => r.riskId === id) as RiskRow,
    };
  };
  const readiness = async (id: string) => {
    const all = (await org.owner.get(`${base}/readiness`)).json();
    return all.requirements.find((r: { id: string }) => r.id === id) as {
      reasons: { check: string; status: string; detail: string; refs: { id: string }[] }[];
    };
  };

  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t, 'Operations Org');
    base = `/api/v1/orgs/${org.slug}`;
    const post = async (url: string, body: object, status = 201) => {
      tick();
      const res = await org.owner.post(`${base}${url}`, body);
      expect(res.statusCode, res.body).toBe(status);
      return res.json();
    };
    ids.scorer = (await post('/ai-systems', { name: 'Scorer', purpose: 'Scores claims.' })).id;
    ids.router = (await post('/ai-systems', { name: 'Router', purpose: 'Routes calls.' })).id;
    const manager = await org.member('manager');
    tick();
    const ia = (
      await manager.post(`${base}/impact-assessments`, {
        aiSystemId: ids.scorer,
        title: 'Scorer impact',
        reviewCycleMonths: 12,
      })
    ).json();
    ids.ia = ia.id;
    await manager.post(`${base}/impact-assessments/${ia.id}/impacts`, {
      affected: 'individuals',
      dimension: 'fairness',
      description: 'Unequal scores.',
      severity: 2,
      likelihood: 2,
    });
    await post(`/impact-assessments/${ia.id}/approve`, {}, 200);
    const scored = { inherentLikelihood: 3, inherentImpact: 3 };
    ids.drift = (
      await post('/risks', {
        title: 'Drift',
        aiSystemIds: [ids.scorer],
        ...scored,
        treatment: 'modify',
        reviewDate: '2099-01-01',
      })
    ).id;
    ids.action = (
      await post(`/risks/${ids.drift}/treatments`, { title: 'Retrain', dueDate: '2020-01-01' })
    ).id;
    ids.leak = (
      await post('/risks', {
        title: 'Leak',
        aiSystemIds: [ids.router],
        ...scored,
        treatment: 'retain',
        reviewDate: '2021-01-01',
      })
    ).id;
    ids.unscored = (await post('/risks', { title: 'Unscored', aiSystemIds: [ids.router] })).id;
  });
  afterAll(() => t?.close());

  it('shows per AI system and risk what was done, what is overdue and what was never done', async () => {
    const o = await operations();
    expect(o.system(ids.scorer)).toMatchObject({
      assessmentId: ids.ia,
      status: 'done',
      reassessmentOwed: false,
      reasons: [],
    });
    expect(o.system(ids.scorer).lastAssessedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(o.system(ids.router)).toMatchObject({
      assessmentId: null,
      status: 'missing',
      lastAssessedOn: null,
      reasons: ['No impact assessment has been performed yet.'],
    });
    expect(o.risk(ids.drift)).toMatchObject({ status: 'done', nextDueOn: '2099-01-01' });
    expect(o.risk(ids.leak)).toMatchObject({
      status: 'overdue',
      reasons: ['The next risk assessment was due on 2021-01-01.'],
    });
    expect(o.risk(ids.unscored)).toMatchObject({ status: 'missing', lastAssessedOn: null });
    // Treatment chosen against carried out: an open action past its date is not implemented.
    expect(o.risk(ids.drift).treatment).toMatchObject({
      option: 'modify',
      progress: 'planned',
      open: 1,
      overdue: 1,
    });
    expect(o.risk(ids.leak).treatment).toMatchObject({ option: 'retain', progress: 'implemented' });
    expect(o.risk(ids.unscored).treatment.progress).toBe('not_chosen');
    expect(o.summary).toEqual({
      impactAssessments: { done: 1, due: 0, overdue: 0, missing: 1, owed: 0 },
      riskAssessments: { done: 1, due: 0, overdue: 1, missing: 1, owed: 0 },
      treatments: { chosen: 2, implemented: 1, notChosen: 0, overdueActions: 1 },
    });
    const overdue = await operations('?status=overdue');
    expect(overdue.systems).toEqual([]);
    expect(overdue.risks.map((r: RiskRow) => r.riskId)).toEqual([ids.leak]);
    // Every role reads them.
    const viewer = await org.member('viewer');
    expect((await viewer.get(`${base}/operations`)).statusCode).toBe(200);
    expect((await viewer.get(`${base}/operations?status=late`)).statusCode).toBe(400);
  });

  it('owes a re-assessment after a significant change, until it is performed', async () => {
    tick();
    const moved = await org.owner.post(`${base}/ai-systems/${ids.scorer}/transitions`, {
      toStage: 'operation_and_monitoring',
      reason: 'Goes live',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    let o = await operations();
    expect(o.system(ids.scorer)).toMatchObject({ status: 'due', reassessmentOwed: true });
    expect(o.system(ids.scorer).reasons[0]).toMatch(
      /^The system moved to .+ on \d{4}-\d{2}-\d{2}, after the assessment was approved\.$/,
    );
    expect(o.risk(ids.drift)).toMatchObject({ status: 'due', reassessmentOwed: true });
    expect(o.risk(ids.leak).reassessmentOwed).toBe(false);
    const owed = await operations('?owed=true');
    expect(owed.systems.map((s: SystemRow) => s.aiSystemId)).toEqual([ids.scorer]);
    expect(owed.risks.map((r: RiskRow) => r.riskId)).toEqual([ids.drift]);

    // The risk's owner assesses it again; the treatment action is carried out.
    tick();
    const patched = await org.owner.patch(`${base}/risks/${ids.drift}`, { inherentImpact: 2 });
    expect(patched.statusCode, patched.body).toBe(200);
    tick();
    await org.owner.patch(`${base}/risks/${ids.drift}/treatments/${ids.action}`, {
      status: 'done',
    });
    o = await operations();
    expect(o.risk(ids.drift)).toMatchObject({ status: 'done', reassessmentOwed: false });
    expect(o.risk(ids.drift).treatment).toMatchObject({ progress: 'implemented', overdue: 0 });
    expect(o.system(ids.scorer).reassessmentOwed).toBe(true);
  });

  it('gives 8.2–8.4 readiness from the records as performed, naming what is behind', async () => {
    const r82 = await readiness('8.2');
    const onTime = r82.reasons.find((x) => x.check.startsWith('risk assessments performed at'))!;
    expect(onTime.status).toBe('partial');
    expect(onTime.detail).toBe(
      '2 of 3 open risks are behind: 1 past the planned date, 1 never assessed.',
    );
    expect(onTime.refs.map((x) => x.id).sort()).toEqual([ids.leak, ids.unscored].sort());
    const r83 = await readiness('8.3');
    const carried = r83.reasons.find((x) => x.check.startsWith('chosen risk treatments'))!;
    expect(carried).toMatchObject({
      status: 'met',
      detail: 'The treatment of all 2 treated risks was carried out.',
    });
    const r84 = await readiness('8.4');
    const ia = r84.reasons.find((x) => x.check.startsWith('impact assessments performed at'))!;
    expect(ia.status).toBe('partial');
    expect(ia.detail).toBe(
      '2 of 2 AI systems are behind: 1 owing a re-assessment after a significant change, 1 never assessed.',
    );
  });
});
