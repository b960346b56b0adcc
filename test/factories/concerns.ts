/**
 * Concerns for command tests, made through the public command so the ledger stays valid: a
 * member's report (as the owner unless `as` says), about a new AI system when `aiSystemId` is
 * 'new'.
 */
import type { z } from 'zod';
import { reportConcern } from '../../src/modules/concerns/index.js';
import type { Unit, UnitMember } from '../unit.js';
import { makeAiSystem } from './registers.js';

type ReportInput = z.input<typeof reportConcern.input>;

let n = 0;

export async function makeConcern(
  u: Unit,
  overrides: Partial<Omit<ReportInput, 'aiSystemId'>> & { aiSystemId?: string | null } = {},
  as?: UnitMember,
) {
  const { aiSystemId, ...rest } = overrides;
  return u.run(
    reportConcern,
    {
      summary: `Concern ${++n}`,
      ...rest,
      aiSystemId: aiSystemId === 'new' ? (await makeAiSystem(u)).id : aiSystemId,
    },
    { as },
  );
}
