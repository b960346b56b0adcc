import { z } from 'zod';
import { orgCommand, parseInput, type OrgTx } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import { insertRecord, updateRecord, type RecordChanges } from '../../kernel/records.js';
import { assertInOrg } from '../../kernel/references.js';
import { AI_ACT_DAYS, type Regime } from './clocks.js';
import { reportsOf, settingsRow } from './queries.js';
import {
  addToTimeline,
  assertOpen,
  checkOrder,
  checkSystems,
  encodeList,
  loadIncident,
  notFuture,
  replaceSystems,
} from './rules.js';
import {
  classifyInput,
  incidentChange,
  incidentId,
  incidentInput,
  NEXT_STATUSES,
  settingsInput,
  statusInput,
  type IncidentInput,
  type IncidentStatus,
} from './schemas.js';
import { clocksOf, closeBlockers } from './views.js';
import { nextRef } from '../../kernel/refs.js';

/**
 * The commands of an incident's record and its steps: each is one action of the permission
 * matrix, written to the ledger under that name. Every step also adds a line to the timeline.
 */

const REGIME_WORD: Record<Regime, string> = {
  eu_ai_act: 'the EU AI Act',
  nis2: 'NIS2',
  dora: 'DORA',
};

async function insertIncident(tx: OrgTx, input: IncidentInput) {
  const orgId = tx.org.orgId;
  const detectedAt = input.detectedAt
    ? notFuture(tx, input.detectedAt, '/body/detectedAt')
    : tx.now;
  const occurredAt = input.occurredAt ? notFuture(tx, input.occurredAt, '/body/occurredAt') : null;
  checkOrder(occurredAt, detectedAt, '/body/occurredAt');
  const systems = await checkSystems(tx, input.systems);
  await assertInOrg(tx, { nonconformityId: ['nonconformities', input.nonconformityId] });
  const i = await insertRecord(tx, orgId, 'incidents', {
    ref: (await nextRef(tx, orgId, 'incidents')).ref,
    title: input.title,
    description: input.description ?? null,
    source: input.source,
    source_ref: input.sourceRef ?? null,
    occurred_at: occurredAt,
    detected_at: detectedAt,
    severity: input.severity,
    harm_types: encodeList(input.harmTypes),
    affected_count: input.affectedCount ?? null,
    affected_description: input.affectedDescription ?? null,
    status: 'open',
    containment: input.containment ?? null,
    root_cause: input.rootCause ?? null,
    serious: 0,
    serious_case: null,
    serious_reason: null,
    serious_decided_by_member_id: null,
    serious_decided_at: null,
    serious_since: null,
    aware_at: null,
    regimes: encodeList([]),
    nonconformity_id: input.nonconformityId ?? null,
    reported_by_member_id: tx.org.memberId,
    closed_at: null,
    closed_by_member_id: null,
  });
  await replaceSystems(tx, i.id, systems);
  const from = input.sourceRef ? `${input.source}: ${input.sourceRef}` : input.source;
  await addToTimeline(
    tx,
    i.id,
    'opened',
    `Detected (severity ${input.severity}, from ${from}).`,
    detectedAt,
  );
  return i;
}

/**
 * Opens an incident inside another command's transaction: a monitoring module opens one when a
 * metric breaches its threshold (source 'monitoring', sourceRef naming the series or breach,
 * systems naming the AI system and model version). The input is checked as the API checks it;
 * its events are written under the calling command's action.
 */
export function openIncident(tx: OrgTx, input: z.input<typeof incidentInput>) {
  return insertIncident(tx, parseInput(incidentInput, input));
}

/** Records an incident; it starts open. */
export const createIncident = orgCommand({
  action: 'incidents.create',
  input: incidentInput,
  run: (tx, input) => insertIncident(tx, input),
});

