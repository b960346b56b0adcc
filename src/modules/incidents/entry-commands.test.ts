import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { makeIncident, makeSeriousIncident } from '../../../test/factories/incidents.js';
import { makeRisk } from '../../../test/factories/risks.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { findRecord } from '../../kernel/records.js';
import { updateRisk } from '../risks/index.js';
import {
  closeIncident,
  configureIncidents,
  setIncidentStatus,
  updateIncident,
} from './commands.js';
import {
  addTimelineEntry,
  linkIncidentRisk,
  recordCommunication,
  recordReport,
  unlinkIncidentRisk,
} from './entry-commands.js';
import { incidentViewOf } from './views.js';

const NOW = '2026-03-02T09:00:00.000Z';
const message = {
  recipient: 'Market surveillance authority',
  channel: 'portal' as const,
  summary: 'Initial report.',
};

describe.each(DIALECTS)('incident timeline, communications, reports and links on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  const row = async (id: string) => (await findRecord(u.database.db, 'incidents', u.org.id, id))!;
  const clocks = async (id: string) =>
    (
      await incidentViewOf(
        u.database.db,
        await u.access(),
        await row(id),
        u.clock.now().toISOString(),
      )
    ).clocks;

  it('adds what happened and what was done to the timeline, not in the future', async () => {
    u.clock.set(NOW);
    const i = await makeIncident(u);
    const { result, events } = await runAndRecord(
      u,
      addTimelineEntry,
      {
        incidentId: i.id,
        kind: 'action',
        at: '2026-03-02T08:15:00Z',
        entry: 'Routing switched off by Ana.',
      },
      { as: u.members.contributor },
    );
    expect(result).toMatchObject({ kind: 'action', at: '2026-03-02T08:15:00.000Z' });
    expect(events.map((e) => [e.action, e.entity])).toEqual([
      ['incidents.add_entry', 'incident_timeline'],
    ]);
    expect(events[0]!.state).toMatchObject({
      incident_id: i.id,
      entry: 'Routing switched off by Ana.',
      member_id: u.members.contributor.memberId,
    });
    await expect(
      u.run(addTimelineEntry, { incidentId: i.id, at: '2026-03-03T00:00:00Z', entry: 'x' }),
    ).rejects.toMatchObject({ code: 'INCONSISTENT_INPUT', status: 422 });
    await expect(
      u.run(addTimelineEntry, { incidentId: i.id, entry: 'x' }, { as: u.members.viewer }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });

  it('records a communication to interested parties with its date, and puts it on the timeline', async () => {
    const i = await makeIncident(u);
    const { result, events } = await runAndRecord(
      u,
      recordCommunication,
      {
        incidentId: i.id,
        audience: 'interested_party',
        recipient: 'Affected patients',
        sentAt: '2026-03-02T08:00:00+01:00',
        channel: 'letter',
        summary: 'What happened and what we changed.',
      },
      { as: u.members.contributor },
    );
    expect(result).toMatchObject({ sent_at: '2026-03-02T07:00:00.000Z', fulfils: null });
    expect(events.map((e) => [e.action, e.entity])).toEqual([
      ['incidents.communicate', 'incident_communications'],
      ['incidents.communicate', 'incident_timeline'],
    ]);
    expect(events[1]!.state).toMatchObject({
      kind: 'communication',
      at: '2026-03-02T07:00:00.000Z',
      entry:
        'Communicated to interested party Affected patients by letter: What happened and what we changed.',
    });
  });

  it('records a report that fulfils a clock (managers and owners), in time or late', async () => {
    const i = await makeSeriousIncident(u, {}, { seriousCase: 'widespread_infringement' });
    const report = { ...message, incidentId: i.id, clock: 'ai_act_report' as const };
    await expect(
      u.run(recordReport, { ...report, sentAt: NOW }, { as: u.members.contributor }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    await expect(
      u.run(recordReport, { ...report, clock: 'nis2_early_warning', sentAt: NOW }),
    ).rejects.toMatchObject({
      code: 'INCONSISTENT_INPUT',
      errors: [{ pointer: '/body/clock' }],
    });
    u.clock.set('2026-03-04T09:00:01.000Z');
    expect(await clocks(i.id)).toEqual([
      expect.objectContaining({ state: 'overdue', remainingSeconds: -1 }),
    ]);
    const { result, events } = await runAndRecord(
      u,
      recordReport,
      { ...report, sentAt: '2026-03-04T09:00:01Z', reference: 'MSA-1' },
      { as: u.members.manager },
    );
    expect(result).toMatchObject({ audience: 'authority', fulfils: 'ai_act_report' });
    expect(events.map((e) => [e.action, e.entity])).toEqual([
      ['incidents.report', 'incident_communications'],
      ['incidents.report', 'incident_timeline'],
    ]);
    expect(await clocks(i.id)).toEqual([
      expect.objectContaining({
        state: 'late',
        fulfilledBy: result.id,
        fulfilledAt: '2026-03-04T09:00:01.000Z',
      }),
    ]);
    u.clock.set(NOW);
  });

  it('refuses a report for an incident that is not serious, and a DORA report out of order', async () => {
    const plain = await makeIncident(u);
    await expect(
      u.run(recordReport, {
        ...message,
        incidentId: plain.id,
        clock: 'ai_act_report',
        sentAt: NOW,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE', status: 409 });
    await u.run(configureIncidents, { nis2Applies: false, doraApplies: true });
    const i = await makeSeriousIncident(u);
    const head = await u.head();
    await expect(
      u.run(recordReport, {
        ...message,
        incidentId: i.id,
        clock: 'dora_intermediate',
        sentAt: NOW,
      }),
    ).rejects.toMatchObject({
      code: 'INCONSISTENT_INPUT',
      message: 'Record the DORA initial notification first.',
    });
    expect(await u.head()).toBe(head);
    await u.run(recordReport, {
      ...message,
      incidentId: i.id,
      clock: 'dora_initial',
      sentAt: '2026-03-02T08:30:00Z',
    });
    await expect(
      u.run(recordReport, {
        ...message,
        incidentId: i.id,
        clock: 'dora_intermediate',
        sentAt: '2026-03-02T08:00:00Z',
      }),
    ).rejects.toMatchObject({ code: 'INCONSISTENT_INPUT', errors: [{ pointer: '/body/sentAt' }] });
    // The intermediate report is due 72 hours after the initial notification was sent.
    const dora = Object.fromEntries((await clocks(i.id)).map((c) => [c.key, c]));
    expect(dora.dora_initial).toMatchObject({ state: 'met' });
    expect(dora.dora_intermediate).toMatchObject({
      dueAt: '2026-03-05T08:30:00.000Z',
      state: 'running',
    });
    expect(dora.dora_final).toMatchObject({ state: 'waiting', waitingFor: 'dora_intermediate' });
    await u.run(configureIncidents, { nis2Applies: false, doraApplies: false });
  });

  it('closes only a resolved incident with containment, root cause and every clock fulfilled', async () => {
    const i = await makeSeriousIncident(u);
    await expect(
      u.run(closeIncident, { incidentId: i.id }, { as: u.members.contributor }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    await expect(u.run(closeIncident, { incidentId: i.id })).rejects.toMatchObject({
      code: 'INVALID_STATE',
      message:
        'Not yet: It must be resolved first. Record the containment actions. Record the root cause. The EU AI Act serious incident report is not yet recorded as sent.',
    });
    await u.run(updateIncident, { incidentId: i.id, containment: 'Off.', rootCause: 'Drift.' });
    await u.run(setIncidentStatus, { incidentId: i.id, status: 'resolved' });
    await expect(u.run(closeIncident, { incidentId: i.id })).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    await u.run(recordReport, {
      ...message,
      incidentId: i.id,
      clock: 'ai_act_report',
      sentAt: NOW,
    });
    const current = await row(i.id);
    const { result, events } = await runAndRecord(
      u,
      closeIncident,
      { incidentId: i.id, note: 'Lessons recorded.' },
      { as: u.members.manager, ifMatch: current.version },
    );
    expect(result).toMatchObject({
      status: 'closed',
      closed_at: NOW,
      closed_by_member_id: u.members.manager.memberId,
    });
    expect(events.map((e) => [e.action, e.entity])).toEqual([
      ['incidents.close', 'incident_timeline'],
      ['incidents.close', 'incidents'],
    ]);
    await expect(u.run(updateIncident, { incidentId: i.id, title: 'z' })).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    await expect(
      u.run(setIncidentStatus, { incidentId: i.id, status: 'open' }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('links a risk, which falls due for review today (a closed one opens again), and unlinks it', async () => {
    const i = await makeIncident(u);
    const risk = await makeRisk(u, {
      reviewDate: '2026-12-31',
      inherentLikelihood: 2,
      inherentImpact: 2,
    });
    await u.run(updateRisk, { riskId: risk.id, status: 'closed' });
    const { events } = await runAndRecord(
      u,
      linkIncidentRisk,
      { incidentId: i.id, riskId: risk.id },
      { as: u.members.contributor },
    );
    expect(events.map((e) => [e.action, e.entity])).toEqual([
      ['incidents.link_risk', 'incident_risks'],
      ['incidents.link_risk', 'risks'],
      ['incidents.link_risk', 'incident_timeline'],
    ]);
    expect(events[1]!.state).toMatchObject({ review_date: '2026-03-02', status: 'assessed' });
    expect(events[2]!.state).toMatchObject({
      entry: `Linked to the risk “${risk.title}”, which falls due for review on 2026-03-02.`,
    });
    await expect(
      u.run(linkIncidentRisk, { incidentId: i.id, riskId: risk.id }),
    ).rejects.toMatchObject({ code: 'CONFLICT', status: 409 });
    await expect(
      u.run(linkIncidentRisk, { incidentId: i.id, riskId: '0190a5d4-0000-7000-8000-000000000000' }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_REFERENCE', errors: [{ pointer: '/body/riskId' }] });
    const unlinked = await runAndRecord(u, unlinkIncidentRisk, {
      incidentId: i.id,
      riskId: risk.id,
    });
    expect(unlinked.events.map((e) => [e.action, e.entity, e.state === null])).toEqual([
      ['incidents.link_risk', 'incident_risks', true],
      ['incidents.link_risk', 'incident_timeline', false],
    ]);
    await expect(
      u.run(unlinkIncidentRisk, { incidentId: i.id, riskId: risk.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('leaves a ledger that verifies', async () => {
    expect(await u.verify()).toEqual([]);
  });
});
