import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { runBatch } from '../../kernel/commands.js';
import type { Context, OrgAccess } from '../../kernel/context.js';
import { notFound, type FieldError } from '../../kernel/errors.js';
import { registerCommands, registerOf } from '../registers/index.js';
import { documentProblem, escapePointer, isObject, type Json } from './cyclonedx-parse.js';
import * as Q from './queries.js';

/**
 * Importing a CycloneDX 1.6 or 1.7 ML-BOM into one AI system: each `machine-learning-model`
 * component becomes a model version, each `data` component (and each dataset given inline in a
 * model card) a dataset, and each supplier, manufacturer or publisher a supplier. What the
 * system already has (a model of the same name and version, a dataset or supplier of the same
 * name) is left as it is. All or nothing, through the registers' own create commands.
 */
export const CYCLONEDX_VERSIONS = ['1.6', '1.7'];
// Functions, not constants: a register's commands are built on first use (registerCommands).
const models = () => registerCommands(registerOf('ai_models'));
const datasets = () => registerCommands(registerOf('datasets'));
const parties = () => registerCommands(registerOf('third_parties'));

type Kind = 'model' | 'dataset' | 'supplier';
export interface BomItem {
  kind: Kind;
  name: string;
  /** Where in the BOM it comes from (a JSON pointer). */
  pointer: string;
  action: 'create' | 'exists';
  input: Json;
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const nameOf = (v: unknown) => (isObject(v) ? text(v.name) : text(v));

/** The readable summary of a model card aims keeps with the model version. */
function modelCardSummary(c: Json): string {
  const card = isObject(c.modelCard) ? c.modelCard : {};
  const p = isObject(card.modelParameters) ? card.modelParameters : {};
  const q = isObject(card.quantitativeAnalysis) ? card.quantitativeAnalysis : {};
  const k = isObject(card.considerations) ? card.considerations : {};
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);
  const lines = [
    text(c.description),
    text(p.task) && `Task: ${String(p.task)}.`,
    (text(p.modelArchitecture) ?? text(p.architectureFamily)) &&
      `Architecture: ${[p.architectureFamily, p.modelArchitecture].filter(text).join(', ')}.`,
    ...(Array.isArray(q.performanceMetrics) ? q.performanceMetrics : [])
      .filter(isObject)
      .map(
        (m) =>
          `Metric ${String(m.type ?? '')}${m.slice ? ` (${String(m.slice)})` : ''}: ${String(m.value ?? '')}.`,
      ),
    ...list(k.technicalLimitations).map((l) => `Limitation: ${l}`),
    ...(Array.isArray(k.ethicalConsiderations) ? k.ethicalConsiderations : [])
      .filter(isObject)
      .map(
        (e) =>
          `Ethical consideration: ${String(e.name ?? '')}${e.mitigationStrategy ? ` (mitigation: ${String(e.mitigationStrategy)})` : ''}.`,
      ),
  ].filter((x): x is string => !!x);
  return clip(lines.join('\n'), 10_000);
}

/** Every component of the BOM with its pointer, nested components included. */
function components(bom: Json): { c: Json; at: string }[] {
  const out: { c: Json; at: string }[] = [];
  const walk = (list: unknown, at: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((c, i) => {
      if (!isObject(c)) return;
      out.push({ c, at: `${at}/${i}` });
      walk(c.components, `${at}/${i}/components`);
    });
  };
  walk(bom.components, '/body/components');
  return out;
}