/** Changes what is recorded about an incident (not once closed). */
export const updateIncident = orgCommand({
  action: 'incidents.update',
  input: incidentChange.extend({ incidentId }),
  pathIds: ['incidentId'],
  async run(tx, input) {
    const i = await loadIncident(tx, input.incidentId);
    tx.expectVersion(i.version);
    assertOpen(i);
    const c: RecordChanges<'incidents'> = {};
    if (input.detectedAt !== undefined)
      c.detected_at = notFuture(tx, input.detectedAt, '/body/detectedAt');
    if (input.occurredAt !== undefined)
      c.occurred_at = input.occurredAt && notFuture(tx, input.occurredAt, '/body/occurredAt');
    checkOrder(
      c.occurred_at !== undefined ? c.occurred_at : i.occurred_at,
      c.detected_at ?? i.detected_at,
      input.occurredAt !== undefined ? '/body/occurredAt' : '/body/detectedAt',
    );
    if (i.aware_at && c.detected_at && c.detected_at > i.aware_at)
      throw new AppError(
        'INCONSISTENT_INPUT',
        'It was detected before it was known to be serious.',
        [
          {
            pointer: '/body/detectedAt',
            message: 'Must not be after the awareness of the serious incident.',
          },
        ],
      );
    if (input.systems !== undefined)
      await replaceSystems(tx, i.id, await checkSystems(tx, input.systems));
    if (input.title !== undefined) c.title = input.title;
    if (input.description !== undefined) c.description = input.description;
    if (input.source !== undefined) c.source = input.source;
    if (input.sourceRef !== undefined) c.source_ref = input.sourceRef;
    if (input.severity !== undefined) c.severity = input.severity;
    if (input.harmTypes !== undefined) c.harm_types = encodeList(input.harmTypes);
    if (input.affectedCount !== undefined) c.affected_count = input.affectedCount;
    if (input.affectedDescription !== undefined) c.affected_description = input.affectedDescription;
    if (input.containment !== undefined) c.containment = input.containment;
    if (input.rootCause !== undefined) c.root_cause = input.rootCause;
    if (input.nonconformityId !== undefined) {
      await assertInOrg(tx, { nonconformityId: ['nonconformities', input.nonconformityId] });
      c.nonconformity_id = input.nonconformityId;
    }
    return updateRecord(tx, tx.org.orgId, 'incidents', i, c);
  },
});

/** Moves an incident between open, contained and resolved. */
export const setIncidentStatus = orgCommand({
  action: 'incidents.set_status',
  input: statusInput.extend({ incidentId }),
  pathIds: ['incidentId'],
  async run(tx, input) {
    const i = await loadIncident(tx, input.incidentId);
    tx.expectVersion(i.version);
    assertOpen(i);
    const from = i.status as IncidentStatus;
    if (!NEXT_STATUSES[from].includes(input.status))
      throw new AppError(
        'INVALID_TRANSITION',
        `An incident that is ${from} cannot become ${input.status}.`,
        [
          {
            pointer: '/body/status',
            message: `From ${from}: ${NEXT_STATUSES[from].join(' or ')}.`,
          },
        ],
      );
    await addToTimeline(
      tx,
      i.id,
      'status',
      `Status ${from} → ${input.status}.${input.note ? ` ${input.note}` : ''}`,
    );
    return updateRecord(tx, tx.org.orgId, 'incidents', i, { status: input.status });
  },
});

/**
 * A manager or owner decides whether the incident is serious, and says why. Marking it serious
 * starts the reporting clocks of the regimes that apply now (the AI Act always; NIS2 and DORA as
 * the organization's settings say), counted from when the organization became aware of it and,
 * for DORA, from this classification. A second decision keeps the time it first became serious.
 */
