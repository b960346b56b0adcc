import { encodeJson, decodeJson } from '../../db/json.js';
import { orgCommand } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import { insertRecord, today, updateRecord, type RecordChanges } from '../../kernel/records.js';
import { assertInOrg } from '../../kernel/references.js';
import { assertIndependent } from './independence.js';
import { lastAuditNumber, programmeCovering } from './queries.js';
import {
  auditStepInput,
  communicateInput,
  planAuditInput,
  reportInput,
  scopeRequirements,
  updateAuditInput,
} from './schemas.js';
import { assertOnTeam, loadAuditFor } from './load.js';

const datesRefusal = (start: string, end: string) =>
  end < start
    ? new AppError('INCONSISTENT_INPUT', 'The audit ends before it starts.', [
        { pointer: '/body/plannedEnd', message: 'Must be on or after the planned start.' },
      ])
    : null;

/** Plans an audit under the programme: its criteria, scope, dates and team (independent of the scope). */
export const planAudit = orgCommand({
  action: 'audits.plan',
  input: planAuditInput,
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const refusal = datesRefusal(input.plannedStart, input.plannedEnd);
    if (refusal) throw refusal;
    await assertInOrg(tx, {
      leadAuditorMemberId: ['memberships', input.leadAuditorMemberId],
      auditorMemberIds: ['memberships', input.auditorMemberIds],
      programmeId: ['audit_programmes', input.programmeId, 'audit programme version'],
    });
    const auditors = [...new Set(input.auditorMemberIds)].filter(
      (m) => m !== input.leadAuditorMemberId,
    );
    await assertIndependent(tx.db, orgId, {
      scope: input.scope,
      lead: input.leadAuditorMemberId,
      auditors: input.auditorMemberIds,
    });
    const programme =
      input.programmeId ?? (await programmeCovering(tx.db, orgId, input.plannedStart))?.id ?? null;
    return insertRecord(tx, orgId, 'audits', {
      number: (await lastAuditNumber(tx.db, orgId)) + 1,
      programme_id: programme,
      title: input.title,
      criteria: input.criteria,
      scope: encodeJson([...new Set(input.scope)]),
      planned_start: input.plannedStart,
      planned_end: input.plannedEnd,
      lead_auditor_member_id: input.leadAuditorMemberId,
      auditor_member_ids: encodeJson(auditors),
      status: 'planned',
      started_on: null,
      conclusion: null,
      reported_at: null,
      reported_by_member_id: null,
      communicated_to: null,
      communicated_on: null,
      communicated_by_member_id: null,
      closed_at: null,
      author_member_id: tx.org.memberId,
    });
  },
});

/** Changes the plan of an audit that has not started. */
export const updateAudit = orgCommand({
  action: 'audits.plan',
  input: updateAuditInput,
  pathIds: ['auditId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    // The references first: what the body names is checked whatever state the audit is in.
    await assertInOrg(tx, {
      leadAuditorMemberId: ['memberships', input.leadAuditorMemberId],
      auditorMemberIds: ['memberships', input.auditorMemberIds],
      programmeId: ['audit_programmes', input.programmeId, 'audit programme version'],
    });
    const a = await loadAuditFor(tx, input.auditId, ['planned'], 'change the plan of');
    const refusal = datesRefusal(
      input.plannedStart ?? a.planned_start,
      input.plannedEnd ?? a.planned_end,
    );
    if (refusal) throw refusal;
    const lead = input.leadAuditorMemberId ?? a.lead_auditor_member_id;
    const given = input.auditorMemberIds ?? decodeJson(a.auditor_member_ids);
    const scope = input.scope ?? decodeJson(a.scope);
    await assertIndependent(
      tx.db,
      orgId,
      { scope, lead, auditors: given },
      { scope: input.leadAuditorMemberId === undefined && input.auditorMemberIds === undefined },
    );
    const changes: RecordChanges<'audits'> = {};
    if (input.title !== undefined) changes.title = input.title;
    if (input.criteria !== undefined) changes.criteria = input.criteria;
    if (input.scope !== undefined) changes.scope = encodeJson([...new Set(input.scope)]);
    if (input.plannedStart !== undefined) changes.planned_start = input.plannedStart;
    if (input.plannedEnd !== undefined) changes.planned_end = input.plannedEnd;
    if (input.programmeId !== undefined) changes.programme_id = input.programmeId;
    if (input.leadAuditorMemberId !== undefined || input.auditorMemberIds !== undefined) {
      changes.lead_auditor_member_id = lead;
      changes.auditor_member_ids = encodeJson([...new Set(given)].filter((m) => m !== lead));
    }
    return updateRecord(tx, orgId, 'audits', a, changes);
  },
});

