import type { CatalogIssue } from './load.js';
import type { ClauseNode, CrosswalksFile, Framework, Iso42001File, Mapping } from './schema.js';

/**
 * Checks that need more than one entry at a time: ids unique, references between entries
 * resolvable. Each returns issues with the path of the offending field, so the loader can name it.
 */

function duplicates<T>(
  items: readonly T[],
  key: (t: T) => string,
  path: (i: number) => string,
  what: string,
): CatalogIssue[] {
  const seen = new Set<string>();
  const issues: CatalogIssue[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) issues.push({ path: path(i), message: `duplicate ${what} ${k}` });
    seen.add(k);
  });
  return issues;
}

function checkClauses(
  nodes: readonly ClauseNode[],
  path: string,
  parent: ClauseNode | null,
  issues: CatalogIssue[],
): void {
  nodes.forEach((node, i) => {
    const here = `${path}[${i}]`;
    if (parent && !node.id.startsWith(`${parent.id}.`))
      issues.push({
        path: `${here}.id`,
        message: `${node.id} is not numbered under its parent ${parent.id}`,
      });
    if (!parent && !/^\d+$/.test(node.id))
      issues.push({
        path: `${here}.id`,
        message: `top-level clause ${node.id} must be a single number`,
      });
    const leaf = !node.children;
    if (node.assessable !== leaf) {
      issues.push({
        path: `${here}.assessable`,
        message: `${node.id} must be ${leaf ? 'assessable (it is a leaf)' : 'not assessable (it has children)'}`,
      });
    }
    if (node.children) checkClauses(node.children, `${here}.children`, node, issues);
  });
}

function allClauseIds(nodes: readonly ClauseNode[]): string[] {
  return nodes.flatMap((n) => [n.id, ...allClauseIds(n.children ?? [])]);
}

/** Cross-references inside iso42001.json. */
export function checkIso42001(doc: Iso42001File): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  checkClauses(doc.clauses, 'clauses', null, issues);
  const clauseIds = allClauseIds(doc.clauses);
  issues.push(
    ...duplicates(
      clauseIds,
      (x) => x,
      () => 'clauses',
      'clause id',
    ),
  );

  const { domains, controls } = doc.annexA;
  issues.push(
    ...duplicates(
      domains,
      (d) => d.id,
      (i) => `annexA.domains[${i}].id`,
      'domain',
    ),
  );
  issues.push(
    ...duplicates(
      controls,
      (c) => c.id,
      (i) => `annexA.controls[${i}].id`,
      'control',
    ),
  );
  const objectiveIds = domains.flatMap((d) => d.objectives.map((o) => o.id));
  issues.push(
    ...duplicates(
      objectiveIds,
      (x) => x,
      () => 'annexA.domains',
      'objective',
    ),
  );

  const stageIds = new Set(doc.lifecycle.stages.map((s) => s.id));
  controls.forEach((c, i) => {
    const at = `annexA.controls[${i}]`;
    const domain = domains.find((d) => d.id === c.domain);
    if (!domain) {
      issues.push({ path: `${at}.domain`, message: `unknown domain ${c.domain}` });
      return;
    }
    if (!domain.objectives.some((o) => o.id === c.objective))
      issues.push({
        path: `${at}.objective`,
        message: `${c.objective} is not an objective of ${c.domain}`,
      });
    if (c.subgroup !== undefined) {
      const sub = domain.subgroups?.find((s) => s.id === c.subgroup);
      if (!sub)
        issues.push({
          path: `${at}.subgroup`,
          message: `${c.subgroup} is not a subgroup of ${c.domain}`,
        });
      else if (sub.objective !== c.objective)
        issues.push({
          path: `${at}.objective`,
          message: `subgroup ${sub.id} has objective ${sub.objective}`,
        });
    }
    if (!c.id.startsWith(`${c.subgroup ?? c.domain}.`))
      issues.push({
        path: `${at}.id`,
        message: `${c.id} is not numbered under ${c.subgroup ?? c.domain}`,
      });
    c.lifecycleStages.forEach((s, j) => {
      if (!stageIds.has(s))
        issues.push({
          path: `${at}.lifecycleStages[${j}]`,
          message: `unknown life cycle stage ${s}`,
        });
    });
    issues.push(
      ...duplicates(
        c.lifecycleStages,
        (x) => x,
        (j) => `${at}.lifecycleStages[${j}]`,
        'stage',
      ),
    );
  });
  domains.forEach((d, i) =>
    d.subgroups?.forEach((s, j) => {
      if (!d.objectives.some((o) => o.id === s.objective))
        issues.push({
          path: `annexA.domains[${i}].subgroups[${j}].objective`,
          message: `${s.objective} is not an objective of ${d.id}`,
        });
    }),
  );

  const cObjectives = new Set(doc.annexC.objectives.map((o) => o.id));
  issues.push(
    ...duplicates(
      doc.annexC.objectives,
      (o) => o.id,
      (i) => `annexC.objectives[${i}].id`,
      'objective',
    ),
  );
  issues.push(
    ...duplicates(
      doc.annexC.riskSources,
      (o) => o.id,
      (i) => `annexC.riskSources[${i}].id`,
      'risk source',
    ),
  );
  doc.annexC.riskSources.forEach((r, i) =>
    r.relatedObjectives.forEach((o, j) => {
      if (!cObjectives.has(o))
        issues.push({
          path: `annexC.riskSources[${i}].relatedObjectives[${j}]`,
          message: `unknown Annex C objective ${o}`,
        });
    }),
  );

  issues.push(
    ...duplicates(
      doc.lifecycle.stages,
      (s) => s.id,
      (i) => `lifecycle.stages[${i}].id`,
      'stage',
    ),
  );
  doc.lifecycle.stages.forEach((s, i) => {
    if (s.order !== i + 1)
      issues.push({
        path: `lifecycle.stages[${i}].order`,
        message: `expected ${i + 1}: stages are listed in order`,
      });
  });
  issues.push(
    ...duplicates(
      doc.sectors.sectors,
      (s) => s.id,
      (i) => `sectors.sectors[${i}].id`,
      'sector',
    ),
  );
  return issues;
}

