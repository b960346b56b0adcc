import { z } from 'zod';
import { NAME_COLUMN, type NamedTable } from '../../kernel/names.js';

/**
 * What can be looked up by name: every kind of record that has a name (by its table's name, as a
 * register field's `ref` and an evidence record reference say it), members, and the catalog's
 * Annex A controls and clauses.
 */
export const LOOKUP_TYPES = [
  'members',
  'controls',
  'requirements',
  ...(Object.keys(NAME_COLUMN) as NamedTable[]),
] as const;
export type LookupType = (typeof LOOKUP_TYPES)[number];

export const lookupQuery = z.object({
  type: z
    .enum(LOOKUP_TYPES as unknown as [LookupType, ...LookupType[]])
    .describe(
      'The kind of record: members, controls (Annex A), requirements (clauses), or a table such as ai_systems, risks, policies, evidence.',
    ),
  q: z
    .string()
    .trim()
    .max(200)
    .default('')
    .describe(
      'Text to match, in any case: part of the name or title, the start of the id, or the start of the readable identifier (R-0042) where records have one. Empty: the first by name.',
    ),
  limit: z.coerce.number().int().min(1).max(50).default(20).describe('At most this many (1–50).'),
});
export type LookupQuery = z.infer<typeof lookupQuery>;

export const lookupItem = z
  .object({
    id: z.string().describe('The id to store in a reference.'),
    type: z.string().describe('The kind, as asked.'),
    name: z.string().describe('Its name or title (a member: display name, else email).'),
    ref: z.string().optional().describe('Its readable identifier, where records have one.'),
    detail: z.string().optional().describe('A second line: a member’s email, a control’s domain.'),
  })
  .meta({ id: 'LookupItem' });
export type LookupItem = z.infer<typeof lookupItem>;

export const lookupView = z.object({ items: z.array(lookupItem) });
