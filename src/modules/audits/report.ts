import type { Kysely } from 'kysely';
import { decodeJson } from '../../db/json.js';
import type { DB } from '../../db/schema.js';
import { renderPdf } from '../../interop/pdf.js';
import type { OrgAccess } from '../../kernel/context.js';
import { findRecord } from '../../kernel/records.js';
import { AUDIT_STATUS, FINDING_GRADE, humanize, labelOf } from '../../labels.js';
import { documentHead, memberLabelsById } from '../orgs/index.js';
import { nonconformitiesFromSource } from '../nonconformities/index.js';
import { checklistOf, evidenceTitles, findingsOf } from './queries.js';
import { GRADES, scopeRequirements, type AuditRow } from './schemas.js';
import { formatRef } from '../../kernel/refs.js';

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '');

/**
 * The audit report (9.2.2 d) as a PDF: the programme it belongs to, scope, criteria, auditors and
 * dates, the checklist with each conclusion and what was sampled, the findings by grade (with the
 * nonconformity each raised), the conclusion and its communication to management. One table of
 * two columns, so it wraps and pages as every other report of aims (fonts embedded).
 */
export async function auditReportPdf(db: Kysely<DB>, access: OrgAccess, a: AuditRow, now: Date) {
  const { orgId } = access;
  const names = await memberLabelsById(db, orgId);
  const who = (id: string | null) =>
    id ? (names.get(id) ?? 'a former member') : 'the server operator';
  const checklist = await checklistOf(db, orgId, a.id);
  const findings = await findingsOf(db, orgId, a.id);
  const evidence = await evidenceTitles(db, orgId, [
    ...new Set([...checklist, ...findings].flatMap((r) => decodeJson(r.evidence_ids))),
  ]);
  const programme = a.programme_id
    ? await findRecord(db, 'audit_programmes', orgId, a.programme_id)
    : undefined;
  const scope = decodeJson(a.scope);
  const rows: string[][] = [
    [
      'Audit programme',
      programme
        ? `Version ${programme.number} (${humanize(programme.status).toLowerCase()}), covering ${programme.period_start} to ${programme.period_end}`
        : 'Not planned under a programme version',
    ],
    ['Status', labelOf(AUDIT_STATUS, a.status)],
    ['Criteria', a.criteria],
    [
      'Scope',
      `${scope.join(', ')} (${scopeRequirements(scope).length} clause leaves and controls)`,
    ],
    ['Lead auditor', who(a.lead_auditor_member_id)],
    ['Auditors', decodeJson(a.auditor_member_ids).map(who).join(', ') || 'None besides the lead'],
    ['Planned', `${a.planned_start} to ${a.planned_end}`],
    ['Started', a.started_on ?? 'Not started'],
    [
      'Report issued',
      a.reported_at ? `${day(a.reported_at)} by ${who(a.reported_by_member_id)}` : 'Not yet',
    ],
  ];
  for (const c of checklist) {
    const sampled = decodeJson(c.evidence_ids).map((id) => evidence.get(id) ?? id);
    rows.push([
      `Checklist ${c.requirement_id}: ${c.title}`,
      [
        `Conclusion: ${humanize(c.conclusion)}.`,
        sampled.length ? `Evidence sampled: ${sampled.join('; ')}.` : '',
        c.records_sampled ? `Records sampled: ${c.records_sampled}` : '',
        c.notes ?? '',
      ]
        .filter(Boolean)
        .join(' '),
    ]);
  }
  for (const grade of GRADES) {
    const of = findings.filter((f) => f.grade === grade);
    if (!of.length) {
      rows.push([labelOf(FINDING_GRADE, grade), 'None found.']);
      continue;
    }
    for (const f of of) {
      const ncs = await nonconformitiesFromSource(db, orgId, 'audit_finding', f.id);
      rows.push([
        `${labelOf(FINDING_GRADE, grade)} ${f.number} (${f.requirement_id})`,
        [
          f.title,
          f.description ?? '',
          f.records ? `Records: ${f.records}` : '',
          ncs.length
            ? `Raised nonconformity ${ncs.map((n) => formatRef('nonconformities', n.number)).join(', ')}.`
            : '',
          f.improvement_id ? 'Logged in the improvement log.' : '',
        ]
          .filter(Boolean)
          .join(' '),
      ]);
    }
  }
  rows.push(['Conclusion', a.conclusion ?? 'Not yet reported']);
  rows.push([
    'Communicated to management',
    a.communicated_on
      ? `To ${a.communicated_to} on ${a.communicated_on} (recorded by ${who(a.communicated_by_member_id)})`
      : 'Not yet',
  ]);
  const title = `Internal audit report: audit ${a.number}, ${a.title}`;
  const data = await renderPdf({
    title,
    subtitle: `ISO/IEC 42001 clause 9.2. Planned ${a.planned_start} to ${a.planned_end}.`,
    head: await documentHead(db, access, now),
    tables: [
      {
        title,
        columns: [
          { header: 'Item', width: 3 },
          { header: 'Content', width: 8 },
        ],
        rows,
      },
    ],
  });
  return { contentType: 'application/pdf', filename: `audit-${a.number}-report.pdf`, data };
}
