import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { ApiClient, createOrgFixture, type OrgFixture } from './client.js';
import { impactRoutes } from '../src/modules/impact/index.js';

interface Event {
  action: string;
  entity: string;
  version: number | null;
  state: Record<string, unknown> | null;
}

/** The ledger events of one record, oldest first. */
async function eventsOf(t: TestApp, orgId: string, entityId: string): Promise<Event[]> {
  const rows = await t.database.db
    .selectFrom('ledger_events')
    .select('body')
    .where('org_id', '=', orgId)
    .where('entity_id', '=', entityId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => JSON.parse(r.body) as Event);
}

const headSeq = async (t: TestApp, orgId: string) =>
  (
    await t.database.db
      .selectFrom('ledger_heads')
      .select('seq')
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow()
  ).seq;

const ISO_DAY = String.raw`\d{4}-\d{2}-\d{2}`;

describe.each(DIALECTS)('AI system impact assessments on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
  });
  afterAll(() => t.close());

  it('records impacts, needs a second person to approve, locks the result, and falls due on change', async () => {
    const sys = (
      await org.owner.post(`${base}/ai-systems`, { name: 'Triage', purpose: 'Ranks cases.' })
    ).json();
    const author = await org.member('manager');
    const a = (
      await author.post(`${base}/impact-assessments`, {
        aiSystemId: sys.id,
        title: 'Triage IA',
        dpiaReference: 'DPIA-7',
      })
    ).json();
    expect(a).toMatchObject({
      status: 'draft',
      authorMemberId: author.memberId,
      reassessmentDue: false,
    });
    const url = `${base}/impact-assessments/${a.id}`;
    expect((await author.post(`${url}/approve`)).json().code).toBe('INVALID_STATE');
    const risk = (await author.post(`${base}/risks`, { title: 'Age bias' })).json();
    const bad = await author.post(`${url}/impacts`, {
      affected: 'groups',
      dimension: 'fairness',
      description: 'x',
      severity: 6,
      likelihood: 3,
      controlIds: ['A.1'],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/body/severity',
      '/body/controlIds/0',
    ]);
    const item = await author.post(`${url}/impacts`, {
      affected: 'groups',
      dimension: 'fairness',
      description: 'Older patients ranked lower.',
      severity: 4,
      likelihood: 3,
      riskIds: [risk.id],
      controlIds: ['A.7.4'],
    });
    expect(item.statusCode).toBe(201);
    const before = await t.database.db
      .selectFrom('ledger_heads')
      .select('seq')
      .where('org_id', '=', org.id)
      .executeTakeFirst();
    const self = await author.post(`${url}/approve`);
    expect(self.statusCode).toBe(422);
    expect(self.json().code).toBe('SELF_APPROVAL');
    expect(
      await t.database.db
        .selectFrom('ledger_heads')
        .select('seq')
        .where('org_id', '=', org.id)
        .executeTakeFirst(),
    ).toEqual(before);
    const ok = (await org.owner.post(`${url}/approve`)).json();
    expect(ok).toMatchObject({
      status: 'approved',
      reassessmentDue: false,
      nextDueDate: expect.stringMatching(/^\d{4}-/),
    });
    expect(
      (
        await author.post(`${url}/impacts`, {
          affected: 'society',
          dimension: 'environment',
          description: 'Energy',
          severity: 1,
          likelihood: 1,
        })
      ).json().code,
    ).toBe('VERSION_LOCKED');
    // A new stage and a new model version make it due, with the reasons.
    await org.owner.post(`${base}/ai-systems/${sys.id}/transitions`, {
      toStage: 'deployment',
      reason: 'Go live',
    });
    await org.owner.post(`${base}/ai-models`, {
      aiSystemId: sys.id,
      name: 'triage-net',
      modelVersion: '2.0',
      source: 'built',
    });
    const due = (await author.get(url)).json();
    expect(due.reassessmentDue).toBe(true);
    expect(due.dueReasons).toHaveLength(2);
    expect(due.dueReasons[0]).toMatch(
      new RegExp(`^The system moved to Deployment on ${ISO_DAY}\\.$`),
    );
    expect(due.dueReasons[1]).toMatch(
      new RegExp(`^New model version triage-net 2\\.0 on ${ISO_DAY}\\.$`),
    );
    // The risk overview lists it among the re-assessments due, with the same reasons.
    const overview = (await author.get(`${base}/risk-overview`)).json();
    expect(
      overview.reassessmentsDue.map((x: { id: string; dueReasons: string[] }) => [
        x.id,
        x.dueReasons,
      ]),
    ).toEqual([[a.id, due.dueReasons]]);
    // A new approved assessment supersedes the old one.
    const b = (
      await author.post(`${base}/impact-assessments`, { aiSystemId: sys.id, title: 'Triage IA 2' })
    ).json();
    await author.post(`${base}/impact-assessments/${b.id}/impacts`, {
      affected: 'individuals',
      dimension: 'privacy',
      description: 'Notes',
      severity: 2,
      likelihood: 2,
    });
    await org.owner.post(`${base}/impact-assessments/${b.id}/approve`);
    const list = (await author.get(`${base}/impact-assessments?aiSystemId=${sys.id}`)).json().items;
    expect(list.map((x: { title: string; status: string }) => [x.title, x.status])).toEqual([
      ['Triage IA 2', 'approved'],
      ['Triage IA', 'superseded'],
    ]);
    // Superseded, it is no longer due; the new one was approved after the changes.
    expect((await author.get(`${base}/risk-overview`)).json().reassessmentsDue).toEqual([]);
    expect((await org.owner.get(`${base}/ledger/verification`)).json().ok).toBe(true);
  });

  it('names every change in the ledger after its own action, the same as its route and permission', async () => {
    for (const r of impactRoutes.filter((x) => x.method !== 'GET'))
      expect(r.action, r.operationId).toBe(r.operationId);
    const sys = (
      await org.owner.post(`${base}/ai-systems`, { name: 'Ledgered', purpose: 'Sorts mail.' })
    ).json();
    const author = await org.member('contributor');
    const first = (
      await author.post(`${base}/impact-assessments`, { aiSystemId: sys.id, title: 'First' })
    ).json();
    const url = `${base}/impact-assessments/${first.id}`;
    expect(
      (await author.patch(url, { summary: 'Interviews.' }, { 'if-match': '"1"' })).statusCode,
    ).toBe(200);
    const impact = {
      affected: 'individuals',
      dimension: 'privacy',
      description: 'Mail content is read.',
      severity: 2,
      likelihood: 2,
    };
    const kept = (await author.post(`${url}/impacts`, impact)).json();
    const gone = (
      await author.post(`${url}/impacts`, { ...impact, description: 'Spam folder' })
    ).json();
    expect(
      (
        await author.request(
          'PUT',
          `${url}/impacts/${kept.id}`,
          { ...impact, severity: 3 },
          { 'if-match': '"1"' },
        )
      ).statusCode,
    ).toBe(200);
    expect(
      (await author.delete(`${url}/impacts/${gone.id}`, { 'if-match': '"1"' })).statusCode,
    ).toBe(204);
    expect((await org.owner.post(`${url}/approve`, {}, { 'if-match': '"6"' })).statusCode).toBe(
      200,
    );
    const second = (
      await author.post(`${base}/impact-assessments`, { aiSystemId: sys.id, title: 'Second' })
    ).json();
    await author.post(`${base}/impact-assessments/${second.id}/impacts`, impact);
    expect(
      (await org.owner.post(`${base}/impact-assessments/${second.id}/approve`)).statusCode,
    ).toBe(200);

    const firstEvents = await eventsOf(t, org.id, first.id);
    expect(firstEvents.map((e) => [e.action, e.entity, e.version, e.state?.status])).toEqual([
      ['impact_assessments.create', 'impact_assessments', 1, 'draft'],
      ['impact_assessments.update', 'impact_assessments', 2, 'draft'],
      // A change to an impact moves its assessment's version too.
      ['impact_assessments.add_impact', 'impact_assessments', 3, 'draft'],
      ['impact_assessments.add_impact', 'impact_assessments', 4, 'draft'],
      ['impact_assessments.update_impact', 'impact_assessments', 5, 'draft'],
      ['impact_assessments.remove_impact', 'impact_assessments', 6, 'draft'],
      ['impact_assessments.approve', 'impact_assessments', 7, 'approved'],
      // Superseded by the approval of the second, so recorded under that action.
      ['impact_assessments.approve', 'impact_assessments', 8, 'superseded'],
    ]);
    expect(firstEvents[1]!.state).toMatchObject({ summary: 'Interviews.' });
    expect(
      (await eventsOf(t, org.id, kept.id)).map((e) => [
        e.action,
        e.entity,
        e.version,
        e.state?.severity,
      ]),
    ).toEqual([
      ['impact_assessments.add_impact', 'impact_items', 1, 2],
      ['impact_assessments.update_impact', 'impact_items', 2, 3],
    ]);
    expect((await eventsOf(t, org.id, gone.id)).map((e) => [e.action, e.state === null])).toEqual([
      ['impact_assessments.add_impact', false],
      ['impact_assessments.remove_impact', true],
    ]);
    expect((await eventsOf(t, org.id, second.id)).map((e) => e.action)).toEqual([
      'impact_assessments.create',
      'impact_assessments.add_impact',
      'impact_assessments.approve',
    ]);
    // The old catch-all name is gone from the matrix: a member holds the named actions.
    const abilities = (await author.get(base)).json().abilities as string[];
    expect(abilities.filter((a) => a.startsWith('impact_assessments.')).sort()).toEqual([
      'impact_assessments.add_impact',
      'impact_assessments.create',
      'impact_assessments.read',
      'impact_assessments.remove_impact',
      'impact_assessments.update',
      'impact_assessments.update_impact',
    ]);
  });

  it('lists only the assessments due again with ?due=true, in pages, and the others with ?due=false', async () => {
    const o = await createOrgFixture(t);
    const b = `/api/v1/orgs/${o.slug}`;
    const author = await o.member('manager');
    const impact = {
      affected: 'society',
      dimension: 'environment',
      description: 'Energy use.',
      severity: 1,
      likelihood: 2,
    };
    const system = async (name: string) =>
      (await o.owner.post(`${b}/ai-systems`, { name, purpose: 'Test.' })).json().id as string;
    const assess = async (
      aiSystemId: string,
      title: string,
      approve: boolean,
      reviewCycleMonths = 12,
    ) => {
      const a = (
        await author.post(`${b}/impact-assessments`, { aiSystemId, title, reviewCycleMonths })
      ).json();
      expect(
        (await author.post(`${b}/impact-assessments/${a.id}/impacts`, impact)).statusCode,
      ).toBe(201);
      if (approve)
        expect((await o.owner.post(`${b}/impact-assessments/${a.id}/approve`)).statusCode).toBe(
          200,
        );
      return a.id as string;
    };
    const [moved, remodelled, steady, drafted] = [
      await system('Moved'),
      await system('Remodelled'),
      await system('Steady'),
      await system('Drafted'),
    ];
    const old = await assess(moved, 'Moved, old', true);
    const movedIa = await assess(moved, 'Moved, current', true);
    const remodelledIa = await assess(remodelled, 'Remodelled', true);
    const steadyIa = await assess(steady, 'Steady', true, 1);
    const draft = await assess(drafted, 'Drafted', false);
    expect(
      (
        await o.owner.post(`${b}/ai-systems/${moved}/transitions`, {
          toStage: 'operation_and_monitoring',
          reason: 'Live',
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await o.owner.post(`${b}/ai-models`, {
          aiSystemId: remodelled,
          name: 'sorter',
          modelVersion: '3.1',
          source: 'built',
        })
      ).statusCode,
    ).toBe(201);

    const ids = async (c: ApiClient, query: string) => {
      const r = await c.get(`${b}/impact-assessments?${query}`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as {
        items: { id: string; dueReasons: string[] }[];
        nextCursor: string | null;
      };
    };
    const due = await ids(author, 'due=true');
    expect(due.items.map((a) => a.id)).toEqual([remodelledIa, movedIa]);
    expect(due.items[1]!.dueReasons).toEqual([
      expect.stringMatching(
        new RegExp(`^The system moved to Operation and monitoring on ${ISO_DAY}\\.$`),
      ),
    ]);
    expect(due.items[0]!.dueReasons).toEqual([
      expect.stringMatching(new RegExp(`^New model version sorter 3\\.1 on ${ISO_DAY}\\.$`)),
    ]);
    expect((await ids(author, 'due=false')).items.map((a) => a.id)).toEqual([draft, steadyIa, old]);
    // Pages like the list, and combines with the other filters.
    const p1 = await ids(author, 'due=true&limit=1');
    expect(p1.items.map((a) => a.id)).toEqual([remodelledIa]);
    const p2 = await ids(author, `due=true&limit=1&cursor=${p1.nextCursor}`);
    expect([p2.items.map((a) => a.id), p2.nextCursor]).toEqual([[movedIa], null]);
    expect((await ids(author, `due=true&aiSystemId=${moved}`)).items.map((a) => a.id)).toEqual([
      movedIa,
    ]);
    expect((await ids(author, 'due=true&status=superseded')).items).toEqual([]);
    // The risk overview agrees.
    const overview = (await author.get(`${b}/risk-overview`))
      .json()
      .reassessmentsDue.map((a: { id: string }) => a.id);
    expect([...overview].sort()).toEqual([movedIa, remodelledIa].sort());
    const bad = await author.get(`${b}/impact-assessments?due=yes`);
    expect([bad.statusCode, bad.json().errors[0].pointer]).toEqual([400, '/query/due']);

    // Forty days on, the one-month cycle has ended too (the session has expired: a token reads).
    const token = new ApiClient(t.app, {
      token: (await author.post(`${b}/tokens`, { name: 'reader', scopes: ['read'] })).json().token,
    });
    const real = t.services.now;
    try {
      t.services.now = () => new Date(Date.now() + 40 * 86400_000);
      const later = await ids(token, 'due=true');
      expect(later.items.map((a) => a.id)).toEqual([steadyIa, remodelledIa, movedIa]);
      expect(later.items[0]!.dueReasons).toEqual([
        expect.stringMatching(new RegExp(`^The review cycle ended on ${ISO_DAY}\\.$`)),
      ]);
      expect((await ids(token, 'due=false')).items.map((a) => a.id)).toEqual([draft, old]);
    } finally {
      t.services.now = real;
    }
  });

  it('refuses a stale If-Match on removing an impact and on approving, and changes nothing', async () => {
    const sys = (
      await org.owner.post(`${base}/ai-systems`, { name: 'Versioned', purpose: 'Answers calls.' })
    ).json();
    const author = await org.member('contributor');
    const a = (
      await author.post(`${base}/impact-assessments`, { aiSystemId: sys.id, title: 'Versioned IA' })
    ).json();
    const url = `${base}/impact-assessments/${a.id}`;
    const impact = {
      affected: 'individuals',
      dimension: 'autonomy',
      description: 'Callers cannot reach a person.',
      severity: 3,
      likelihood: 3,
    };
    const item = (await author.post(`${url}/impacts`, impact)).json();
    const other = (
      await author.post(`${url}/impacts`, { ...impact, description: 'Long waits.' })
    ).json();
    const changed = await author.request(
      'PUT',
      `${url}/impacts/${item.id}`,
      { ...impact, mitigation: 'A button to reach a person.' },
      { 'if-match': '"1"' },
    );
    expect([changed.statusCode, changed.headers.etag]).toEqual([200, '"2"']);
    const listed = async () =>
      (await author.get(`${url}/impacts`))
        .json()
        .items.map((i: { id: string; version: number }) => [i.id, i.version]);

    let seq = await headSeq(t, org.id);
    const stale = await author.delete(`${url}/impacts/${item.id}`, { 'if-match': '"1"' });
    expect([stale.statusCode, stale.json().code]).toEqual([412, 'VERSION_MISMATCH']);
    expect(await listed()).toEqual([
      [item.id, 2],
      [other.id, 1],
    ]);
    expect(await headSeq(t, org.id)).toBe(seq);
    expect(
      (await author.delete(`${url}/impacts/${item.id}`, { 'if-match': '"2"' })).statusCode,
    ).toBe(204);
    expect(await listed()).toEqual([[other.id, 1]]);
    // As everywhere in the API, If-Match is optional: without it the change applies to whatever is current.
    const third = (
      await author.post(`${url}/impacts`, { ...impact, description: 'Menus are long.' })
    ).json();
    expect((await author.delete(`${url}/impacts/${third.id}`)).statusCode).toBe(204);
    expect(
      (await author.delete(`${url}/impacts/${third.id}`, { 'if-match': '"1"' })).statusCode,
    ).toBe(404);

    // Every change to an impact moved the assessment's version: create, three adds, a change, two removals.
    const current = (await author.get(url)).json();
    expect(current.version).toBe(7);
    expect(
      (await author.patch(url, { summary: 'Listened to 50 calls.' }, { 'if-match': '"7"' })).headers
        .etag,
    ).toBe('"8"');
    // The approver reads version 8; the author then changes an impact; the approval names what was read.
    const read = (await org.owner.get(url)).json();
    expect(
      (
        await author.request(
          'PUT',
          `${url}/impacts/${other.id}`,
          { ...impact, description: 'Long waits.', severity: 5 },
          { 'if-match': '"1"' },
        )
      ).statusCode,
    ).toBe(200);
    seq = await headSeq(t, org.id);
    const staleApproval = await org.owner.post(
      `${url}/approve`,
      {},
      { 'if-match': `"${read.version}"` },
    );
    expect([staleApproval.statusCode, staleApproval.json().code]).toEqual([
      412,
      'VERSION_MISMATCH',
    ]);
    expect((await author.get(url)).json()).toMatchObject({
      status: 'draft',
      version: 9,
      approvedAt: null,
    });
    expect(await headSeq(t, org.id)).toBe(seq);
    const approved = await org.owner.post(`${url}/approve`, {}, { 'if-match': '"9"' });
    expect([approved.statusCode, approved.json().status, approved.headers.etag]).toEqual([
      200,
      'approved',
      '"10"',
    ]);
  });

  it('lets a draft change its model version, only to one of the same AI system', async () => {
    const sys = (
      await org.owner.post(`${base}/ai-systems`, { name: 'Modelled', purpose: 'Summarises.' })
    ).json();
    const elsewhere = (
      await org.owner.post(`${base}/ai-systems`, { name: 'Elsewhere', purpose: 'Translates.' })
    ).json();
    const model = (
      await org.owner.post(`${base}/ai-models`, {
        aiSystemId: sys.id,
        name: 'sum',
        modelVersion: '1',
        source: 'built',
      })
    ).json();
    const foreign = (
      await org.owner.post(`${base}/ai-models`, {
        aiSystemId: elsewhere.id,
        name: 'tr',
        modelVersion: '1',
        source: 'built',
      })
    ).json();
    const a = (
      await org.owner.post(`${base}/impact-assessments`, {
        aiSystemId: sys.id,
        title: 'Modelled IA',
      })
    ).json();
    const url = `${base}/impact-assessments/${a.id}`;
    for (const bad of [foreign.id, '01a22650-179c-7000-8325-eb6965dff8c1']) {
      const r = await org.owner.patch(url, { aiModelId: bad });
      expect([r.statusCode, r.json().code, r.json().errors[0].pointer]).toEqual([
        422,
        'UNKNOWN_REFERENCE',
        '/body/aiModelId',
      ]);
    }
    expect((await org.owner.get(url)).json()).toMatchObject({ aiModelId: null, version: 1 });
    expect((await org.owner.patch(url, { aiModelId: model.id })).json()).toMatchObject({
      aiModelId: model.id,
      version: 2,
    });
    expect(
      (await org.owner.patch(url, { aiModelId: null, title: 'The system as a whole' })).json(),
    ).toMatchObject({ aiModelId: null, title: 'The system as a whole', version: 3 });
  });
});
