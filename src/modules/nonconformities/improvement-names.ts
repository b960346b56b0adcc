import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { isNamedTable, NameWants, pickNames, resolveNames } from '../../kernel/names.js';
import {
  toImprovementView,
  type ImprovementRow,
  type ImprovementView,
} from './improvement-schemas.js';
import { SOURCE_TABLES } from './references.js';

/** The named table an opportunity's source record lives in, if it has one. */
const sourceTable = (r: ImprovementRow) => {
  const table = r.source_id ? SOURCE_TABLES[r.source_type] : undefined;
  return table && isNamedTable(table) ? table : null;
};

/**
 * Opportunities for improvement as views, with the names of what they refer to (their owner, who
 * decided, the record they came from), read at once for all of them, one query per kind.
 */
export async function improvementViews(
  db: Kysely<DB>,
  access: OrgAccess,
  rows: ImprovementRow[],
  today: string,
): Promise<ImprovementView[]> {
  const wants = new NameWants().add(
    'memberships',
    rows.flatMap((r) => [r.owner_member_id, r.decided_by_member_id]),
  );
  for (const r of rows) {
    const table = sourceTable(r);
    if (table) wants.add(table, r.source_id);
  }
  const all = await resolveNames(db, access, wants);
  return rows.map((r) =>
    toImprovementView(
      r,
      access,
      today,
      pickNames(all, [r.owner_member_id, r.decided_by_member_id, sourceTable(r) && r.source_id]),
    ),
  );
}

export const improvementViewOf = async (
  db: Kysely<DB>,
  access: OrgAccess,
  r: ImprovementRow,
  today: string,
) => (await improvementViews(db, access, [r], today))[0]!;
