// How an assessment's state reads on screen: its status, whether it is due again and why, and the
// names behind the ids it carries.
import { Badge, DateOnly, When } from '../../components/page';
import { Link, sectionHref } from '../../router';
import { ASSESSMENT_STATUS, labelOf } from '../../../../src/labels.js';
import { LIKELIHOOD_LABEL, SEVERITY_LABEL, type ImpactAssessment } from './api';

// The words of the statuses are the server's (src/labels.ts), as exports write them.
const TONE: Record<ImpactAssessment['status'], 'warning' | 'success' | 'neutral'> = {
  draft: 'warning',
  approved: 'success',
  superseded: 'neutral',
};

export const statusWord = (s: ImpactAssessment['status']) => labelOf(ASSESSMENT_STATUS, s);

export function StatusBadge({ status }: { status: ImpactAssessment['status'] }) {
  return <Badge tone={TONE[status]}>{statusWord(status)}</Badge>;
}

/** The AI systems' names by id. */
/** A member an assessment names (`names` from the server), else a former or unreadable one. */
export const memberOf = (names: Record<string, string>, id: string | null) =>
  id ? (names[id] ?? 'A former member') : '—';

export const severityText = (n: number) => `${n} ${SEVERITY_LABEL[n - 1] ?? ''}`.trim();
export const likelihoodText = (n: number) => `${n} ${LIKELIHOOD_LABEL[n - 1] ?? ''}`.trim();

/** When an assessment is next due, or that it is due now and why. */
export function DueNote({ a }: { a: ImpactAssessment }) {
  if (a.status === 'draft') return <span className="muted">Not approved yet</span>;
  if (a.status === 'superseded')
    return <span className="muted">Replaced by a later assessment</span>;
  if (a.reassessmentDue) {
    return (
      <div className="impact-due-inline">
        <Badge tone="danger">Re-assessment due</Badge>
        <ul className="plain-list">
          {a.dueReasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      </div>
    );
  }
  return a.nextDueDate ? (
    <span>
      By <DateOnly value={a.nextDueDate} />
    </span>
  ) : (
    <span className="muted">—</span>
  );
}

/** Assessments as a table: title, the AI system (when `withSystem`), status, approval, whether due again. */
export function AssessmentTable({
  slug,
  items,
  withSystem = false,
  label,
}: {
  slug: string;
  items: ImpactAssessment[];
  withSystem?: boolean;
  label?: string;
}) {
  return (
    <div className="table-wrap">
      <table aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Assessment</th>
            {withSystem && <th scope="col">AI system</th>}
            <th scope="col">Status</th>
            <th scope="col">Approved</th>
            <th scope="col">Re-assessment</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id} className={a.reassessmentDue ? 'impact-row-due' : undefined}>
              <th scope="row">
                <Link href={sectionHref(slug, 'impact', a.id)}>{a.title}</Link>
              </th>
              {withSystem && (
                <td>
                  <Link href={sectionHref(slug, 'systems', a.aiSystemId)}>
                    {a.names[a.aiSystemId] ?? 'AI system'}
                  </Link>
                </td>
              )}
              <td>
                <StatusBadge status={a.status} />
              </td>
              <td>
                {a.approvedAt ? (
                  <>
                    <When at={a.approvedAt} date /> by {memberOf(a.names, a.approverMemberId)}
                  </>
                ) : (
                  'Not yet'
                )}
              </td>
              <td>
                <DueNote a={a} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
