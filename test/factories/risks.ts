/**
 * Record factories for the risk register: each makes a valid record through the module's public
 * commands (so the ledger stays valid), creating the parents it needs when none is given.
 */
import type { z } from 'zod';
import type { Row } from '../../src/db/schema.js';
import { addTreatment, createRisk } from '../../src/modules/risks/index.js';
import type { Unit, UnitMember } from '../unit.js';
import { makeAiSystem } from './registers.js';

/** Who runs the factory's commands (default: the owner, who becomes the risk's owner). */
export interface MakeOptions {
  as?: UnitMember | 'host';
}

let counter = 0;

/** A risk of an AI system (a new one when `aiSystemIds` is not given), unscored unless told. */
export async function makeRisk(
  u: Unit,
  overrides: Partial<z.input<typeof createRisk.input>> = {},
  opts: MakeOptions = {},
): Promise<Row<'risks'>> {
  const aiSystemIds = overrides.aiSystemIds ?? [(await makeAiSystem(u, {}, opts)).id];
  return u.run(createRisk, { title: `Risk ${++counter}`, ...overrides, aiSystemIds }, opts);
}

/**
 * A risk whose residual level (high on the default criteria: likelihood 3 × impact 4) needs an
 * acceptance, owned by whoever records it.
 */
export const makeRiskToAccept = (
  u: Unit,
  overrides: Partial<z.input<typeof createRisk.input>> = {},
  opts: MakeOptions = {},
) =>
  makeRisk(
    u,
    {
      inherentLikelihood: 4,
      inherentImpact: 4,
      residualLikelihood: 3,
      residualImpact: 4,
      treatment: 'retain',
      ...overrides,
    },
    opts,
  );

/** A treatment action of a risk (a new risk when `riskId` is not given). */
export async function makeTreatment(
  u: Unit,
  overrides: Partial<z.input<typeof addTreatment.input>> = {},
  opts: MakeOptions = {},
): Promise<Row<'risk_treatments'>> {
  const riskId = overrides.riskId ?? (await makeRisk(u, {}, opts)).id;
  return u.run(addTreatment, { title: `Action ${++counter}`, ...overrides, riskId }, opts);
}
