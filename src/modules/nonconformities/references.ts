import type { OrgTx } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import { findRecord, type RecordTable } from '../../kernel/records.js';
import { assertInOrg } from '../../kernel/references.js';

/**
 * The table each kind of source record lives in: a named source record must be a record of the
 * organization. Every kind of source but a direct one (or a suggestion) names a record of one of
 * these tables.
 */
export const SOURCE_TABLES: Partial<Record<string, RecordTable>> = {
  audit_finding: 'audit_findings',
  concern: 'concerns',
  incident: 'incidents',
  monitoring: 'metric_breaches',
  management_review: 'management_reviews',
  nonconformity: 'nonconformities',
};

const refused = (pointer: string, message: string) =>
  new AppError('UNKNOWN_REFERENCE', message, [{ pointer, message }]);

/**
 * Checks a source: none for a record raised directly (or a suggestion), and, where the source's
 * table exists, a record of this organization.
 */
export async function checkSource(
  tx: OrgTx,
  sourceType: string,
  sourceId: string | null | undefined,
  noRecord: string,
) {
  if (!sourceId) return;
  if (sourceType === noRecord)
    throw new AppError('INCONSISTENT_INPUT', `A source of type ${noRecord} names no record.`, [
      { pointer: '/body/sourceId', message: `Leave it out, or choose the kind of source.` },
    ]);
  const table = SOURCE_TABLES[sourceType];
  if (table && !(await findRecord(tx.db, table, tx.org.orgId, sourceId)))
    throw refused(
      '/body/sourceId',
      `No such ${sourceType.replace(/_/g, ' ')} in this organization.`,
    );
}

/** A member of this organization, or a 422 pointing at the field. */
export async function checkMember(tx: OrgTx, memberId: string | null | undefined, field: string) {
  await assertInOrg(tx, { [field]: ['memberships', memberId] });
}