export async function planBom(db: Kysely<DB>, orgId: string, systemId: string, bom: unknown) {
  const system = await Q.aiSystem(db, orgId, systemId);
  if (!system) throw notFound('AI system');
  const errors: FieldError[] = [];
  if (!isObject(bom))
    throw documentProblem('BOM', [
      { pointer: '/body', message: 'A CycloneDX BOM is a JSON object.' },
    ]);
  if (bom.bomFormat !== 'CycloneDX')
    errors.push({ pointer: '/body/bomFormat', message: 'bomFormat must be "CycloneDX".' });
  if (!CYCLONEDX_VERSIONS.includes(String(bom.specVersion)))
    errors.push({
      pointer: '/body/specVersion',
      message: `specVersion ${JSON.stringify(bom.specVersion ?? null)} is not supported: aims imports CycloneDX ${CYCLONEDX_VERSIONS.join(' and ')}.`,
    });
  if (bom.components !== undefined && !Array.isArray(bom.components))
    errors.push({ pointer: '/body/components', message: 'components must be an array.' });
  const existingModels = new Set(
    (await Q.systemModels(db, orgId, systemId)).map(
      (m) => `${m.name.toLowerCase()}\u0000${m.model_version}`,
    ),
  );
  const existingData = new Set(
    (await Q.systemDatasets(db, orgId, systemId)).map((d) => d.name.toLowerCase()),
  );
  const existingParties = new Set(
    (await Q.thirdParties(db, orgId)).map((t) => t.name.toLowerCase()),
  );
  const items: BomItem[] = [];
  const seen = new Set<string>();
  const add = (
    kind: Kind,
    key: string,
    exists: boolean,
    item: Omit<BomItem, 'kind' | 'action'>,
  ) => {
    if (seen.has(`${kind}\u0000${key}`)) return;
    seen.add(`${kind}\u0000${key}`);
    items.push({ kind, action: exists ? 'exists' : 'create', ...item });
  };
  const supplierOf = (c: Json, at: string, what: string) => {
    for (const [field, v] of [
      ['supplier', c.supplier],
      ['manufacturer', c.manufacturer],
      ['publisher', c.publisher],
    ] as const) {
      const name = nameOf(v);
      if (!name) continue;
      add('supplier', name.toLowerCase(), existingParties.has(name.toLowerCase()), {
        name,
        pointer: `${at}/${field}`,
        input: {
          name: clip(name, 200),
          relation: 'supplier',
          supplies: `${what} (from a CycloneDX BOM)`,
          aiSystemIds: [systemId],
        },
      });
    }
  };
  const dataset = (d: Json, at: string, fallback?: string) => {
    const entry = Array.isArray(d.data) && isObject(d.data[0]) ? d.data[0] : d;
    const name = text(d.name) ?? text(entry.name) ?? fallback;
    if (!name) return errors.push({ pointer: `${at}/name`, message: 'A dataset needs a name.' });
    const contents = isObject(entry.contents) ? entry.contents : {};
    const licence =
      Array.isArray(d.licenses) && isObject(d.licenses[0]) && isObject(d.licenses[0].license)
        ? (text(d.licenses[0].license.id) ?? text(d.licenses[0].license.name))
        : undefined;
    add('dataset', name.toLowerCase(), existingData.has(name.toLowerCase()), {
      name,
      pointer: at,
      input: {
        aiSystemId: systemId,
        name: clip(name, 200),
        ...(text(contents.url) ? { source: clip(text(contents.url)!, 200) } : {}),
        ...((text(entry.description) ?? text(d.description))
          ? { provenance: clip((text(entry.description) ?? text(d.description))!, 10_000) }
          : {}),
        ...(Array.isArray(entry.sensitiveData) && entry.sensitiveData.length
          ? { personalData: true }
          : {}),
        ...(licence ? { licence: clip(licence, 200) } : {}),
      },
    });
  };
  for (const { c, at } of components(bom)) {
    if (c.type === 'machine-learning-model') {
      const name = text(c.name);
      if (!name) {
        errors.push({ pointer: `${at}/name`, message: 'A model component needs a name.' });
        continue;
      }
      const version = text(c.version) ?? 'unversioned';
      const refs = Array.isArray(c.externalReferences) ? c.externalReferences.filter(isObject) : [];
      const card = refs.find((r) => r.type === 'model-card' && text(r.url));
      const fromThirdParty = !!(
        nameOf(c.supplier) ??
        nameOf(c.manufacturer) ??
        nameOf(c.publisher)
      );
      add(
        'model',
        `${name.toLowerCase()}\u0000${version}`,
        existingModels.has(`${name.toLowerCase()}\u0000${version}`),
        {
          name: `${name} ${version}`,
          pointer: at,
          input: {
            aiSystemId: systemId,
            name: clip(name, 200),
            modelVersion: clip(version, 100),
            source:
              isObject(c.pedigree) && Array.isArray(c.pedigree.ancestors)
                ? 'fine_tuned'
                : fromThirdParty
                  ? 'third_party'
                  : 'built',
            ...(card ? { modelCardUrl: text(card.url) } : {}),
            ...(modelCardSummary(c) ? { changeSummary: modelCardSummary(c) } : {}),
          },
        },
      );
      supplierOf(c, at, `Model ${name}`);
      const card2 =
        isObject(c.modelCard) && isObject(c.modelCard.modelParameters)
          ? c.modelCard.modelParameters
          : {};
      if (Array.isArray(card2.datasets))
        card2.datasets.forEach((d, i) => {
          if (isObject(d) && !('ref' in d))
            dataset(d, `${at}/modelCard/modelParameters/datasets/${i}`);
        });
    } else if (c.type === 'data') {
      dataset(c, at);
      supplierOf(c, at, `Dataset ${text(c.name) ?? ''}`.trim());
    }
  }
  const meta = isObject(bom.metadata) ? bom.metadata : {};
  supplierOf(
    { supplier: meta.supplier, manufacturer: meta.manufacturer },
    '/body/metadata',
    'Named in a CycloneDX BOM',
  );
  // The inputs are checked as the register commands will check them.
  for (const item of items) {
    if (item.action !== 'create') continue;
    const cmd =
      item.kind === 'model'
        ? models().create
        : item.kind === 'dataset'
          ? datasets().create
          : parties().create;
    const parsed = cmd.input.safeParse(item.input);
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        errors.push({
          pointer: `${item.pointer}/${issue.path.map(String).map(escapePointer).join('/')}`,
          message: issue.message,
        });
  }
  if (errors.length) throw documentProblem('BOM', errors);
  return {
    system: { id: system.id, name: system.name },
    specVersion: String(bom.specVersion),
    items,
  };
}

export type BomPlan = Awaited<ReturnType<typeof planBom>>;

/** Creates what the plan found missing, in one transaction (`cyclonedx.import`). */
export async function applyBom(ctx: Context, access: OrgAccess, plan: BomPlan) {
  await runBatch(ctx, 'cyclonedx.import', access, async (step) => {
    for (const item of plan.items) {
      if (item.action !== 'create') continue;
      if (item.kind === 'model') await step(models().create, item.input);
      else if (item.kind === 'dataset') await step(datasets().create, item.input);
      else await step(parties().create, item.input);
    }
  });
}

export const bomCounts = (plan: BomPlan) => {
  const count = (kind: Kind) => ({
    created: plan.items.filter((i) => i.kind === kind && i.action === 'create').length,
    existing: plan.items.filter((i) => i.kind === kind && i.action === 'exists').length,
  });
  return { models: count('model'), datasets: count('dataset'), suppliers: count('supplier') };
};
