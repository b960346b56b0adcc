import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, type OrgFixture } from './client.js';

interface Link {
  requirement: string;
  status: string;
  relationship: string | null;
  confidence: string | null;
  provenance: string[];
  counts: boolean;
}
interface Entry {
  ref: string;
  status: string;
  linked: number;
  met: number;
  partial: number;
  requirements: string[];
  links: Link[];
  evidence: { id: string; title: string; state: string }[];
}
interface Framework {
  id: string;
  reached: number;
  met: number;
  notCredited: number;
  coverage: number;
  entries: Entry[];
}

describe.each(DIALECTS)('framework coverage on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
  });
  afterAll(() => t.close());

  const frameworks = async () => {
    const res = await org.owner.get(`${base}/readiness/frameworks`);
    expect(res.statusCode).toBe(200);
    return res.json() as { items: Framework[]; legend: { provenance: Record<string, string> } };
  };
  const entry = (body: { items: Framework[] }, fw: string, ref: string): Entry | undefined =>
    body.items.find((f) => f.id === fw)!.entries.find((e) => e.ref === ref);

  it('credits nothing from a registered AI system that its links do not support', async () => {
    await org.owner.post(`${base}/ai-systems`, { name: 'Scoring', purpose: 'Credit scoring' });
    const body = await frameworks();
    // ISO/IEC 27001 9.2.2 is reached from ISO/IEC 42001 9.2.2 only (same clause), not yet met.
    const audit = entry(body, 'iso27001', '9.2.2')!;
    expect(audit.links.map((l) => [l.requirement, l.relationship, l.confidence, l.counts])).toEqual(
      [['9.2.2', 'equivalent', 'high', true]],
    );
    expect(audit.links[0]!.provenance).toEqual(['harmonized-structure']);
    // (8.1, recorded life cycle stages, is under way now; its SCF-inferred link once gave credit.)
    expect([audit.status, audit.met, audit.partial]).toEqual(['missing', 0, 0]);
    // Whatever is credited is credited by a counting link from a met requirement.
    for (const f of body.items)
      for (const e of f.entries.filter((x) => x.status === 'met' || x.status === 'partial'))
        expect(
          e.links.some((l) => l.counts && ['met', 'partial'].includes(l.status)),
          `${f.id} ${e.ref}`,
        ).toBe(true);
    expect(Object.keys(body.legend.provenance)).toContain('nist-airc-crosswalk');
  });

  it('shows a related or low link, and a NIST pair with no stated strength, as a pointer', async () => {
    for (const [kind, title] of [
      ['internal', 'Skills shortage'],
      ['external', 'AI Act'],
    ])
      await org.owner.post(`${base}/context-issues`, {
        title,
        kind,
        category: kind === 'internal' ? 'organizational' : 'regulatory',
      });
    const body = await frameworks();
    // 4.1 is partly met (two issues, no climate decision or AI roles yet); its link to AI Act
    // Art. 2 (scope) is related, low: a pointer, no credit.
    const scope = entry(body, 'eu-ai-act', 'Art. 2')!;
    expect(scope.links).toEqual([
      {
        requirement: '4.1',
        requirementTitle: 'Understanding the organization and its context',
        status: 'partial',
        relationship: 'related',
        confidence: 'low',
        provenance: ['own-judgement'],
        counts: false,
      },
    ]);
    expect([scope.status, scope.linked, scope.met, scope.requirements]).toEqual([
      'not_credited',
      0,
      0,
      [],
    ]);
    // NIST lists 4.1 → GOVERN 1.1 with no strength: carried as such, and not counted.
    const govern = entry(body, 'nist-ai-rmf', 'GOVERN 1.1')!;
    expect(govern.links.find((l) => l.requirement === '4.1')).toMatchObject({
      status: 'partial',
      relationship: null,
      confidence: null,
      provenance: ['nist-airc-crosswalk'],
      counts: false,
    });
    expect(entry(body, 'iso27001', '9.2.2')?.status).toBe('missing');
    // The same clause of ISO/IEC 27001 counts (equivalent, high): as far as 4.1 is met.
    expect(entry(body, 'iso27001', '4.1')).toMatchObject({
      status: 'partial',
      linked: 1,
      met: 0,
      partial: 1,
    });
    const nist = body.items.find((f) => f.id === 'nist-ai-rmf')!;
    expect(nist.notCredited).toBeGreaterThan(0);
    expect(nist.reached).toBeGreaterThanOrEqual(nist.met + nist.notCredited);
  });

  it('credits a requirement of another framework from evidence linked to it directly', async () => {
    const before = await frameworks();
    expect(entry(before, 'iso27001', 'A.5.24')?.status).not.toBe('met');
    const iso = before.items.find((f) => f.id === 'iso27001')!;
    const ev = (
      await org.owner.post(`${base}/evidence`, {
        kind: 'link',
        title: 'Incident response plan',
        url: 'https://x.example/irp',
      })
    ).json();
    const linked = await org.owner.post(`${base}/evidence/${ev.id}/links`, {
      targetType: 'framework_requirement',
      targetId: 'iso27001:A.5.24',
    });
    expect(linked.statusCode).toBe(201);
    const after = await frameworks();
    expect(entry(after, 'iso27001', 'A.5.24')).toMatchObject({
      status: 'met',
      evidence: [{ id: ev.id, title: 'Incident response plan', state: 'valid' }],
    });
    expect(after.items.find((f) => f.id === 'iso27001')!.coverage).toBeGreaterThan(iso.coverage);

    // A SOC 2 criterion reached by pointers only is credited by evidence linked to it.
    expect(entry(after, 'soc2', 'CC6.1')?.status).toBe('not_credited');
    await org.owner.post(`${base}/evidence/${ev.id}/links`, {
      targetType: 'framework_requirement',
      targetId: 'soc2:CC6.1',
    });
    expect(entry(await frameworks(), 'soc2', 'CC6.1')?.status).toBe('met');

    // A control reached by no link at all appears once evidence is linked to it; expired
    // evidence is shown but does not count.
    expect(entry(after, 'iso27001', 'A.8.8')).toBeUndefined();
    const old = (
      await org.owner.post(`${base}/evidence`, {
        kind: 'link',
        title: 'Old vulnerability scan',
        url: 'https://x.example/scan',
        validUntil: '2020-01-01',
      })
    ).json();
    await org.owner.post(`${base}/evidence/${old.id}/links`, {
      targetType: 'framework_requirement',
      targetId: 'iso27001:A.8.8',
    });
    expect(entry(await frameworks(), 'iso27001', 'A.8.8')).toMatchObject({
      status: 'not_credited',
      links: [],
      evidence: [{ id: old.id, state: 'expired' }],
    });

    const bad = await org.owner.post(`${base}/evidence/${ev.id}/links`, {
      targetType: 'framework_requirement',
      targetId: 'iso27001:A.99.9',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].pointer).toBe('/body/targetId');
  });
});