export const classifyIncident = orgCommand({
  action: 'incidents.classify',
  input: classifyInput.extend({ incidentId }),
  pathIds: ['incidentId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const i = await loadIncident(tx, input.incidentId);
    tx.expectVersion(i.version);
    assertOpen(i);
    const decided = {
      serious_reason: input.reason,
      serious_decided_by_member_id: tx.org.memberId,
      serious_decided_at: tx.now,
    };
    if (!input.serious) {
      for (const f of ['seriousCase', 'awareAt'] as const)
        if (input[f] !== undefined)
          throw new AppError(
            'INCONSISTENT_INPUT',
            'Only a serious incident has a case and an awareness time.',
            [{ pointer: `/body/${f}`, message: 'Only when serious.' }],
          );
      await addToTimeline(
        tx,
        i.id,
        'classification',
        `Decided: not a serious incident. ${input.reason}`,
      );
      return updateRecord(tx, orgId, 'incidents', i, {
        ...decided,
        serious: 0,
        serious_case: null,
        serious_since: null,
        aware_at: null,
        regimes: encodeList([]),
      });
    }
    if (!input.seriousCase)
      throw new AppError('INCONSISTENT_INPUT', 'Say which case of Art. 73 applies.', [
        { pointer: '/body/seriousCase', message: 'Required when serious.' },
      ]);
    const awareAt = input.awareAt
      ? notFuture(tx, input.awareAt, '/body/awareAt')
      : (i.aware_at ?? i.detected_at);
    if (awareAt < i.detected_at)
      throw new AppError('INCONSISTENT_INPUT', 'Awareness cannot come before the detection.', [
        { pointer: '/body/awareAt', message: 'Must not be before the detection.' },
      ]);
    const settings = await settingsRow(tx.db, orgId);
    const regimes: Regime[] = ['eu_ai_act'];
    if (settings?.nis2_applies === 1) regimes.push('nis2');
    if (settings?.dora_applies === 1) regimes.push('dora');
    await addToTimeline(
      tx,
      i.id,
      'classification',
      `Decided: a serious incident (${input.seriousCase.replaceAll('_', ' ')}; EU AI Act report within ${AI_ACT_DAYS[input.seriousCase]} days of awareness; reporting under ${regimes.map((r) => REGIME_WORD[r]).join(', ')}). ${input.reason}`,
    );
    return updateRecord(tx, orgId, 'incidents', i, {
      ...decided,
      serious: 1,
      serious_case: input.seriousCase,
      serious_since: i.serious === 1 ? (i.serious_since ?? tx.now) : tx.now,
      aware_at: awareAt,
      regimes: encodeList(regimes),
    });
  },
});

/**
 * A manager or owner closes a resolved incident once its containment and root cause are
 * recorded and every reporting clock is fulfilled.
 */
export const closeIncident = orgCommand({
  action: 'incidents.close',
  input: z
    .object({
      incidentId,
      note: z.string().max(5000).nullable().optional().describe('For the timeline.'),
    })
    .strict(),
  pathIds: ['incidentId'],
  async run(tx, input) {
    const i = await loadIncident(tx, input.incidentId);
    tx.expectVersion(i.version);
    assertOpen(i);
    const blockers = closeBlockers(
      i,
      clocksOf(i, await reportsOf(tx.db, tx.org.orgId, [i.id]), tx.now),
    );
    if (blockers.length) throw new AppError('INVALID_STATE', `Not yet: ${blockers.join(' ')}`);
    await addToTimeline(tx, i.id, 'status', `Closed.${input.note ? ` ${input.note}` : ''}`);
    return updateRecord(tx, tx.org.orgId, 'incidents', i, {
      status: 'closed',
      closed_at: tx.now,
      closed_by_member_id: tx.org.memberId,
    });
  },
});

/** Whether NIS2 and DORA apply to the organization; it counts for incidents marked serious from now on. */
export const configureIncidents = orgCommand({
  action: 'incidents.configure',
  input: settingsInput,
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const current = await settingsRow(tx.db, orgId);
    tx.expectVersion(current?.version ?? 0);
    const values = {
      nis2_applies: input.nis2Applies ? 1 : 0,
      dora_applies: input.doraApplies ? 1 : 0,
      note: input.note ?? null,
    };
    return current
      ? updateRecord(tx, orgId, 'incident_settings', current, values)
      : insertRecord(tx, orgId, 'incident_settings', values);
  },
});
