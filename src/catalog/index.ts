import { requirementsOf, type Requirement } from './derive.js';
import {
  checkCrosswalks,
  checkFramework,
  checkIso42001,
  type ResolvableCatalog,
} from './integrity.js';
import { CATALOG_CHECKED, assertNoIssues, parseFile, readJson } from './load.js';
import {
  FRAMEWORK_IDS,
  fileSchemas,
  type AnnexCObjective,
  type AnnexCRiskSource,
  type ClauseNode,
  type Control,
  type CrosswalksFile,
  type Domain,
  type Framework,
  type FrameworkEntry,
  type FrameworkId,
  type Iso42001File,
  type LifecycleStage,
  type Mapping,
  type Sector,
} from './schema.js';

/**
 * The standards catalog: ISO/IEC 42001 (clauses, Annex A, Annex C), the ISO/IEC 22989 life cycle,
 * sector notes, other frameworks' identifiers and the crosswalk between them. Everything is data
 * in this folder, validated once per version of the files: by the server's build (check.ts, which
 * refuses a bad file with the file and field), or at import when run from the sources.
 */

export { CatalogError, type CatalogIssue } from './load.js';
export { unresolvedMappings, type ResolvableCatalog, type UnresolvedMapping } from './integrity.js';
export type { Requirement } from './derive.js';
export * from './schema.js';

/** Validates iso42001.json content (shape, then cross-references). */
export function parseIso42001(raw: unknown, file = 'src/catalog/iso42001.json'): Iso42001File {
  const doc = parseFile(file, fileSchemas().iso42001File, raw);
  assertNoIssues(file, checkIso42001(doc));
  return doc;
}

/** Validates one frameworks/<id>.json. */
export function parseFramework(
  raw: unknown,
  id: FrameworkId,
  file = `src/catalog/frameworks/${id}.json`,
): Framework {
  const fw = parseFile(file, fileSchemas().frameworkFile, raw);
  assertNoIssues(file, checkFramework(fw, id));
  return fw;
}

/** Validates crosswalks.json against the requirements and framework entries it points to. */
export function parseCrosswalks(
  raw: unknown,
  against: Omit<ResolvableCatalog, 'crosswalks'>,
  file = 'src/catalog/crosswalks.json',
): CrosswalksFile {
  const doc = parseFile(file, fileSchemas().crosswalksFile, raw);
  assertNoIssues(file, checkCrosswalks(doc, against));
  return doc;
}

/** A loaded file: which data version a snapshot (an approved SoA, say) was built from. */
export interface CatalogSource {
  file: string;
  id: string;
  version: string;
  sha256: string;
}