/** Entries of one framework file: the id matches the file name, refs are unique, parents exist. */
export function checkFramework(fw: Framework, expectedId: string): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  if (fw.id !== expectedId)
    issues.push({ path: 'id', message: `is ${fw.id} but the file is named ${expectedId}.json` });
  issues.push(
    ...duplicates(
      fw.entries,
      (e) => e.ref,
      (i) => `entries[${i}].ref`,
      'ref',
    ),
  );
  const refs = new Set(fw.entries.map((e) => e.ref));
  fw.entries.forEach((e, i) => {
    if (e.parent !== undefined && !refs.has(e.parent))
      issues.push({ path: `entries[${i}].parent`, message: `unknown parent ${e.parent}` });
  });
  return issues;
}

/** What unresolvedMappings needs: the requirement ids, the framework entries and the mappings. */
export interface ResolvableCatalog {
  requirements: readonly { id: string }[];
  frameworks: readonly { id: string; entries: readonly { ref: string }[] }[];
  crosswalks: readonly Mapping[];
}

export interface UnresolvedMapping {
  /** Position in `catalog.crosswalks`. */
  index: number;
  mapping: Mapping;
  reason: 'unknown-requirement' | 'unknown-framework' | 'unknown-ref';
}

/** The mappings whose ISO/IEC 42001 requirement or framework entry does not exist. Empty when all resolve. */
export function unresolvedMappings(catalog: ResolvableCatalog): UnresolvedMapping[] {
  const requirementIds = new Set(catalog.requirements.map((r) => r.id));
  const refs = new Map(catalog.frameworks.map((f) => [f.id, new Set(f.entries.map((e) => e.ref))]));
  const broken: UnresolvedMapping[] = [];
  catalog.crosswalks.forEach((mapping, index) => {
    const targets = refs.get(mapping.framework);
    if (!requirementIds.has(mapping.from))
      broken.push({ index, mapping, reason: 'unknown-requirement' });
    else if (!targets) broken.push({ index, mapping, reason: 'unknown-framework' });
    else if (!targets.has(mapping.ref)) broken.push({ index, mapping, reason: 'unknown-ref' });
  });
  return broken;
}

/** crosswalks.json against the rest of the catalog: resolvable, no duplicate pairs, sources in the legend. */
export function checkCrosswalks(
  file: CrosswalksFile,
  catalog: Omit<ResolvableCatalog, 'crosswalks'>,
): CatalogIssue[] {
  const issues: CatalogIssue[] = unresolvedMappings({ ...catalog, crosswalks: file.mappings }).map(
    ({ index, mapping, reason }) =>
      reason === 'unknown-requirement'
        ? {
            path: `mappings[${index}].from`,
            message: `unknown ISO/IEC 42001 requirement ${mapping.from}`,
          }
        : reason === 'unknown-framework'
          ? {
              path: `mappings[${index}].framework`,
              message: `no framework file for ${mapping.framework}`,
            }
          : {
              path: `mappings[${index}].ref`,
              message: `${mapping.ref} is not an entry of frameworks/${mapping.framework}.json`,
            },
  );
  issues.push(
    ...duplicates(
      file.mappings,
      (m) => `${m.from} → ${m.framework} ${m.ref}`,
      (i) => `mappings[${i}]`,
      'mapping',
    ),
  );
  file.mappings.forEach((m, i) => {
    if ((m.relationship === undefined) !== (m.confidence === undefined))
      issues.push({
        path: `mappings[${i}]`,
        message: `${m.from} → ${m.framework} ${m.ref} states ${m.relationship ? 'a relationship without a confidence' : 'a confidence without a relationship'}; give both or neither`,
      });
  });
  const sources = new Set(Object.keys(file.legend.provenance));
  file.mappings.forEach((m, i) =>
    m.provenance.forEach((p, j) => {
      if (!sources.has(p))
        issues.push({
          path: `mappings[${i}].provenance[${j}]`,
          message: `source ${p} is not in legend.provenance`,
        });
    }),
  );
  return issues;
}
