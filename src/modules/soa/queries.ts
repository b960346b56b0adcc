import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';
import type { SoaEntryRow, SoaSources, SoaVersionRow } from './schemas.js';

export function findSoaEntry(
  db: Kysely<DB>,
  orgId: string,
  controlId: string,
): Promise<SoaEntryRow | undefined> {
  return db
    .selectFrom('soa_entries')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('control_id', '=', controlId)
    .executeTakeFirst();
}

/**
 * What the statement is built from: the organization's decisions, the controls each risk of the
 * register names, and the evidence linked to controls (with its expiry).
 */
export async function soaSources(db: Kysely<DB>, orgId: string): Promise<SoaSources> {
  const entries = await db
    .selectFrom('soa_entries')
    .selectAll()
    .where('org_id', '=', orgId)
    .execute();
  const risks = await db
    .selectFrom('risks')
    .select(['id', 'control_ids'])
    .where('org_id', '=', orgId)
    .execute();
  const evidence = await db
    .selectFrom('evidence_links as l')
    .innerJoin('evidence as e', 'e.id', 'l.evidence_id')
    .select(['l.target_id', 'e.valid_until'])
    .where('l.org_id', '=', orgId)
    .where('l.target_type', '=', 'control')
    .execute();
  return { entries, risks, evidence };
}

/** The version in a state: at most one draft waits for approval, and one is approved. */
export function soaVersionIn(
  db: Kysely<DB>,
  orgId: string,
  status: 'draft' | 'approved',
): Promise<SoaVersionRow | undefined> {
  return db
    .selectFrom('soa_versions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '=', status)
    .executeTakeFirst();
}

export function approvedSoaVersions(db: Kysely<DB>, orgId: string): Promise<SoaVersionRow[]> {
  return db
    .selectFrom('soa_versions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '=', 'approved')
    .execute();
}

/** The highest version number so far (0 before the first). */
export async function lastSoaNumber(db: Kysely<DB>, orgId: string): Promise<number> {
  const last = await db
    .selectFrom('soa_versions')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return Number(last?.n ?? 0);
}

/** Every version, newest first. */
export function soaVersionsPage(db: Kysely<DB>, orgId: string, page: PageQuery) {
  return keysetPage(db.selectFrom('soa_versions').selectAll().where('org_id', '=', orgId), page, {
    column: 'number',
    direction: 'desc',
    numeric: true,
    key: (r) => r.number,
  });
}
