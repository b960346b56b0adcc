import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { NameWants, resolveNames } from '../../kernel/names.js';
import {
  toDocumentVersionView,
  toDocumentView,
  type DocumentRow,
  type DocumentVersionRow,
} from './schemas.js';

/** Documents as this caller sees them, with their owners' names (one read for all). */
export async function documentViews(db: Kysely<DB>, access: OrgAccess, rows: DocumentRow[]) {
  const wants = new NameWants().add(
    'memberships',
    rows.map((r) => r.owner_member_id),
  );
  const names = await resolveNames(db, access, wants);
  return rows.map((r) => toDocumentView(r, access, names));
}

/** Versions as this caller sees them, with their authors' and approvers' names. */
export async function documentVersionViews(
  db: Kysely<DB>,
  access: OrgAccess,
  rows: DocumentVersionRow[],
) {
  const wants = new NameWants();
  for (const r of rows) wants.add('memberships', [r.author_member_id, r.approver_member_id]);
  const names = await resolveNames(db, access, wants);
  return rows.map((r) => toDocumentVersionView(r, access, names));
}

type Db = { services: { database: { db: Kysely<DB> } }; access: OrgAccess };

export const documentViewOf = async (r: DocumentRow, { services, access }: Db) =>
  (await documentViews(services.database.db, access, [r]))[0]!;

export const versionViewOf = async (r: DocumentVersionRow, { services, access }: Db) =>
  (await documentVersionViews(services.database.db, access, [r]))[0]!;

/** A document with a version, as the create and publish routes answer. */
export const pairView = async (r: { doc: DocumentRow; version: DocumentVersionRow }, call: Db) => ({
  document: await documentViewOf(r.doc, call),
  version: await versionViewOf(r.version, call),
});
