import { encodeJson } from '../../db/json.js';
import { orgCommand, type OrgTx } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import {
  deleteRecord,
  findRecord,
  insertRecord,
  loadRecord,
  today,
  updateRecord,
  type RecordChanges,
} from '../../kernel/records.js';
import { assertInOrg } from '../../kernel/references.js';
import { z } from 'zod';
import { levelOf, type Criteria } from './criteria.js';
import { ensureCriteria } from './criteria-commands.js';
import { childIds } from './queries.js';
import { riskChange, riskId, riskInput } from './schemas.js';
import { nextRef } from '../../kernel/refs.js';

/** Every AI system and the owner must be records of this organization. */
export const checkRefs = (
  tx: OrgTx,
  input: { aiSystemIds?: string[]; ownerMemberId?: string | null },
) =>
  assertInOrg(tx, {
    aiSystemIds: ['ai_systems', input.aiSystemIds],
    ownerMemberId: ['memberships', input.ownerMemberId],
  });

interface Scores {
  inherent_likelihood: number | null;
  inherent_impact: number | null;
  residual_likelihood: number | null;
  residual_impact: number | null;
}

/** Scores → levels, on the given criteria; a pair must be given together. */
function levels(c: Criteria, r: Scores) {
  const pair = (l: number | null, i: number | null, p: string) => {
    if ((l === null) !== (i === null))
      throw new AppError('OUT_OF_SCALE', 'Give likelihood and impact together.', [
        {
          pointer: `/body/${p}${l === null ? 'Likelihood' : 'Impact'}`,
          message: 'Needed with the other.',
        },
      ]);
    return l === null || i === null ? null : levelOf(c, l, i, `/body/${p}`);
  };
  return {
    inherent_level: pair(r.inherent_likelihood, r.inherent_impact, 'inherent'),
    residual_level: pair(r.residual_likelihood, r.residual_impact, 'residual'),
  };
}

/** Identifies a risk; its levels are computed from the active criteria. */
export const createRisk = orgCommand({
  action: 'risks.create',
  input: riskInput,
  async run(tx, input) {
    const orgId = tx.org.orgId;
    await checkRefs(tx, input);
    const c = await ensureCriteria(tx, orgId);
    const scores: Scores = {
      inherent_likelihood: input.inherentLikelihood ?? null,
      inherent_impact: input.inherentImpact ?? null,
      residual_likelihood: input.residualLikelihood ?? null,
      residual_impact: input.residualImpact ?? null,
    };
    return insertRecord(tx, orgId, 'risks', {
      title: input.title,
      description: input.description ?? null,
      ai_system_ids: encodeJson(input.aiSystemIds),
      lifecycle_stage: input.lifecycleStage ?? null,
      risk_sources: encodeJson(input.riskSources),
      objectives: encodeJson(input.objectives),
      owner_member_id: input.ownerMemberId ?? tx.org.memberId,
      criteria_id: c.id,
      ...scores,
      ...levels(c, scores),
      treatment: input.treatment ?? null,
      control_ids: encodeJson(input.controlIds),
      review_date: input.reviewDate ?? null,
      status: input.status ?? (scores.inherent_likelihood ? 'assessed' : 'identified'),
      ref: (await nextRef(tx, orgId, 'risks')).ref,
    });
  },
});

/**
 * Changes or re-assesses a risk. A re-assessment (any score given) is scored on the criteria in
 * force; until then the risk keeps its version's levels. A new residual level no longer matches
 * an earlier acceptance, so an accepted risk is assessed again.
 */
export const updateRisk = orgCommand({
  action: 'risks.update',
  input: riskChange.extend({ riskId }),
  pathIds: ['riskId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const r = await loadRecord(tx.db, 'risks', orgId, input.riskId, 'risk');
    tx.expectVersion(r.version);
    await checkRefs(tx, input);
    if (input.status === 'accepted' && r.status !== 'accepted') {
      throw new AppError(
        'INCONSISTENT_INPUT',
        'A risk becomes accepted through an acceptance, not an edit.',
        [{ pointer: '/body/status', message: 'Use the acceptance.' }],
      );
    }
    const changes: RecordChanges<'risks'> = {};
    if (input.title !== undefined) changes.title = input.title;
    if (input.description !== undefined) changes.description = input.description;
    if (input.lifecycleStage !== undefined) changes.lifecycle_stage = input.lifecycleStage;
    if (input.ownerMemberId !== undefined) changes.owner_member_id = input.ownerMemberId;
    if (input.treatment !== undefined) changes.treatment = input.treatment;
    if (input.reviewDate !== undefined) changes.review_date = input.reviewDate;
    if (input.status !== undefined) changes.status = input.status;
    if (input.aiSystemIds !== undefined) changes.ai_system_ids = encodeJson(input.aiSystemIds);
    if (input.riskSources !== undefined) changes.risk_sources = encodeJson(input.riskSources);
    if (input.objectives !== undefined) changes.objectives = encodeJson(input.objectives);
    if (input.controlIds !== undefined) changes.control_ids = encodeJson(input.controlIds);
    const given = <T>(v: T | undefined, current: T) => (v === undefined ? current : v);
    const rescored = [
      input.inherentLikelihood,
      input.inherentImpact,
      input.residualLikelihood,
      input.residualImpact,
    ].some((v) => v !== undefined);
    if (rescored) {
      const c = await ensureCriteria(tx, orgId);
      const scores: Scores = {
        inherent_likelihood: given(input.inherentLikelihood, r.inherent_likelihood),
        inherent_impact: given(input.inherentImpact, r.inherent_impact),
        residual_likelihood: given(input.residualLikelihood, r.residual_likelihood),
        residual_impact: given(input.residualImpact, r.residual_impact),
      };
      Object.assign(changes, scores, levels(c, scores), { criteria_id: c.id });
      if (
        r.status === 'accepted' &&
        changes.residual_level !== r.residual_level &&
        input.status === undefined
      )
        changes.status = 'assessed';
    }
    return updateRecord(tx, orgId, 'risks', r, changes);
  },
});

/** Deletes a risk with its treatments and acceptances (the ledger keeps them). */
export const deleteRisk = orgCommand({
  action: 'risks.delete',
  input: z.object({ riskId }).strict(),
  pathIds: ['riskId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const r = await loadRecord(tx.db, 'risks', orgId, input.riskId, 'risk');
    tx.expectVersion(r.version);
    for (const table of ['risk_treatments', 'risk_acceptances'] as const)
      for (const id of await childIds(tx.db, orgId, table, r.id))
        await deleteRecord(tx, orgId, table, id);
    await deleteRecord(tx, orgId, 'risks', r.id);
    return { id: r.id };
  },
});

/**
 * Marks a risk for re-assessment because an incident showed it can happen (A.8.4 back into 6.1.2):
 * its review falls due today unless it already falls due by then, and a closed risk is open again
 * (assessed when it has a score, identified otherwise). The change is written under the calling
 * command's action (linking an incident). Returns the risk as it is now, or undefined when the
 * organization has no such risk.
 */
export async function markRiskForReview(tx: OrgTx, id: string) {
  const orgId = tx.org.orgId;
  const r = await findRecord(tx.db, 'risks', orgId, id);
  if (!r) return undefined;
  const day = today(new Date(tx.now));
  const changes: RecordChanges<'risks'> = {};
  if (!r.review_date || r.review_date > day) changes.review_date = day;
  if (r.status === 'closed') changes.status = r.inherent_level ? 'assessed' : 'identified';
  return Object.keys(changes).length ? updateRecord(tx, orgId, 'risks', r, changes) : r;
}
