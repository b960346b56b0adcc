import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { decodeJson } from '../../db/json.js';
import { tableFile, type TableColumn } from '../../interop/tabular.js';
import { today } from '../../kernel/records.js';
import {
  AFFECTED,
  ASSESSMENT_STATUS,
  humanize,
  IMPACT_LIKELIHOOD,
  IMPACT_SEVERITY,
  labelOf,
} from '../../labels.js';
import { documentHead } from '../orgs/index.js';
import { allAssessments, allImpacts, systemNames } from './queries.js';
import { assessmentViews, type ImpactRow } from './schemas.js';

const COLUMNS: TableColumn[] = [
  { key: 'aiSystem', header: 'AI system', width: 9 },
  { key: 'assessment', header: 'Assessment', width: 10 },
  { key: 'status', header: 'Status', width: 6 },
  { key: 'affected', header: 'Affected', width: 6 },
  { key: 'dimension', header: 'Dimension', width: 7 },
  { key: 'impact', header: 'Impact', width: 18 },
  { key: 'severity', header: 'Sev.', width: 3 },
  { key: 'likelihood', header: 'Lik.', width: 3 },
  { key: 'mitigation', header: 'Mitigation', width: 16 },
  { key: 'controls', header: 'Controls', width: 6 },
  { key: 'dpia', header: 'DPIA', width: 6 },
  { key: 'approvedAt', header: 'Approved', width: 6 },
  { key: 'due', header: 'Next due', width: 10 },
];

/** Impact assessments and their impacts as a CSV, XLSX or PDF file: one row per impact. */
export async function assessmentsFile(
  db: Kysely<DB>,
  access: OrgAccess,
  format: 'csv' | 'xlsx' | 'pdf',
  now: Date,
) {
  const assessments = await allAssessments(db, access.orgId, 10_000);
  const views = await assessmentViews(db, access, assessments, today(now));
  const systems = await systemNames(db, access.orgId);
  const byAssessment = new Map<string, ImpactRow[]>();
  for (const i of await allImpacts(db, access.orgId))
    byAssessment.set(i.assessment_id, [...(byAssessment.get(i.assessment_id) ?? []), i]);
  const records: Record<string, unknown>[] = [];
  for (const v of views) {
    const head = {
      assessment: v.title,
      aiSystem: systems.get(v.aiSystemId) ?? v.aiSystemId,
      status: labelOf(ASSESSMENT_STATUS, v.status),
      approvedAt: v.approvedAt?.slice(0, 10) ?? '',
      due: v.reassessmentDue ? `due: ${v.dueReasons.join(' ')}` : (v.nextDueDate ?? ''),
      dpia: v.dpiaReference ?? '',
    };
    const list = byAssessment.get(v.id) ?? [];
    if (!list.length) records.push(head);
    for (const i of list)
      records.push({
        ...head,
        affected: labelOf(AFFECTED, i.affected),
        dimension: humanize(i.dimension),
        impact: i.description,
        severity: `${i.severity} ${IMPACT_SEVERITY[i.severity - 1] ?? ''}`.trim(),
        likelihood: `${i.likelihood} ${IMPACT_LIKELIHOOD[i.likelihood - 1] ?? ''}`.trim(),
        mitigation: i.mitigation ?? '',
        controls: decodeJson(i.control_ids).join('; '),
      });
  }
  return tableFile(
    format,
    `${access.slug}-impact-assessments`,
    'AI system impact assessments',
    `${assessments.length} assessments (ISO/IEC 42001 6.1.4, A.5)`,
    COLUMNS,
    records,
    await documentHead(db, access, now),
  );
}
