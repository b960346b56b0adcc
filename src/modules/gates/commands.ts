import { encodeJson } from '../../db/json.js';
import { orgCommand, parseInput } from '../../kernel/commands.js';
import { insertRecord, today, updateRecord } from '../../kernel/records.js';
import { createFileEvidence, linkEvidence } from '../evidence/index.js';
import { evaluateGates, storedResults, systemOf } from './gate.js';
import { criteriaInForce, lastCriteriaNumber } from './queries.js';
import { checkInput, criteriaInput, encodeGates, pushInput } from './schemas.js';

/**
 * New gate criteria, in force from now on: the version before is replaced and stays readable,
 * as do the checks and overrides made under it.
 */
export const updateGateCriteria = orgCommand({
  action: 'gates.update',
  input: criteriaInput,
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const current = await criteriaInForce(tx.db, orgId);
    if (current) await updateRecord(tx, orgId, 'gate_criteria', current, { status: 'replaced' });
    return insertRecord(tx, orgId, 'gate_criteria', {
      number: (await lastCriteriaNumber(tx.db, orgId)) + 1,
      status: 'in_force',
      enforced: input.enforced ? 1 : 0,
      gates: encodeGates(input.gates),
      author_member_id: tx.org.memberId,
      change_note: input.changeNote ?? null,
    });
  },
});

/**
 * Checks a gate and records the check: which system, into which stage, for which model version,
 * on which criteria, each result, and what asked (a pipeline run). A check changes no stage; a
 * failing gate is an answer, not an error.
 */
export const recordGateCheck = orgCommand({
  action: 'gates.check',
  input: checkInput,
  pathIds: ['aiSystemId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const system = await systemOf(tx.db, orgId, input.aiSystemId);
    const [gate] = await evaluateGates(
      tx.db,
      system,
      [input.toStage],
      input.modelVersion,
      today(new Date(tx.now)),
    );
    const check = await insertRecord(tx, orgId, 'gate_checks', {
      ai_system_id: system.id,
      from_stage: system.lifecycle_stage,
      to_stage: input.toStage,
      model_version: gate!.modelVersion,
      criteria_id: gate!.criteria?.id ?? null,
      passed: gate!.passed ? 1 : 0,
      results: encodeJson(storedResults(gate!.results)),
      reference: input.reference ?? null,
    });
    return { gate: gate!, check };
  },
});

/**
 * Evidence pushed for a gate (a test report, a metrics file, a model card from a pipeline): the
 * file, already in the blob store, is recorded as evidence with its custody, linked to the AI
 * system, and given its kind and model version, which gate criteria ask for. One command, so a
 * token scoped to gates.push_evidence may do exactly this and no other evidence change.
 */
export const pushGateEvidence = orgCommand({
  action: 'gates.push_evidence',
  input: pushInput,
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const system = await systemOf(tx.db, orgId, input.aiSystem, '/body/aiSystem');
    const what = input.kind.replace(/_/g, ' ');
    const evidence = await createFileEvidence.run(
      tx,
      parseInput(createFileEvidence.input, {
        title:
          input.title ??
          `${what[0]!.toUpperCase()}${what.slice(1)} of ${system.name}${input.modelVersion ? ` ${input.modelVersion}` : ''}`.slice(
            0,
            300,
          ),
        description: input.description,
        validFrom: input.validFrom,
        validUntil: input.validUntil,
        blob: input.file,
      }),
    );
    await linkEvidence.run(
      tx,
      parseInput(linkEvidence.input, {
        evidenceId: evidence.id,
        targetType: 'ai_system',
        targetId: system.id,
      }),
    );
    const tagged = await insertRecord(tx, orgId, 'gate_evidence', {
      ai_system_id: system.id,
      evidence_id: evidence.id,
      kind: input.kind,
      model_version: input.modelVersion ?? null,
    });
    return { tagged, evidence };
  },
});
