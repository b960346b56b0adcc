import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { run } from '../../kernel/commands.js';
import type { Context, OrgAccess } from '../../kernel/context.js';
import { importFramework } from './commands.js';
import { applyComponents, planComponents } from './component-import.js';
import { cyclonedxBom } from './cyclonedx-export.js';
import { applyBom, bomCounts, planBom } from './cyclonedx-import.js';
import { parseJsonDocument } from './cyclonedx-parse.js';
import { keyFromTitle } from './framework-keys.js';
import { oscalCatalog } from './oscal-catalog.js';
import { prune, type Json } from './oscal-common.js';
import { planCatalog, type CatalogPlan } from './oscal-import.js';
import { componentDefinition, systemSecurityPlan } from './oscal-system.js';
import { assessmentResults, mappingCollection, planOfActionAndMilestones } from './oscal-assess.js';
import { oscalFrameworkBySource, oscalFrameworks } from './queries.js';

/**
 * Every export and import of the module as one call each, shared by the HTTP routes and the CLI
 * (`aims export oscal|cyclonedx`, `aims import oscal-catalog|oscal-component|cyclonedx`).
 */
type Db = Kysely<DB>;

/** The OSCAL documents aims exports, by the name the CLI and the web use. */
export const OSCAL_KINDS = {
  catalog: { system: false, build: (_db: Db, _org: string, now: Date) => oscalCatalog(now) },
  'component-definition': { system: true, build: componentDefinition },
  ssp: {
    system: false,
    build: (db: Db, org: string, now: Date) => systemSecurityPlan(db, org, now),
  },
  'assessment-results': {
    system: false,
    build: (db: Db, org: string, now: Date) => assessmentResults(db, org, now),
  },
  poam: {
    system: false,
    build: (db: Db, org: string, now: Date) => planOfActionAndMilestones(db, org, now),
  },
  mapping: { system: false, build: (_db: Db, _org: string, now: Date) => mappingCollection(now) },
} as const;
export type OscalKind = keyof typeof OSCAL_KINDS;

/** One OSCAL document of the organization, pruned as served. */
export async function oscalDocument(
  db: Db,
  orgId: string,
  kind: OscalKind,
  now: Date,
  systemId?: string,
): Promise<Json> {
  const k = OSCAL_KINDS[kind];
  const doc = k.system
    ? await OSCAL_KINDS['component-definition'].build(db, orgId, systemId ?? '', now)
    : await (k.build as (db: Db, org: string, now: Date) => Json | Promise<Json>)(db, orgId, now);
  return prune(doc as Json);
}

export const cyclonedxDocument = (db: Db, orgId: string, systemId: string, now: Date) =>
  cyclonedxBom(db, orgId, systemId, now);

const counts = (entries: CatalogPlan['entries']) => ({
  groups: entries.filter((e) => e.kind === 'group').length,
  controls: entries.filter((e) => e.kind === 'control').length,
});
export { counts as entryCounts };

/** An OSCAL catalog as a framework: a new one, or the same catalog (by UUID) again. */
export async function importCatalogText(
  ctx: Context,
  access: OrgAccess,
  text: string,
  opts: { dryRun: boolean; key?: string },
) {
  const db = ctx.database.db;
  const plan = planCatalog(parseJsonDocument(text));
  const existing = await oscalFrameworkBySource(db, access.orgId, plan.sourceUuid);
  const taken = new Set(
    (await oscalFrameworks(db, access.orgId))
      .filter((f) => f.id !== existing?.id && f.key)
      .map((f) => f.key!),
  );
  const key = opts.key ?? existing?.key ?? keyFromTitle(plan.title, taken);
  const summary = {
    sourceUuid: plan.sourceUuid,
    key,
    title: plan.title,
    frameworkVersion: plan.version,
    oscalVersion: plan.oscalVersion,
    ...counts(plan.entries),
  };
  const action = existing ? ('update' as const) : ('create' as const);
  if (opts.dryRun)
    return { dryRun: true, action, framework: { id: existing?.id ?? null, ...summary } };
  const row = await run(ctx, importFramework, { ...plan, key }, { access });
  return { dryRun: false, action, framework: { id: row.id, ...summary } };
}

/** An OSCAL component definition as AI systems and Statement of Applicability decisions. */
export async function importComponentText(
  ctx: Context,
  access: OrgAccess,
  text: string,
  opts: { dryRun: boolean },
) {
  const plan = await planComponents(ctx.database.db, access.orgId, parseJsonDocument(text));
  const created = opts.dryRun
    ? new Map<string, string>()
    : await applyComponents(ctx, access, plan);
  return {
    dryRun: opts.dryRun,
    oscalVersion: plan.oscalVersion,
    systems: plan.systems.map(({ pointer, name, action, aiSystemId }) => ({
      pointer,
      name,
      action,
      aiSystemId: aiSystemId ?? created.get(pointer) ?? null,
    })),
    controls: plan.controls.map(({ input: _input, ...c }) => c),
  };
}

/** A CycloneDX ML-BOM into one AI system: its models, datasets and suppliers. */
export async function importBomText(
  ctx: Context,
  access: OrgAccess,
  text: string,
  opts: { dryRun: boolean; aiSystemId: string },
) {
  const bom = parseJsonDocument(text);
  const plan = await planBom(ctx.database.db, access.orgId, opts.aiSystemId, bom);
  if (!opts.dryRun) await applyBom(ctx, access, plan);
  return {
    dryRun: opts.dryRun,
    aiSystemId: plan.system.id,
    specVersion: plan.specVersion,
    ...bomCounts(plan),
    items: plan.items.map(({ kind, name, pointer, action }) => ({ kind, name, pointer, action })),
  };
}
