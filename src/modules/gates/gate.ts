import type { Kysely } from 'kysely';
import { encodeJson } from '../../db/json.js';
import type { DB, Row } from '../../db/schema.js';
import { can } from '../../kernel/authorize.js';
import type { OrgTx } from '../../kernel/commands.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { insertRecord, today } from '../../kernel/records.js';
import { DEFAULT_GATES, gateInto, stageTitle } from './criteria.js';
import {
  evaluateCriterion,
  loadFacts,
  versionUnderCheck,
  type CriterionResult,
} from './evaluate.js';
import { criteriaInForce, systemsByRef } from './queries.js';
import { gatesOf, type CriteriaRow } from './schemas.js';

/** A gate evaluated for one system: the criteria it was judged on and each result. */
export interface Evaluation {
  system: Row<'ai_systems'>;
  toStage: string;
  /** The version in force, or undefined: the proposed defaults, which nothing enforces. */
  criteria: CriteriaRow | undefined;
  enforced: boolean;
  modelVersion: string | null;
  modelVersionSource: 'given' | 'latest_registered' | 'none';
  results: CriterionResult[];
  passed: boolean;
}

/**
 * The gates into `stages` for a system, on the criteria in force (or the proposed defaults when
 * the organization has adopted none), for a model version (default: the newest registered).
 */
export async function evaluateGates(
  db: Kysely<DB>,
  system: Row<'ai_systems'>,
  stages: readonly string[],
  modelVersion: string | null | undefined,
  day: string,
): Promise<Evaluation[]> {
  const criteria = await criteriaInForce(db, system.org_id);
  const gates = criteria ? gatesOf(criteria) : DEFAULT_GATES;
  const facts = await loadFacts(db, system, day);
  const version = versionUnderCheck(facts, modelVersion);
  return stages.map((toStage) => {
    const results = gateInto(gates, toStage).map((c) =>
      evaluateCriterion(c, facts, version.modelVersion),
    );
    return {
      system,
      toStage,
      criteria,
      enforced: criteria?.enforced === 1,
      modelVersion: version.modelVersion,
      modelVersionSource: version.source,
      results,
      passed: results.every((r) => r.met),
    };
  });
}

/** The AI system a path names by id or exact name; 404 for none, 422 when a name is ambiguous. */
export async function systemOf(
  db: Kysely<DB>,
  orgId: string,
  ref: string,
  pointer = '/params/aiSystemId',
): Promise<Row<'ai_systems'>> {
  const found = await systemsByRef(db, orgId, ref);
  if (found.length === 0)
    throw pointer.startsWith('/body')
      ? new AppError('UNKNOWN_REFERENCE', `No AI system "${ref}" in this organization.`, [
          { pointer, message: 'No such AI system.' },
        ])
      : notFound('AI system');
  if (found.length > 1)
    throw new AppError(
      'INCONSISTENT_INPUT',
      `More than one AI system is named "${ref}": name it by its id.`,
      [{ pointer, message: 'Ambiguous name.' }],
    );
  return found[0]!;
}

const stored = (r: CriterionResult) => ({
  id: r.criterion.id,
  title: r.criterion.title,
  met: r.met,
  reason: r.reason,
});

/**
 * What a life cycle transition asks of its gate, inside the transition's transaction. A gate
 * refuses only when the organization's criteria in force are enforced: without adopted criteria,
 * or with advisory ones, every transition goes through as before. A failing gate is refused with
 * each unmet criterion (GATE_FAILED); with a written justification a manager or owner may
 * override it, and the override is recorded with the transition it let through. Returns what to
 * do once the transition row exists.
 */
export async function consultGate(
  tx: OrgTx,
  system: Row<'ai_systems'>,
  toStage: string,
  justification: string | null | undefined,
): Promise<(transitionId: string) => Promise<void>> {
  const nothing = async () => {};
  const criteria = await criteriaInForce(tx.db, tx.org.orgId);
  if (!criteria || criteria.enforced !== 1) return nothing;
  if (gateInto(gatesOf(criteria), toStage).length === 0) return nothing;
  const [gate] = await evaluateGates(tx.db, system, [toStage], null, today(new Date(tx.now)));
  const unmet = gate!.results.filter((r) => !r.met);
  if (unmet.length === 0) return nothing;
  const what = `The gate into ${stageTitle(toStage)} fails: ${unmet.length} of ${gate!.results.length} criteria unmet.`;
  const errors = unmet.map((r) => ({
    pointer: `/gate/${r.criterion.id}`,
    message: `${r.criterion.title} (${r.criterion.control}): ${r.reason}`,
  }));
  if (!justification)
    throw new AppError(
      'GATE_FAILED',
      `${what} Meet them first, or a manager or owner may override the gate with a written justification.`,
      errors,
    );
  if (!can(tx.org, 'gates.override'))
    throw new AppError(
      'FORBIDDEN',
      `${what} Only a manager or owner may override a failed gate.`,
      errors,
    );
  return async (transitionId) => {
    await insertRecord(tx, tx.org.orgId, 'gate_overrides', {
      ai_system_id: system.id,
      transition_id: transitionId,
      from_stage: system.lifecycle_stage,
      to_stage: toStage,
      criteria_id: criteria.id,
      unmet: encodeJson(unmet.map(stored)),
      justification,
      member_id: tx.org.memberId,
    });
  };
}

export const storedResults = (results: CriterionResult[]) => results.map(stored);
