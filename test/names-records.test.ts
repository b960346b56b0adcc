import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNEXES } from '../src/catalog/index.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { ApiClient, createOrgFixture, type OrgFixture } from './client.js';

interface Member {
  id: string;
  userId: string;
  name: string;
  email: string;
}

/**
 * The views behind the AI system, controls, access, gates, scope, operations, evidence and
 * history pages name the members and records they refer to (`names`), so that no page reads the
 * member list to show who did what; the statement of applicability carries its domains' titles.
 */
describe.each(DIALECTS)('names on the governance views on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let systemId: string;
  let manager: ApiClient & { memberId: string };
  let owner: Member;
  let boss: Member;
  const nameOf = (m: Member) => m.name || m.email;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    manager = await org.member('manager');
    const members = (await org.owner.get(`${base}/members`)).json().items as Member[];
    boss = members.find((m) => m.id === manager.memberId)!;
    owner = members.find((m) => m.id !== manager.memberId)!;
    const sys = await org.owner.post(`${base}/ai-systems`, {
      name: 'Claims triage',
      purpose: 'Sorts incoming claims.',
      ownerMemberId: manager.memberId,
    });
    expect(sys.statusCode, sys.body).toBe(201);
    systemId = sys.json().id;
  });
  afterAll(() => t.close());

  it('names who changed a record in its history, and who moved an AI system', async () => {
    const changed = await manager.patch(
      `${base}/ai-systems/${systemId}`,
      { purpose: 'Sorts incoming claims by urgency.' },
      { 'if-match': '"1"' },
    );
    expect(changed.statusCode, changed.body).toBe(200);
    const history = (await org.owner.get(`${base}/history/ai_systems/${systemId}`)).json();
    expect(history.items).toHaveLength(2);
    expect(history.names).toEqual({ [owner.userId]: nameOf(owner), [boss.userId]: nameOf(boss) });

    const moved = await manager.post(
      `${base}/ai-systems/${systemId}/transitions`,
      { toStage: 'design_and_development', reason: 'Approved.' },
      { 'if-match': '"2"' },
    );
    expect(moved.statusCode, moved.body).toBe(200);
    const transitions = (await org.owner.get(`${base}/ai-systems/${systemId}/transitions`)).json();
    expect(transitions.items.at(-1).actor).toBe(`user:${boss.userId}`);
    expect(transitions.names).toEqual({
      [owner.userId]: nameOf(owner),
      [boss.userId]: nameOf(boss),
    });
  });

  it('names no one to a caller who may not read the members', async () => {
    const token = await org.owner.post(`${base}/tokens`, {
      name: 'systems only',
      scopes: ['ai_systems.read', 'ledger.read'],
    });
    const reader = new ApiClient(t.app, { token: token.json().token as string });
    const history = await reader.get(`${base}/history/ai_systems/${systemId}`);
    expect(history.statusCode).toBe(200);
    expect(history.json().items.length).toBeGreaterThan(0);
    expect(history.json().names).toEqual({});
  });

  it('names the author and approver of a scope version', async () => {
    const draft = await org.owner.post(`${base}/scope/versions`, {
      statement: 'The AIMS covers the claims division.',
    });
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.json().names).toEqual({ [owner.id]: nameOf(owner) });
    const approved = await manager.post(
      `${base}/scope/versions/${draft.json().id}/approve`,
      {},
      { 'if-match': `"${draft.json().version}"` },
    );
    expect(approved.statusCode, approved.body).toBe(200);
    const both = { [owner.id]: nameOf(owner), [boss.id]: nameOf(boss) };
    expect(approved.json().names).toEqual(both);
    expect((await org.owner.get(`${base}/scope`)).json().current.names).toEqual(both);
    expect((await org.owner.get(`${base}/scope/versions`)).json().items[0].names).toEqual(both);
  });

  it('gives each control its domain title and names its owner, its risks and the versions’ authors', async () => {
    const risk = await org.owner.post(`${base}/risks`, {
      title: 'Claims sorted late',
      aiSystemIds: [systemId],
      controlIds: ['A.6.2.4'],
    });
    expect(risk.statusCode, risk.body).toBe(201);
    const decided = await org.owner.request('PUT', `${base}/soa/A.6.2.4`, {
      applicable: true,
      justification: 'We test every model before release.',
      ownerMemberId: manager.memberId,
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const names = { [boss.id]: nameOf(boss), [risk.json().id]: 'Claims sorted late' };
    expect(decided.json().names).toEqual(names);
    expect(decided.json().domainTitle).toBe(
      ANNEXES.annexA.domains.find((d) => d.id === 'A.6')!.title,
    );
    const soa = (await org.owner.get(`${base}/soa?limit=200`)).json().items as {
      controlId: string;
      domain: string | null;
      domainTitle: string | null;
      names: Record<string, string>;
    }[];
    expect(soa.find((e) => e.controlId === 'A.6.2.4')!.names).toEqual(names);
    const titles = new Map(ANNEXES.annexA.domains.map((d) => [d.id, d.title]));
    for (const e of soa) expect(e.domainTitle).toBe(titles.get(e.domain!));

    // Every control decided, the statement can be frozen as a version.
    for (const e of soa.filter((x) => x.controlId !== 'A.6.2.4')) {
      const r = await org.owner.request('PUT', `${base}/soa/${e.controlId}`, {
        applicable: false,
        justification: 'Not in our activities.',
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    const frozen = await org.owner.post(`${base}/soa-versions`, { changeNote: 'First' });
    expect(frozen.statusCode, frozen.body).toBe(201);
    expect(frozen.json().names).toEqual({ [owner.id]: nameOf(owner) });
    const approved = await manager.post(
      `${base}/soa-versions/${frozen.json().id}/approve`,
      {},
      { 'if-match': `"${frozen.json().version}"` },
    );
    expect(approved.statusCode, approved.body).toBe(200);
    const versions = (await org.owner.get(`${base}/soa-versions`)).json().items;
    expect(versions[0].names).toEqual({ [owner.id]: nameOf(owner), [boss.id]: nameOf(boss) });
  });

  it('names the author of gate criteria, and the member and system of an assignment', async () => {
    const proposed = (await org.owner.get(`${base}/gate-criteria`)).json();
    expect(proposed.names).toEqual({});
    const adopted = await manager.post(`${base}/gate-criteria/versions`, {
      enforced: false,
      gates: proposed.gates,
    });
    expect(adopted.statusCode, adopted.body).toBe(201);
    const author = { [boss.id]: nameOf(boss) };
    expect(adopted.json().names).toEqual(author);
    expect((await org.owner.get(`${base}/gate-criteria`)).json().names).toEqual(author);
    expect((await org.owner.get(`${base}/gate-criteria/versions`)).json().items[0].names).toEqual(
      author,
    );

    const assigned = await org.owner.post(`${base}/ai-system-assignments`, {
      memberId: manager.memberId,
      aiSystemId: systemId,
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
    const named = { [boss.id]: nameOf(boss), [systemId]: 'Claims triage' };
    expect(assigned.json().names).toEqual(named);
    const list = (
      await org.owner.get(`${base}/ai-system-assignments?aiSystemId=${systemId}`)
    ).json();
    expect(list.items[0].names).toEqual(named);
  });

  it('names the owners on the operations page and who handled evidence', async () => {
    const ops = (await org.owner.get(`${base}/operations`)).json();
    const system = ops.systems.find((s: { aiSystemId: string }) => s.aiSystemId === systemId);
    expect(system.ownerMemberId).toBe(boss.id);
    // The risk of the controls above is the owner's.
    expect(ops.risks[0].ownerMemberId).toBe(owner.id);
    expect(ops.names).toEqual({ [owner.id]: nameOf(owner), [boss.id]: nameOf(boss) });

    const ev = await manager.post(`${base}/evidence`, {
      kind: 'record',
      title: 'The system record',
      recordType: 'ai_systems',
      recordId: systemId,
    });
    expect(ev.statusCode, ev.body).toBe(201);
    const custody = (await org.owner.get(`${base}/evidence/${ev.json().id}/custody`)).json();
    expect(custody.items.length).toBeGreaterThan(0);
    expect(custody.names).toEqual({ [boss.userId]: nameOf(boss) });
  });
});
