// The decisions of management reviews and their actions as CSV, XLSX or PDF (9.3.3): one row per
// action, with its review, decision, owner, due date and status.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { DECISION_KIND, labelOf, REVIEW_ACTION_STATUS } from '../../labels.js';
import { documentHead, memberLabel } from '../orgs/index.js';
import { tableFile, type TableColumn, type TableFormat } from '../../interop/tabular.js';
import { reviewActionsForExport } from './queries.js';

const COLUMNS: TableColumn[] = [
  { key: 'review', header: 'Management review', width: 2.4 },
  { key: 'held', header: 'Held on', width: 1.2 },
  { key: 'decision', header: 'Decision', width: 3 },
  { key: 'action', header: 'Action', width: 3 },
  { key: 'owner', header: 'Owner', width: 2 },
  { key: 'due', header: 'Due', width: 1.2 },
  { key: 'status', header: 'Status', width: 1.2 },
  { key: 'completed', header: 'Completed', width: 1.2 },
];

export async function reviewActionsFile(
  db: Kysely<DB>,
  access: OrgAccess,
  format: TableFormat,
  now: Date,
) {
  const rows = (await reviewActionsForExport(db, access.orgId)).map((a) => ({
    review: a.review_title,
    held: a.held_on ?? '',
    decision: `${a.decision_title} (${labelOf(DECISION_KIND, a.kind)})`,
    action: a.title,
    owner: a.owner_email ? memberLabel(a.owner_name, a.owner_email) : '',
    due: a.due_date,
    status: labelOf(REVIEW_ACTION_STATUS, a.status),
    completed: a.completed_on ?? '',
  }));
  return tableFile(
    format,
    'management-review-actions',
    'Management review actions',
    'The decisions of management reviews (ISO/IEC 42001 9.3.3) and the actions they gave, with owners and due dates',
    COLUMNS,
    rows,
    await documentHead(db, access, now),
  );
}
