import { z } from 'zod';
import { decodeJson, encodeJson } from '../../db/json.js';
import { orgCommand } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import { insertRecord, loadRecord, updateRecord } from '../../kernel/records.js';
import { answersSchema, normalizeAnswers, proposeTier, sameAnswers } from './classify.js';
import { findClassification } from './queries.js';
import { aiSystemId, confirmRefusal } from './schemas.js';

/**
 * Stores the answers and the proposal they give. Changed answers un-confirm the classification
 * (the system keeps its confirmed tier until someone confirms again); answers that say what is
 * already stored, and give the same proposal, change nothing, so a confirmation stays.
 */
export const answerQuestionnaire = orgCommand({
  action: 'ai_systems.classify',
  input: answersSchema.extend({ aiSystemId }),
  pathIds: ['aiSystemId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const { aiSystemId: systemId, ...given } = input;
    await loadRecord(tx.db, 'ai_systems', orgId, systemId, 'AI system');
    const answers = normalizeAnswers(given);
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
      answered_by_member_id: tx.org.memberId,
      confirmed_by_member_id: null,
      confirmed_at: null,
    };
    const existing = await findClassification(tx.db, orgId, systemId);
    if (!existing) {
      // Nothing answered yet is version 0 (the ETag of the unanswered classification).
      tx.expectVersion(0);
      return insertRecord(tx, orgId, 'ai_act_classifications', {
        ai_system_id: systemId,
        ...values,
      });
    }
    tx.expectVersion(existing.version);
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
export const confirmTier = orgCommand({
  action: 'ai_systems.confirm_tier',
  input: z.object({ aiSystemId }).strict(),
  pathIds: ['aiSystemId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const system = await loadRecord(tx.db, 'ai_systems', orgId, input.aiSystemId, 'AI system');
    const c = await findClassification(tx.db, orgId, system.id);
    tx.expectVersion(c?.version ?? 0);
    if (!c) throw new AppError('INVALID_STATE', 'Answer the questionnaire first.');
    const refusal = confirmRefusal(c);
    if (refusal) throw refusal;
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
      confirmed_by_member_id: tx.org.memberId,
      confirmed_at: tx.now,
    });
  },
});
