// The audit register as CSV, XLSX or PDF: one row per audit with its scope, team lead, dates,
// findings by grade, conclusion and its communication to management.
import type { Kysely } from 'kysely';
import { decodeJson } from '../../db/json.js';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { AUDIT_STATUS, FINDING_GRADE, labelOf } from '../../labels.js';
import { documentHead, memberLabel } from '../orgs/index.js';
import { tableFile, type TableColumn, type TableFormat } from '../../interop/tabular.js';
import { auditsForExport, findingGrades } from './queries.js';

const COLUMNS: TableColumn[] = [
  { key: 'audit', header: 'Audit', width: 1 },
  { key: 'title', header: 'Title', width: 3 },
  { key: 'status', header: 'Status', width: 1.2 },
  { key: 'scope', header: 'Scope', width: 2 },
  { key: 'lead', header: 'Lead auditor', width: 2 },
  { key: 'planned', header: 'Planned', width: 2 },
  { key: 'reported', header: 'Reported', width: 1.4 },
  { key: 'findings', header: 'Findings', width: 2.4 },
  { key: 'conclusion', header: 'Conclusion', width: 4 },
  { key: 'communicated', header: 'Communicated to management', width: 2.4 },
];

export async function auditsFile(
  db: Kysely<DB>,
  access: OrgAccess,
  format: TableFormat,
  now: Date,
) {
  const { orgId } = access;
  const [audits, grades] = await Promise.all([
    auditsForExport(db, orgId),
    findingGrades(db, orgId),
  ]);
  const rows = audits.map((a) => ({
    audit: `A-${a.number}`,
    title: a.title,
    status: labelOf(AUDIT_STATUS, a.status),
    scope: decodeJson(a.scope).join(', '),
    lead: a.lead_email ? memberLabel(a.lead_name, a.lead_email) : '',
    planned: `${a.planned_start} to ${a.planned_end}`,
    reported: a.reported_at ? a.reported_at.slice(0, 10) : '',
    findings:
      Object.entries(grades.get(a.id) ?? {})
        .map(([grade, n]) => `${n} ${labelOf(FINDING_GRADE, grade)}`)
        .join(', ') || 'None',
    conclusion: a.conclusion ?? '',
    communicated: a.communicated_to ? `${a.communicated_to} on ${a.communicated_on}` : '',
  }));
  return tableFile(
    format,
    'internal-audits',
    'Internal audits',
    'Every internal audit (ISO/IEC 42001 9.2) with its scope, findings and conclusion',
    COLUMNS,
    rows,
    await documentHead(db, access, now),
  );
}
