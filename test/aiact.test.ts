import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AI_ACT } from '../src/catalog/ai-act.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type OrgFixture } from './client.js';
import { loadOpenApi } from './generated/openapi-doc.js';

const answers = {
  role: 'provider',
  prohibited: { a: false, b: false, c: false, d: false, e: false, f: false, g: false, h: false },
  annexI: false,
  annexIII: [4],
  exceptions: { a: false, b: false, c: false, d: false },
  profiling: true,
  transparency: { interacts: true, synthetic: false, emotion: false, deepfake: false },
  generalPurposeModel: false,
  systemicRisk: false,
};

describe.each(DIALECTS)('EU AI Act classification on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
  });
  afterAll(() => t.close());

  const newSystem = async (name: string) =>
    (
      await org.owner.post(`${base}/ai-systems`, { name, purpose: 'Ranks job applications.' })
    ).json() as { id: string; version: number };
  const head = async () =>
    (
      await t.database.db
        .selectFrom('ledger_heads')
        .select('seq')
        .where('org_id', '=', org.id)
        .executeTakeFirstOrThrow()
    ).seq;

  it('stores the answers and the proposal, and sets the tier only when a manager confirms it', async () => {
    const sys = await newSystem('CV screener');
    const url = `${base}/ai-systems/${sys.id}/ai-act`;
    const contributor = await org.member('contributor');
    const put = await contributor.request('PUT', url, answers);
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({
      proposedTier: 'high_risk',
      status: 'proposed',
      answeredByMemberId: contributor.memberId,
      lastConfirmed: null,
    });
    // The view names its system and members, so a page needs no list of members.
    expect(put.json().names).toEqual({
      [sys.id]: 'CV screener',
      [contributor.memberId]: expect.stringMatching(/^contributor-/),
    });
    expect(put.json().obligations.map((o: { ref: string }) => o.ref)).toEqual(
      expect.arrayContaining(['Art. 9', 'Art. 50(1)']),
    );
    expect((await org.owner.get(`${base}/ai-systems/${sys.id}`)).json().euAiActTier).toBe(
      'unclassified',
    );
    expect((await contributor.post(`${url}/confirm`)).statusCode).toBe(403);
    const bad = await contributor.request('PUT', url, {
      ...answers,
      annexIII: [9],
      prohibited: { a: true },
    });
    expect(bad.statusCode).toBe(400);
    const manager = await org.member('manager');
    const ok = await manager.post(`${url}/confirm`);
    expect(ok.json()).toMatchObject({
      status: 'confirmed',
      confirmedByMemberId: manager.memberId,
      lastConfirmed: { tier: 'high_risk', byMemberId: manager.memberId, at: ok.json().confirmedAt },
    });
    expect(ok.json().names).toEqual({
      [sys.id]: 'CV screener',
      [contributor.memberId]: expect.stringMatching(/^contributor-/),
      [manager.memberId]: expect.stringMatching(/^manager-/),
    });
    const after = (await org.owner.get(`${base}/ai-systems/${sys.id}`)).json();
    expect(after.euAiActTier).toBe('high_risk');
    expect(after.euAiActReason).toContain('Art. 6(2)');
    expect((await org.owner.get(`${base}/ledger/verification`)).json().ok).toBe(true);
  });

  it('answers 200 "unanswered" (version 0) for a system nobody classified, and 404 only for an unknown system', async () => {
    const sys = await newSystem('Shift planner');
    const url = `${base}/ai-systems/${sys.id}/ai-act`;
    const res = await org.owner.get(url);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      aiSystemId: sys.id,
      status: 'unanswered',
      version: 0,
      lastConfirmed: null,
      names: { [sys.id]: 'Shift planner' },
    });
    expect(res.headers.etag).toBe('"0"');
    const viewer = await org.member('viewer');
    expect((await viewer.get(url)).json().status).toBe('unanswered');

    const unknown = await org.owner.get(
      `${base}/ai-systems/0190a5d4-0000-7000-8000-000000000000/ai-act`,
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'NOT_FOUND', detail: 'No such AI system.' });

    // If-Match "0" answers only while nobody has: the second such answer is stale.
    const first = await org.owner.request('PUT', url, answers, { 'if-match': '"0"' });
    expect(first.statusCode).toBe(200);
    expect(first.json().version).toBe(1);
    const second = await org.owner.request(
      'PUT',
      url,
      { ...answers, profiling: false },
      { 'if-match': '"0"' },
    );
    expect(second.statusCode).toBe(412);
    expect((await org.owner.get(url)).json()).toMatchObject({
      status: 'proposed',
      version: 1,
      answers: { profiling: true },
    });
  });

  it('keeps the confirmation when the same answers are saved again, in any order', async () => {
    const sys = await newSystem('Chat assistant');
    const url = `${base}/ai-systems/${sys.id}/ai-act`;
    const contributor = await org.member('contributor');
    await contributor.request('PUT', url, { ...answers, annexIII: [4, 2] });
    const manager = await org.member('manager');
    const confirmed = (await manager.post(`${url}/confirm`)).json();
    expect(confirmed).toMatchObject({ status: 'confirmed', version: 2 });

    const before = await head();
    const { prohibited, ...rest } = answers;
    const reordered = {
      ...rest,
      transparency: { deepfake: false, emotion: false, synthetic: false, interacts: true },
      annexIII: [2, 4],
      prohibited,
    };
    const again = await contributor.request('PUT', url, reordered, { 'if-match': '"2"' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({
      status: 'confirmed',
      version: 2,
      confirmedByMemberId: manager.memberId,
      confirmedAt: confirmed.confirmedAt,
    });
    expect(again.json().lastConfirmed).toEqual(confirmed.lastConfirmed);
    expect(again.headers.etag).toBe('"2"');
    expect(await head()).toBe(before);
    // Still confirmed: confirming again is refused as before.
    expect((await manager.post(`${url}/confirm`)).statusCode).toBe(409);
    // A stale If-Match is refused even when nothing would change.
    expect(
      (await contributor.request('PUT', url, reordered, { 'if-match': '"1"' })).statusCode,
    ).toBe(412);
  });

  it('un-confirms on changed answers but keeps the last confirmation, and the system keeps its tier', async () => {
    const sys = await newSystem('Loan scorer');
    const url = `${base}/ai-systems/${sys.id}/ai-act`;
    const contributor = await org.member('contributor');
    const manager = await org.member('manager');
    await contributor.request('PUT', url, answers);
    const confirmed = (await manager.post(`${url}/confirm`)).json();
    const last = { tier: 'high_risk', byMemberId: manager.memberId, at: confirmed.confirmedAt };

    const changed = await contributor.request('PUT', url, {
      ...answers,
      annexIII: [],
      profiling: false,
    });
    expect(changed.json()).toMatchObject({
      proposedTier: 'limited_risk',
      status: 'proposed',
      confirmedByMemberId: null,
      confirmedAt: null,
      lastConfirmed: last,
    });
    expect((await org.owner.get(url)).json()).toMatchObject({
      status: 'proposed',
      lastConfirmed: last,
    });
    expect((await org.owner.get(`${base}/ai-systems/${sys.id}`)).json().euAiActTier).toBe(
      'high_risk',
    );
    // Changed twice, the confirmation before both still shows.
    await contributor.request('PUT', url, {
      ...answers,
      annexIII: [],
      profiling: false,
      generalPurposeModel: true,
    });
    expect((await org.owner.get(url)).json().lastConfirmed).toEqual(last);

    const owner = (await org.owner.post(`${url}/confirm`)).json();
    expect(owner.lastConfirmed).toMatchObject({ tier: 'limited_risk', at: owner.confirmedAt });
    expect((await org.owner.get(`${base}/ai-systems/${sys.id}`)).json().euAiActTier).toBe(
      'limited_risk',
    );
    expect((await org.owner.get(`${base}/ledger/verification`)).json().ok).toBe(true);
  });

  it('lets no one set the tier or its reason through the register', async () => {
    const sys = await newSystem('Fraud detector');
    const url = `${base}/ai-systems/${sys.id}`;
    for (const body of [
      { euAiActTier: 'minimal_risk' },
      { euAiActReason: 'Looks harmless.' },
      { name: 'Renamed', euAiActTier: 'minimal_risk' },
    ]) {
      const before = await head();
      const res = await org.owner.patch(url, body);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(await head()).toBe(before);
    }
    expect((await org.owner.get(url)).json()).toMatchObject({
      name: 'Fraud detector',
      euAiActTier: 'unclassified',
      euAiActReason: null,
      version: 1,
    });
    const created = await org.owner.post(`${base}/ai-systems`, {
      name: 'Pre-classified',
      purpose: 'Anything.',
      euAiActTier: 'minimal_risk',
    });
    expect(created.statusCode).toBe(400);

    const meta = (await org.owner.get('/api/v1/registers'))
      .json()
      .items.find((r: { key: string }) => r.key === 'ai_systems');
    const field = (name: string) => meta.fields.find((f: { name: string }) => f.name === name);
    expect([field('euAiActTier').readOnly, field('euAiActReason').readOnly]).toEqual([true, true]);
  });

  it('serves the wording of every question from the catalog, the one the API schema describes too', async () => {
    const q = (await org.owner.get('/api/v1/ai-act/questionnaire')).json();
    expect(q.prohibited).toHaveLength(8);
    expect(q.annexIII).toHaveLength(8);
    for (const key of [
      'role',
      'annexI',
      'annexIII',
      'profiling',
      'generalPurposeModel',
      'systemicRisk',
    ]) {
      expect(q.questions[key].question, key).toMatch(/\?$/);
      expect(q.questions[key].ref, key).toMatch(/^(Art\.|Annex|Chapter)/);
      expect(q.questions[key], key).toEqual(AI_ACT.questions[key as keyof typeof AI_ACT.questions]);
    }
    expect(q.questions.annexI.ref).toContain('Art. 6(1)');
    expect(q.questions.systemicRisk.ref).toContain('Art. 51');
    expect(q.roles.map((r: { id: string; label: string }) => [r.id, r.label])).toEqual([
      ['provider', 'Provider'],
      ['deployer', 'Deployer'],
      ['both', 'Provider and deployer'],
      ['importer', 'Importer'],
      ['distributor', 'Distributor'],
      ['authorised_representative', 'Authorised representative'],
      ['product_manufacturer', 'Product manufacturer'],
    ]);
    // Scope first; every answer in one part, and the defaults answer every one of them.
    expect(q.parts[0]).toMatchObject({ id: 'scope', ref: 'Art. 2' });
    expect(q.parts.flatMap((p: { fields: string[] }) => p.fields).sort()).toEqual(
      Object.keys(q.defaults).sort(),
    );
    expect(q.defaults).toMatchObject({ union: true, deployerKind: 'private', annexIII: [] });

    const doc = await loadOpenApi(t.app);
    const body =
      doc.paths['/api/v1/orgs/{org}/ai-systems/{aiSystemId}/ai-act'].put.requestBody.content[
        'application/json'
      ].schema;
    const props = (body.$ref ? doc.components.schemas[body.$ref.split('/').pop()] : body)
      .properties;
    // A part's fields are named as the answers' fields, so the generated client types them so.
    const served =
      doc.paths['/api/v1/ai-act/questionnaire'].get.responses['200'].content['application/json']
        .schema;
    const parts = (served.$ref ? doc.components.schemas[served.$ref.split('/').pop()] : served)
      .properties.parts;
    expect([...parts.items.properties.fields.items.enum].sort()).toEqual(Object.keys(props).sort());
    for (const key of ['role', 'annexI', 'profiling', 'generalPurposeModel', 'systemicRisk'])
      expect(props[key].description, key).toContain(q.questions[key].question);
    // The answers added with the scope gate may be left out.
    expect(
      body.required ?? doc.components.schemas[body.$ref?.split('/').pop()]?.required,
    ).not.toContain('union');
  });

  it('confirms out_of_scope for an excluded system, with the Art. 2 paragraph and no duties', async () => {
    const sys = await newSystem('Targeting aid');
    const url = `${base}/ai-systems/${sys.id}/ai-act`;
    const put = await org.owner.request('PUT', url, {
      ...answers,
      scope: { military: true },
    });
    expect(put.json()).toMatchObject({
      proposedTier: 'out_of_scope',
      obligations: [],
      reasons: [{ ref: 'Art. 2(3)' }],
      answers: { scope: { military: true, research: false }, union: true },
    });
    await org.owner.post(`${url}/confirm`);
    const after = (await org.owner.get(`${base}/ai-systems/${sys.id}`)).json();
    expect(after.euAiActTier).toBe('out_of_scope');
    expect(after.euAiActReason).toContain('Art. 2(3)');
  });

  it('reads a classification stored before the scope gate with the new answers defaulted', async () => {
    const sys = await newSystem('Legacy scorer');
    const url = `${base}/ai-systems/${sys.id}/ai-act`;
    const put = (await org.owner.request('PUT', url, answers)).json();
    // As version 1 stored it: only the old answers.
    await t.database.db
      .updateTable('ai_act_classifications')
      .set({ answers: JSON.stringify(answers) as never })
      .where('id', '=', put.id)
      .execute();
    const got = await org.owner.get(url);
    expect(got.statusCode).toBe(200);
    expect(got.json().answers).toMatchObject({
      ...answers,
      union: true,
      deployerKind: 'private',
      annexISection: 'A',
      rbi: { used: false },
    });
    // Saving the same old answers again changes nothing.
    const again = await org.owner.request('PUT', url, answers, { 'if-match': '"1"' });
    expect(again.json().version).toBe(1);
  });
});
