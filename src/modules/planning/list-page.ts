import { decodeCursor, toPage } from '../../api/route.js';

/** One page of an organization's rows of a planning table, in id order (ids are time-ordered). */
export async function listPage(
  db: any,
  table: string,
  orgId: string,
  query: { limit: number; cursor?: string | undefined },
) {
  let q = db.selectFrom(table).selectAll().where('org_id', '=', orgId);
  const after = decodeCursor(query.cursor);
  if (after) q = q.where('id', '>', after);
  return toPage<Record<string, any>>(
    await q
      .orderBy('id')
      .limit(query.limit + 1)
      .execute(),
    query.limit,
    (r) => r.id,
  );
}
