import { z } from 'zod';
import { decodeJson } from '../../db/json.js';
import { orgCommand } from '../../kernel/commands.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { uuidSchema } from '../../kernel/ids.js';
import { deleteRecord, findRecord, insertRecord } from '../../kernel/records.js';
import { markRiskForReview } from '../risks/index.js';
import { applicableClocks, CLOCKS } from './clocks.js';
import { reportsOf, riskLink } from './queries.js';
import { addToTimeline, clip, loadIncident, notFuture } from './rules.js';
import { communicationInput, entryInput, incidentId, reportInput } from './schemas.js';

/**
 * What is added to an incident over time: timeline entries, communications to interested parties
 * and authorities, reports that fulfil a reporting clock, and links to risks. These may still be
 * added once the incident is closed (a late note, a follow-up message, a lesson for a risk).
 */

/** Adds what happened or what was done to the timeline. */
export const addTimelineEntry = orgCommand({
  action: 'incidents.add_entry',
  input: entryInput.extend({ incidentId }),
  pathIds: ['incidentId'],
  async run(tx, input) {
    const i = await loadIncident(tx, input.incidentId);
    const at = input.at ? notFuture(tx, input.at, '/body/at') : tx.now;
    return addToTimeline(tx, i.id, input.kind, input.entry, at);
  },
});

/** Records a communication to an interested party (A.8.3, A.8.5) or an authority, with its date. */
export const recordCommunication = orgCommand({
  action: 'incidents.communicate',
  input: communicationInput.extend({ incidentId }),
  pathIds: ['incidentId'],
  async run(tx, input) {
    const i = await loadIncident(tx, input.incidentId);
    const sentAt = notFuture(tx, input.sentAt, '/body/sentAt');
    const c = await insertRecord(tx, tx.org.orgId, 'incident_communications', {
      incident_id: i.id,
      audience: input.audience,
      recipient: input.recipient,
      sent_at: sentAt,
      channel: input.channel,
      summary: input.summary,
      reference: input.reference ?? null,
      fulfils: null,
      member_id: tx.org.memberId,
    });
    const to = input.audience === 'authority' ? 'the authority' : 'interested party';
    await addToTimeline(
      tx,
      i.id,
      'communication',
      `Communicated to ${to} ${input.recipient} by ${input.channel}: ${clip(input.summary)}`,
      sentAt,
    );
    return c;
  },
});

/**
 * A manager or owner records a report to an authority that fulfils one of the incident's
 * clocks. A report that follows another (DORA intermediate and final, NIS2 final) needs that one
 * recorded first, and cannot have been sent before it.
 */
export const recordReport = orgCommand({
  action: 'incidents.report',
  input: reportInput.extend({ incidentId }),
  pathIds: ['incidentId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const i = await loadIncident(tx, input.incidentId);
    if (i.serious !== 1)
      throw new AppError(
        'INVALID_STATE',
        'Only a serious incident has reporting clocks: a manager or owner marks it serious first.',
      );
    const spec = CLOCKS[input.clock];
    const regimes = decodeJson(i.regimes);
    if (!applicableClocks({ serious: true, regimes }).includes(input.clock))
      throw new AppError(
        'INCONSISTENT_INPUT',
        `The ${spec.title} does not apply to this incident.`,
        [
          {
            pointer: '/body/clock',
            message: `Applies when the organization reports under ${spec.regime}.`,
          },
        ],
      );
    const sentAt = notFuture(tx, input.sentAt, '/body/sentAt');
    if (spec.after) {
      const before = (await reportsOf(tx.db, orgId, [i.id]))
        .filter((r) => r.fulfils === spec.after)
        .map((r) => r.sent_at)
        .sort();
      const title = CLOCKS[spec.after].title;
      if (!before.length)
        throw new AppError('INCONSISTENT_INPUT', `Record the ${title} first.`, [
          { pointer: '/body/clock', message: `Follows the ${title}.` },
        ]);
      if (sentAt < before[0]!)
        throw new AppError('INCONSISTENT_INPUT', `It cannot have been sent before the ${title}.`, [
          { pointer: '/body/sentAt', message: `Must not be before the ${title} (${before[0]}).` },
        ]);
    }
    const c = await insertRecord(tx, orgId, 'incident_communications', {
      incident_id: i.id,
      audience: 'authority',
      recipient: input.recipient,
      sent_at: sentAt,
      channel: input.channel,
      summary: input.summary,
      reference: input.reference ?? null,
      fulfils: input.clock,
      member_id: tx.org.memberId,
    });
    await addToTimeline(
      tx,
      i.id,
      'communication',
      `${spec.title} sent to ${input.recipient} by ${input.channel}: ${clip(input.summary)}`,
      sentAt,
    );
    return c;
  },
});

const riskId = uuidSchema;

/**
 * Links the incident to a risk of the register; the risk falls due for review today (and a
 * closed risk opens again), because the incident showed it can happen.
 */
export const linkIncidentRisk = orgCommand({
  action: 'incidents.link_risk',
  input: z.object({ incidentId, riskId: riskId.describe('A risk of the register.') }).strict(),
  pathIds: ['incidentId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const i = await loadIncident(tx, input.incidentId);
    if (!(await findRecord(tx.db, 'risks', orgId, input.riskId)))
      throw new AppError('UNKNOWN_REFERENCE', 'No such risk.', [
        { pointer: '/body/riskId', message: 'No such risk.' },
      ]);
    if (await riskLink(tx.db, orgId, i.id, input.riskId))
      throw new AppError('CONFLICT', 'The incident is already linked to this risk.');
    await insertRecord(tx, orgId, 'incident_risks', { incident_id: i.id, risk_id: input.riskId });
    const risk = (await markRiskForReview(tx, input.riskId))!;
    await addToTimeline(
      tx,
      i.id,
      'link',
      `Linked to the risk “${risk.title}”, which falls due for review on ${risk.review_date}.`,
    );
    return i;
  },
});

/** Removes the link between the incident and a risk (the risk keeps its review date). */
export const unlinkIncidentRisk = orgCommand({
  action: 'incidents.link_risk',
  input: z.object({ incidentId, riskId }).strict(),
  pathIds: ['incidentId', 'riskId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const i = await loadIncident(tx, input.incidentId);
    const link = await riskLink(tx.db, orgId, i.id, input.riskId);
    if (!link) throw notFound('link to this risk');
    await deleteRecord(tx, orgId, 'incident_risks', link.id);
    const risk = await findRecord(tx.db, 'risks', orgId, input.riskId);
    await addToTimeline(
      tx,
      i.id,
      'link',
      `Unlinked from the risk “${risk?.title ?? input.riskId}”.`,
    );
    return { id: link.id };
  },
});
