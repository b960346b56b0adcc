import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { tableFile, type TableColumn } from '../../interop/tabular.js';
import type { OrgAccess } from '../../kernel/context.js';
import { DECISION_KIND, labelOf, REVIEW_ACTION_STATUS, REVIEW_STATUS } from '../../labels.js';
import { documentHead, memberLabelsById } from '../orgs/index.js';
import type { ReviewRow } from './schemas.js';
import { toReviewView } from './views.js';

const COLUMNS: TableColumn[] = [
  { key: 'part', header: 'Part', width: 7 },
  { key: 'what', header: 'What', width: 14 },
  { key: 'detail', header: 'Detail', width: 16 },
];

/**
 * The minutes of a management review as a PDF: the review and who attended, each input (9.3.2)
 * with its figures and the records they rest on, the decisions and actions (9.3.3) with owners and
 * dates, and the hash of the frozen inputs. A planned review's minutes show its live inputs and
 * say they are not frozen.
 */
export async function minutesFile(db: Kysely<DB>, access: OrgAccess, r: ReviewRow, now: Date) {
  const v = await toReviewView(db, access, r, now);
  const members = await memberLabelsById(db, access.orgId);
  const who = (id: string | null) => (id ? (members.get(id) ?? 'a former member') : '');
  const rows: Record<string, string>[] = [];
  const add = (part: string, what: string, detail = '') => rows.push({ part, what, detail });

  add('Review', v.title, `${labelOf(REVIEW_STATUS, v.status)}; planned for ${v.plannedOn}`);
  if (v.heldOn) add('Held on', v.heldOn, v.inputs.since ? `looking back to ${v.inputs.since}` : '');
  add('Chair', who(v.chairMemberId));
  for (const a of v.attendees)
    add('Attendee', a.memberId ? who(a.memberId) : (a.name ?? ''), a.role ?? '');
  if (v.agenda) add('Agenda', v.agenda);
  for (const s of v.inputs.sections) {
    const figures = s.figures.map((f) => `${f.label}: ${f.value}`).join('; ');
    add(`Input ${s.clause}`, s.title, [figures, s.note].filter(Boolean).join('. '));
    for (const i of s.items) add('', i.title, i.detail);
  }
  for (const d of v.decisions) {
    const raised = [
      d.nonconformityId ? `raised nonconformity ${d.nonconformityId}` : '',
      d.improvementId ? `logged improvement ${d.improvementId}` : '',
    ].filter(Boolean);
    add(
      `Decision (${labelOf(DECISION_KIND, d.kind)})`,
      d.title,
      [d.description, ...raised].filter(Boolean).join('. '),
    );
    for (const a of d.actions)
      add(
        'Action',
        a.title,
        `owner ${who(a.ownerMemberId)}, due ${a.dueDate}, ${labelOf(REVIEW_ACTION_STATUS, a.status)}`,
      );
  }
  if (v.summary) add('Conclusions', v.summary);
  add(
    'Inputs SHA-256',
    v.inputsHash ?? 'not frozen: the review has not been held',
    v.inputsFrozen
      ? `inputs as of ${v.inputs.asOf}; ${v.hashMatches ? 'verified' : 'DOES NOT MATCH'}`
      : '',
  );
  return tableFile(
    'pdf',
    `${access.slug}-management-review-${v.plannedOn}`,
    `Minutes: ${v.title}`,
    'Management review (ISO/IEC 42001 9.3)',
    COLUMNS,
    rows,
    await documentHead(db, access, now),
  );
}
