import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { makeIncident, makeSeriousIncident } from '../../../test/factories/incidents.js';
import { makeNonconformity } from '../../../test/factories/nonconformities.js';
import { makeAiModel, makeAiSystem } from '../../../test/factories/registers.js';
import { openUnit, runAndRecord, type Unit, type UnitMember } from '../../../test/unit.js';
import { orgCommand } from '../../kernel/commands.js';
import { findRecord } from '../../kernel/records.js';
import {
  classifyIncident,
  configureIncidents,
  createIncident,
  openIncident,
  setIncidentStatus,
  updateIncident,
} from './commands.js';
import { incidentViewOf } from './views.js';

const NOW = '2026-03-02T09:00:00.000Z';

describe.each(DIALECTS)('incident commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  const view = async (id: string, as: UnitMember = u.members.owner) =>
    incidentViewOf(
      u.database.db,
      await u.access(as),
      (await findRecord(u.database.db, 'incidents', u.org.id, id))!,
      u.clock.now().toISOString(),
    );

  it('records an incident as a contributor, with its system, model version and a first timeline line', async () => {
    u.clock.set(NOW);
    const sys = await makeAiSystem(u);
    const model = await makeAiModel(u, { aiSystemId: sys.id });
    const { result, events } = await runAndRecord(
      u,
      createIncident,
      {
        title: 'Chest pain ranked routine',
        severity: 'critical',
        harmTypes: ['health_and_safety'],
        affectedCount: 3,
        occurredAt: '2026-03-01T07:00:00+01:00',
        systems: [
          { aiSystemId: sys.id, aiModelId: model.id },
          { aiSystemId: sys.id, aiModelId: model.id },
        ],
      },
      { as: u.members.contributor },
    );
    expect(result).toMatchObject({
      status: 'open',
      serious: 0,
      detected_at: NOW,
      occurred_at: '2026-03-01T06:00:00.000Z',
      reported_by_member_id: u.members.contributor.memberId,
      version: 1,
    });
    expect(events.map((e) => [e.action, e.entity])).toEqual([
      ['incidents.create', 'incidents'],
      ['incidents.create', 'incident_systems'],
      ['incidents.create', 'incident_timeline'],
    ]);
    expect(events[0]!.state).toMatchObject({
      title: 'Chest pain ranked routine',
      severity: 'critical',
      harm_types: '["health_and_safety"]',
      affected_count: 3,
      regimes: '[]',
    });
    expect(events[1]!.state).toMatchObject({ ai_system_id: sys.id, ai_model_id: model.id });
    expect(events[2]!.state).toMatchObject({ kind: 'opened', at: NOW });
    const v = await view(result.id, u.members.contributor);
    expect(v.systems).toEqual([{ aiSystemId: sys.id, aiModelId: model.id }]);
    expect(v.clocks).toEqual([]);
    expect(v.abilities).toMatchObject({ edit: true, classify: false, close: false, report: false });
  });

  it('refuses unknown systems, a model of another system and impossible times, writing nothing', async () => {
    const sys = await makeAiSystem(u);
    const foreign = await makeAiModel(u);
    const head = await u.head();
    await expect(
      u.run(createIncident, {
        title: 'x',
        severity: 'low',
        systems: [{ aiSystemId: '0190a5d4-0000-7000-8000-000000000000' }],
      }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/systems/0/aiSystemId', message: 'No such AI system.' }],
    });
    await expect(
      u.run(createIncident, {
        title: 'x',
        severity: 'low',
        systems: [{ aiSystemId: sys.id, aiModelId: foreign.id }],
      }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_REFERENCE', status: 422 });
    await expect(
      u.run(createIncident, { title: 'x', severity: 'low', detectedAt: '2026-03-02T09:00:01Z' }),
    ).rejects.toMatchObject({
      code: 'INCONSISTENT_INPUT',
      errors: [{ pointer: '/body/detectedAt', message: 'Must not be in the future.' }],
    });
    await expect(
      u.run(createIncident, {
        title: 'x',
        severity: 'low',
        detectedAt: '2026-03-01T00:00:00Z',
        occurredAt: '2026-03-01T00:00:01Z',
      }),
    ).rejects.toMatchObject({ code: 'INCONSISTENT_INPUT', status: 422 });
    expect(await u.head()).toBe(head);
  });

  it('changes an incident at the version the caller read, replacing its systems', async () => {
    const i = await makeIncident(u);
    const other = await makeAiSystem(u);
    const nc = await makeNonconformity(u);
    await expect(
      u.run(updateIncident, { incidentId: i.id, title: 'y' }, { ifMatch: 2 }),
    ).rejects.toMatchObject({ code: 'VERSION_MISMATCH', status: 412 });
    const head = await u.head();
    await expect(
      u.run(
        updateIncident,
        { incidentId: i.id, nonconformityId: '0190a0a0-0000-7000-8000-000000000000' },
        { ifMatch: 1 },
      ),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      errors: [{ pointer: '/body/nonconformityId' }],
    });
    expect(await u.head()).toBe(head);
    const { result, events } = await runAndRecord(
      u,
      updateIncident,
      {
        incidentId: i.id,
        containment: 'Model switched off.',
        systems: [{ aiSystemId: other.id }],
        nonconformityId: nc.id,
      },
      { ifMatch: 1, as: u.members.contributor },
    );
    expect(result).toMatchObject({ containment: 'Model switched off.', nonconformity_id: nc.id });
    expect(events.map((e) => [e.action, e.entity, e.state === null])).toEqual([
      ['incidents.update', 'incident_systems', true],
      ['incidents.update', 'incident_systems', false],
      ['incidents.update', 'incidents', false],
    ]);
    expect((await view(i.id)).systems).toEqual([{ aiSystemId: other.id, aiModelId: null }]);
  });

  it('moves between open, contained and resolved, each step on the timeline', async () => {
    const i = await makeIncident(u);
    const { result, events } = await runAndRecord(
      u,
      setIncidentStatus,
      { incidentId: i.id, status: 'contained', note: 'Switched off.' },
      { as: u.members.contributor, ifMatch: 1 },
    );
    expect(result.status).toBe('contained');
    expect(events.map((e) => [e.action, e.entity])).toEqual([
      ['incidents.set_status', 'incident_timeline'],
      ['incidents.set_status', 'incidents'],
    ]);
    expect(events[0]!.state).toMatchObject({
      kind: 'status',
      entry: 'Status open → contained. Switched off.',
    });
    const head = await u.head();
    await expect(
      u.run(setIncidentStatus, { incidentId: i.id, status: 'contained' }),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION', status: 422 });
    expect(await u.head()).toBe(head);
    expect((await view(i.id, u.members.contributor)).nextStatuses).toEqual(['open', 'resolved']);
    expect((await view(i.id, u.members.viewer)).nextStatuses).toEqual([]);
  });

  it('lets only managers and owners mark an incident serious, recording who decided, when and why', async () => {
    const i = await makeIncident(u, { detectedAt: '2026-03-02T08:00:00Z' });
    await expect(
      u.run(
        classifyIncident,
        { incidentId: i.id, serious: true, seriousCase: 'other', reason: 'x' },
        { as: u.members.contributor },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    await expect(
      u.run(classifyIncident, { incidentId: i.id, serious: true, reason: 'x' }),
    ).rejects.toMatchObject({
      code: 'INCONSISTENT_INPUT',
      errors: [{ pointer: '/body/seriousCase', message: 'Required when serious.' }],
    });
    await expect(
      u.run(classifyIncident, {
        incidentId: i.id,
        serious: true,
        seriousCase: 'death',
        reason: 'x',
        awareAt: '2026-03-02T07:00:00Z',
      }),
    ).rejects.toMatchObject({ code: 'INCONSISTENT_INPUT', status: 422 });
    const { result, events } = await runAndRecord(
      u,
      classifyIncident,
      { incidentId: i.id, serious: true, seriousCase: 'death', reason: 'A patient died.' },
      { as: u.members.manager, ifMatch: 1 },
    );
    expect(events.map((e) => [e.action, e.entity])).toEqual([
      ['incidents.classify', 'incident_timeline'],
      ['incidents.classify', 'incidents'],
    ]);
    expect(events[1]!.state).toMatchObject({
      serious: 1,
      serious_case: 'death',
      serious_reason: 'A patient died.',
      serious_decided_by_member_id: u.members.manager.memberId,
      serious_decided_at: NOW,
      serious_since: NOW,
      aware_at: '2026-03-02T08:00:00.000Z',
      regimes: '["eu_ai_act"]',
    });
    expect(result.version).toBe(2);
    // 10 days after awareness, in the event of a death.
    expect((await view(i.id)).clocks).toEqual([
      expect.objectContaining({
        key: 'ai_act_report',
        dueAt: '2026-03-12T08:00:00.000Z',
        state: 'running',
        remainingSeconds: 10 * 86_400 - 3600,
      }),
    ]);
    // Deciding it is not serious after all stops the clocks and says who decided.
    await u.run(classifyIncident, { incidentId: i.id, serious: false, reason: 'No causal link.' });
    const v = await view(i.id);
    expect(v).toMatchObject({ serious: false, clocks: [], seriousReason: 'No causal link.' });
    expect(v.seriousDecidedByMemberId).toBe(u.members.owner.memberId);
  });

  it('starts the NIS2 and DORA clocks when the organization says they apply, from awareness and classification', async () => {
    const { events } = await runAndRecord(
      u,
      configureIncidents,
      { nis2Applies: true, doraApplies: true, note: 'Essential entity; financial services.' },
      { as: u.members.manager, ifMatch: 0 },
    );
    expect(events.map((e) => [e.action, e.entity])).toEqual([
      ['incidents.configure', 'incident_settings'],
    ]);
    expect(events[0]!.state).toMatchObject({ nis2_applies: 1, dora_applies: 1 });
    const i = await makeSeriousIncident(
      u,
      { detectedAt: '2026-03-01T20:00:00Z' },
      { awareAt: '2026-03-01T21:00:00Z', seriousCase: 'critical_infrastructure' },
    );
    const due = Object.fromEntries((await view(i.id)).clocks.map((c) => [c.key, c.dueAt]));
    expect(due).toEqual({
      ai_act_report: '2026-03-03T21:00:00.000Z', // 2 days after awareness
      nis2_early_warning: '2026-03-02T21:00:00.000Z', // 24 hours after awareness
      nis2_notification: '2026-03-04T21:00:00.000Z', // 72 hours after awareness
      nis2_final: null, // one month after the notification, once it is sent
      dora_initial: '2026-03-02T13:00:00.000Z', // 4 hours after classification (09:00)
      dora_intermediate: null,
      dora_final: null,
    });
    await u.run(
      configureIncidents,
      { nis2Applies: false, doraApplies: false },
      { as: u.members.manager, ifMatch: 1 },
    );
  });

  it('opens an incident inside another command, as a monitoring module does on a breach', async () => {
    const sys = await makeAiSystem(u);
    const model = await makeAiModel(u, { aiSystemId: sys.id });
    const breach = orgCommand({
      action: 'incidents.create',
      input: z.object({}).strict(),
      run: (tx) =>
        openIncident(tx, {
          title: 'Accuracy below 0.90',
          description: 'Weekly accuracy 0.84 against a threshold of 0.90.',
          severity: 'medium',
          source: 'monitoring',
          sourceRef: 'metric:accuracy/2026-W10',
          systems: [{ aiSystemId: sys.id, aiModelId: model.id }],
        }),
    });
    const { result, events } = await runAndRecord(u, breach, {});
    expect(result).toMatchObject({ source: 'monitoring', source_ref: 'metric:accuracy/2026-W10' });
    expect(events.map((e) => e.entity)).toEqual([
      'incidents',
      'incident_systems',
      'incident_timeline',
    ]);
    expect(events[2]!.state).toMatchObject({
      entry: 'Detected (severity medium, from monitoring: metric:accuracy/2026-W10).',
    });
  });

  it('shows each role what it may do', async () => {
    const i = await makeSeriousIncident(u);
    expect((await view(i.id, u.members.viewer)).abilities).toEqual({
      edit: false,
      setStatus: false,
      classify: false,
      close: false,
      addEntry: false,
      communicate: false,
      report: false,
      linkRisk: false,
    });
    expect((await view(i.id, u.members.contributor)).abilities).toMatchObject({
      edit: true,
      classify: false,
      report: false,
      communicate: true,
    });
    expect((await view(i.id, u.members.manager)).abilities).toMatchObject({
      classify: true,
      report: true,
      close: false,
    });
  });

  it('leaves a ledger that verifies', async () => {
    expect(await u.verify()).toEqual([]);
  });
});
