// The example organization's operation and checking (9.1, 9.2, 9.3): a monitored accuracy metric
// of the triage assistant with a week of measurements, an internal audit programme with one audit
// reported to management, and a management review held with a decision and its action.
import { run } from '../../kernel/commands.js';
import type { Context, OrgAccess } from '../../kernel/context.js';
import {
  approveProgramme,
  communicateReport,
  draftProgramme,
  planAudit,
  reportAudit,
  startAudit,
} from '../audits/index.js';
import { defineMetric, ingestPoints } from '../monitoring/index.js';
import { holdReview, planReview, recordDecision } from '../reviews/index.js';

export interface Actor {
  ctx: Context;
  access: OrgAccess;
  memberId: string;
}

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** `me` runs the AIMS; `rv`, a second manager, approves, audits and chairs nothing of their own. */
export async function seedOperationAndCheck(me: Actor, rv: Actor, triageId: string, now: string) {
  const today = now.slice(0, 10);
  const mine = { access: me.access };
  const theirs = { access: rv.access };

  const metric = await run(
    me.ctx,
    defineMetric,
    {
      aiSystemId: triageId,
      name: 'Recall of urgent cases on the weekly clinical sample',
      description: 'Share of cases a nurse rated urgent that the assistant ranked urgent.',
      unit: '%',
      direction: 'higher_is_better',
      warnThreshold: 95,
      breachThreshold: 92,
      controlId: 'A.6.2.6',
      accuracy: true,
      declaredLevel: 95,
      breachAction: 'incident',
    },
    mine,
  );
  const values = [97.1, 96.8, 96.4, 95.9, 96.2, 96.7, 97.0];
  await run(
    me.ctx,
    ingestPoints,
    {
      metricId: metric.id,
      batchKey: `example-${today}`,
      points: values.map((value, i) => ({
        at: new Date(Date.parse(now) - (values.length - i) * 86_400_000).toISOString(),
        value,
      })),
    },
    mine,
  );

  const year = today.slice(0, 4);
  const programme = await run(
    me.ctx,
    draftProgramme,
    {
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
      frequency: 'The whole AIMS once a year; the AI life cycle (clause 8) every six months.',
      methods:
        'Interviews, sampling of records and evidence, walkthroughs of the release pipeline.',
      responsibilities:
        'The AIMS manager plans; a manager who runs none of the audited work leads.',
      importance: 'High-risk AI systems and the processes that release models come first.',
      previousResults: 'The first programme: no earlier audits.',
    },
    mine,
  );
  await run(rv.ctx, approveProgramme, { programmeId: programme.id }, theirs);
  const audit = await run(
    me.ctx,
    planAudit,
    {
      title: 'Operation of the AI life cycle',
      criteria: 'ISO/IEC 42001:2023 clause 8 and the release procedure of the triage assistant.',
      scope: ['8'],
      plannedStart: today,
      plannedEnd: today,
      leadAuditorMemberId: rv.memberId,
    },
    mine,
  );
  await run(rv.ctx, startAudit, { auditId: audit.id }, theirs);
  await run(
    rv.ctx,
    reportAudit,
    {
      auditId: audit.id,
      conclusion: 'Operation of the life cycle conforms within the scope; no nonconformity found.',
    },
    theirs,
  );
  await run(
    rv.ctx,
    communicateReport,
    { auditId: audit.id, communicatedTo: 'The management team', communicatedOn: today },
    theirs,
  );

  const review = await run(
    me.ctx,
    planReview,
    {
      title: `Management review ${year}`,
      plannedOn: today,
      chairMemberId: me.memberId,
      attendees: [{ memberId: rv.memberId, role: 'AIMS manager' }],
    },
    mine,
  );
  await run(me.ctx, holdReview, { reviewId: review.id, heldOn: today }, mine);
  await run(
    me.ctx,
    recordDecision,
    {
      reviewId: review.id,
      kind: 'improvement',
      title: 'Extend monitoring to the credit scoring model',
      actions: [
        {
          title: 'Define accuracy and drift metrics for credit scoring',
          ownerMemberId: me.memberId,
          dueDate: addDays(today, 90),
        },
      ],
    },
    mine,
  );
}
