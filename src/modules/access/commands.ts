import { z } from 'zod';
import { orgCommand } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import { deleteRecord, insertRecord, loadRecord } from '../../kernel/records.js';
import { assertInOrg } from '../../kernel/references.js';
import { assignmentOf } from './queries.js';
import { assignInput, assignmentId } from './schemas.js';

/** Assigns a member to an AI system (one assignment per member and system). */
export const assignMember = orgCommand({
  action: 'access.assign',
  input: assignInput,
  async run(tx, input) {
    const orgId = tx.org.orgId;
    await assertInOrg(tx, {
      memberId: ['memberships', input.memberId],
      aiSystemId: ['ai_systems', input.aiSystemId],
    });
    if (await assignmentOf(tx.db, orgId, input.memberId, input.aiSystemId))
      throw new AppError('ALREADY_ASSIGNED', 'The member is already assigned to this AI system.', [
        { pointer: '/body/aiSystemId', message: 'Already assigned.' },
      ]);
    return insertRecord(tx, orgId, 'system_assignments', {
      member_id: input.memberId,
      ai_system_id: input.aiSystemId,
    });
  },
});

/** Withdraws an assignment (the member keeps what the RACI register gives them). */
export const unassignMember = orgCommand({
  action: 'access.unassign',
  input: z.object({ assignmentId }).strict(),
  pathIds: ['assignmentId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const a = await loadRecord(
      tx.db,
      'system_assignments',
      orgId,
      input.assignmentId,
      'assignment',
    );
    await deleteRecord(tx, orgId, 'system_assignments', a.id);
    return { id: a.id };
  },
});
