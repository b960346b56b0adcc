import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { tableFile, type TableColumn } from '../../interop/tabular.js';
import type { OrgAccess } from '../../kernel/context.js';
import { today } from '../../kernel/records.js';
import {
  ACTION_STATUS,
  labelOf,
  NC_SEVERITY,
  NC_SOURCE,
  NC_STATUS,
  ROOT_CAUSE_METHOD,
  SIMILAR_ANSWER,
} from '../../labels.js';
import { documentHead, memberLabelsById } from '../orgs/index.js';
import { allNonconformities, sourceNames, type NonconformityFilter } from './queries.js';
import { nonconformityViews } from './read.js';
import type { NonconformityView } from './views.js';

const COLUMNS: TableColumn[] = [
  { key: 'reference', header: 'Ref.', width: 8 },
  { key: 'title', header: 'Nonconformity', width: 14 },
  { key: 'requirement', header: 'Requirement', width: 9 },
  { key: 'source', header: 'Source', width: 6 },
  { key: 'severity', header: 'Severity', width: 5 },
  { key: 'status', header: 'Status', width: 7 },
  { key: 'detectedOn', header: 'Detected', width: 6 },
  { key: 'owner', header: 'Owner', width: 9 },
  { key: 'correction', header: 'Correction', width: 12 },
  { key: 'rootCause', header: 'Root cause', width: 12 },
  { key: 'actions', header: 'Corrective actions', width: 16 },
  { key: 'similar', header: 'Similar', width: 8 },
  { key: 'effectiveness', header: 'Effectiveness', width: 10 },
  { key: 'closedOn', header: 'Closed', width: 6 },
];

function rootCause(v: NonconformityView) {
  const r = v.rootCause;
  if (!r) return '';
  const how =
    r.method === 'five_whys'
      ? ` (${r.whys.map((w, i) => `why ${i + 1}: ${w}`).join('; ')})`
      : r.method === 'fishbone'
        ? ` (${r.categories.map((c) => `${c.category}: ${c.causes.join(', ')}`).join('; ')})`
        : '';
  return `${r.cause} [${labelOf(ROOT_CAUSE_METHOD, r.method)}]${how}`;
}

/** Nonconformities as a CSV, XLSX or PDF file: one row each, actions and checks in words. */
export async function nonconformitiesFile(
  db: Kysely<DB>,
  access: OrgAccess,
  format: 'csv' | 'xlsx' | 'pdf',
  filter: NonconformityFilter,
  now: Date,
) {
  const rows = await allNonconformities(db, access.orgId, filter, 100_000);
  const views = await nonconformityViews(db, access, rows, today(now));
  const members = await memberLabelsById(db, access.orgId);
  const who = (id: string | null) =>
    id ? (members.get(id) ?? 'a former member') : 'the server operator';
  const sources = await sourceNames(db, access.orgId);
  const records = views.map((v) => ({
    ...v,
    requirement: `${v.requirementId} ${v.requirementTitle}`,
    source: [labelOf(NC_SOURCE, v.sourceType), v.sourceId ? sources.get(v.sourceId) : null]
      .filter(Boolean)
      .join(': '),
    severity: labelOf(NC_SEVERITY, v.severity),
    status: labelOf(NC_STATUS, v.status),
    owner: v.ownerMemberId ? who(v.ownerMemberId) : '',
    rootCause: rootCause(v),
    actions: v.actions.map(
      (a) =>
        `${a.title} (${who(a.ownerMemberId)}, due ${a.dueDate}, ${labelOf(ACTION_STATUS, a.status)}${a.overdue ? ', overdue' : ''}${a.outcome ? `: ${a.outcome}` : ''})`,
    ),
    similar: v.similar
      ? `${labelOf(SIMILAR_ANSWER, v.similar.answer)}${v.similar.note ? `: ${v.similar.note}` : ''}`
      : '',
    effectiveness: v.verifiedAt
      ? `effective, checked by ${who(v.verifiedByMemberId)} on ${v.verifiedAt.slice(0, 10)}`
      : '',
    closedOn: v.closedAt?.slice(0, 10) ?? '',
  }));
  return tableFile(
    format,
    `${access.slug}-nonconformities`,
    'Nonconformities and corrective actions',
    `${records.length} nonconformities (ISO/IEC 42001 10.2)`,
    COLUMNS,
    records,
    await documentHead(db, access, now),
  );
}
