import { z } from 'zod';
import { encodeJson } from '../../db/json.js';
import { orgCommand } from '../../kernel/commands.js';
import { insertRecord, updateRecord } from '../../kernel/records.js';
import { oscalFrameworkBySource } from './queries.js';

/**
 * Records a framework read from an OSCAL catalog (planCatalog): a new one, or the same catalog
 * (by its UUID) again with its title, version and entries replaced.
 */
export const importFramework = orgCommand({
  action: 'frameworks.import',
  input: z
    .object({
      sourceUuid: z.string().uuid().describe('The catalog UUID.'),
      title: z.string().min(1).max(500).describe('The catalog title.'),
      version: z.string().min(1).max(100).describe('The catalog version.'),
      oscalVersion: z.string().min(1).max(20).describe('The OSCAL version of the catalog.'),
      entries: z
        .array(
          z.object({
            ref: z.string().min(1).max(200),
            title: z.string().min(1).max(2000),
            kind: z.enum(['group', 'control']),
            parent: z.string().max(200).optional(),
            label: z.string().max(200).optional(),
          }),
        )
        .min(1)
        .max(20_000)
        .describe('Groups and controls.'),
    })
    .strict(),
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const values = {
      title: input.title,
      framework_version: input.version,
      oscal_version: input.oscalVersion,
      entries: encodeJson(input.entries),
    };
    const existing = await oscalFrameworkBySource(tx.db, orgId, input.sourceUuid);
    if (existing) return updateRecord(tx, orgId, 'oscal_frameworks', existing, values);
    return insertRecord(tx, orgId, 'oscal_frameworks', {
      source_uuid: input.sourceUuid,
      ...values,
    });
  },
});
