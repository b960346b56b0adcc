/** Objectives and planned changes for command tests, made through the planning module's commands. */
import type { z } from 'zod';
import { createObjective, proposeChange } from '../../src/modules/planning/index.js';
import type { Unit, UnitMember } from '../unit.js';

/** An objective (at most 2 %, measured monthly) set by `as` (default: the owner). */
export function makeObjective(
  u: Unit,
  overrides: Partial<z.input<typeof createObjective.input>> = {},
  as: UnitMember = u.members.owner,
) {
  return u.run(
    createObjective,
    {
      title: 'Keep missed urgent cases rare',
      metric: 'False negative rate',
      direction: 'at_most',
      target: 2,
      unit: '%',
      frequency: 'monthly',
      ...overrides,
    },
    { as },
  );
}

/** A planned change proposed by `as` (default: the owner). */
export function makeChange(
  u: Unit,
  overrides: Partial<z.input<typeof proposeChange.input>> = {},
  as: UnitMember = u.members.owner,
) {
  return u.run(
    proposeChange,
    { title: 'Add a review board', purpose: 'Approvals queue for weeks.', ...overrides },
    { as },
  );
}
