import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { decodeJson } from '../../db/json.js';
import { notFound } from '../../kernel/errors.js';
import * as Q from './queries.js';
import { stableUuid } from './uuid.js';

/**
 * One AI system as a CycloneDX 1.6 ML-BOM: the system is the BOM's subject, its model versions
 * are `machine-learning-model` components with a model card (the datasets it names, the system's
 * intended use and foreseeable misuse as considerations), its datasets are `data` components and
 * its tooling and compute are further components; suppliers of the system are named on the
 * models that come from a third party and listed as BOM properties.
 */
type Db = Kysely<DB>;
type Json = Record<string, unknown>;

const present = (s: string | null | undefined): s is string => !!s && s.trim() !== '';
const props = (pairs: [string, string | null | undefined][]) => {
  const out = pairs
    .filter((p): p is [string, string] => present(p[1]))
    .map(([name, value]) => ({ name: `aims:${name}`, value }));
  return out.length ? { properties: out } : {};
};

const RESOURCE_TYPE: Record<string, string> = {
  tooling: 'application',
  compute: 'platform',
  system: 'application',
  people: 'application',
  other: 'application',
};

export async function cyclonedxBom(db: Db, orgId: string, systemId: string, now: Date) {
  const system = await Q.aiSystem(db, orgId, systemId);
  if (!system) throw notFound('AI system');
  const models = await Q.systemModels(db, orgId, systemId);
  const datasets = await Q.systemDatasets(db, orgId, systemId);
  const resources = (await Q.systemResources(db, orgId, systemId)).filter(
    (r) => r.kind !== 'people',
  );
  const suppliers = (await Q.thirdParties(db, orgId)).filter(
    (t) =>
      t.relation === 'supplier' && decodeJson(t.ai_system_ids, [] as string[]).includes(systemId),
  );
  const ref = (kind: string, id: string) => `${kind}-${id}`;
  const systemRef = ref('ai-system', system.id);
  const considerations = {
    ...(present(system.intended_use) ? { useCases: [system.intended_use] } : {}),
    ...(present(system.foreseeable_misuse)
      ? { technicalLimitations: [system.foreseeable_misuse] }
      : {}),
    ...(present(system.affected_people) ? { users: [system.affected_people] } : {}),
  };
  const modelComponents = models.map((m) => ({
    type: 'machine-learning-model',
    'bom-ref': ref('model', m.id),
    name: m.name,
    version: m.model_version,
    ...(present(m.change_summary) ? { description: m.change_summary } : {}),
    ...(m.source === 'third_party' && suppliers.length === 1
      ? { supplier: { name: suppliers[0]!.name } }
      : {}),
    ...(present(m.model_card_url)
      ? { externalReferences: [{ type: 'model-card', url: m.model_card_url }] }
      : {}),
    modelCard: {
      'bom-ref': ref('model-card', m.id),
      ...(datasets.length
        ? { modelParameters: { datasets: datasets.map((d) => ({ ref: ref('dataset', d.id) })) } }
        : {}),
      ...(Object.keys(considerations).length ? { considerations } : {}),
    },
    ...props([
      ['source', m.source],
      ['release-date', m.release_date],
      ['id', m.id],
    ]),
  }));
  const datasetComponents = datasets.map((d) => ({
    type: 'data',
    'bom-ref': ref('dataset', d.id),
    name: d.name,
    ...(present(d.licence) ? { licenses: [{ license: { name: d.licence } }] } : {}),
    data: [
      {
        type: 'dataset',
        name: d.name,
        ...(present(d.provenance) ? { description: d.provenance } : {}),
        ...(d.personal_data ? { sensitiveData: ['personal data'] } : {}),
        ...(present(d.source) && /^https?:\/\//.test(d.source)
          ? { contents: { url: d.source } }
          : {}),
      },
    ],
    ...props([
      ['source', d.source],
      ['acquisition', d.acquisition],
      ['quality-checks', d.quality_checks],
      ['preparation', d.preparation],
      ['personal-data', d.personal_data === null ? null : d.personal_data ? 'true' : 'false'],
      ['id', d.id],
    ]),
  }));
  const resourceComponents = resources.map((r) => ({
    type: RESOURCE_TYPE[r.kind] ?? 'application',
    'bom-ref': ref('resource', r.id),
    name: r.name,
    ...(present(r.description) ? { description: r.description } : {}),
    ...props([
      ['resource-kind', r.kind],
      ['id', r.id],
    ]),
  }));
  const bom: Json = {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${stableUuid(orgId, system.id, 'cyclonedx-bom')}`,
    version: 1,
    metadata: {
      timestamp: now.toISOString(),
      tools: { components: [{ type: 'application', name: 'aims' }] },
      component: {
        type: 'application',
        'bom-ref': systemRef,
        name: system.name,
        description: system.purpose,
        ...props([
          ['lifecycle-stage', system.lifecycle_stage],
          ['eu-ai-act-tier', system.eu_ai_act_tier],
          ['id', system.id],
        ]),
      },
      ...props(suppliers.map((s) => ['supplier', s.name] as [string, string])),
    },
    components: [...modelComponents, ...datasetComponents, ...resourceComponents],
    dependencies: [
      {
        ref: systemRef,
        dependsOn: [...modelComponents, ...resourceComponents].map((c) => c['bom-ref']),
      },
      ...modelComponents.map((c) => ({
        ref: c['bom-ref'],
        dependsOn: datasetComponents.map((d) => d['bom-ref']),
      })),
      ...datasetComponents.map((d) => ({ ref: d['bom-ref'] })),
      ...resourceComponents.map((r) => ({ ref: r['bom-ref'] })),
    ],
  };
  return bom;
}
