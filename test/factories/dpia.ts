/**
 * Record factories for DPIAs: each makes a valid record through the module's public commands,
 * creating the AI system it needs when none is given.
 */
import type { z } from 'zod';
import type { Row } from '../../src/db/schema.js';
import { createDpia, recordAdvice } from '../../src/modules/dpia/index.js';
import type { Unit, UnitMember } from '../unit.js';
import { makeAiSystem } from './registers.js';

export interface MakeOptions {
  as?: UnitMember | 'host';
}

let counter = 0;

/** A draft DPIA whose screening requires one (large-scale special categories). */
export async function makeDpia(
  u: Unit,
  overrides: Partial<z.input<typeof createDpia.input>> = {},
  opts: MakeOptions = {},
): Promise<Row<'dpias'>> {
  const aiSystemId = overrides.aiSystemId ?? (await makeAiSystem(u, {}, opts)).id;
  return u.run(
    createDpia,
    {
      title: `DPIA ${++counter}`,
      personalData: true,
      screening: { special_categories_large_scale: true },
      ...overrides,
      aiSystemId,
    },
    opts,
  );
}

/** A required DPIA with its Art. 35(7) content and the DPO's advice: ready for approval. */
export async function makeCompleteDpia(
  u: Unit,
  overrides: Partial<z.input<typeof createDpia.input>> = {},
  opts: MakeOptions = {},
): Promise<Row<'dpias'>> {
  const d = await makeDpia(
    u,
    {
      processing: 'Case notes are ranked by urgency.',
      purposes: 'Triage.',
      necessity: 'Only the fields triage needs.',
      risks: 'Wrong ranking delays care.',
      measures: 'A nurse checks every ranking.',
      residualHighRisk: false,
      ...overrides,
    },
    opts,
  );
  return u.run(
    recordAdvice,
    {
      dpiaId: d.id,
      dpoName: 'Dana Officer',
      advice: 'Go ahead.',
      advisedOn: '2026-03-02',
      followed: true,
    },
    opts,
  );
}
