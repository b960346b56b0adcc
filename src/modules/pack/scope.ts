import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, type FieldError } from '../../kernel/errors.js';
import type { ManifestScope } from './format.js';
import * as Q from './queries.js';

/**
 * A pack's scope: the AI systems (by id or name) the pack is about. It narrows the report PDF's
 * sections that are about systems (risks, impact assessments, incidents) to the records linked
 * to them; the ledger segment, the records as JSON and CSV and the evidence stay whole, since the
 * verifier needs them all to recompute the replay. The signed manifest says which systems were
 * packed and what the scope narrowed.
 */
export const SCOPE_NARROWS = ['report.pdf'];

/** The AI system ids of `wanted` (ids or names); an unknown one is a 422 with its pointer. */
export async function resolveScope(
  db: Kysely<DB>,
  orgId: string,
  wanted: string[],
  pointer = '/body/scope',
): Promise<string[]> {
  const found = await Q.aiSystemsNamed(db, orgId, wanted);
  const ids = new Set<string>();
  const errors: FieldError[] = [];
  for (const [i, w] of wanted.entries()) {
    const byId = found.find((s) => s.id === w);
    const byName = found.filter((s) => s.name === w);
    if (byId) ids.add(byId.id);
    else if (byName.length === 1) ids.add(byName[0]!.id);
    else
      errors.push({
        pointer: `${pointer}/${i}`,
        message:
          byName.length > 1
            ? `more than one AI system is named "${w}": give its id`
            : `no AI system "${w}" in this organization`,
      });
  }
  if (errors.length)
    throw new AppError(
      'UNKNOWN_REFERENCE',
      `Unknown AI system in the scope: ${errors.map((e) => e.message).join('; ')}.`,
      errors,
    );
  return [...ids];
}

/** The manifest's scope: the systems as they were at the pack's moment (from its records). */
export function manifestScope(ids: string[], systems: Map<string, string>): ManifestScope {
  const missing = ids.filter((id) => !systems.has(id));
  if (missing.length)
    throw new AppError(
      'UNKNOWN_REFERENCE',
      `the AI system ${missing.join(', ')} did not exist yet at the pack's moment`,
      missing.map((id) => ({
        pointer: `/body/scope/${ids.indexOf(id)}`,
        message: 'not yet recorded',
      })),
    );
  return {
    ai_systems: ids
      .map((id) => ({ id, name: systems.get(id)! }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1)),
    narrows: SCOPE_NARROWS,
  };
}

/** The scope in words, for titles. */
export const scopeTitle = (s: ManifestScope | null | undefined) =>
  s ? ` (scope: ${s.ai_systems.map((x) => x.name).join(', ')})` : '';
