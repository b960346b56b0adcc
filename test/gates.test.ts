import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { ApiClient, createOrgFixture, type OrgFixture } from './client.js';

/** A multipart body of text fields and one file, as a pipeline's HTTP client sends it. */
function multipart(fields: Record<string, string>, file: { name: string; data: string }) {
  const b = `----aims${Math.random().toString(16).slice(2)}`;
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  parts.push(
    `--${b}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/plain\r\n\r\n${file.data}\r\n--${b}--\r\n`,
  );
  return {
    body: parts.join(''),
    headers: { 'content-type': `multipart/form-data; boundary=${b}` },
  };
}

const GATES = [
  {
    stage: 'deployment',
    criteria: [
      {
        id: 'vv-evidence',
        title: 'Test report of the model version',
        control: 'A.6.2.4',
        why: 'The version released is the version tested.',
        check: { kind: 'evidence', evidenceKind: 'test_report', per: 'model_version' },
      },
    ],
  },
];

describe.each(DIALECTS)('gates over the API on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  let systemId: string;
  let manager: ApiClient;
  let pipeline: ApiClient;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
    manager = await org.member('manager');
    const contributor = await org.member('contributor');
    const sys = await org.owner.post(`${base}/ai-systems`, {
      name: 'Claims triage',
      purpose: 'Sorts incoming claims.',
      lifecycleStage: 'verification_and_validation',
    });
    systemId = sys.json().id;
    const token = await contributor.post(`${base}/tokens`, {
      name: 'release pipeline',
      scopes: ['gates.check', 'gates.push_evidence'],
    });
    expect(token.statusCode).toBe(201);
    pipeline = new ApiClient(t.app, { token: token.json().token });
  });
  afterAll(() => t.close());

  it('shows the proposed criteria until a manager adopts a version, and keeps every version', async () => {
    const proposed = (await org.owner.get(`${base}/gate-criteria`)).json();
    expect(proposed).toMatchObject({ id: null, status: 'proposed', enforced: false });
    expect(proposed.gates.map((g: { stage: string }) => g.stage)).toEqual([
      'design_and_development',
      'verification_and_validation',
      'deployment',
      'operation_and_monitoring',
      'retirement',
    ]);
    const first = await manager.post(`${base}/gate-criteria/versions`, {
      enforced: false,
      gates: proposed.gates,
    });
    expect(first.statusCode).toBe(201);
    const second = await manager.post(`${base}/gate-criteria/versions`, {
      enforced: true,
      gates: GATES,
      changeNote: 'Only the test report, for the pilot.',
    });
    expect(second.json()).toMatchObject({ number: 2, status: 'in_force', enforced: true });
    const versions = (await org.owner.get(`${base}/gate-criteria/versions`)).json().items;
    expect(versions.map((v: { number: number; status: string }) => [v.number, v.status])).toEqual([
      [2, 'in_force'],
      [1, 'replaced'],
    ]);
    const old = await org.owner.get(`${base}/gate-criteria/versions/${first.json().id}`);
    expect(old.json().gates).toEqual(proposed.gates);
    const viewer = await org.member('viewer');
    expect((await viewer.get(`${base}/gate-criteria`)).json().abilities).toEqual({ update: false });
    expect(
      (await viewer.post(`${base}/gate-criteria/versions`, { enforced: true, gates: [] }))
        .statusCode,
    ).toBe(403);
  });

  it('lets a pipeline token check a gate and push evidence, and do nothing else', async () => {
    const byName = `${base}/ai-systems/${encodeURIComponent('Claims triage')}/gate-checks`;
    const failing = await pipeline.post(byName, {
      toStage: 'deployment',
      modelVersion: '1.4.0',
      reference: 'run 77',
    });
    expect(failing.statusCode).toBe(201);
    expect(failing.json()).toMatchObject({
      passed: false,
      enforced: true,
      toStage: 'deployment',
      toStageTitle: 'Deployment',
      modelVersion: '1.4.0',
      criteriaVersion: { number: 2 },
      check: { passed: false, reference: 'run 77' },
      criteria: [
        {
          id: 'vv-evidence',
          control: 'A.6.2.4',
          controlTitle: 'AI system verification and validation',
          met: false,
          reason: 'No test report evidence for model version 1.4.0.',
        },
      ],
    });
    const mp = multipart(
      { aiSystem: 'Claims triage', kind: 'test_report', modelVersion: '1.4.0' },
      { name: 'junit.xml', data: '<testsuite tests="120" failures="0"/>' },
    );
    const pushed = await pipeline.post(`${base}/gate-evidence`, mp.body, mp.headers);
    expect(pushed.statusCode).toBe(201);
    expect(pushed.json()).toMatchObject({
      aiSystemId: systemId,
      kind: 'test_report',
      modelVersion: '1.4.0',
      title: 'Test report of Claims triage 1.4.0',
      filename: 'junit.xml',
      linked: true,
    });
    const passing = await pipeline.post(byName, { toStage: 'deployment', modelVersion: '1.4.0' });
    expect(passing.json()).toMatchObject({ passed: true, check: { passed: true } });

    for (const [method, url] of [
      ['GET', `${base}/ai-systems`],
      ['GET', `${base}/gate-criteria`],
      ['POST', `${base}/ai-systems/${systemId}/transitions`],
    ] as const) {
      const r = await pipeline.request(method, url, method === 'POST' ? {} : undefined);
      expect([r.statusCode, r.json().code], url).toEqual([403, 'TOKEN_SCOPE']);
    }
    const upload = multipart({ title: 'Other' }, { name: 'x.txt', data: 'x' });
    const plain = await pipeline.post(`${base}/evidence/files`, upload.body, upload.headers);
    expect(plain.json().code).toBe('TOKEN_SCOPE');

    const checks = (await org.owner.get(`${base}/ai-systems/${systemId}/gate-checks`)).json();
    expect(checks.items.map((c: { passed: boolean }) => c.passed)).toEqual([true, false]);
    const evidence = (await org.owner.get(`${base}/gate-evidence?aiSystemId=${systemId}`)).json();
    expect(evidence.items).toHaveLength(1);
  });

  it('refuses a transition with each unmet criterion, and keeps a manager’s override', async () => {
    const sys = await org.owner.post(`${base}/ai-systems`, {
      name: 'Fraud scoring',
      purpose: 'Scores claims.',
      lifecycleStage: 'verification_and_validation',
    });
    const id = sys.json().id as string;
    const gates = (await org.owner.get(`${base}/ai-systems/${id}/gates`)).json().items;
    expect(gates.map((g: { toStage: string; passed: boolean }) => [g.toStage, g.passed])).toEqual([
      ['inception', true],
      ['design_and_development', true],
      ['deployment', false],
      ['operation_and_monitoring', true],
      ['continuous_validation', true],
      ['re_evaluation', true],
      ['retirement', true],
    ]);
    const refused = await manager.post(`${base}/ai-systems/${id}/transitions`, {
      toStage: 'deployment',
      reason: 'Go live.',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({
      code: 'GATE_FAILED',
      errors: [
        {
          pointer: '/gate/vv-evidence',
          message:
            'Test report of the model version (A.6.2.4): No model version to check: give one, or register one for this system.',
        },
      ],
    });
    const moved = await manager.post(`${base}/ai-systems/${id}/transitions`, {
      toStage: 'deployment',
      reason: 'Go live.',
      gateOverride: 'The model is rule-based; the test report is not applicable.',
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().lifecycleStage).toBe('deployment');
    const overrides = (await org.owner.get(`${base}/gate-overrides?aiSystemId=${id}`)).json();
    expect(overrides.items).toMatchObject([
      {
        aiSystemId: id,
        fromStage: 'verification_and_validation',
        toStage: 'deployment',
        justification: 'The model is rule-based; the test report is not applicable.',
        unmet: [{ id: 'vv-evidence', met: false }],
      },
    ]);
    // The override names its AI system and the manager who made it.
    const managerName = (await org.owner.get(`${base}/members`))
      .json()
      .items.filter((m: { id: string }) => m.id === overrides.items[0].memberId)
      .map((m: { name: string; email: string }) => m.name || m.email);
    expect(managerName).toHaveLength(1);
    expect(overrides.items[0].names).toEqual({
      [id]: 'Fraud scoring',
      [overrides.items[0].memberId]: managerName[0],
    });
    const readiness = (await org.owner.get(`${base}/readiness`)).json();
    const r81 = readiness.requirements.find((r: { id: string }) => r.id === '8.1');
    expect(r81.reasons[1]).toEqual({
      check: 'life cycle gate criteria in force',
      status: 'met',
      detail:
        "Gate criteria version 2 is in force and enforced. 1 transition(s) overrode a failed gate, each with a manager's written justification.",
      refs: [
        { type: 'gate_criteria', id: expect.any(String) },
        { type: 'gate_overrides', id: overrides.items[0].id },
      ],
    });
  });

  it('reports on readiness (8.1) whether gate criteria are adopted and enforced', async () => {
    const other = await createOrgFixture(t, 'No gates yet');
    const ob = `/api/v1/orgs/${other.slug}`;
    const reason = async () =>
      (await other.owner.get(`${ob}/readiness`))
        .json()
        .requirements.find((r: { id: string }) => r.id === '8.1').reasons[1];
    expect(await reason()).toMatchObject({
      status: 'missing',
      detail: 'No gate criteria adopted: life cycle transitions are not gated.',
    });
    await other.owner.post(`${ob}/gate-criteria/versions`, { enforced: false, gates: GATES });
    expect(await reason()).toMatchObject({
      status: 'partial',
      detail: 'Gate criteria version 1 is in force but only advises: no transition is refused.',
    });
  });
});
