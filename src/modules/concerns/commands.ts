import { z } from 'zod';
import { instanceCommand, orgCommand } from '../../kernel/commands.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { uuidSchema } from '../../kernel/ids.js';
import {
  insertRecord,
  loadRecord,
  updateRecord,
  type RecordChanges,
} from '../../kernel/records.js';
import { assertInOrg } from '../../kernel/references.js';
import { orgByRef } from '../orgs/index.js';
import {
  CLOSED_STATES,
  concernId,
  publicReportInput,
  reportInput,
  triageFields,
} from './schemas.js';

/**
 * A member reports a concern about an AI system (A.3.3). An anonymous report keeps no trace of
 * who: no member id in the record, and "anonymous" as the actor of its ledger event.
 */
export const reportConcern = orgCommand({
  action: 'concerns.report',
  input: reportInput,
  async run(tx, input) {
    const orgId = tx.org.orgId;
    await assertInOrg(tx, { aiSystemId: ['ai_systems', input.aiSystemId] });
    if (input.anonymous) tx.hideActor();
    return insertRecord(tx, orgId, 'concerns', {
      ai_system_id: input.aiSystemId ?? null,
      summary: input.summary,
      details: input.details ?? null,
      channel: 'member',
      anonymous: input.anonymous ? 1 : 0,
      reporter_member_id: input.anonymous ? null : tx.org.memberId,
      reporter_contact: null,
      status: 'received',
      owner_member_id: null,
      outcome: null,
      closed_at: null,
    });
  },
});

/**
 * Anyone, through the organization's public link, without an account: a command outside any
 * membership, for the organization the link names. Its ledger event's actor is "anonymous";
 * a contact is kept only when the reporter gives one.
 */
export const reportPublicConcern = instanceCommand({
  action: 'concerns.report_public',
  input: publicReportInput.extend({ orgId: uuidSchema }),
  async run(tx, input) {
    const org = await orgByRef(tx.db, input.orgId);
    if (!org) throw notFound('organization');
    tx.hideActor();
    const details =
      [
        input.aiSystem ? `AI system named by the reporter: ${input.aiSystem}` : null,
        input.details ?? null,
      ]
        .filter(Boolean)
        .join('\n\n') || null;
    return insertRecord(tx, org.id, 'concerns', {
      ai_system_id: null,
      summary: input.summary,
      details,
      channel: 'public',
      anonymous: input.contact ? 0 : 1,
      reporter_member_id: null,
      reporter_contact: input.contact || null,
      status: 'received',
      owner_member_id: null,
      outcome: null,
      closed_at: null,
    });
  },
});

/**
 * Follows a concern up: its state, who handles it, the AI system, the outcome. Closing it
 * (resolved or dismissed) needs an outcome; reopening it clears the closing time.
 */
export const triageConcern = orgCommand({
  action: 'concerns.triage',
  input: z.object({ ...triageFields, concernId }).strict(),
  pathIds: ['concernId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const c = await loadRecord(tx.db, 'concerns', orgId, input.concernId, 'concern');
    tx.expectVersion(c.version);
    await assertInOrg(tx, {
      aiSystemId: ['ai_systems', input.aiSystemId],
      ownerMemberId: ['memberships', input.ownerMemberId],
    });
    const status = input.status ?? c.status;
    const outcome = input.outcome !== undefined ? input.outcome : c.outcome;
    const closing = (CLOSED_STATES as readonly string[]).includes(status);
    if (closing && !outcome) {
      throw new AppError(
        'INCONSISTENT_INPUT',
        'Say what was found and done before closing a concern.',
        [{ pointer: '/body/outcome', message: 'Required to close.' }],
      );
    }
    const changes: RecordChanges<'concerns'> = {
      status,
      outcome,
      closed_at: closing ? (c.closed_at ?? tx.now) : null,
    };
    if (input.ownerMemberId !== undefined) changes.owner_member_id = input.ownerMemberId;
    if (input.aiSystemId !== undefined) changes.ai_system_id = input.aiSystemId;
    return updateRecord(tx, orgId, 'concerns', c, changes);
  },
});
