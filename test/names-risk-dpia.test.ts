import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CRITERIA } from '../src/modules/risks/index.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { ApiClient, createOrgFixture, type OrgFixture } from './client.js';

/**
 * Treatment actions, criteria versions, DPIAs and opportunities for improvement carry `names`
 * for the members and records they refer to (only those the caller may read), so their pages
 * need not read the whole list of members.
 */
describe.each(DIALECTS)(
  'names on treatments, criteria, DPIAs and improvements on %s',
  (dialect) => {
    let t: TestApp;
    let org: OrgFixture;
    let base: string;
    let worker: Awaited<ReturnType<OrgFixture['member']>>;
    let manager: Awaited<ReturnType<OrgFixture['member']>>;
    const nameOf = new Map<string, string>();
    let systemId: string;
    const tokenWith = async (scopes: string[]) => {
      const r = await org.owner.post(`${base}/tokens`, { name: scopes.join(' '), scopes });
      expect(r.statusCode).toBe(201);
      return new ApiClient(t.app, { token: r.json().token as string });
    };

    beforeAll(async () => {
      t = await openTestApp(dialect);
      org = await createOrgFixture(t);
      base = `/api/v1/orgs/${org.slug}`;
      worker = await org.member('contributor');
      manager = await org.member('manager');
      const members = (await org.owner.get(`${base}/members`)).json().items as {
        id: string;
        name: string;
        email: string;
      }[];
      for (const m of members) nameOf.set(m.id, m.name || m.email);
      const sys = await org.owner.post(`${base}/ai-systems`, {
        name: 'Triage Assistant',
        purpose: 'Suggests an urgency level.',
      });
      expect(sys.statusCode).toBe(201);
      systemId = sys.json().id;
    });
    afterAll(() => t.close());

    it("names a treatment action's owner when added, changed, listed and overdue", async () => {
      const risk = await org.owner.post(`${base}/risks`, { title: 'Under-ranks elderly patients' });
      expect(risk.statusCode).toBe(201);
      const url = `${base}/risks/${risk.json().id}/treatments`;
      const added = await org.owner.post(url, {
        title: 'Re-balance the training data',
        ownerMemberId: worker.memberId,
        dueDate: '2020-01-31',
      });
      expect(added.statusCode, added.body).toBe(201);
      const expected = { [worker.memberId]: nameOf.get(worker.memberId) };
      expect(added.json().names).toEqual(expected);
      const changed = await org.owner.request(
        'PATCH',
        `${url}/${added.json().id}`,
        { status: 'in_progress' },
        { 'if-match': `"${added.json().version}"` },
      );
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json().names).toEqual(expected);
      expect((await org.owner.get(url)).json().items[0].names).toEqual(expected);
      const overview = (await org.owner.get(`${base}/risk-overview`)).json();
      expect(overview.overdueTreatments[0]).toMatchObject({ id: added.json().id, names: expected });
      // Without members.read, the owner's id stays and their name is left out.
      const onlyRisks = await tokenWith(['risks.read']);
      const seen = (await onlyRisks.get(url)).json().items[0];
      expect(seen.ownerMemberId).toBe(worker.memberId);
      expect(seen.names).toEqual({});
    });

    it('names who put each version of the risk criteria in force', async () => {
      const v = await manager.post(`${base}/risk-criteria`, {
        ...DEFAULT_CRITERIA,
        changeNote: 'Ours now',
      });
      expect(v.statusCode, v.body).toBe(201);
      const versions = (await org.owner.get(`${base}/risk-criteria-versions`)).json().items;
      const mine = versions.find(
        (x: { authorMemberId: string }) => x.authorMemberId === manager.memberId,
      );
      expect(mine.names).toEqual({ [manager.memberId]: nameOf.get(manager.memberId) });
      const one = (await org.owner.get(`${base}/risk-criteria-versions/${mine.id}`)).json();
      expect(one.names).toEqual({ [manager.memberId]: nameOf.get(manager.memberId) });
    });

    it('names the AI system, impact assessment and author of a DPIA', async () => {
      const ia = await manager.post(`${base}/impact-assessments`, {
        aiSystemId: systemId,
        title: 'Triage IA',
      });
      expect(ia.statusCode, ia.body).toBe(201);
      const d = await manager.post(`${base}/dpias`, {
        aiSystemId: systemId,
        impactAssessmentId: ia.json().id,
        title: 'Triage DPIA',
        personalData: true,
        screening: {},
      });
      expect(d.statusCode, d.body).toBe(201);
      const expected = {
        [systemId]: 'Triage Assistant',
        [ia.json().id]: 'Triage IA',
        [manager.memberId]: nameOf.get(manager.memberId),
      };
      expect(d.json().names).toEqual(expected);
      expect((await org.owner.get(`${base}/dpias/${d.json().id}`)).json().names).toEqual(expected);
      const list = (await org.owner.get(`${base}/dpias`)).json();
      expect(list.items.find((x: { id: string }) => x.id === d.json().id).names).toEqual(expected);
      const onlyDpia = await tokenWith(['dpia.read']);
      expect((await onlyDpia.get(`${base}/dpias/${d.json().id}`)).json().names).toEqual({});
    });

    it('names the owner, the decider and the source record of an opportunity for improvement', async () => {
      const nc = await org.owner.post(`${base}/nonconformities`, {
        title: 'Pipeline switch left on',
        requirementId: '8.1',
        sourceType: 'direct',
        severity: 'minor',
      });
      expect(nc.statusCode, nc.body).toBe(201);
      const logged = await worker.post(`${base}/improvements`, {
        title: 'Review pipeline switches monthly',
        sourceType: 'nonconformity',
        sourceId: nc.json().id,
        ownerMemberId: worker.memberId,
      });
      expect(logged.statusCode, logged.body).toBe(201);
      const i = logged.json();
      expect(i.names).toEqual({
        [worker.memberId]: nameOf.get(worker.memberId),
        [nc.json().id]: 'Pipeline switch left on',
      });
      const decided = await manager.request(
        'POST',
        `${base}/improvements/${i.id}/decision`,
        { decision: 'adopted' },
        { 'if-match': `"${i.version}"` },
      );
      expect(decided.statusCode, decided.body).toBe(200);
      const expected = {
        [worker.memberId]: nameOf.get(worker.memberId),
        [manager.memberId]: nameOf.get(manager.memberId),
        [nc.json().id]: 'Pipeline switch left on',
      };
      expect(decided.json().names).toEqual(expected);
      expect((await org.owner.get(`${base}/improvements/${i.id}`)).json().names).toEqual(expected);
      const list = (await org.owner.get(`${base}/improvements`)).json();
      expect(list.items.find((x: { id: string }) => x.id === i.id).names).toEqual(expected);
      const onlyImprovements = await tokenWith(['improvements.read']);
      expect((await onlyImprovements.get(`${base}/improvements/${i.id}`)).json().names).toEqual({});
    });
  },
);
