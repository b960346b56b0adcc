import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** A record a member owns or authored, that an audit of its requirement may not be theirs to audit. */
export interface OwnedRecord {
  memberId: string;
  /** Which clause or control it belongs to. */
  requirementId: string;
  /** The record, in words ("the SoA entry for A.6.2.4 (owner)"). */
  what: string;
}

const among = (memberIds: string[], ...ids: (string | null)[]) =>
  ids.filter((id): id is string => id !== null && memberIds.includes(id));

/** SoA entries of these controls that one of these members owns. */
export async function soaOwners(
  db: Kysely<DB>,
  orgId: string,
  controlIds: string[],
  memberIds: string[],
): Promise<OwnedRecord[]> {
  if (!controlIds.length || !memberIds.length) return [];
  const rows = await db
    .selectFrom('soa_entries')
    .select(['control_id', 'owner_member_id'])
    .where('org_id', '=', orgId)
    .where('control_id', 'in', controlIds)
    .where('owner_member_id', 'in', memberIds)
    .execute();
  return rows.map((r) => ({
    memberId: r.owner_member_id!,
    requirementId: r.control_id,
    what: `owns the SoA entry of control ${r.control_id}`,
  }));
}

/** Responsibilities (responsible or accountable) for these controls that these members hold. */
export async function controlResponsibilities(
  db: Kysely<DB>,
  orgId: string,
  controlIds: string[],
  memberIds: string[],
): Promise<OwnedRecord[]> {
  if (!controlIds.length || !memberIds.length) return [];
  const rows = await db
    .selectFrom('responsibilities')
    .select(['subject_id', 'member_id', 'raci'])
    .where('org_id', '=', orgId)
    .where('subject_type', '=', 'control')
    .where('subject_id', 'in', controlIds)
    .where('raci', 'in', ['responsible', 'accountable'])
    .where('member_id', 'in', memberIds)
    .execute();
  return rows.map((r) => ({
    memberId: r.member_id,
    requirementId: r.subject_id,
    what: `is ${r.raci} for control ${r.subject_id} in the responsibilities register`,
  }));
}

/** The approved scope (4.3): its author and approver. */
export async function scopeAuthors(db: Kysely<DB>, orgId: string, memberIds: string[]) {
  const v = await db
    .selectFrom('scope_versions')
    .select(['number', 'author_member_id', 'approver_member_id'])
    .where('org_id', '=', orgId)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  if (!v) return [];
  return among(memberIds, v.author_member_id, v.approver_member_id).map((m) => ({
    memberId: m,
    requirementId: '4.3',
    what: `wrote or approved scope version ${v.number}`,
  }));
}

/** The approved SoA (6.1.3): its author and approver. */
export async function soaAuthors(db: Kysely<DB>, orgId: string, memberIds: string[]) {
  const v = await db
    .selectFrom('soa_versions')
    .select(['number', 'author_member_id', 'approver_member_id'])
    .where('org_id', '=', orgId)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  if (!v) return [];
  return among(memberIds, v.author_member_id, v.approver_member_id).map((m) => ({
    memberId: m,
    requirementId: '6.1.3',
    what: `wrote or approved Statement of Applicability version ${v.number}`,
  }));
}

/** The approved audit programme (9.2.2): its author and approver. */
export async function programmeAuthors(db: Kysely<DB>, orgId: string, memberIds: string[]) {
  const v = await db
    .selectFrom('audit_programmes')
    .select(['number', 'author_member_id', 'approver_member_id'])
    .where('org_id', '=', orgId)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  if (!v) return [];
  return among(memberIds, v.author_member_id, v.approver_member_id).map((m) => ({
    memberId: m,
    requirementId: '9.2.2',
    what: `wrote or approved audit programme version ${v.number}`,
  }));
}

/** Conflicts from versioned records: their owners, and who wrote or approved the version in force. */
function ownersAndAuthors(
  rows: { title: string; owner: string | null; author: string | null; approver: string | null }[],
  memberIds: string[],
  requirementId: string,
  noun: string,
) {
  return rows.flatMap((r) => [
    ...among(memberIds, r.owner).map((m) => ({
      memberId: m,
      requirementId,
      what: `owns the ${noun} "${r.title}"`,
    })),
    ...among(memberIds, r.author, r.approver).map((m) => ({
      memberId: m,
      requirementId,
      what: `wrote or approved the version in force of the ${noun} "${r.title}"`,
    })),
  ]);
}

/** Policies (5.2): their owners, and the authors and approvers of their versions in force. */
export async function policyAuthors(db: Kysely<DB>, orgId: string, memberIds: string[]) {
  const rows = await db
    .selectFrom('policies')
    .leftJoin('policy_versions', (j) =>
      j
        .onRef('policy_versions.org_id', '=', 'policies.org_id')
        .onRef('policy_versions.id', '=', 'policies.current_version_id'),
    )
    .select([
      'policies.title as title',
      'policies.owner_member_id as owner',
      'policy_versions.author_member_id as author',
      'policy_versions.approver_member_id as approver',
    ])
    .where('policies.org_id', '=', orgId)
    .execute();
  return ownersAndAuthors(rows, memberIds, '5.2', 'policy');
}

/** Documented information (7.5): document owners, and the authors and approvers of versions in force. */
export async function documentAuthors(db: Kysely<DB>, orgId: string, memberIds: string[]) {
  const rows = await db
    .selectFrom('documents')
    .leftJoin('document_versions', (j) =>
      j
        .onRef('document_versions.org_id', '=', 'documents.org_id')
        .onRef('document_versions.id', '=', 'documents.current_version_id'),
    )
    .select([
      'documents.title as title',
      'documents.owner_member_id as owner',
      'document_versions.author_member_id as author',
      'document_versions.approver_member_id as approver',
    ])
    .where('documents.org_id', '=', orgId)
    .execute();
  return ownersAndAuthors(rows, memberIds, '7.5', 'document');
}
