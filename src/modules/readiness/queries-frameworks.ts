/**
 * Reads for the coverage of frameworks the organization imported as OSCAL catalogs: their
 * controls and the crosswalk pairs it stated onto them.
 */
import { decodeJson } from '../../db/json.js';
import type { Db } from './reasons.js';

export async function importedFrameworks(db: Db, orgId: string) {
  const rows = await db
    .selectFrom('oscal_frameworks')
    .select(['id', 'key', 'title', 'entries', 'crosswalks'])
    .where('org_id', '=', orgId)
    .orderBy('title')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.key ?? r.id,
    title: r.title,
    entries: decodeJson(r.entries),
    crosswalks: r.crosswalks ? decodeJson(r.crosswalks) : [],
  }));
}
