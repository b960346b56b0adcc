// My work over HTTP for internal audit and management review, on both stores: an audit waits for
// its lead auditor to start it and then to report it; a review's action waits for its owner until
// it is done. Each links to the page that acts on it and leaves the inbox when acted on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgFixture, type ApiClient, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';

interface Item {
  key: string;
  kind: string;
  title: string;
  why: string;
  dueDate: string | null;
  path: string;
}

describe.each(DIALECTS)('my work for audits and management reviews on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let manager: ApiClient & { memberId: string };
  let worker: ApiClient & { memberId: string };
  const today = new Date().toISOString().slice(0, 10);
  const items = async (c: ApiClient, kind: string) => {
    const res = await c.get(`${base}/inbox`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().groups as { items: Item[] }[])
      .flatMap((g) => g.items)
      .filter((i) => i.kind === kind);
  };
  const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
    const r = await res;
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.json() as Record<string, unknown> & { id: string };
  };

  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t, 'Check Org');
    base = `/api/v1/orgs/${org.slug}`;
    manager = await org.member('manager');
    worker = await org.member('contributor');
  });
  afterAll(() => t?.close());

  it('asks the lead auditor to start an audit, then to report it, and nobody else', async () => {
    const audit = await ok(
      manager.post(`${base}/audits`, {
        title: 'Life cycle audit',
        criteria: 'Clause 8 and the release procedure.',
        scope: ['8.1'],
        plannedStart: today,
        plannedEnd: today,
        leadAuditorMemberId: worker.memberId,
        auditorMemberIds: [],
      }),
    );
    const [start] = await items(worker, 'audit');
    expect(start).toMatchObject({
      key: `audit:${audit.id}`,
      title: 'Start audit 1 “Life cycle audit”',
      dueDate: today,
      path: `/o/${org.slug}/audits/${audit.id}`,
    });
    expect(await items(manager, 'audit')).toEqual([]);
    await ok(worker.post(`${base}/audits/${audit.id}/start`, {}));
    const [report] = await items(worker, 'audit');
    expect(report!.title).toBe('Finish and report audit 1 “Life cycle audit”');
    await ok(worker.post(`${base}/audits/${audit.id}/report`, { conclusion: 'Conforms.' }));
    expect(await items(worker, 'audit')).toEqual([]);
  });

  it('asks the owner of a management review action to do it, until it is done', async () => {
    const review = await ok(
      manager.post(`${base}/management-reviews`, {
        title: 'Review H2',
        plannedOn: today,
        chairMemberId: manager.memberId,
      }),
    );
    await ok(manager.post(`${base}/management-reviews/${review.id}/hold`, { heldOn: today }));
    await ok(
      manager.post(`${base}/management-reviews/${review.id}/decisions`, {
        kind: 'improvement',
        title: 'Watch drift',
        actions: [
          { title: 'Weekly drift report', ownerMemberId: worker.memberId, dueDate: '2099-01-31' },
        ],
      }),
    );
    const [action] = await items(worker, 'review_action');
    expect(action).toMatchObject({
      title: 'Action “Weekly drift report” of the management review “Review H2”',
      dueDate: '2099-01-31',
      path: `/o/${org.slug}/reviews/${review.id}`,
    });
    expect(await items(manager, 'review_action')).toEqual([]);
    const held = (await manager.get(`${base}/management-reviews/${review.id}`)).json() as {
      decisions: { id: string; actions: { id: string; version: number }[] }[];
    };
    const d = held.decisions[0]!;
    const a = d.actions[0]!;
    await ok(
      worker.patch(
        `${base}/management-reviews/${review.id}/decisions/${d.id}/actions/${a.id}`,
        { status: 'done', completedOn: today },
        { 'if-match': `"${a.version}"` },
      ),
    );
    expect(await items(worker, 'review_action')).toEqual([]);
  });
});
