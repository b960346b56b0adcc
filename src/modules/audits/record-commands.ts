import { decodeJson, encodeJson } from '../../db/json.js';
import { orgCommand } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import { insertRecord, loadRecord, today, updateRecord } from '../../kernel/records.js';
import { assertInOrg } from '../../kernel/references.js';
import { createImprovement, raiseWithin } from '../nonconformities/index.js';
import { assertOnTeam, loadAuditFor } from './load.js';
import { lastFindingNumber } from './queries.js';
import { checklistInput, findingInput, scopeRequirements } from './schemas.js';
import { nextRef } from '../../kernel/refs.js';

/** Its team records what a checklist item's sample showed: the evidence and records, the conclusion. */
export const recordChecklistItem = orgCommand({
  action: 'audits.record',
  input: checklistInput,
  pathIds: ['auditId', 'checklistItemId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    await assertInOrg(tx, { evidenceIds: ['evidence', input.evidenceIds, 'evidence record'] });
    const a = await loadAuditFor(tx, input.auditId, ['in_progress'], 'record on', false);
    assertOnTeam(tx, a);
    const item = await loadRecord(
      tx.db,
      'audit_checklist_items',
      orgId,
      input.checklistItemId,
      'checklist item',
    );
    if (item.audit_id !== a.id) throw new AppError('NOT_FOUND', 'No such checklist item.');
    tx.expectVersion(item.version);
    return updateRecord(tx, orgId, 'audit_checklist_items', item, {
      conclusion: input.conclusion,
      evidence_ids: encodeJson([...new Set(input.evidenceIds)]),
      records_sampled: input.recordsSampled ?? null,
      notes: input.notes ?? null,
      assessed_by_member_id: tx.org.memberId,
      assessed_at: tx.now,
    });
  },
});

/**
 * Its team records a finding against a requirement in scope. A major or minor nonconformity
 * raises a nonconformity (10.2) from the finding, in the same transaction; an opportunity for
 * improvement may be logged in the improvement log (10.1).
 */
export const addFinding = orgCommand({
  action: 'audits.record',
  input: findingInput,
  pathIds: ['auditId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    await assertInOrg(tx, {
      evidenceIds: ['evidence', input.evidenceIds, 'evidence record'],
      ownerMemberId: ['memberships', input.ownerMemberId],
    });
    const a = await loadAuditFor(tx, input.auditId, ['in_progress'], 'record on', false);
    assertOnTeam(tx, a);
    if (!scopeRequirements(decodeJson(a.scope)).some((r) => r.id === input.requirementId))
      throw new AppError(
        'INCONSISTENT_INPUT',
        `${input.requirementId} is not in the audit's scope.`,
        [{ pointer: '/body/requirementId', message: 'Choose a clause or control in scope.' }],
      );
    if (input.logImprovement && input.grade !== 'opportunity')
      throw new AppError(
        'INCONSISTENT_INPUT',
        'Only an opportunity for improvement is logged as one.',
        [{ pointer: '/body/logImprovement', message: 'Leave it out for this grade.' }],
      );
    const finding = await insertRecord(tx, orgId, 'audit_findings', {
      audit_id: a.id,
      number: (await lastFindingNumber(tx.db, orgId, a.id)) + 1,
      grade: input.grade,
      requirement_id: input.requirementId,
      title: input.title,
      description: input.description ?? null,
      records: input.records ?? null,
      evidence_ids: encodeJson([...new Set(input.evidenceIds)]),
      nonconformity_id: null,
      improvement_id: null,
      ref: (await nextRef(tx, orgId, 'audit_findings')).ref,
      author_member_id: tx.org.memberId,
    });
    const description = [
      input.description,
      `Found in internal audit ${a.number} (${a.title}), finding ${finding.number}.`,
    ]
      .filter(Boolean)
      .join('\n\n');
    if (input.grade === 'major' || input.grade === 'minor') {
      const nc = await raiseWithin(tx, {
        title: input.title,
        description,
        requirementId: input.requirementId,
        sourceType: 'audit_finding',
        sourceId: finding.id,
        severity: input.grade,
        ownerMemberId: input.ownerMemberId ?? null,
        detectedOn: today(new Date(tx.now)),
      });
      return updateRecord(tx, orgId, 'audit_findings', finding, { nonconformity_id: nc.id });
    }
    if (input.logImprovement) {
      const imp = await createImprovement.run(tx, {
        title: input.title,
        description,
        sourceType: 'audit_finding',
        sourceId: finding.id,
        ownerMemberId: input.ownerMemberId ?? null,
      });
      return updateRecord(tx, orgId, 'audit_findings', finding, { improvement_id: imp.id });
    }
    return finding;
  },
});