export interface Catalog {
  id: string;
  version: string;
  standard: string;
  provenance: string;
  /** Clauses 4–10 as a tree; leaves are `assessable`. */
  clauses: readonly ClauseNode[];
  /** Clause leaves then the 38 controls, in document order. */
  requirements: readonly Requirement[];
  annexA: { domains: readonly Domain[]; controls: readonly Control[] };
  annexC: { objectives: readonly AnnexCObjective[]; riskSources: readonly AnnexCRiskSource[] };
  lifecycle: readonly LifecycleStage[];
  sectors: readonly Sector[];
  frameworks: readonly Framework[];
  crosswalks: readonly Mapping[];
  /** What each relationship, confidence and provenance key in the crosswalk means. */
  legend: CrosswalksFile['legend'];
  sources: readonly CatalogSource[];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function load(): Catalog {
  // Checked by the build (CATALOG_CHECKED): the files as they are; else validated here.
  const isoSrc = readJson('iso42001.json');
  const iso = CATALOG_CHECKED
    ? (isoSrc.raw as Iso42001File)
    : parseIso42001(isoSrc.raw, isoSrc.file);
  const fwSrcs = FRAMEWORK_IDS.map((id) => ({ id, src: readJson(`frameworks/${id}.json`) }));
  const frameworks = fwSrcs.map(({ id, src }) =>
    CATALOG_CHECKED ? (src.raw as Framework) : parseFramework(src.raw, id, src.file),
  );
  const requirements = requirementsOf(iso);
  const cwSrc = readJson('crosswalks.json');
  const cw = CATALOG_CHECKED
    ? (cwSrc.raw as CrosswalksFile)
    : parseCrosswalks(cwSrc.raw, { requirements, frameworks }, cwSrc.file);
  const source = (file: string, doc: { id: string; version: string }, sha256: string) => ({
    file,
    id: doc.id,
    version: doc.version,
    sha256,
  });
  return deepFreeze({
    id: iso.id,
    version: iso.version,
    standard: iso.standard,
    provenance: iso.provenance,
    clauses: iso.clauses,
    requirements,
    annexA: iso.annexA,
    annexC: iso.annexC,
    lifecycle: iso.lifecycle.stages,
    sectors: iso.sectors.sectors,
    frameworks,
    crosswalks: cw.mappings,
    legend: cw.legend,
    sources: [
      source(isoSrc.file, iso, isoSrc.sha256),
      ...fwSrcs.map(({ src }, i) => source(src.file, frameworks[i]!, src.sha256)),
      source(cwSrc.file, cw, cwSrc.sha256),
    ],
  });
}

export const CATALOG: Catalog = load();
export const REQUIREMENTS = CATALOG.requirements;
export const CONTROLS = CATALOG.annexA.controls;
export const LIFECYCLE = CATALOG.lifecycle;
export const SECTORS = CATALOG.sectors;
export const FRAMEWORKS = CATALOG.frameworks;
export const CROSSWALKS = CATALOG.crosswalks;
export const CATALOG_SOURCES = CATALOG.sources;

const requirementById = new Map(REQUIREMENTS.map((r) => [r.id, r]));
const controlById = new Map(CONTROLS.map((c) => [c.id, c]));
const frameworkById = new Map(FRAMEWORKS.map((f) => [f.id, f]));
const entryByKey = new Map<string, FrameworkEntry>(
  FRAMEWORKS.flatMap((f) => f.entries.map((e) => [`${f.id}\u0000${e.ref}`, e] as const)),
);
const group = (key: (m: Mapping) => string) => {
  const out = new Map<string, Mapping[]>();
  for (const m of CROSSWALKS) {
    const list = out.get(key(m));
    if (list) list.push(m);
    else out.set(key(m), [m]);
  }
  return out;
};
const mappingsByFrom = group((m) => m.from);
const mappingsByTarget = group((m) => `${m.framework}\u0000${m.ref}`);

/** An assessable requirement (clause leaf or Annex A control) by id, e.g. `6.1.3` or `A.6.2.8`. */
export function requirement(id: string): Requirement | undefined {
  return requirementById.get(id);
}

/** An Annex A control with its guidance. */
export function control(id: string): Control | undefined {
  return controlById.get(id);
}

export function framework(id: string): Framework | undefined {
  return frameworkById.get(id as FrameworkId);
}

export function frameworkEntry(frameworkId: string, ref: string): FrameworkEntry | undefined {
  return entryByKey.get(`${frameworkId}\u0000${ref}`);
}

/** Every mapping from one ISO/IEC 42001 requirement, all frameworks. */
export function mappingsFor(requirementId: string): readonly Mapping[] {
  return mappingsByFrom.get(requirementId) ?? [];
}

/** Every mapping onto one framework entry (exact ref: `MAP 1` does not include `MAP 1.1`). */
export function mappingsTo(frameworkId: string, ref: string): readonly Mapping[] {
  return mappingsByTarget.get(`${frameworkId}\u0000${ref}`) ?? [];
}

/** The Annex A and Annex C identifiers and titles in the shape the risks, impact and SoA modules use. */
interface Annexes {
  id: string;
  version: string;
  standard: string;
  provenance: string;
  annexA: {
    domains: {
      id: string;
      title: string;
      objectives: { id: string; title: string }[];
      controls: { id: string; title: string }[];
    }[];
  };
  annexC: {
    objectives: { id: string; title: string }[];
    riskSources: { id: string; title: string }[];
  };
}

const idTitle = ({ id, title }: { id: string; title: string }) => ({ id, title });
export const ANNEXES: Annexes = deepFreeze({
  id: CATALOG.id,
  version: CATALOG.version,
  standard: CATALOG.standard,
  provenance: CATALOG.provenance,
  annexA: {
    domains: CATALOG.annexA.domains.map((d) => ({
      id: d.id,
      title: d.title,
      objectives: d.objectives.map(idTitle),
      controls: CONTROLS.filter((c) => c.domain === d.id).map(idTitle),
    })),
  },
  annexC: {
    objectives: CATALOG.annexC.objectives.map(idTitle),
    riskSources: CATALOG.annexC.riskSources.map(idTitle),
  },
});
export const ANNEX_A_CONTROL_IDS = ANNEXES.annexA.domains.flatMap((d) =>
  d.controls.map((c) => c.id),
);
export const ANNEX_C_OBJECTIVE_IDS = ANNEXES.annexC.objectives.map((o) => o.id);
export const ANNEX_C_SOURCE_IDS = ANNEXES.annexC.riskSources.map((o) => o.id);
export {
  DOCUMENT_PURPOSES,
  DOCUMENT_PURPOSE_KEYS,
  type DocumentPurpose,
} from './documented-information.js';
