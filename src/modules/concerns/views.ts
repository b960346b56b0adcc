import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { NameWants, namesWanted, resolveNames } from '../../kernel/names.js';
import { toConcernView, type ConcernRow, type ConcernView } from './schemas.js';

/**
 * What a concern refers to, for its names: its AI system, its owner and its reporter — never the
 * reporter of an anonymous report (whose id is not kept; checked here as well).
 */
function concernWants(c: ConcernRow, w = new NameWants()): NameWants {
  return w
    .add('ai_systems', c.ai_system_id)
    .add('memberships', [c.owner_member_id, c.anonymous === 1 ? null : c.reporter_member_id]);
}

/** Concerns as views, with the names of what they refer to read at once for the page. */
export async function concernViews(
  db: Kysely<DB>,
  access: OrgAccess,
  rows: ConcernRow[],
): Promise<ConcernView[]> {
  const wants = new Map(rows.map((c) => [c.id, concernWants(c)]));
  const all = new NameWants();
  for (const w of wants.values()) for (const [source, set] of w.wanted) all.add(source, [...set]);
  const names = await resolveNames(db, access, all);
  return rows.map((c) => toConcernView(c, namesWanted(names, wants.get(c.id)!)));
}

/** One concern as a view, with its names. */
export async function concernViewOf(
  db: Kysely<DB>,
  access: OrgAccess,
  c: ConcernRow,
): Promise<ConcernView> {
  return (await concernViews(db, access, [c]))[0]!;
}
