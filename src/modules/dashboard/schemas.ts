import { z } from 'zod';
import { evidenceView } from '../evidence/index.js';
import { clockSummaryView } from '../incidents/index.js';
import { policyView } from '../policies/index.js';
import { frameworkTotals, gapsPageView, groupTally, tally } from '../readiness/index.js';
import { riskOverviewView } from '../risks/index.js';
import { scopeStatusView } from '../scope/index.js';

/** What the caller may not read is null, never an error for the whole dashboard. */
const part = <T extends z.ZodType>(schema: T, needs: string) =>
  schema.nullable().describe(`Null unless the caller may ${needs}.`);

export const dashboardView = z
  .object({
    readiness: z
      .object({ overall: tally, byGroup: z.array(groupTally) })
      .describe('As readiness.get, without the requirements.'),
    gaps: gapsPageView.describe('The first page of the gap list (10), as readiness.gaps.'),
    frameworks: z
      .array(frameworkTotals)
      .describe("Each framework's coverage as readiness.frameworks, without its entries."),
    aiSystems: part(
      z.object({
        total: z.number().int(),
        byStage: z.array(z.object({ stage: z.string().nullable(), count: z.number().int() })),
      }),
      'read AI systems (ai_systems.read)',
    ),
    policies: part(
      z.object({
        total: z.number().int(),
        unpublished: z.number().int().describe('Policies with no published version.'),
        overdue: z.number().int().describe('Published policies past their review date.'),
        overdueItems: z.array(policyView).describe('The first 10 of them, as policies.list.'),
      }),
      'read policies (policies.read)',
    ),
    scope: part(scopeStatusView, 'read the scope (scope.read)'),
    concerns: part(
      z.object({ open: z.number().int().describe('Concerns not resolved or dismissed.') }),
      'read concerns (concerns.read)',
    ),
    competences: part(
      z.object({
        membersMissing: z
          .number()
          .int()
          .describe('Members missing a competence their role requires, as competences.gaps.'),
      }),
      'read competences (competences.read)',
    ),
    evidenceExpiring: part(
      z.object({
        before: z.string().describe('The date (today + 30 days) the validity ends before.'),
        items: z.array(evidenceView).describe('The first 20, as evidence.list.'),
        more: z.boolean().describe('Whether more evidence expires before that date.'),
      }),
      'read evidence (evidence.read)',
    ),
    risks: part(riskOverviewView, 'read risks (risks.read)'),
    incidentClocks: part(
      clockSummaryView.describe('The first 10, as incidents.clocks.'),
      'read incidents (incidents.read)',
    ),
  })
  .meta({ id: 'Dashboard' });

export type DashboardView = z.infer<typeof dashboardView>;
