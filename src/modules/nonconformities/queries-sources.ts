import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.js';
import { canReadEntity } from '../../kernel/authorize.js';
import type { OrgAccess } from '../../kernel/context.js';
import type { NonconformityRow } from './schemas.js';

/**
 * The record a nonconformity was raised from, as its page names and links it: "finding F-0003
 * of audit 2, Life cycle audit", "incident INC-0007 …". Read for a page of nonconformities at
 * once (one query per kind of source), and only where the caller may read that kind of record.
 */
export const sourceRecordView = z
  .object({
    id: z.string(),
    ref: z.string().nullable().describe('Its readable identifier, where its kind has one.'),
    title: z.string().describe('Its title (a concern: its summary).'),
    audit: z
      .object({ id: z.string(), number: z.number().int(), title: z.string() })
      .nullable()
      .describe('For an audit finding: the audit it was recorded in.'),
  })
  .nullable()
  .describe(
    'The record it was raised from, named: null when raised directly, from monitoring, or from a record the caller may not read or that no longer exists.',
  );
export type SourceRecord = z.infer<typeof sourceRecordView>;

const idsOf = (rows: NonconformityRow[], type: string) => [
  ...new Set(rows.filter((r) => r.source_type === type && r.source_id).map((r) => r.source_id!)),
];

/** The named source records of these nonconformities, by source id. */
export async function sourceRecords(
  db: Kysely<DB>,
  access: OrgAccess,
  rows: NonconformityRow[],
): Promise<Map<string, NonNullable<SourceRecord>>> {
  const out = new Map<string, NonNullable<SourceRecord>>();
  const orgId = access.orgId;
  const findings = idsOf(rows, 'audit_finding');
  if (findings.length && canReadEntity(access, 'audit_findings')) {
    const found = await db
      .selectFrom('audit_findings as f')
      .innerJoin('audits as a', (j) =>
        j.onRef('a.org_id', '=', 'f.org_id').onRef('a.id', '=', 'f.audit_id'),
      )
      .select(['f.id', 'f.ref', 'f.title', 'a.id as audit_id', 'a.number', 'a.title as audit'])
      .where('f.org_id', '=', orgId)
      .where('f.id', 'in', findings)
      .execute();
    const auditsReadable = canReadEntity(access, 'audits');
    for (const f of found)
      out.set(f.id, {
        id: f.id,
        ref: f.ref,
        title: f.title,
        audit: auditsReadable ? { id: f.audit_id, number: f.number, title: f.audit } : null,
      });
  }
  const incidents = idsOf(rows, 'incident');
  if (incidents.length && canReadEntity(access, 'incidents'))
    for (const r of await db
      .selectFrom('incidents')
      .select(['id', 'ref', 'title'])
      .where('org_id', '=', orgId)
      .where('id', 'in', incidents)
      .execute())
      out.set(r.id, { id: r.id, ref: r.ref, title: r.title, audit: null });
  const concerns = idsOf(rows, 'concern');
  if (concerns.length && canReadEntity(access, 'concerns'))
    for (const r of await db
      .selectFrom('concerns')
      .select(['id', 'summary'])
      .where('org_id', '=', orgId)
      .where('id', 'in', concerns)
      .execute())
      out.set(r.id, { id: r.id, ref: null, title: r.summary, audit: null });
  const reviews = idsOf(rows, 'management_review');
  if (reviews.length && canReadEntity(access, 'management_reviews'))
    for (const r of await db
      .selectFrom('management_reviews')
      .select(['id', 'title'])
      .where('org_id', '=', orgId)
      .where('id', 'in', reviews)
      .execute())
      out.set(r.id, { id: r.id, ref: null, title: r.title, audit: null });
  return out;
}
