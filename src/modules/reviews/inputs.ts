import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { StoredReviewInputs } from '../../db/tables.js';
import { auditSummaries } from '../audits/index.js';
import { breachSummaries } from '../monitoring/index.js';
import {
  correctiveActionSummaries,
  improvementSummaries,
  nonconformitySummaries,
} from '../nonconformities/index.js';
import {
  actionsOfOtherReviews,
  contextIssues,
  incidentSummaries,
  interestedParties,
  objectivesWithMeasurements,
  riskSummaries,
} from './queries.js';
import { after, count, section, words } from './input-parts.js';
import { formatRef } from '../../kernel/refs.js';

/**
 * The inputs of a management review (9.3.2), computed from the AIMS's own records: for each topic
 * the figures and the records they rest on. Live while the review is planned; frozen into the
 * review, with the SHA-256 of their canonical JSON (RFC 8785), when it is held.
 */
export type ReviewInputs = StoredReviewInputs;
export { INPUT_TOPICS, inputsHash } from './input-parts.js';

/** What a review held at `asOf` considers, looking back to `since` (the previous review). */
export async function computeInputs(
  db: Kysely<DB>,
  orgId: string,
  reviewId: string,
  asOf: string,
  since: string | null,
): Promise<ReviewInputs> {
  const changed = after(since);
  const today = asOf.slice(0, 10);
  const [prior, issues, parties, ncs, cas, improvements, incidents] = await Promise.all([
    actionsOfOtherReviews(db, orgId, reviewId),
    contextIssues(db, orgId),
    interestedParties(db, orgId),
    nonconformitySummaries(db, orgId),
    correctiveActionSummaries(db, orgId),
    improvementSummaries(db, orgId),
    incidentSummaries(db, orgId),
  ]);
  const [objectives, measurements] = await objectivesWithMeasurements(db, orgId);
  const [risks, acceptances] = await riskSummaries(db, orgId);
  const [audits, breaches] = await Promise.all([
    auditSummaries(db, orgId),
    breachSummaries(db, orgId),
  ]);

  const openPrior = prior.filter((a) => a.status === 'open');
  const changedIssues = issues.filter((i) => changed(i.updated_at));
  const changedParties = parties.filter((p) => changed(p.updated_at));
  const openNcs = ncs.filter((n) => n.status !== 'closed');
  const closedNcs = ncs.filter((n) => n.status === 'closed' && changed(n.closed_at));
  const openCas = cas.filter((a) => a.status === 'planned' || a.status === 'in_progress');
  const newMeasurements = measurements.filter((m) => changed(m.created_at));
  const latest = new Map(measurements.map((m) => [m.objective_id, m]));
  const openIncidents = incidents.filter((i) => i.status !== 'closed');
  const newIncidents = incidents.filter((i) => changed(i.detected_at));
  const pendingImprovements = improvements.filter((i) => i.decision === 'pending');
  const adoptedOpen = improvements.filter(
    (i) => i.decision === 'adopted' && i.status !== 'done' && i.status !== 'closed',
  );
  const liveRisks = risks.filter((r) => r.status !== 'closed');
  const levels = new Map<string, number>();
  for (const r of liveRisks) {
    const level = r.residual_level ?? r.inherent_level ?? 'not assessed';
    levels.set(level, (levels.get(level) ?? 0) + 1);
  }
  const activeAcceptances = acceptances.filter((a) => a.expires_on >= today);
  const reportedAudits = audits.filter((a) => a.reported_at !== null && changed(a.reported_at));
  const inProgressAudits = audits.filter(
    (a) => a.status === 'planned' || a.status === 'in_progress',
  );
  const findingsOf = (a: (typeof audits)[number], grade: string) => a.grades[grade] ?? 0;
  const newBreaches = breaches.filter((b) => changed(b.started_at) || b.ended_at === null);

  return {
    asOf,
    since,
    sections: [
      section(
        'previous_actions',
        '9.3.2 a',
        'Status of actions from previous management reviews',
        [
          ['open', openPrior.length],
          ['overdue', count(openPrior, (a) => a.due_date < today)],
          ['done', count(prior, (a) => a.status === 'done')],
          ['cancelled', count(prior, (a) => a.status === 'cancelled')],
        ],
        prior.map((a) => ({
          type: 'management_review_actions',
          id: a.id,
          title: a.title,
          detail: `${a.status}, due ${a.due_date}`,
        })),
      ),
      section(
        'issues',
        '9.3.2 b',
        'Changes in external and internal issues',
        [
          ['changed since the previous review', changedIssues.length],
          ['added since the previous review', count(changedIssues, (i) => changed(i.created_at))],
          ['issues in the register', issues.length],
        ],
        changedIssues.map((i) => ({
          type: 'context_issues',
          id: i.id,
          title: i.title,
          detail: `${i.kind}, ${changed(i.created_at) ? 'added' : 'changed'} ${i.updated_at.slice(0, 10)}`,
        })),
      ),
      section(
        'interested_parties',
        '9.3.2 c',
        'Changes in the needs and expectations of interested parties',
        [
          ['changed since the previous review', changedParties.length],
          ['interested parties in the register', parties.length],
        ],
        changedParties.map((p) => ({
          type: 'interested_parties',
          id: p.id,
          title: p.name,
          detail: `${words(p.kind)}, changed ${p.updated_at.slice(0, 10)}`,
        })),
      ),
      section(
        'nonconformities',
        '9.3.2 d 1',
        'Nonconformities and corrective actions',
        [
          ['open', openNcs.length],
          ['major open', count(openNcs, (n) => n.severity === 'major')],
          ['closed since the previous review', closedNcs.length],
          ['corrective actions open', openCas.length],
          ['corrective actions overdue', count(openCas, (a) => a.due_date < today)],
        ],
        [...openNcs, ...closedNcs].map((n) => ({
          type: 'nonconformities',
          id: n.id,
          title: `${formatRef('nonconformities', n.number)} ${n.title}`,
          detail: `${n.severity}, ${words(n.status)}, detected ${n.detected_on}`,
        })),
      ),
      section(
        'monitoring',
        '9.3.2 d 2',
        'Monitoring and measurement results',
        [
          ['objective measurements since the previous review', newMeasurements.length],
          ['objectives measured', latest.size],
          [
            'metric breaches since the previous review',
            count(newBreaches, (b) => changed(b.started_at)),
          ],
          ['metric breaches still open', count(breaches, (b) => b.ended_at === null)],
        ],
        [
          ...newMeasurements.map((m) => ({
            type: 'objective_measurements',
            id: m.id,
            title: objectives.find((o) => o.id === m.objective_id)?.title ?? m.objective_id,
            detail: `${m.value} on ${m.measured_on}`,
          })),
          ...newBreaches.map((b) => ({
            type: 'metric_breaches',
            id: b.id,
            title: `${b.name} breached its threshold`,
            detail: `${b.started_value}${b.unit ? ` ${b.unit}` : ''} on ${b.started_at.slice(0, 10)}, ${b.ended_at ? `back within thresholds on ${b.ended_at.slice(0, 10)}` : 'still in breach'}${b.incident_id ? ', incident opened' : ''}${b.nonconformity_id ? ', nonconformity raised' : ''}`,
          })),
        ],
        'From the measurements of the AI objectives and the metrics of the AI systems.',
      ),
      section(
        'audits',
        '9.3.2 d 3',
        'Audit results',
        [
          ['audits reported since the previous review', reportedAudits.length],
          ['audits planned or in progress', inProgressAudits.length],
          [
            'major nonconformities found',
            reportedAudits.reduce((n, a) => n + findingsOf(a, 'major'), 0),
          ],
          [
            'minor nonconformities found',
            reportedAudits.reduce((n, a) => n + findingsOf(a, 'minor'), 0),
          ],
          ['observations', reportedAudits.reduce((n, a) => n + findingsOf(a, 'observation'), 0)],
        ],
        [...reportedAudits, ...inProgressAudits].map((a) => ({
          type: 'audits',
          id: a.id,
          title: `Audit ${a.number} ${a.title}`,
          detail: a.reported_at
            ? `reported ${a.reported_at.slice(0, 10)}; findings: ${
                Object.entries(a.grades)
                  .map(([g, n]) => `${n} ${words(g)}`)
                  .join(', ') || 'none'
              }`
            : `${words(a.status)}, planned from ${a.planned_start}`,
        })),
      ),
      section(
        'incidents',
        '9.3.2 d',
        'AI performance and incidents',
        [
          ['open', openIncidents.length],
          ['serious open', count(openIncidents, (i) => i.serious === 1)],
          ['detected since the previous review', newIncidents.length],
        ],
        incidents
          .filter((i) => i.status !== 'closed' || changed(i.detected_at))
          .map((i) => ({
            type: 'incidents',
            id: i.id,
            title: i.title,
            detail: `${i.severity}${i.serious ? ', serious' : ''}, ${i.status}`,
          })),
      ),
      section(
        'improvements',
        '9.3.2 e',
        'Opportunities for continual improvement',
        [
          ['awaiting a decision', pendingImprovements.length],
          ['adopted, not done', adoptedOpen.length],
        ],
        [...pendingImprovements, ...adoptedOpen].map((i) => ({
          type: 'improvements',
          id: i.id,
          title: i.title,
          detail: `${i.decision}, ${words(i.status)}`,
        })),
      ),
      section(
        'risks',
        '6.1',
        'Risk status',
        [
          ['open risks', liveRisks.length],
          ...[...levels].map(([level, n]): [string, number] => [`at level ${level}`, n]),
          ['acceptances in force', activeAcceptances.length],
          ['acceptances expired', acceptances.length - activeAcceptances.length],
        ],
        liveRisks.map((r) => ({
          type: 'risks',
          id: r.id,
          title: r.title,
          detail: `${words(r.status)}, level ${r.residual_level ?? r.inherent_level ?? 'not assessed'}`,
        })),
      ),
      section(
        'objectives',
        '6.2',
        'Status of the AI objectives',
        [
          ['objectives', objectives.length],
          ['never measured', count(objectives, (o) => !latest.has(o.id))],
        ],
        objectives.map((o) => {
          const m = latest.get(o.id);
          return {
            type: 'objectives',
            id: o.id,
            title: o.title,
            detail: m
              ? `latest ${m.value}${o.unit ? ` ${o.unit}` : ''} on ${m.measured_on}, target ${o.direction} ${o.target}`
              : `not measured, target ${o.direction} ${o.target}`,
          };
        }),
      ),
    ],
  };
}
