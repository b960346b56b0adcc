import { z } from 'zod';
import type { Row } from '../../db/schema.js';
import { orgCommand, type OrgTx } from '../../kernel/commands.js';
import { actorLabel } from '../../kernel/context.js';
import { insertRecord, loadRecord, updateRecord } from '../../kernel/records.js';
import { consultGate } from '../gates/index.js';
import { transitionFields } from './schemas.js';
import { transitionRefusal } from './stages.js';

/**
 * Records the first life cycle step of a newly registered system: from nothing to the stage it
 * was registered in, by whoever registered it.
 */
export async function recordRegistration(tx: OrgTx, system: Row<'ai_systems'>): Promise<void> {
  await insertRecord(tx, tx.org.orgId, 'ai_system_transitions', {
    ai_system_id: system.id,
    from_stage: null,
    to_stage: system.lifecycle_stage,
    reason: 'Registered',
    actor: actorLabel(tx.ctx.actor),
  });
}

/**
 * Moves an AI system to another ISO/IEC 22989 stage. Every move is a record of its own (who,
 * when, from, to, why) besides the system's new state; retirement is final, and a retired
 * system stays in the inventory. The move must pass the gate into the stage when the
 * organization enforces gate criteria; a manager or owner may override a failed gate with a
 * written justification, recorded with the move (the gates module decides both).
 */
export const transitionAiSystem = orgCommand({
  action: 'ai_systems.transition',
  input: z.object(transitionFields).strict(),
  pathIds: ['aiSystemId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const system = await loadRecord(tx.db, 'ai_systems', orgId, input.aiSystemId, 'AI system');
    tx.expectVersion(system.version);
    const from = system.lifecycle_stage;
    const refusal = transitionRefusal(from, input.toStage);
    if (refusal) throw refusal;
    const afterMove = await consultGate(tx, system, input.toStage, input.gateOverride);
    const next = await updateRecord(tx, orgId, 'ai_systems', system, {
      lifecycle_stage: input.toStage,
    });
    const transition = await insertRecord(tx, orgId, 'ai_system_transitions', {
      ai_system_id: system.id,
      from_stage: from,
      to_stage: input.toStage,
      reason: input.reason,
      actor: actorLabel(tx.ctx.actor),
    });
    await afterMove(transition.id);
    return next;
  },
});
