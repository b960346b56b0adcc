/**
 * Record factories for impact assessments: each makes a valid record through the module's public
 * commands (so the ledger stays valid), creating the parents it needs when none is given.
 */
import type { z } from 'zod';
import type { Row } from '../../src/db/schema.js';
import { addItem, approveAssessment, createAssessment } from '../../src/modules/impact/index.js';
import type { Unit, UnitMember } from '../unit.js';
import { makeAiSystem } from './registers.js';

/** Who runs the factory's commands (default: the owner). */
export interface MakeOptions {
  as?: UnitMember | 'host';
}

let counter = 0;

/** A draft assessment (of a new AI system when `aiSystemId` is not given). */
export async function makeAssessment(
  u: Unit,
  overrides: Partial<z.input<typeof createAssessment.input>> = {},
  opts: MakeOptions = {},
): Promise<Row<'impact_assessments'>> {
  const aiSystemId = overrides.aiSystemId ?? (await makeAiSystem(u, {}, opts)).id;
  return u.run(
    createAssessment,
    { title: `Impact assessment ${++counter}`, ...overrides, aiSystemId },
    opts,
  );
}

/** An impact recorded in a draft (a new draft when `assessmentId` is not given). */
export async function makeImpact(
  u: Unit,
  overrides: Partial<z.input<typeof addItem.input>> = {},
  opts: MakeOptions = {},
): Promise<Row<'impact_items'>> {
  const assessmentId = overrides.assessmentId ?? (await makeAssessment(u, {}, opts)).id;
  return u.run(
    addItem,
    {
      affected: 'individuals',
      dimension: 'privacy',
      description: `Impact ${++counter}`,
      severity: 2,
      likelihood: 2,
      ...overrides,
      assessmentId,
    },
    opts,
  );
}

/**
 * An approved assessment: a draft by `opts.as` (default the owner) with one impact, approved by
 * another manager.
 */
export async function makeApprovedAssessment(
  u: Unit,
  overrides: Partial<z.input<typeof createAssessment.input>> = {},
  opts: MakeOptions = {},
): Promise<Row<'impact_assessments'>> {
  const a = await makeAssessment(u, overrides, opts);
  await makeImpact(u, { assessmentId: a.id }, opts);
  return u.run(approveAssessment, { assessmentId: a.id }, { as: await u.another('manager') });
}
