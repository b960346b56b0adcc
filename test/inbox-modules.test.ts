// My work over HTTP for the later modules, on both stores: corrective actions, effectiveness
// checks and nonconformities (10.2), incidents to classify and to report (A.8.4), failed gates
// (8.1) and risks owing a re-assessment (8.2); each waits for the right member, links to the
// page that acts on it, and leaves the inbox when acted on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, type ApiClient, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

interface Item {
  key: string;
  kind: string;
  why: string;
  dueDate: string | null;
  overdue: boolean;
  path: string;
}

describe.each(DIALECTS)(
  'my work for nonconformities, incidents, gates and re-assessments on %s',
  (dialect) => {
    let t: TestApp;
    let org: OrgFixture;
    let base: string;
    let manager: ApiClient & { memberId: string };
    let worker: ApiClient & { memberId: string };
    // Each step a minute after the last, so "after" never ties on the clock.
    let minutes = 0;
    const tick = () => {
      minutes += 1;
      const at = Date.now() + minutes * 60_000;
      t.services.now = () => new Date(at);
    };
    const items = async (c: ApiClient, kind: string) => {
      const res = await c.get(`${base}/inbox`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().groups as { items: Item[] }[])
        .flatMap((g) => g.items)
        .filter((i) => i.kind === kind);
    };
    const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
      tick();
      const r = await res;
      expect(r.statusCode, r.body).toBeLessThan(300);
      return r.json() as { id: string; version: number };
    };

    beforeAll(async () => {
      t = await openTestApp(dialect);
      org = await createOrgFixture(t, 'Work Org');
      base = `/api/v1/orgs/${org.slug}`;
      manager = await org.member('manager');
      worker = await org.member('contributor');
    });
    afterAll(() => t?.close());

    it('walks a nonconformity through its owner, its action owner and an independent manager', async () => {
      const nc = await ok(
        worker.post(`${base}/nonconformities`, {
          title: 'Release skipped the bias test',
          requirementId: 'A.6.2.4',
          severity: 'major',
          detectedOn: '2026-02-20',
        }),
      );
      const page = `/o/${org.slug}/nonconformities/${nc.id}`;
      expect(await items(worker, 'nonconformity')).toMatchObject([
        { key: `nonconformity:${nc.id}`, path: page },
      ]);
      expect(await items(manager, 'nonconformity')).toEqual([]);
      const one = `${base}/nonconformities/${nc.id}`;
      await ok(worker.request('PUT', `${one}/correction`, { correction: 'Rolled back.' }));
      await ok(
        worker.request('PUT', `${one}/root-cause`, {
          rootCause: { method: 'five_whys', whys: ['Optional test.'], cause: 'Unreviewed switch.' },
        }),
      );
      const action = await ok(
        worker.post(`${one}/actions`, {
          title: 'Require the test',
          ownerMemberId: worker.memberId,
          dueDate: '2026-01-15',
        }),
      );
      // Actions planned: the owner's item gives way to the action owner's, overdue past its date.
      expect(await items(worker, 'nonconformity')).toEqual([]);
      const [todo] = await items(worker, 'corrective_action');
      expect(todo).toMatchObject({
        key: `corrective_action:${action.id}`,
        dueDate: '2026-01-15',
        overdue: true,
        path: page,
      });
      expect(todo!.why).toMatch(/^You own this corrective action, and it is not done\. It was due/);
      expect(await items(manager, 'corrective_action')).toEqual([]);

      await ok(
        worker.patch(`${one}/actions/${action.id}`, { status: 'done', outcome: 'Required.' }),
      );
      expect(await items(worker, 'corrective_action')).toEqual([]);
      // The effectiveness check waits for managers who did none of the actions, not for the worker.
      expect(await items(worker, 'effectiveness_check')).toEqual([]);
      expect(await items(manager, 'effectiveness_check')).toMatchObject([{ path: page }]);
      expect(await items(org.owner, 'effectiveness_check')).toHaveLength(1);
      const notified = (await manager.get(`${base}/notifications`)).json().items as {
        kind: string;
        resolvedAt: string | null;
      }[];
      expect(notified.find((n) => n.kind === 'effectiveness_check')?.resolvedAt).toBeNull();

      await ok(manager.post(`${one}/effectiveness-check`, { effective: true, note: 'It held.' }));
      expect(await items(manager, 'effectiveness_check')).toEqual([]);
      expect(await items(org.owner, 'effectiveness_check')).toEqual([]);
      const after = (await manager.get(`${base}/notifications`)).json().items as {
        kind: string;
        resolvedAt: string | null;
      }[];
      expect(after.find((n) => n.kind === 'effectiveness_check')?.resolvedAt).not.toBeNull();
    });

    it('asks managers to classify an incident, tells its reporter, then waits for the report', async () => {
      const system = await ok(
        org.owner.post(`${base}/ai-systems`, { name: 'Triage', purpose: 'Ranks.' }),
      );
      const incident = await ok(
        worker.post(`${base}/incidents`, {
          title: 'Chest pain ranked routine',
          severity: 'critical',
          harmTypes: ['health_and_safety'],
          systems: [{ aiSystemId: system.id }],
          detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
        }),
      );
      const page = `/o/${org.slug}/incidents/${incident.id}`;
      const [decide] = await items(manager, 'incident_classification');
      expect(decide).toMatchObject({ path: page });
      expect(decide!.why).toMatch(/your role may: a serious one starts the legal reporting clocks/);
      const [mine] = await items(worker, 'incident_classification');
      expect(mine!.why).toMatch(/^You reported this incident/);
      expect(await items(org.owner, 'incident_report')).toEqual([]);

      await ok(
        manager.post(`${base}/incidents/${incident.id}/classify`, {
          serious: true,
          seriousCase: 'other',
          reason: 'Serious harm to health.',
          awareAt: new Date(Date.now() - 3_600_000).toISOString(),
        }),
      );
      expect(await items(manager, 'incident_classification')).toEqual([]);
      expect(await items(worker, 'incident_classification')).toEqual([]);
      const [report] = await items(org.owner, 'incident_report');
      expect(report).toMatchObject({
        key: `incident_report:${incident.id}`,
        path: page,
        overdue: false,
      });
      expect(report!.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(await items(manager, 'incident_report')).toHaveLength(1);
      // Reporting is for managers and owners.
      expect(await items(worker, 'incident_report')).toEqual([]);

      const clocks = (await manager.get(`${base}/incidents/${incident.id}`)).json().clocks as {
        key: string;
        state: string;
      }[];
      for (const c of clocks.filter((x) => x.state === 'running' || x.state === 'overdue'))
        await ok(
          manager.post(`${base}/incidents/${incident.id}/reports`, {
            clock: c.key,
            recipient: 'Market surveillance authority',
            sentAt: new Date().toISOString(),
            channel: 'portal',
            summary: 'Report.',
          }),
        );
      expect(await items(manager, 'incident_report')).toEqual([]);
    });

    it('tells the owner of an AI system its gate failed, until it passes the stage', async () => {
      const system = await ok(
        org.owner.post(`${base}/ai-systems`, {
          name: 'Scorer',
          purpose: 'Scores claims.',
          ownerMemberId: worker.memberId,
        }),
      );
      const check = await worker.post(`${base}/ai-systems/${system.id}/gate-checks`, {
        toStage: 'deployment',
      });
      expect(check.statusCode, check.body).toBe(201);
      expect(check.json().passed).toBe(false);
      tick();
      const [failed] = await items(worker, 'gate_failure');
      expect(failed).toMatchObject({
        key: `gate_failure:${system.id}`,
        path: `/o/${org.slug}/systems/${system.id}`,
      });
      expect(await items(manager, 'gate_failure')).toEqual([]);
      await ok(
        org.owner.post(`${base}/ai-systems/${system.id}/transitions`, {
          toStage: 'deployment',
          reason: 'Piloted with a waiver.',
        }),
      );
      expect(await items(worker, 'gate_failure')).toEqual([]);
    });

    it('asks the owner of a risk to re-assess it after its AI system changed, until they do', async () => {
      const system = await ok(
        org.owner.post(`${base}/ai-systems`, { name: 'Router', purpose: 'Routes.' }),
      );
      const risk = await ok(
        worker.post(`${base}/risks`, {
          title: 'Misrouting',
          aiSystemIds: [system.id],
          ownerMemberId: worker.memberId,
          inherentLikelihood: 2,
          inherentImpact: 2,
          reviewDate: '2099-01-01',
        }),
      );
      expect(await items(worker, 'risk_reassessment')).toEqual([]);
      await ok(
        org.owner.post(`${base}/ai-systems/${system.id}/transitions`, {
          toStage: 'design_and_development',
          reason: 'Built.',
        }),
      );
      const [owed] = await items(worker, 'risk_reassessment');
      expect(owed).toMatchObject({ path: `/o/${org.slug}/risks/${risk.id}`, dueDate: null });
      expect(owed!.why).toMatch(
        /^You own this risk, and it owes a re-assessment: An AI system of the risk moved to /,
      );
      expect(await items(manager, 'risk_reassessment')).toEqual([]);
      await ok(worker.patch(`${base}/risks/${risk.id}`, { inherentImpact: 3 }));
      expect(await items(worker, 'risk_reassessment')).toEqual([]);
    });
  },
);
