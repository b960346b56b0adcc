import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CRITERIA } from '../src/modules/risks/criteria.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { ApiClient, createOrgFixture, type OrgFixture } from './client.js';

describe.each(DIALECTS)('risk criteria and the risk register on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
  });
  afterAll(() => t.close());

  it('computes levels on the server and keeps every past score and level when the matrix changes', async () => {
    const crit = (await org.owner.get(`${base}/risk-criteria`)).json();
    expect(crit).toMatchObject({ id: null, number: 0, acceptanceLevel: 'medium' });
    const sneaky = await org.owner.post(`${base}/risks`, {
      title: 'x',
      inherentLikelihood: 1,
      inherentImpact: 1,
      inherentLevel: 'low',
    });
    expect(sneaky.statusCode).toBe(400);
    const r = (
      await org.owner.post(`${base}/risks`, {
        title: 'Bias in triage',
        inherentLikelihood: 4,
        inherentImpact: 5,
        riskSources: ['C.3.4'],
        objectives: ['C.2.5'],
        controlIds: ['A.7.4'],
      })
    ).json();
    expect(r).toMatchObject({
      inherentLevel: 'critical',
      status: 'assessed',
      criteriaId: expect.any(String),
    });
    expect(
      (
        await org.owner.post(`${base}/risks`, {
          title: 'x',
          inherentLikelihood: 9,
          inherentImpact: 1,
        })
      ).statusCode,
    ).toBe(400);
    const out = await org.owner.post(`${base}/risks`, {
      title: 'x',
      riskSources: ['C.9.9'],
      controlIds: ['A.99'],
    });
    expect(out.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/body/riskSources/0',
      '/body/controlIds/0',
    ]);

    // New criteria: a 3 × 3 matrix where everything is low.
    const three = [{ label: 'Low' }, { label: 'Mid' }, { label: 'High' }];
    const bad = await org.owner.post(`${base}/risk-criteria`, {
      likelihood: three,
      impact: three,
      levels: [
        { key: 'low', label: 'Low' },
        { key: 'high', label: 'High' },
      ],
      matrix: [
        ['low', 'low'],
        ['low', 'low', 'low'],
        ['low', 'low', 'nope'],
      ],
      acceptanceLevel: 'low',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/body/matrix/0',
      '/body/matrix/2/2',
    ]);
    const v2 = await org.owner.post(`${base}/risk-criteria`, {
      likelihood: three,
      impact: three,
      levels: [
        { key: 'low', label: 'Low' },
        { key: 'high', label: 'High' },
      ],
      matrix: [
        ['low', 'low', 'low'],
        ['low', 'low', 'low'],
        ['low', 'low', 'high'],
      ],
      acceptanceLevel: 'low',
      changeNote: 'Simpler',
    });
    expect(v2.statusCode).toBe(201);
    expect(v2.json().number).toBe(2);
    const same = (await org.owner.get(`${base}/risks/${r.id}`)).json();
    expect(same).toMatchObject({
      inherentLikelihood: 4,
      inherentImpact: 5,
      inherentLevel: 'critical',
      criteriaId: r.criteriaId,
    });
    // The version a risk was scored on stays readable, with its labels, beside the one in force.
    const viewer = await org.member('viewer');
    const scoredOn = (await viewer.get(`${base}/risk-criteria-versions/${r.criteriaId}`)).json();
    expect(scoredOn).toMatchObject({
      id: r.criteriaId,
      number: 1,
      status: 'superseded',
      authorMemberId: null,
      likelihood: DEFAULT_CRITERIA.likelihood,
      matrix: DEFAULT_CRITERIA.matrix,
    });
    const versions = (await viewer.get(`${base}/risk-criteria-versions`)).json();
    expect(
      versions.items.map((v: { number: number; status: string; changeNote: string | null }) => [
        v.number,
        v.status,
        v.changeNote,
      ]),
    ).toEqual([
      [2, 'active', 'Simpler'],
      [1, 'superseded', 'Default criteria'],
    ]);
    expect(versions.items[0].authorMemberId).toEqual(expect.any(String));
    const missing = await org.owner.get(
      `${base}/risk-criteria-versions/${v2.json().id.replace(/.$/, (c: string) => (c === '0' ? '1' : '0'))}`,
    );
    expect(missing.statusCode).toBe(404);
    // Re-assessing uses the new criteria (and its scales).
    expect(
      (await org.owner.patch(`${base}/risks/${r.id}`, { inherentLikelihood: 4, inherentImpact: 3 }))
        .statusCode,
    ).toBe(422);
    const re = (
      await org.owner.patch(`${base}/risks/${r.id}`, { inherentLikelihood: 3, inherentImpact: 3 })
    ).json();
    expect(re).toMatchObject({ inherentLevel: 'high', criteriaId: v2.json().id });
    // An edit that leaves the lists out keeps them.
    expect(re).toMatchObject({
      riskSources: ['C.3.4'],
      objectives: ['C.2.5'],
      controlIds: ['A.7.4'],
    });
    // The first version's row is untouched in the ledger's replay.
    expect((await org.owner.get(`${base}/ledger/verification`)).json().ok).toBe(true);
    // Back to the defaults for the next tests.
    await org.owner.post(`${base}/risk-criteria`, DEFAULT_CRITERIA);
  });

  it("needs acceptance above the threshold by someone other than the risk's owner, and shows expired ones as due", async () => {
    const riskOwner = await org.member('manager');
    const other = await org.member('manager');
    const r = (
      await riskOwner.post(`${base}/risks`, {
        title: 'Drift in credit model',
        inherentLikelihood: 4,
        inherentImpact: 4,
        residualLikelihood: 3,
        residualImpact: 4,
        treatment: 'retain',
      })
    ).json();
    expect(r).toMatchObject({
      residualLevel: 'high',
      ownerMemberId: riskOwner.memberId,
      acceptance: { state: 'needed' },
    });
    const before = await t.database.db
      .selectFrom('ledger_heads')
      .select('seq')
      .where('org_id', '=', org.id)
      .executeTakeFirst();
    const self = await riskOwner.post(`${base}/risks/${r.id}/acceptance`, {
      justification: 'Fine by me',
      expiresOn: '2099-01-01',
    });
    expect(self.statusCode).toBe(422);
    expect(self.json().code).toBe('SELF_ACCEPTANCE');
    expect(
      await t.database.db
        .selectFrom('ledger_heads')
        .select('seq')
        .where('org_id', '=', org.id)
        .executeTakeFirst(),
    ).toEqual(before);
    const contributor = await org.member('contributor');
    expect(
      (
        await contributor.post(`${base}/risks/${r.id}/acceptance`, {
          justification: 'x',
          expiresOn: '2099-01-01',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await other.post(`${base}/risks/${r.id}/acceptance`, {
          justification: 'x',
          expiresOn: '2001-01-01',
        })
      ).json().code,
    ).toBe('INVALID_EXPIRY');
    const soon = new Date(Date.now() + 5 * 86400_000).toISOString().slice(0, 10);
    const ok = await other.post(`${base}/risks/${r.id}/acceptance`, {
      justification: 'Monitored weekly; benefit outweighs.',
      expiresOn: soon,
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({
      status: 'accepted',
      acceptance: { state: 'valid', acceptedByMemberId: other.memberId, expiresOn: soon },
    });
    const low = (
      await riskOwner.post(`${base}/risks`, {
        title: 'Minor UI glitch',
        residualLikelihood: 1,
        residualImpact: 1,
      })
    ).json();
    expect(low.acceptance.state).toBe('not_needed');
    expect(
      (
        await other.post(`${base}/risks/${low.id}/acceptance`, {
          justification: 'x',
          expiresOn: '2099-01-01',
        })
      ).json(),
    ).toMatchObject({ status: 409, code: 'INVALID_STATE' });
    const reader = new ApiClient(t.app, {
      token: (await org.owner.post(`${base}/tokens`, { name: 'r', scopes: ['read'] })).json().token,
    });
    const real = t.services.now;
    try {
      t.services.now = () => new Date(Date.now() + 10 * 86400_000);
      const later = (await reader.get(`${base}/risks/${r.id}`)).json();
      expect(later.acceptance.state).toBe('expired');
      const overview = (await reader.get(`${base}/risk-overview`)).json();
      expect(overview.acceptancesDue.map((x: { id: string }) => x.id)).toContain(r.id);
    } finally {
      t.services.now = real;
    }
    // Re-assessing to another residual level voids the acceptance.
    const moved = (
      await riskOwner.patch(`${base}/risks/${r.id}`, { residualLikelihood: 4, residualImpact: 5 })
    ).json();
    expect(moved).toMatchObject({
      residualLevel: 'critical',
      status: 'assessed',
      acceptance: { state: 'needed' },
    });
  });

  it('tracks treatment actions and shows overdue ones; the heat map counts risks per cell', async () => {
    const sys = (
      await org.owner.post(`${base}/ai-systems`, { name: 'Heat system', purpose: 'x' })
    ).json();
    const a = (
      await org.owner.post(`${base}/risks`, {
        title: 'A',
        aiSystemIds: [sys.id],
        inherentLikelihood: 2,
        inherentImpact: 3,
        residualLikelihood: 1,
        residualImpact: 2,
      })
    ).json();
    await org.owner.post(`${base}/risks`, {
      title: 'B',
      aiSystemIds: [sys.id],
      inherentLikelihood: 2,
      inherentImpact: 3,
    });
    const t1 = (
      await org.owner.post(`${base}/risks/${a.id}/treatments`, {
        title: 'Fix data',
        dueDate: '2020-01-01',
      })
    ).json();
    expect(t1).toMatchObject({ status: 'planned', overdue: true });
    expect((await org.owner.get(`${base}/risks/${a.id}`)).json().status).toBe('treatment_planned');
    const overview = (await org.owner.get(`${base}/risk-overview`)).json();
    expect(overview.overdueTreatments.map((x: { id: string }) => x.id)).toContain(t1.id);
    expect(overview.top[0].residualLevel).toBe('critical');
    const done = (
      await org.owner.patch(`${base}/risks/${a.id}/treatments/${t1.id}`, { status: 'done' })
    ).json();
    expect(done).toMatchObject({ status: 'done', overdue: false });
    const inherent = (
      await org.owner.get(`${base}/risk-heatmap?kind=inherent&aiSystemId=${sys.id}`)
    ).json();
    expect(inherent.cells[1][2]).toBe(2);
    expect(inherent.cells.flat().reduce((x: number, y: number) => x + y, 0)).toBe(2);
    const residual = (
      await org.owner.get(`${base}/risk-heatmap?kind=residual&aiSystemId=${sys.id}`)
    ).json();
    expect(residual.cells[0][1]).toBe(1);
    expect(residual.unassessed).toBe(1);
    const list = (await org.owner.get(`${base}/risks?aiSystemId=${sys.id}`)).json().items;
    expect(list.map((x: { title: string }) => x.title).sort()).toEqual(['A', 'B']);
    expect((await org.owner.delete(`${base}/risks/${a.id}`)).statusCode).toBe(204);
    expect((await org.owner.get(`${base}/ledger/verification`)).json().ok).toBe(true);
  });
});
