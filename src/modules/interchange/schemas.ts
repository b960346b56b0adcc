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

export const catalogImportQuery = dryRunQuery.extend({
  key: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,39}$/)
    .optional()
    .describe(
      'The key its controls are named with (<key>:<control-id>); by default the one it has, or one made from the title.',
    ),
});

export const importQuery = dryRunQuery.extend({
  aiSystemId: uuid.describe('The AI system the models, datasets and suppliers are recorded for.'),
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

/** The media types of CycloneDX JSON and OSCAL JSON (imports take them as text). */
export const CYCLONEDX_TYPE = 'application/vnd.cyclonedx+json';
export const OSCAL_TYPE = 'application/oscal+json';

export const frameworkView = z
  .object({
    id: z.string(),
    version: z.number().int(),
    sourceUuid: z.string().describe('The UUID of the imported OSCAL catalog.'),
    key: z
      .string()
      .nullable()
      .describe(
        'Evidence and crosswalks name its controls <key>:<control-id>; null for a framework imported before keys, until imported again.',
      ),
    title: z.string(),
    frameworkVersion: z.string().describe('The catalog version.'),
    oscalVersion: z.string(),
    groups: z.number().int().describe('Groups in the catalog.'),
    controls: z.number().int().describe('Controls in the catalog (nested ones too).'),
    crosswalks: z
      .array(
        z.object({
          ref: z.string(),
          requirement: z.string(),
          relationship: z.string(),
          confidence: z.string(),
        }),
      )
      .describe('The pairs stated from ISO/IEC 42001 requirements onto its controls.'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ImportedFramework' });

export const catalogImportResult = z
  .object({
    dryRun: z.boolean(),
    action: z.enum(['create', 'update']).describe('A new framework, or the same catalog again.'),
    framework: frameworkView
      .omit({ id: true, version: true, createdAt: true, updatedAt: true, crosswalks: true })
      .extend({ id: z.string().nullable().describe('Null in a dry run of a new framework.') }),
  })
  .meta({ id: 'CatalogImportResult' });

export const componentImportResult = z
  .object({
    dryRun: z.boolean(),
    oscalVersion: z.string().describe('The OSCAL version of the document.'),
    systems: z
      .array(
        z.object({
          pointer: z.string().describe('The component (a JSON pointer).'),
          name: z.string(),
          action: z
            .enum(['create', 'match'])
            .describe('A new AI system, or the one it was exported from or of the same name.'),
          aiSystemId: z.string().nullable().describe('Null for a new system in a dry run.'),
        }),
      )
      .describe('Each component as an AI system.'),
    controls: z
      .array(
        z.object({
          pointer: z.string().describe('The implemented requirement (a JSON pointer).'),
          system: z.string().describe('The component that states it.'),
          controlId: z.string(),
          action: z.enum(['create', 'update', 'unchanged']),
          applicable: z.boolean(),
          implementationStatus: z.string(),
        }),
      )
      .describe('Each implemented requirement as a decision of the Statement of Applicability.'),
  })
  .meta({ id: 'ComponentImportResult' });
