import { z } from 'zod';
import { CONFIDENCE, RELATIONSHIPS, requirement } from '../../catalog/index.js';
import { decodeJson, encodeJson } from '../../db/json.js';
import { orgCommand } from '../../kernel/commands.js';
import { AppError, type FieldError } from '../../kernel/errors.js';
import { uuidSchema } from '../../kernel/ids.js';
import { insertRecord, loadRecord, updateRecord } from '../../kernel/records.js';
import { KEY_RE, RESERVED_KEYS } from './framework-keys.js';
import { oscalFrameworkByKey, oscalFrameworkBySource } from './queries.js';

export const frameworkKey = z
  .string()
  .regex(KEY_RE, 'Lower-case letters, digits and hyphens, a letter first (2 to 40).')
  .describe('The key its controls are named with: <key>:<control-id>, e.g. nist-800-53:ac-2.');

/**
 * Records a framework read from an OSCAL catalog (planCatalog): a new one, or the same catalog
 * (by its UUID) again with its title, version, key and entries replaced; crosswalk pairs onto
 * controls the catalog no longer has are dropped.
 */
export const importFramework = orgCommand({
  action: 'frameworks.import',
  input: z
    .object({
      sourceUuid: z.string().uuid().describe('The catalog UUID.'),
      key: frameworkKey,
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
    const existing = await oscalFrameworkBySource(tx.db, orgId, input.sourceUuid);
    const holder = await oscalFrameworkByKey(tx.db, orgId, input.key);
    if (RESERVED_KEYS.includes(input.key) || (holder && holder.id !== existing?.id))
      throw new AppError('CONFLICT', `The framework key ${input.key} is taken.`, [
        { pointer: '/query/key', message: 'Taken: choose another key.' },
      ]);
    const controls = new Set(input.entries.filter((e) => e.kind === 'control').map((e) => e.ref));
    const values = {
      key: input.key,
      title: input.title,
      framework_version: input.version,
      oscal_version: input.oscalVersion,
      entries: encodeJson(input.entries),
    };
    if (existing) {
      const kept = (existing.crosswalks ? decodeJson(existing.crosswalks) : []).filter((c) =>
        controls.has(c.ref),
      );
      return updateRecord(tx, orgId, 'oscal_frameworks', existing, {
        ...values,
        crosswalks: encodeJson(kept),
      });
    }
    return insertRecord(tx, orgId, 'oscal_frameworks', {
      source_uuid: input.sourceUuid,
      ...values,
      crosswalks: encodeJson([]),
    });
  },
});

export const crosswalkPair = z
  .object({
    ref: z.string().min(1).max(200).describe('A control of the imported framework (ac-2).'),
    requirement: z
      .string()
      .min(1)
      .max(30)
      .describe('An ISO/IEC 42001 requirement: a clause (6.1.3) or an Annex A control (A.6.2.8).'),
    relationship: z.enum(RELATIONSHIPS).describe('How the requirement relates to the control.'),
    confidence: z.enum(CONFIDENCE).describe('How sure that is.'),
  })
  .strict();

/**
 * States the organization's crosswalk from ISO/IEC 42001 onto an imported framework: the whole
 * list of pairs, replaced (If-Match). Meeting a requirement credits the control as a catalog
 * crosswalk does: equivalent or intersects, with medium or high confidence.
 */
export const setCrosswalks = orgCommand({
  action: 'frameworks.map',
  input: z
    .object({
      frameworkId: uuidSchema.describe('The imported framework.'),
      items: z.array(crosswalkPair).max(5000).describe('Every pair, replacing those before.'),
    })
    .strict(),
  pathIds: ['frameworkId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const f = await loadRecord(tx.db, 'oscal_frameworks', orgId, input.frameworkId, 'framework');
    tx.expectVersion(f.version);
    const controls = new Set(
      decodeJson(f.entries)
        .filter((e) => e.kind === 'control')
        .map((e) => e.ref),
    );
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    input.items.forEach((c, i) => {
      if (!controls.has(c.ref))
        errors.push({
          pointer: `/body/items/${i}/ref`,
          message: `${c.ref} is not a control of ${f.title}.`,
        });
      if (!requirement(c.requirement))
        errors.push({
          pointer: `/body/items/${i}/requirement`,
          message: `${c.requirement} is not an ISO/IEC 42001 requirement (6.1.3, A.6.2.8).`,
        });
      const pair = `${c.ref}\u0000${c.requirement}`;
      if (seen.has(pair))
        errors.push({ pointer: `/body/items/${i}`, message: 'The same pair is given twice.' });
      seen.add(pair);
    });
    if (errors.length)
      throw new AppError('UNKNOWN_REFERENCE', 'Some pairs name what does not exist.', errors);
    return updateRecord(tx, orgId, 'oscal_frameworks', f, {
      crosswalks: encodeJson(input.items),
    });
  },
});
