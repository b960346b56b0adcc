/**
 * Record factories for incidents: each makes a valid record through the module's public
 * commands (so the ledger stays valid), creating the parents it needs when none is given.
 */
import type { z } from 'zod';
import type { Row } from '../../src/db/schema.js';
import { classifyIncident, createIncident } from '../../src/modules/incidents/index.js';
import type { Unit, UnitMember } from '../unit.js';
import { makeAiSystem } from './registers.js';

/** Who runs the factory's commands (default: the owner). */
export interface MakeOptions {
  as?: UnitMember | 'host';
}

let counter = 0;

/** An open incident of an AI system (a new one when `systems` is not given), detected now. */
export async function makeIncident(
  u: Unit,
  overrides: Partial<z.input<typeof createIncident.input>> = {},
  opts: MakeOptions = {},
): Promise<Row<'incidents'>> {
  const systems = overrides.systems ?? [{ aiSystemId: (await makeAiSystem(u, {}, opts)).id }];
  return u.run(
    createIncident,
    { title: `Incident ${++counter}`, severity: 'high', ...overrides, systems },
    opts,
  );
}

/** An incident a manager marked serious (Art. 73 case `other` unless told), aware when detected. */
export async function makeSeriousIncident(
  u: Unit,
  overrides: Partial<z.input<typeof createIncident.input>> = {},
  classify: Partial<z.input<typeof classifyIncident.input>> = {},
): Promise<Row<'incidents'>> {
  const i = await makeIncident(u, overrides);
  return u.run(
    classifyIncident,
    {
      serious: true,
      seriousCase: 'other',
      reason: 'Harm to health.',
      ...classify,
      incidentId: i.id,
    },
    { as: u.members.manager },
  );
}
