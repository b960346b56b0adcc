import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { makeStartedAudit } from '../../../test/factories/audits.js';
import { makeNonconformity } from '../../../test/factories/nonconformities.js';
import { makeAiModel, makeAiSystem } from '../../../test/factories/registers.js';
import { makeRisk, makeTreatment } from '../../../test/factories/risks.js';
import { decideEveryControl } from '../../../test/factories/soa.js';
import {
  cyclonedxValidator,
  oscalValidator,
  problems,
  type OSCAL_MODELS,
} from '../../../test/interchange-schemas.js';
import { openUnit, type Unit } from '../../../test/unit.js';
import { addFinding } from '../audits/index.js';
import { registerCommands, registerOf } from '../registers/index.js';
import {
  assessmentResults,
  componentDefinition,
  cyclonedxBom,
  mappingCollection,
  oscalCatalog,
  planOfActionAndMilestones,
  prune,
  systemSecurityPlan,
} from './index.js';

type Doc = Record<string, Record<string, unknown>>;
const root = (doc: unknown) => Object.values(doc as Doc)[0]!;
const uuids = (doc: unknown) =>
  JSON.stringify(doc).match(
    /[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g,
  ) ?? [];

describe('the OSCAL catalog', () => {
  it('validates against the official 1.2.1 schema, says 1.2.1 and keeps its UUID', () => {
    const a = prune(oscalCatalog(new Date('2026-06-01T10:00:00Z')));
    const b = prune(oscalCatalog(new Date('2026-06-02T10:00:00Z')));
    expect(problems(oscalValidator('catalog'), a)).toEqual([]);
    expect(root(a).metadata).toMatchObject({ 'oscal-version': '1.2.1' });
    expect(root(a).uuid).toBe(root(b).uuid);
    const text = JSON.stringify(a);
    // Every Annex A control, with its label and a statement in aims' own words.
    expect(text).toContain('"id":"a.6.2.8"');
    expect(text).toContain('"value":"A.6.2.8"');
    expect(text).toContain('"id":"clause-6.1.3"');
  });

  it('the mapping collection validates and keeps its UUIDs', () => {
    const a = prune(mappingCollection(new Date('2026-06-01T10:00:00Z')));
    expect(problems(oscalValidator('mapping-collection'), a)).toEqual([]);
    expect(root(a).metadata).toMatchObject({ 'oscal-version': '1.2.1' });
    expect(uuids(prune(mappingCollection(new Date())))).toEqual(uuids(a));
  });
});

describe.each(DIALECTS)('OSCAL and CycloneDX exports on %s', (dialect) => {
  let u: Unit;
  let systemId: string;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  const db = () => u.database.db;
  const at = (d: string) => new Date(`${d}T09:00:00Z`);
  const exports: [keyof typeof OSCAL_MODELS, (now: Date) => Promise<unknown>][] = [
    ['component-definition', (now) => componentDefinition(db(), u.org.id, systemId, now)],
    ['system-security-plan', (now) => systemSecurityPlan(db(), u.org.id, now)],
    ['assessment-results', (now) => assessmentResults(db(), u.org.id, now)],
    ['plan-of-action-and-milestones', (now) => planOfActionAndMilestones(db(), u.org.id, now)],
  ];

  it('validate for an organization with no records yet', async () => {
    systemId = (await makeAiSystem(u, { name: 'Empty system' })).id;
    for (const [model, build] of exports) {
      const doc = prune(await build(at('2026-06-01')));
      expect(problems(oscalValidator(model), doc), model).toEqual([]);
    }
  });

  it('validate with records, say 1.2.1, and give the same UUIDs on a second export', async () => {
    const system = await makeAiSystem(u, {
      name: 'Triage assistant',
      intendedUse: 'Ranks incoming support tickets.',
      foreseeableMisuse: 'Used to decide refunds without review.',
    });
    systemId = system.id;
    await makeAiModel(u, {
      aiSystemId: systemId,
      name: 'triage-bert',
      modelVersion: '2.1.0',
      modelCardUrl: 'https://example.com/card',
    });
    await registerCommands(registerOf('datasets')).create;
    await u.run(registerCommands(registerOf('datasets')).create, {
      aiSystemId: systemId,
      name: 'Tickets 2025',
      personalData: true,
      licence: 'CC-BY-4.0',
      provenance: 'Exported from the help desk.',
    });
    await u.run(registerCommands(registerOf('third_parties')).create, {
      name: 'Model Vendor Ltd',
      relation: 'supplier',
      aiSystemIds: [systemId],
    });
    await decideEveryControl(u);
    const risk = await makeRisk(u, { aiSystemIds: [systemId], controlIds: ['A.6.2.4'] });
    await makeTreatment(u, { riskId: risk.id, dueDate: '2026-09-30' });
    await makeNonconformity(u);
    const audit = await makeStartedAudit(u);
    await u.run(
      addFinding,
      { auditId: audit.id, grade: 'minor', requirementId: 'A.6.2.4', title: 'No bias test' },
      { as: u.members.contributor },
    );
    for (const [model, build] of exports) {
      const first = prune(await build(at('2026-06-01')));
      const again = prune(await build(at('2026-06-05')));
      expect(problems(oscalValidator(model), first), model).toEqual([]);
      expect(root(first).metadata, model).toMatchObject({ 'oscal-version': '1.2.1' });
      expect(uuids(again), model).toEqual(uuids(first));
      expect(uuids(first).length, model).toBeGreaterThan(1);
    }
    const cd = JSON.stringify(await componentDefinition(db(), u.org.id, systemId, new Date()));
    expect(cd).toContain('"control-id":"a.6.2.4"');
    const poam = JSON.stringify(await planOfActionAndMilestones(db(), u.org.id, new Date()));
    expect(poam).toContain('Risk treatment');
    expect(poam).toContain('Nonconformity');
    const ar = JSON.stringify(await assessmentResults(db(), u.org.id, new Date()));
    expect(ar).toContain('Finding 1: No bias test');
  });

  it('exports an AI system as a CycloneDX 1.6 ML-BOM that validates, with a stable serial number', async () => {
    const a = await cyclonedxBom(db(), u.org.id, systemId, at('2026-06-01'));
    const b = await cyclonedxBom(db(), u.org.id, systemId, at('2026-06-03'));
    expect(problems(cyclonedxValidator(), a)).toEqual([]);
    expect(a).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6' });
    expect(a.serialNumber).toBe(b.serialNumber);
    const components = a.components as { type: string; name: string }[];
    expect(components.map((c) => [c.type, c.name])).toEqual([
      ['machine-learning-model', 'triage-bert'],
      ['data', 'Tickets 2025'],
    ]);
    expect(JSON.stringify(a)).toContain('"model-card"');
    expect(JSON.stringify(a)).toContain('Model Vendor Ltd');
  });
});
