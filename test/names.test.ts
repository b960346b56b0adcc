import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control, requirement } from '../src/catalog/index.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { ApiClient, createOrgFixture, type OrgFixture } from './client.js';

/**
 * Views carry `names`: the names of the records and members they refer to, by id, only those
 * the caller may read; and the lookup finds records by name, id or catalog id in any case.
 */
describe.each(DIALECTS)('names of referenced records and the lookup on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let systemId: string;
  let memberId: string;
  let memberName: string;
  let riskId: string;
  let worker: Awaited<ReturnType<OrgFixture['member']>>;
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
    memberId = worker.memberId;
    const members = (await org.owner.get(`${base}/members`)).json().items as {
      id: string;
      name: string;
      email: string;
    }[];
    const m = members.find((x) => x.id === memberId)!;
    memberName = m.name || m.email;
    const sys = await org.owner.post(`${base}/ai-systems`, {
      name: 'Triage Assistant',
      purpose: 'Suggests an urgency level.',
      sector: 'healthcare',
      aiRoles: ['provider'],
    });
    expect(sys.statusCode).toBe(201);
    systemId = sys.json().id;
    const other = await org.owner.post(`${base}/ai-systems`, {
      name: 'Claims 100% bot',
      purpose: 'Pays claims.',
      sector: 'finance',
      aiRoles: ['customer'],
      ownerMemberId: memberId,
    });
    expect(other.statusCode, other.body).toBe(201);
    expect(other.json().names).toEqual({ [memberId]: memberName });
    const risk = await org.owner.post(`${base}/risks`, {
      title: 'Under-ranks elderly patients',
      aiSystemIds: [systemId],
      ownerMemberId: memberId,
      controlIds: ['A.7.4'],
    });
    expect(risk.statusCode).toBe(201);
    riskId = risk.json().id;
  });
  afterAll(() => t.close());

  it('names the AI systems, owner and controls of a risk, in its view and in the list', async () => {
    const expected = {
      [systemId]: 'Triage Assistant',
      [memberId]: memberName,
      'A.7.4': control('A.7.4')!.title,
    };
    expect((await org.owner.get(`${base}/risks/${riskId}`)).json().names).toEqual(expected);
    const list = (await org.owner.get(`${base}/risks`)).json();
    expect(list.items.find((r: { id: string }) => r.id === riskId).names).toEqual(expected);
  });

  it('leaves out the names of what the caller may not read', async () => {
    const onlyRisks = await tokenWith(['risks.read']);
    const r = await onlyRisks.get(`${base}/risks/${riskId}`);
    expect(r.statusCode).toBe(200);
    expect(r.json().aiSystemIds).toEqual([systemId]);
    // Neither ai_systems.read nor members.read is in the token's scopes: only the catalog's names.
    expect(r.json().names).toEqual({ 'A.7.4': control('A.7.4')!.title });
  });

  it('names what evidence supports and what register records refer to', async () => {
    const e = await org.owner.post(`${base}/evidence`, {
      kind: 'link',
      title: 'Bias test report',
      url: 'https://wiki.example.com/bias',
      ownerMemberId: memberId,
    });
    expect(e.statusCode).toBe(201);
    for (const target of [
      { targetType: 'control', targetId: 'A.6.2.4' },
      { targetType: 'ai_system', targetId: systemId },
      { targetType: 'risk', targetId: riskId },
    ])
      expect(
        (await org.owner.post(`${base}/evidence/${e.json().id}/links`, target)).statusCode,
      ).toBe(201);
    const view = (await org.owner.get(`${base}/evidence/${e.json().id}`)).json();
    expect(view.names).toEqual({
      [memberId]: memberName,
      'A.6.2.4': control('A.6.2.4')!.title,
      [systemId]: 'Triage Assistant',
      [riskId]: 'Under-ranks elderly patients',
    });

    const ds = await org.owner.post(`${base}/datasets`, {
      aiSystemId: systemId,
      name: 'Historic cases',
    });
    expect(ds.statusCode).toBe(201);
    expect(ds.json().names).toEqual({ [systemId]: 'Triage Assistant' });
    const page = (await org.owner.get(`${base}/datasets`)).json();
    expect(page.items[0].names).toEqual({ [systemId]: 'Triage Assistant' });
    const onlyDatasets = await tokenWith(['datasets.read']);
    expect((await onlyDatasets.get(`${base}/datasets/${ds.json().id}`)).json().names).toEqual({});
  });

  it('names the concern a nonconformity came from only to who may read concerns, never its reporter', async () => {
    const reporter = await org.member('contributor');
    const concern = await reporter.post(`${base}/concerns`, {
      summary: 'Chatbot gave medical advice',
      anonymous: true,
    });
    expect(concern.statusCode).toBe(201);
    const concernId = concern.json().id as string;
    const nc = await org.owner.post(`${base}/nonconformities`, {
      title: 'Advice outside the intended use',
      requirementId: '8.1',
      sourceType: 'concern',
      sourceId: concernId,
      severity: 'minor',
      ownerMemberId: memberId,
    });
    expect(nc.statusCode, nc.body).toBe(201);
    const url = `${base}/nonconformities/${nc.json().id}`;
    const asOwner = (await org.owner.get(url)).json().names;
    expect(asOwner[concernId]).toBe('Chatbot gave medical advice');
    expect(asOwner[memberId]).toBe(memberName);
    expect(Object.keys(asOwner)).not.toContain(reporter.memberId);
    const viewer = await org.member('viewer');
    const asViewer = (await viewer.get(url)).json();
    expect(asViewer.names[memberId]).toBe(memberName);
    expect(asViewer.names).not.toHaveProperty(concernId);
    expect(JSON.stringify(asViewer)).not.toContain(reporter.memberId);
  });

  it('names the AI systems, risks and members of an incident only to who may read them', async () => {
    const created = await worker.post(`${base}/incidents`, {
      title: 'Chest pain ranked routine',
      severity: 'high',
      systems: [{ aiSystemId: systemId }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect(created.json().names).toEqual({
      [systemId]: 'Triage Assistant',
      [memberId]: memberName,
    });
    const linked = await org.owner.post(`${base}/incidents/${id}/risks`, { riskId });
    expect(linked.statusCode, linked.body).toBe(200);
    const expected = {
      [systemId]: 'Triage Assistant',
      [riskId]: 'Under-ranks elderly patients',
      [memberId]: memberName,
    };
    expect(linked.json().names).toEqual(expected);
    expect((await org.owner.get(`${base}/incidents/${id}`)).json().names).toEqual(expected);
    const list = (await org.owner.get(`${base}/incidents`)).json();
    expect(list.items.find((i: { id: string }) => i.id === id).names).toEqual(expected);
    const onlyIncidents = await tokenWith(['incidents.read']);
    const r = await onlyIncidents.get(`${base}/incidents/${id}`);
    expect(r.statusCode).toBe(200);
    expect(r.json().riskIds).toEqual([riskId]);
    expect(r.json().names).toEqual({});
  });

  it('names the team, requirements and findings of an audit, the members only to who may read them', async () => {
    const planned = await org.owner.post(`${base}/audits`, {
      title: 'Audit of clause 9.2',
      criteria: 'ISO/IEC 42001.',
      scope: ['9.2'],
      plannedStart: '2026-05-04',
      plannedEnd: '2026-05-06',
      leadAuditorMemberId: memberId,
    });
    expect(planned.statusCode, planned.body).toBe(201);
    const a = planned.json();
    expect(a.names).toMatchObject({ [memberId]: memberName });
    const one = `${base}/audits/${a.id}`;
    expect((await worker.post(`${one}/start`)).statusCode).toBe(200);
    const finding = await worker.post(`${one}/findings`, {
      grade: 'minor',
      requirementId: '9.2.1',
      title: 'No audit in the last year',
    });
    expect(finding.statusCode, finding.body).toBe(201);
    const ncId = finding.json().nonconformityId as string;
    const nc = (await org.owner.get(`${base}/nonconformities/${ncId}`)).json();
    const view = (await org.owner.get(one)).json();
    expect(view.names).toMatchObject({
      [memberId]: memberName,
      '9.2.1': requirement('9.2.1')!.title,
      [ncId]: nc.title,
    });
    const list = (await org.owner.get(`${base}/audits`)).json();
    expect(list.items.find((x: { id: string }) => x.id === a.id).names).toMatchObject({
      [memberId]: memberName,
    });
    const onlyAudits = await tokenWith(['audits.read']);
    const r = (await onlyAudits.get(one)).json();
    expect(r.leadAuditorMemberId).toBe(memberId);
    // Neither members.read nor nonconformities.read: only the requirements are named.
    expect(r.names).toEqual({
      '9.2.1': requirement('9.2.1')!.title,
      '9.2.2': requirement('9.2.2')!.title,
    });
  });

  it('names the AI system and author of an impact assessment only to who may read them', async () => {
    const created = await worker.post(`${base}/impact-assessments`, {
      aiSystemId: systemId,
      title: 'Triage impact assessment',
    });
    expect(created.statusCode, created.body).toBe(201);
    const expected = { [systemId]: 'Triage Assistant', [memberId]: memberName };
    expect(created.json().names).toEqual(expected);
    const url = `${base}/impact-assessments/${created.json().id}`;
    expect((await org.owner.get(url)).json().names).toEqual(expected);
    const list = (await org.owner.get(`${base}/impact-assessments`)).json();
    expect(list.items.find((x: { id: string }) => x.id === created.json().id).names).toEqual(
      expected,
    );
    const onlyAssessments = await tokenWith(['impact_assessments.read']);
    const r = (await onlyAssessments.get(url)).json();
    expect(r.aiSystemId).toBe(systemId);
    expect(r.names).toEqual({});
  });

  it('looks records up by part of the name in any case, by id, and by catalog id', async () => {
    const find = async (c: ApiClient, query: string) => {
      const r = await c.get(`${base}/lookup?${query}`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json().items as { id: string; type: string; name: string }[];
    };
    expect(await find(org.owner, 'type=ai_systems&q=TRIAGE')).toEqual([
      { id: systemId, type: 'ai_systems', name: 'Triage Assistant' },
    ]);
    expect(
      (await find(org.owner, `type=ai_systems&q=${systemId.slice(0, 30).toUpperCase()}`))[0]!.id,
    ).toBe(systemId);
    // % and _ are matched as themselves.
    expect((await find(org.owner, 'type=ai_systems&q=100%25')).map((i) => i.name)).toEqual([
      'Claims 100% bot',
    ]);
    expect(await find(org.owner, 'type=ai_systems&q=%25%25')).toEqual([]);
    expect((await find(org.owner, 'type=ai_systems')).map((i) => i.name)).toEqual([
      'Claims 100% bot',
      'Triage Assistant',
    ]);
    expect((await find(org.owner, 'type=controls&q=a.6.2.4')).map((i) => i.id)).toEqual([
      'A.6.2.4',
    ]);
    const title = control('A.6.2.4')!.title;
    expect(
      (await find(org.owner, `type=controls&q=${encodeURIComponent(title.toLowerCase())}`))[0],
    ).toEqual({ id: 'A.6.2.4', type: 'controls', name: title });
    expect((await find(org.owner, 'type=risks&q=ELDERLY')).map((i) => i.id)).toEqual([riskId]);
    // A readable identifier, in any case (the risk is the organization's first: R-0001).
    expect((await find(org.owner, 'type=risks&q=r-0001')).map((i) => i.id)).toEqual([riskId]);
    expect(await find(org.owner, 'type=risks&q=r-0002')).toEqual([]);
    const found = await find(
      org.owner,
      `type=members&q=${encodeURIComponent(memberName.slice(0, 6).toUpperCase())}`,
    );
    expect(found.map((i) => i.id)).toContain(memberId);
    expect(await find(org.owner, 'type=requirements&q=6.1.2')).toEqual([
      expect.objectContaining({ id: '6.1.2', type: 'requirements' }),
    ]);
  });

  it('finds only what the caller may read, in their own organization', async () => {
    const lookupOnly = await tokenWith(['lookup.read']);
    const refused = await lookupOnly.get(`${base}/lookup?type=ai_systems&q=triage`);
    expect(refused.statusCode).toBe(403);
    expect((await lookupOnly.get(`${base}/lookup?type=controls&q=a.6`)).statusCode).toBe(200);
    const viewer = await org.member('viewer');
    expect((await viewer.get(`${base}/lookup?type=concerns`)).statusCode).toBe(403);
    expect((await viewer.get(`${base}/lookup?type=ai_systems&q=triage`)).json().items).toHaveLength(
      1,
    );
    const other = await createOrgFixture(t);
    const theirs = await other.owner.get(
      `/api/v1/orgs/${other.slug}/lookup?type=ai_systems&q=triage`,
    );
    expect(theirs.json().items).toEqual([]);
    expect((await org.owner.get(`${base}/lookup?type=nothing`)).statusCode).toBe(400);
  });
});
