import { z } from 'zod';

export const catalogInfoView = z.object({
  id: z.string(),
  version: z.string(),
  standard: z.string(),
  provenance: z.string(),
  sources: z.array(
    z.object({ file: z.string(), id: z.string(), version: z.string(), sha256: z.string() }),
  ),
  lifecycle: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      order: z.number(),
      optional: z.boolean(),
      summary: z.string(),
    }),
  ),
  sectors: z.array(z.object({ id: z.string(), title: z.string(), note: z.string() })),
  annexA: z
    .object({ domains: z.array(z.object({ id: z.string(), title: z.string() })) })
    .describe('Annex A: its domains (A.2 … A.10) with their titles.'),
  annexC: z
    .object({
      objectives: z.array(z.object({ id: z.string(), title: z.string() })),
      riskSources: z.array(z.object({ id: z.string(), title: z.string() })),
    })
    .describe(
      'Annex C: the organizational objectives and the risk sources a risk names (by id), with their titles.',
    ),
});

export const requirementView = z.object({
  id: z.string(),
  kind: z.enum(['clause', 'control']),
  title: z.string(),
  parentId: z.string(),
  domain: z.string().optional(),
});

export const controlView = z.object({
  id: z.string(),
  title: z.string(),
  domain: z.string(),
  objective: z.string().describe('The Annex A objective the control serves (its identifier).'),
  objectiveTitle: z.string().describe('The title of that objective.'),
  objectiveSummary: z.string().describe("What the objective is for, in aims's words."),
  lifecycleStages: z.array(z.string()),
  guidance: z.object({ do: z.string(), evidence: z.string() }),
});
