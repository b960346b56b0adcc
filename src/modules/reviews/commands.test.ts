import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStartedAudit } from '../../../test/factories/audits.js';
import { makeIncident } from '../../../test/factories/incidents.js';
import { makeMetric } from '../../../test/factories/monitoring.js';
import { makeNonconformity } from '../../../test/factories/nonconformities.js';
import { makeHeldReview, makeReview } from '../../../test/factories/reviews.js';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { updateIncident } from '../incidents/index.js';
import { ingestPoints } from '../monitoring/index.js';
import { holdReview, issueMinutes, planReview, updateReview } from './commands.js';
import { addReviewAction, recordDecision, updateReviewAction } from './decision-commands.js';
import { findReview } from './queries.js';
import { toReviewView } from './views.js';

describe.each(DIALECTS)('management review commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  const viewOf = async (id: string) =>
    toReviewView(
      u.database.db,
      await u.access(u.members.viewer),
      (await findReview(u.database.db, u.org.id, id))!,
      u.clock.now(),
    );
  const section = (v: Awaited<ReturnType<typeof viewOf>>, key: string) =>
    v.inputs.sections.find((s) => s.key === key)!;

  it('plans a review with a chair and attendees, members and others, in the ledger', async () => {
    const { result, events } = await runAndRecord(
      u,
      planReview,
      {
        title: 'Management review H1',
        plannedOn: '2026-06-30',
        chairMemberId: u.members.owner.memberId,
        attendees: [
          { memberId: u.members.manager.memberId, role: 'AIMS manager' },
          { name: 'Dana External', role: 'Advisor' },
        ],
      },
      { as: u.members.manager },
    );
    expect(result).toMatchObject({ status: 'planned', inputs: null, inputs_hash: null });
    expect(events.map((e) => [e.action, e.entity, e.entity_id, e.state?.status])).toEqual([
      ['reviews.plan', 'management_reviews', result.id, 'planned'],
    ]);
  });

  it('refuses a chair or attendee from another organization, and writes nothing', async () => {
    const other = await u.outsider();
    const head = await u.head();
    await expect(
      makeReview(u, {
        chairMemberId: other.memberId,
        attendees: [{ memberId: other.memberId }],
      }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      status: 422,
      errors: [{ pointer: '/body/chairMemberId' }, { pointer: '/body/attendees/0/memberId' }],
    });
    expect(await u.head()).toBe(head);
  });

  it('refuses a contributor planning a review (FORBIDDEN)', async () => {
    await expect(
      u.run(
        planReview,
        { title: 'x', plannedOn: '2026-06-30', chairMemberId: u.members.owner.memberId },
        { as: u.members.contributor },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });

  it('shows live inputs while planned: an open nonconformity and an incident appear by themselves', async () => {
    const r = await makeReview(u);
    const before = await viewOf(r.id);
    expect(before.inputsFrozen).toBe(false);
    expect(before.inputs.sections.map((s) => s.key)).toEqual([
      'previous_actions',
      'issues',
      'interested_parties',
      'nonconformities',
      'monitoring',
      'audits',
      'incidents',
      'improvements',
      'risks',
      'objectives',
    ]);
    const nc = await makeNonconformity(u, { title: 'Bias test skipped' });
    const incident = await makeIncident(u, { title: 'Triage model misrouted patients' });
    const live = await viewOf(r.id);
    expect(section(live, 'nonconformities').items.map((i) => i.id)).toContain(nc.id);
    expect(section(live, 'nonconformities').figures).toContainEqual({ label: 'open', value: 1 });
    expect(section(live, 'incidents').items).toContainEqual(
      expect.objectContaining({ id: incident.id, title: 'Triage model misrouted patients' }),
    );
    expect(section(live, 'audits')).toMatchObject({ available: true });
  });

  it('takes audit results and metric breaches among its inputs', async () => {
    const r = await makeReview(u);
    const audit = await makeStartedAudit(u, { title: 'Clause 8 operations audit' });
    const metric = await makeMetric(u, { name: 'Triage top-1 accuracy' });
    const at = (h: number) => new Date(u.clock.now().getTime() - h * 3_600_000).toISOString();
    await u.run(
      ingestPoints,
      { metricId: metric.id, batchKey: 'review-input', points: [{ at: at(2), value: 85 }] },
      { as: u.members.contributor },
    );
    const live = await viewOf(r.id);
    expect(section(live, 'audits').items).toContainEqual(
      expect.objectContaining({ type: 'audits', id: audit.id }),
    );
    expect(section(live, 'audits').figures).toContainEqual({
      label: 'audits planned or in progress',
      value: expect.any(Number),
    });
    const breach = section(live, 'monitoring').items.find((i) => i.type === 'metric_breaches');
    expect(breach).toMatchObject({ title: 'Triage top-1 accuracy breached its threshold' });
    expect(breach!.detail).toContain('still in breach');
    expect(section(live, 'monitoring').figures).toContainEqual({
      label: 'metric breaches still open',
      value: 1,
    });
  });

  it('holds a review: the inputs are frozen with their hash, and later changes leave them as they were', async () => {
    const r = await makeReview(u);
    const incident = await makeIncident(u, { title: 'Chatbot gave dosage advice' });
    u.clock.set('2026-06-30T15:00:00.000Z');
    const { result, events } = await runAndRecord(
      u,
      holdReview,
      { reviewId: r.id },
      { as: u.members.manager, ifMatch: r.version },
    );
    expect(result).toMatchObject({ status: 'held', held_on: '2026-06-30' });
    expect(result.inputs_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(events.map((e) => [e.action, e.entity, e.state?.status])).toEqual([
      ['reviews.hold', 'management_reviews', 'held'],
    ]);
    expect(events[0]!.state?.inputs_hash).toBe(result.inputs_hash);

    const frozen = await viewOf(r.id);
    expect(frozen).toMatchObject({ inputsFrozen: true, hashMatches: true });
    await u.run(updateIncident, { incidentId: incident.id, title: 'Renamed later' });
    await makeNonconformity(u, { title: 'Raised after the review' });
    const later = await viewOf(r.id);
    expect(later.inputs).toEqual(frozen.inputs);
    expect(later.inputsHash).toBe(result.inputs_hash);
    expect(later.hashMatches).toBe(true);
    expect(JSON.stringify(later.inputs)).toContain('Chatbot gave dosage advice');
    expect(JSON.stringify(later.inputs)).not.toContain('Raised after the review');

    // The stored snapshot altered behind the application's back no longer matches its hash.
    await u.database.db
      .updateTable('management_reviews')
      .set({
        inputs: result.inputs!.replace(
          'Chatbot gave dosage advice',
          'Something else',
        ) as typeof result.inputs,
      })
      .where('id', '=', r.id)
      .execute();
    expect((await viewOf(r.id)).hashMatches).toBe(false);
    await u.database.db
      .updateTable('management_reviews')
      .set({ inputs: result.inputs })
      .where('id', '=', r.id)
      .execute();

    const head = await u.head();
    await expect(
      u.run(updateReview, { reviewId: r.id, title: 'x' }, { as: u.members.manager }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE', status: 409 });
    await expect(
      u.run(holdReview, { reviewId: r.id }, { as: u.members.manager }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE', status: 409 });
    expect(await u.head()).toBe(head);
  });

  it('answers a stale If-Match with 412', async () => {
    const r = await makeReview(u);
    await expect(
      u.run(holdReview, { reviewId: r.id }, { as: u.members.manager, ifMatch: r.version + 1 }),
    ).rejects.toMatchObject({ code: 'VERSION_MISMATCH', status: 412 });
  });

  it('records a decision with actions, raising a nonconformity and an improvement from the review', async () => {
    const r = await makeReview(u);
    await u.run(holdReview, { reviewId: r.id }, { as: u.members.manager });
    const { result, events } = await runAndRecord(
      u,
      recordDecision,
      {
        reviewId: r.id,
        kind: 'improvement',
        title: 'Monitor data drift',
        actions: [
          {
            title: 'Weekly drift report',
            ownerMemberId: u.members.contributor.memberId,
            dueDate: '2026-09-30',
          },
        ],
        raiseNonconformity: { requirementId: 'A.6.2.6', severity: 'minor' },
        raiseImprovement: true,
      },
      { as: u.members.manager },
    );
    expect(events.map((e) => [e.action, e.entity])).toEqual([
      ['reviews.decide', 'nonconformities'],
      ['reviews.decide', 'nonconformity_steps'],
      ['reviews.decide', 'improvements'],
      ['reviews.decide', 'management_review_decisions'],
      ['reviews.decide', 'management_review_actions'],
    ]);
    expect(events[0]!.state).toMatchObject({ source_type: 'management_review', source_id: r.id });
    expect(events[2]!.state).toMatchObject({ source_type: 'management_review', source_id: r.id });
    expect(result.nonconformity_id).toBe(events[0]!.entity_id);
    expect(result.improvement_id).toBe(events[2]!.entity_id);
    const v = await viewOf(r.id);
    expect(v.decisions[0]!.actions).toMatchObject([
      { title: 'Weekly drift report', ownerMemberId: u.members.contributor.memberId },
    ]);

    const head = await u.head();
    const other = await u.outsider();
    await expect(
      u.run(
        addReviewAction,
        {
          reviewId: r.id,
          reviewDecisionId: result.id,
          title: 'x',
          ownerMemberId: other.memberId,
          dueDate: '2026-09-30',
        },
        { as: u.members.manager },
      ),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/ownerMemberId' }],
    });
    expect(await u.head()).toBe(head);
  });

  it('refuses decisions on a planned review', async () => {
    const r = await makeReview(u);
    await expect(
      u.run(
        recordDecision,
        { reviewId: r.id, kind: 'other', title: 'x' },
        { as: u.members.manager },
      ),
    ).rejects.toMatchObject({ code: 'INVALID_STATE', status: 409 });
  });

  it("feeds a review's actions into the next review, whose window starts at the previous one", async () => {
    u.clock.set('2026-07-01T09:00:00.000Z');
    const { review, decision } = await makeHeldReview(u);
    const next = await makeReview(u);
    const live = await viewOf(next.id);
    expect(live.inputs.since).toBe(review.held_at);
    const prior = section(live, 'previous_actions');
    const action = prior.items.find((i) => i.title === 'Rewrite the monitoring plan')!;
    expect(action.detail).toBe('open, due 2026-09-30');

    const { result, events } = await runAndRecord(
      u,
      updateReviewAction,
      {
        reviewId: review.id,
        reviewDecisionId: decision.id,
        reviewActionId: action.id,
        status: 'done',
      },
      { as: u.members.contributor },
    );
    expect(result).toMatchObject({ status: 'done', completed_on: '2026-07-01' });
    expect(events.map((e) => [e.action, e.entity, e.state?.status])).toEqual([
      ['reviews.update_action', 'management_review_actions', 'done'],
    ]);
    const after = section(await viewOf(next.id), 'previous_actions');
    expect(after.items.find((i) => i.id === action.id)!.detail).toBe('done, due 2026-09-30');
  });

  it('issues the minutes of a held review, after which no decision is added', async () => {
    const { review } = await makeHeldReview(u);
    const { result, events } = await runAndRecord(
      u,
      issueMinutes,
      { reviewId: review.id, summary: 'The AIMS remains suitable.' },
      { as: u.members.manager },
    );
    expect(result).toMatchObject({ status: 'issued', summary: 'The AIMS remains suitable.' });
    expect(events.map((e) => [e.action, e.state?.status])).toEqual([['reviews.issue', 'issued']]);
    await expect(
      u.run(
        recordDecision,
        { reviewId: review.id, kind: 'other', title: 'x' },
        { as: u.members.manager },
      ),
    ).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(await u.verify()).toEqual([]);
  });

  it('tells each caller what they may do', async () => {
    const r = await makeReview(u);
    const row = (await findReview(u.database.db, u.org.id, r.id))!;
    const as = async (m: keyof Unit['members']) =>
      (await toReviewView(u.database.db, await u.access(u.members[m]), row, u.clock.now()))
        .abilities;
    expect(await as('manager')).toEqual({
      edit: true,
      hold: true,
      decide: false,
      issue: false,
      updateActions: false,
    });
    expect(await as('viewer')).toEqual({
      edit: false,
      hold: false,
      decide: false,
      issue: false,
      updateActions: false,
    });
  });
});
