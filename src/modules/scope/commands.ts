import { z } from 'zod';
import { encodeJson } from '../../db/json.js';
import { orgCommand } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import {
  insertRecord,
  loadRecord,
  updateRecord,
  type RecordChanges,
} from '../../kernel/records.js';
import { assertEditable, assertStep } from '../../kernel/workflow.js';
import { approvedScopeVersions, lastScopeNumber, scopeVersionIn } from './queries.js';
import { SCOPE_WORKFLOW, scopeFields, scopeVersionId } from './schemas.js';

/** Starts a new draft; only one draft is open at a time. */
export const draftScope = orgCommand({
  action: 'scope.draft',
  input: z.object(scopeFields).strict(),
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const open = await scopeVersionIn(tx.db, orgId, 'draft');
    if (open)
      throw new AppError(
        'INVALID_STATE',
        `Draft ${open.number} is open: edit or approve it first.`,
      );
    return insertRecord(tx, orgId, 'scope_versions', {
      number: (await lastScopeNumber(tx.db, orgId)) + 1,
      status: 'draft',
      statement: input.statement,
      boundaries: input.boundaries ?? null,
      exclusions: encodeJson(input.exclusions),
      ai_roles: encodeJson(input.aiRoles),
      author_member_id: tx.org.memberId,
      approver_member_id: null,
      approved_at: null,
      change_note: input.changeNote ?? null,
    });
  },
});

/** Changes the open draft; an approved or superseded version is locked. */
export const editScope = orgCommand({
  action: 'scope.draft',
  input: z
    .object({
      ...scopeFields,
      statement: scopeFields.statement.optional(),
      exclusions: scopeFields.exclusions.optional(),
      aiRoles: scopeFields.aiRoles.optional(),
      scopeVersionId,
    })
    .strict(),
  pathIds: ['scopeVersionId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const v = await loadRecord(
      tx.db,
      'scope_versions',
      orgId,
      input.scopeVersionId,
      'scope version',
    );
    tx.expectVersion(v.version);
    assertEditable(SCOPE_WORKFLOW, v);
    const changes: RecordChanges<'scope_versions'> = {};
    if (input.statement !== undefined) changes.statement = input.statement;
    if (input.boundaries !== undefined) changes.boundaries = input.boundaries;
    if (input.exclusions !== undefined) changes.exclusions = encodeJson(input.exclusions);
    if (input.aiRoles !== undefined) changes.ai_roles = encodeJson(input.aiRoles);
    if (input.changeNote !== undefined) changes.change_note = input.changeNote;
    return updateRecord(tx, orgId, 'scope_versions', v, changes);
  },
});

/** Someone other than the author approves the draft; it supersedes the scope in force. */
export const approveScope = orgCommand({
  action: 'scope.approve',
  input: z.object({ scopeVersionId }).strict(),
  pathIds: ['scopeVersionId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const v = await loadRecord(
      tx.db,
      'scope_versions',
      orgId,
      input.scopeVersionId,
      'scope version',
    );
    tx.expectVersion(v.version);
    assertStep(SCOPE_WORKFLOW, 'approve', v, tx.org.memberId);
    for (const p of await approvedScopeVersions(tx.db, orgId))
      await updateRecord(tx, orgId, 'scope_versions', p, { status: 'superseded' });
    return updateRecord(tx, orgId, 'scope_versions', v, {
      status: 'approved',
      approver_member_id: tx.org.memberId,
      approved_at: tx.now,
    });
  },
});
