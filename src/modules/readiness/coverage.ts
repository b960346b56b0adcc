import {
  FRAMEWORKS,
  credits,
  mappingsTo,
  requirement,
  type Confidence,
  type Relationship,
} from '../../catalog/index.js';
import type { StoredCrosswalk } from '../../db/tables.js';
import type { RequirementResult } from './engine.js';

/**
 * Coverage of other frameworks. A framework entry is credited in two ways only: through crosswalk
 * links strong enough to count (equivalent or intersects, medium or high confidence; see
 * `credits` in the catalog) from ISO/IEC 42001 requirements that are met, or through valid
 * evidence linked to the entry itself. Every other link is shown as a pointer, never as credit.
 */

export type EntryStatus = 'met' | 'partial' | 'missing' | 'not_credited' | 'not_applicable';

/** One crosswalk link onto an entry, with where it comes from and whether it counts. */
export interface CoverageLink {
  requirement: string;
  requirementTitle: string;
  /** The ISO/IEC 42001 requirement's readiness. */
  status: RequirementResult['status'];
  relationship: Relationship | null;
  confidence: Confidence | null;
  provenance: string[];
  counts: boolean;
}

/** A piece of evidence linked to the entry directly. */
export interface DirectEvidence {
  id: string;
  title: string;
  state: 'valid' | 'expired' | 'not_yet_valid';
}

export interface CoverageEntry {
  ref: string;
  title: string;
  /** met: valid direct evidence, or every counting requirement met; not_credited: pointers only. */
  status: EntryStatus;
  /** Counting links from applicable requirements, and how many of those requirements are met or partly met. */
  linked: number;
  met: number;
  partial: number;
  /** The requirements of the counting links (not applicable ones left out). */
  requirements: string[];
  links: CoverageLink[];
  evidence: DirectEvidence[];
}

export interface FrameworkCoverage {
  id: string;
  title: string;
  /** Entries reached by a link or by direct evidence, not applicable ones left out. */
  reached: number;
  met: number;
  partial: number;
  missing: number;
  /** Entries reached only by pointers: nothing the organization did counts for them yet. */
  notCredited: number;
  /** Percent of the entries reached: met counts 1, partial ½. */
  coverage: number;
  entries: CoverageEntry[];
}

function entryStatus(links: CoverageLink[], evidence: DirectEvidence[]): EntryStatus {
  if (evidence.some((e) => e.state === 'valid')) return 'met';
  const counting = links.filter((l) => l.counts);
  const applicable = counting.filter((l) => l.status !== 'not_applicable');
  if (counting.length === 0) return 'not_credited';
  if (applicable.length === 0) return 'not_applicable';
  if (applicable.every((l) => l.status === 'met')) return 'met';
  if (applicable.some((l) => l.status === 'met' || l.status === 'partial')) return 'partial';
  return 'missing';
}

/** A framework the organization imported (an OSCAL catalog), with the crosswalk it stated onto it. */
export interface ImportedFramework {
  id: string;
  title: string;
  entries: readonly { ref: string; title: string; kind: string }[];
  crosswalks: readonly StoredCrosswalk[];
}

/** The provenance key of crosswalk pairs an organization stated itself. */
export const STATED_BY_ORGANIZATION = 'organization';

/**
 * Each framework's coverage from the requirement results and the evidence linked directly to its
 * entries (keyed `<framework>:<ref>`): the catalog's frameworks, then those the organization
 * imported (keyed by their key), credited by the same rule through the pairs it stated.
 */
export function coverage(
  results: RequirementResult[],
  direct: ReadonlyMap<string, DirectEvidence[]> = new Map(),
  imported: readonly ImportedFramework[] = [],
): FrameworkCoverage[] {
  const status = new Map(results.map((r) => [r.id, r.status]));
  const all = [
    ...FRAMEWORKS.map((f) => ({
      id: f.id,
      title: f.title,
      entries: f.entries,
      mappings: (ref: string) => mappingsTo(f.id, ref),
    })),
    ...imported.map((f) => ({
      id: f.id,
      title: f.title,
      entries: f.entries,
      mappings: (ref: string) =>
        f.crosswalks
          .filter((c) => c.ref === ref)
          .map((c) => ({
            from: c.requirement,
            relationship: c.relationship,
            confidence: c.confidence,
            provenance: [STATED_BY_ORGANIZATION],
          })),
    })),
  ];
  return all.map((f) => {
    const entries = f.entries
      .filter((e) => e.kind !== 'group')
      .map((e): CoverageEntry => {
        const links = f.mappings(e.ref).map((m): CoverageLink => ({
          requirement: m.from,
          requirementTitle: requirement(m.from)?.title ?? m.from,
          status: status.get(m.from) ?? 'missing',
          relationship: m.relationship ?? null,
          confidence: m.confidence ?? null,
          provenance: [...m.provenance],
          counts: credits(m),
        }));
        const evidence = direct.get(`${f.id}:${e.ref}`) ?? [];
        const counted = links.filter((l) => l.counts && l.status !== 'not_applicable');
        const ids = [...new Set(counted.map((l) => l.requirement))];
        return {
          ref: e.ref,
          title: e.title,
          status: entryStatus(links, evidence),
          linked: ids.length,
          met: ids.filter((id) => status.get(id) === 'met').length,
          partial: ids.filter((id) => status.get(id) === 'partial').length,
          requirements: ids,
          links,
          evidence,
        };
      })
      .filter((e) => e.links.length > 0 || e.evidence.length > 0);
    const count = (s: EntryStatus) => entries.filter((e) => e.status === s).length;
    const [met, partial, missing, notCredited] = [
      count('met'),
      count('partial'),
      count('missing'),
      count('not_credited'),
    ];
    const reached = met + partial + missing + notCredited;
    return {
      id: f.id,
      title: f.title,
      reached,
      met,
      partial,
      missing,
      notCredited,
      coverage: reached ? Math.round(((met + partial / 2) / reached) * 1000) / 10 : 0,
      entries,
    };
  });
}