/**
 * Its team starts the audit: independence is checked again (ownership may have changed since it
 * was planned), and the checklist is drawn from the catalog, one item per clause leaf or control.
 */
export const startAudit = orgCommand({
  action: 'audits.start',
  input: auditStepInput,
  pathIds: ['auditId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const a = await loadAuditFor(tx, input.auditId, ['planned'], 'start');
    assertOnTeam(tx, a);
    const scope = decodeJson(a.scope);
    await assertIndependent(tx.db, orgId, {
      scope,
      lead: a.lead_auditor_member_id,
      auditors: decodeJson(a.auditor_member_ids),
    });
    for (const [position, r] of scopeRequirements(scope).entries())
      await insertRecord(tx, orgId, 'audit_checklist_items', {
        audit_id: a.id,
        position,
        requirement_id: r.id,
        kind: r.kind,
        title: r.title,
        conclusion: 'not_assessed',
        evidence_ids: encodeJson([]),
        records_sampled: null,
        notes: null,
        assessed_by_member_id: null,
        assessed_at: null,
      });
    return updateRecord(tx, orgId, 'audits', a, {
      status: 'in_progress',
      started_on: today(new Date(tx.now)),
    });
  },
});

/** Its lead auditor issues the report with the audit's conclusion. */
export const reportAudit = orgCommand({
  action: 'audits.report',
  input: reportInput,
  pathIds: ['auditId'],
  async run(tx, input) {
    const a = await loadAuditFor(tx, input.auditId, ['in_progress'], 'report');
    assertOnTeam(tx, a, true);
    return updateRecord(tx, tx.org.orgId, 'audits', a, {
      status: 'reported',
      conclusion: input.conclusion,
      reported_at: tx.now,
      reported_by_member_id: tx.org.memberId,
    });
  },
});

/** Records that the report went to the relevant management (9.2.2 d): to whom, and when. */
export const communicateReport = orgCommand({
  action: 'audits.communicate',
  input: communicateInput,
  pathIds: ['auditId'],
  async run(tx, input) {
    const a = await loadAuditFor(tx, input.auditId, ['reported'], 'record the communication of');
    if (input.communicatedOn < (a.reported_at ?? '').slice(0, 10))
      throw new AppError(
        'INCONSISTENT_INPUT',
        'The report was communicated before it was issued.',
        [
          {
            pointer: '/body/communicatedOn',
            message: 'Must be on or after the day of the report.',
          },
        ],
      );
    return updateRecord(tx, tx.org.orgId, 'audits', a, {
      communicated_to: input.communicatedTo,
      communicated_on: input.communicatedOn,
      communicated_by_member_id: tx.org.memberId,
    });
  },
});

/** A manager or owner closes an audit whose report went to management. */
export const closeAudit = orgCommand({
  action: 'audits.close',
  input: auditStepInput,
  pathIds: ['auditId'],
  async run(tx, input) {
    const a = await loadAuditFor(tx, input.auditId, ['reported'], 'close');
    if (a.communicated_on === null)
      throw new AppError(
        'INVALID_STATE',
        `Audit ${a.number} is closed once its report went to management: record that first.`,
      );
    return updateRecord(tx, tx.org.orgId, 'audits', a, { status: 'closed', closed_at: tx.now });
  },
});
