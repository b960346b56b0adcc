import { z } from 'zod';
import { uuid } from '../../api/route.js';

/** Inputs and answers of the interchange routes (the documents themselves are OSCAL and CycloneDX). */
export const systemParams = z.object({
  org: z.string().min(1).max(100).describe('Organization slug or id.'),
  aiSystemId: uuid.describe('The AI system.'),
});

export const dryRunQuery = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .describe('Only check the document and report what would be created.'),
});

const counts = z.object({
  created: z.number().int().describe('Records created (or, in a dry run, that would be).'),
  existing: z.number().int().describe('Already recorded (same name), left as they are.'),
});

export const bomImportResult = z
  .object({
    dryRun: z.boolean(),
    aiSystemId: z.string(),
    specVersion: z.string().describe('The CycloneDX version of the document.'),
    models: counts,
    datasets: counts,
    suppliers: counts,
    items: z
      .array(
        z.object({
          kind: z.enum(['model', 'dataset', 'supplier']),
          name: z.string(),
          pointer: z.string().describe('Where in the document it comes from (a JSON pointer).'),
          action: z.enum(['create', 'exists']),
        }),
      )
      .describe('What the document holds, each with what the import does with it.'),
  })
  .meta({ id: 'BomImportResult' });

/** The media type of CycloneDX JSON; application/json is accepted too. */
export const CYCLONEDX_TYPE = 'application/vnd.cyclonedx+json';
export const OSCAL_TYPE = 'application/oscal+json';
