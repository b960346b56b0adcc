import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { CATALOG, CONFIDENCE, RELATIONSHIPS } from '../../catalog/index.js';
import { defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import { canReadEntity } from '../../kernel/authorize.js';
import { today } from '../../kernel/records.js';
import { frameworkRequirementEvidence, validityOn } from '../evidence/index.js';
import {
  coverage,
  STATED_BY_ORGANIZATION,
  type DirectEvidence,
  type FrameworkCoverage,
} from './coverage.js';
import { importedFrameworks } from './queries-frameworks.js';
import type { RequirementResult } from './engine.js';
import { evaluateShared } from './shared.js';

const requirementStatus = z.enum(['met', 'partial', 'missing', 'not_applicable']);

const link = z
  .object({
    requirement: z.string().describe('The ISO/IEC 42001 requirement (6.1.2, A.6.2.8).'),
    requirementTitle: z.string(),
    status: requirementStatus.describe("The requirement's readiness."),
    relationship: z
      .enum(RELATIONSHIPS)
      .nullable()
      .describe('As its source states it; null when no source states one.'),
    confidence: z
      .enum(CONFIDENCE)
      .nullable()
      .describe('As its source states it; null when no source states one.'),
    provenance: z.array(z.string()).describe('Source keys, explained in `legend.provenance`.'),
    counts: z
      .boolean()
      .describe(
        'Whether meeting the requirement counts for the entry (equivalent or intersects, medium or high confidence); otherwise the link is a pointer only.',
      ),
  })
  .meta({ id: 'CoverageLink' });

const entry = z.object({
  ref: z.string(),
  title: z.string(),
  status: z
    .enum(['met', 'partial', 'missing', 'not_credited', 'not_applicable'])
    .describe(
      'met: valid evidence linked to the entry, or every counting requirement met; not_credited: reached by pointers only.',
    ),
  linked: z.number().int().describe('Applicable requirements whose links count.'),
  met: z.number().int(),
  partial: z.number().int(),
  requirements: z.array(z.string()).describe('The applicable requirements whose links count.'),
  links: z.array(link),
  evidence: z
    .array(
      z.object({
        id: z.string(),
        title: z.string(),
        state: z.enum(['valid', 'expired', 'not_yet_valid']),
      }),
    )
    .describe('Evidence linked to this entry directly; only valid evidence counts.'),
});

/** A framework's coverage in figures (the dashboard shows these; the entries come with the route). */
export const frameworkTotals = z.object({
  id: z.string(),
  title: z.string(),
  reached: z
    .number()
    .int()
    .describe('Entries reached by a link or by direct evidence, not applicable ones left out.'),
  met: z.number().int(),
  partial: z.number().int(),
  missing: z.number().int(),
  notCredited: z.number().int().describe('Entries reached by pointers only.'),
  coverage: z.number().describe('Percent of the entries reached: met 1, partial ½.'),
});

const legendText = z.record(z.string(), z.string());

/** The evidence linked directly to other frameworks' entries, keyed `<framework>:<ref>`. */
function directEvidence(
  rows: Awaited<ReturnType<typeof frameworkRequirementEvidence>>,
  day: string,
  named: boolean,
) {
  const out = new Map<string, DirectEvidence[]>();
  for (const r of rows) {
    const item = {
      id: named ? r.id : '',
      title: named ? r.title : 'Evidence',
      state: validityOn(r, day),
    };
    const list = out.get(r.target_id);
    if (list) list.push(item);
    else out.set(r.target_id, [item]);
  }
  return out;
}

/**
 * Coverage computed once per shared evaluation (evaluateShared gives the same results for the
 * same ledger head and minute; the evidence it reads is ledgered too) and per whether the caller
 * may see evidence named: concurrent callers share it as they share the readiness.
 */
const computed = new WeakMap<RequirementResult[], Map<boolean, Promise<FrameworkCoverage[]>>>();

/** Each framework's coverage with its entries, as the caller may see it (evidence named or not). */
export async function frameworksFor(
  db: Kysely<DB>,
  access: OrgAccess,
  now: Date,
): Promise<FrameworkCoverage[]> {
  const results = await evaluateShared(db, access.orgId, now);
  const named = canReadEntity(access, 'evidence');
  let byNamed = computed.get(results);
  if (!byNamed) computed.set(results, (byNamed = new Map()));
  let out = byNamed.get(named);
  if (!out) {
    const day = today(new Date(Math.floor(now.getTime() / 60_000) * 60_000));
    out = Promise.all([
      frameworkRequirementEvidence(db, access.orgId),
      importedFrameworks(db, access.orgId),
    ]).then(([rows, imported]) => coverage(results, directEvidence(rows, day, named), imported));
    byNamed.set(named, out);
    out.catch(() => {
      if (byNamed.get(named) === out) byNamed.delete(named);
    });
  }
  return out;
}

export const coverageRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/readiness/frameworks',
    operationId: 'readiness.frameworks',
    summary:
      "Each other framework's coverage: credited through strong crosswalk links from met requirements or through evidence linked to its entries, with every weaker link shown as a pointer",
    tag: 'readiness',
    auth: 'org',
    action: 'readiness.read',
    params: orgParam,
    response: {
      status: 200,
      schema: z.object({
        items: z.array(frameworkTotals.extend({ entries: z.array(entry) })),
        legend: z
          .object({ relationship: legendText, confidence: legendText, provenance: legendText })
          .describe('What each relationship, confidence and provenance key means.'),
      }),
      description: 'Coverage per framework and entry.',
    },
    async handler({ services, access }) {
      return {
        body: {
          items: await frameworksFor(services.database.db, access, services.now()),
          legend: {
            relationship: { ...CATALOG.legend.relationship },
            confidence: { ...CATALOG.legend.confidence },
            provenance: {
              ...CATALOG.legend.provenance,
              [STATED_BY_ORGANIZATION]:
                'Stated by the organization for a framework it imported as an OSCAL catalog.',
            },
          },
        },
      };
    },
  }),
];
