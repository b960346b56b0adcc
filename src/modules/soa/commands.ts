import { z } from 'zod';
import { orgCommand } from '../../kernel/commands.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { sha256Hex } from '../../kernel/ids.js';
import { canonicalize } from '../../kernel/jcs.js';
import { insertRecord, loadRecord, updateRecord } from '../../kernel/records.js';
import { assertInOrg } from '../../kernel/references.js';
import { assertStep } from '../../kernel/workflow.js';
import {
  approvedSoaVersions,
  findSoaEntry,
  lastSoaNumber,
  soaSources,
  soaVersionIn,
} from './queries.js';
import {
  controlById,
  controlId,
  customControlId,
  decideFields,
  SOA_WORKFLOW,
  soaVersionId,
  toSoaEntries,
} from './schemas.js';

/**
 * Decides a control: applicable or not, with a justification either way. An excluded control is
 * not_applicable; an applicable one keeps its implementation status unless one is given.
 */
export const decideControl = orgCommand({
  action: 'soa.update',
  input: z.object({ ...decideFields, controlId }).strict(),
  pathIds: ['controlId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const cid = input.controlId;
    const existing = await findSoaEntry(tx.db, orgId, cid);
    if (!controlById.has(cid) && !existing) throw notFound('control');
    await assertInOrg(tx, { ownerMemberId: ['memberships', input.ownerMemberId] });
    const status = input.applicable
      ? (input.implementationStatus ?? existing?.implementation_status ?? 'not_started')
      : 'not_applicable';
    if (input.applicable && status === 'not_applicable')
      throw new AppError(
        'INCONSISTENT_INPUT',
        'An applicable control needs an implementation status other than not_applicable.',
        [{ pointer: '/body/implementationStatus', message: 'Contradicts applicable.' }],
      );
    if (
      !input.applicable &&
      input.implementationStatus &&
      input.implementationStatus !== 'not_applicable'
    )
      throw new AppError('INCONSISTENT_INPUT', 'An excluded control is not implemented.', [
        { pointer: '/body/implementationStatus', message: 'Contradicts the exclusion.' },
      ]);
    const values = {
      applicable: input.applicable ? 1 : 0,
      justification: input.justification,
      implementation_status: status,
      owner_member_id: input.ownerMemberId ?? existing?.owner_member_id ?? null,
      notes: input.notes !== undefined ? input.notes : (existing?.notes ?? null),
    };
    if (existing) {
      tx.expectVersion(existing.version);
      return updateRecord(tx, orgId, 'soa_entries', existing, values);
    }
    return insertRecord(tx, orgId, 'soa_entries', {
      control_id: cid,
      custom: 0,
      title: controlById.get(cid)!.title,
      ...values,
    });
  },
});

/** Adds one of the organization's own controls, applicable and not started. */
export const addCustomControl = orgCommand({
  action: 'soa.update',
  input: z
    .object({
      controlId: customControlId.describe('Your identifier, e.g. ORG-7.'),
      title: z.string().trim().min(1).max(300),
      justification: z.string().trim().min(1, 'Justify the inclusion.').max(20_000),
    })
    .strict(),
  async run(tx, input) {
    const orgId = tx.org.orgId;
    if (await findSoaEntry(tx.db, orgId, input.controlId))
      throw new AppError('CONFLICT', `The control ${input.controlId} exists.`, [
        { pointer: '/body/controlId', message: 'Taken.' },
      ]);
    return insertRecord(tx, orgId, 'soa_entries', {
      control_id: input.controlId,
      custom: 1,
      title: input.title,
      applicable: 1,
      justification: input.justification,
      implementation_status: 'not_started',
      owner_member_id: null,
      notes: null,
    });
  },
});

/**
 * Freezes the statement as a draft version for approval, with the SHA-256 of its canonical JSON;
 * every control must be decided, and one draft waits at a time.
 */
export const snapshotSoa = orgCommand({
  action: 'soa.update',
  input: z.object({ changeNote: z.string().max(2000).nullable().optional() }).strict(),
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const open = await soaVersionIn(tx.db, orgId, 'draft');
    if (open)
      throw new AppError('INVALID_STATE', `Version ${open.number} is waiting for approval.`);
    const rows = toSoaEntries(await soaSources(tx.db, orgId), tx.now.slice(0, 10));
    const undecided = rows.filter((r) => r.applicable === null).map((r) => r.controlId);
    if (undecided.length)
      throw new AppError(
        'INVALID_STATE',
        `Decide every control first; undecided: ${undecided.slice(0, 10).join(', ')}${undecided.length > 10 ? '…' : ''}.`,
      );
    const snapshot = canonicalize(rows.map(({ version: _v, evidence: _e, ...r }) => r));
    return insertRecord(tx, orgId, 'soa_versions', {
      number: (await lastSoaNumber(tx.db, orgId)) + 1,
      status: 'draft',
      snapshot,
      content_sha256: sha256Hex(snapshot),
      change_note: input.changeNote ?? null,
      author_member_id: tx.org.memberId,
      approver_member_id: null,
      approved_at: null,
    });
  },
});

/** Someone other than the author approves a version; the approved one before is superseded. */
export const approveSoa = orgCommand({
  action: 'soa.approve',
  input: z.object({ soaVersionId }).strict(),
  pathIds: ['soaVersionId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const v = await loadRecord(tx.db, 'soa_versions', orgId, input.soaVersionId, 'SoA version');
    tx.expectVersion(v.version);
    assertStep(SOA_WORKFLOW, 'approve', v, tx.org.memberId);
    for (const p of await approvedSoaVersions(tx.db, orgId))
      await updateRecord(tx, orgId, 'soa_versions', p, { status: 'superseded' });
    return updateRecord(tx, orgId, 'soa_versions', v, {
      status: 'approved',
      approver_member_id: tx.org.memberId,
      approved_at: tx.now,
    });
  },
});
