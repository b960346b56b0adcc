import { z } from 'zod';
import { checkVersion, defineCommand } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import { insertRecord, loadRow, memberIdOf, updateRecord } from '../../kernel/records.js';
import { answersSchema, normalizeAnswers, proposeTier, sameAnswers } from './classify.js';
import { findClassification } from './repository.js';
import { decodeJson, encodeJson } from '../../db/json.js';

/**
 * Stores the answers and the proposal they give. Changed answers un-confirm the classification
 * (the system keeps its confirmed tier until someone confirms again); answers that say what is
 * already stored, and give the same proposal, change nothing, so a confirmation stays.
 */
export const answerQuestionnaire = defineCommand({
  action: 'ai_systems.classify',
  input: answersSchema,
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const aiSystemId = scope.ids!.aiSystemId!;
    await loadRow(tx, 'ai_systems', orgId, aiSystemId, 'AI system');
    const answers = normalizeAnswers(input);
    const p = proposeTier(answers);
    const proposal = {
      proposed_tier: p.tier,
      reasons: encodeJson(p.reasons),
      obligations: encodeJson(p.obligations),
    };
    const values = {
      answers: encodeJson<Record<string, unknown>>(answers),
      role: answers.role,
      ...proposal,
      status: 'proposed',
      answered_by_member_id: await memberIdOf(tx, scope.access!),
      confirmed_by_member_id: null,
      confirmed_at: null,
    };
    const existing = await findClassification(tx.db, orgId, aiSystemId);
    if (!existing) {
      // Nothing answered yet is version 0 (the ETag of the unanswered classification).
      checkVersion(0, scope.ifMatch);
      return insertRecord(tx, orgId, 'ai_act_classifications', {
        ai_system_id: aiSystemId,
        ...values,
      });
    }
    checkVersion(existing.version, scope.ifMatch);
    // The proposal is compared too: if the rules changed since, the same answers propose anew.
    const unchanged =
      sameAnswers(answers, answersSchema.parse(decodeJson(existing.answers, {}))) &&
      existing.proposed_tier === proposal.proposed_tier &&
      existing.reasons === proposal.reasons &&
      existing.obligations === proposal.obligations;
    if (unchanged) return existing;
    return updateRecord(tx, orgId, 'ai_act_classifications', existing, values);
  },
});

/** A manager or owner confirms the proposal: it becomes the system's EU AI Act tier, with its reasons. */
export const confirmTier = defineCommand({
  action: 'ai_systems.confirm_tier',
  input: z.object({}).strict().optional(),
  async run(tx, _input, scope) {
    const orgId = scope.access!.orgId;
    const system = await loadRow(tx, 'ai_systems', orgId, scope.ids!.aiSystemId!, 'AI system');
    const c = await findClassification(tx.db, orgId, system.id);
    if (!c) {
      checkVersion(0, scope.ifMatch);
      throw new AppError('INVALID_STATE', 'Answer the questionnaire first.');
    }
    checkVersion(c.version, scope.ifMatch);
    if (c.status === 'confirmed')
      throw new AppError('INVALID_STATE', 'This classification is already confirmed.');
    const reason = decodeJson(c.reasons, [])
      .map((r) => `${r.ref}: ${r.text}`)
      .join('\n');
    // The register does not let anyone edit these two fields: this is the only way they change.
    await updateRecord(tx, orgId, 'ai_systems', system, {
      eu_ai_act_tier: c.proposed_tier,
      eu_ai_act_reason: reason,
    });
    return updateRecord(tx, orgId, 'ai_act_classifications', c, {
      status: 'confirmed',
      confirmed_by_member_id: await memberIdOf(tx, scope.access!),
      confirmed_at: tx.now,
    });
  },
});
