/**
 * Record factories for the registers: each makes a valid record through the registers' public
 * commands (so the ledger stays valid), creating the parents it needs when none is given.
 */
import type { Row } from '../../src/db/schema.js';
import { registerCommands, registerOf } from '../../src/modules/registers/index.js';
import type { Unit, UnitMember } from '../unit.js';

/** Who runs the factory's commands (default: the owner). */
export interface MakeOptions {
  as?: UnitMember | 'host';
}

let counter = 0;
const next = () => ++counter;

/** Fields of an AI system as the API takes them (camelCase); any left out get a valid value. */
export type AiSystemOverrides = Record<string, unknown> & { name?: string; purpose?: string };

/** An AI system (registered at inception unless `lifecycleStage` says otherwise). */
export async function makeAiSystem(
  u: Unit,
  overrides: AiSystemOverrides = {},
  opts: MakeOptions = {},
): Promise<Row<'ai_systems'>> {
  const n = next();
  return u.run(
    registerCommands(registerOf('ai_systems')).create,
    { name: `AI system ${n}`, purpose: `Purpose of AI system ${n}.`, ...overrides },
    opts,
  );
}

/** Fields of a model version as the API takes them; `aiSystemId` is made when missing. */
export type AiModelOverrides = Record<string, unknown> & { aiSystemId?: string };

/** A model version of an AI system (a new AI system when `aiSystemId` is not given). */
export async function makeAiModel(
  u: Unit,
  overrides: AiModelOverrides = {},
  opts: MakeOptions = {},
): Promise<Row<'ai_models'>> {
  const aiSystemId = overrides.aiSystemId ?? (await makeAiSystem(u, {}, opts)).id;
  const n = next();
  return u.run(
    registerCommands(registerOf('ai_models')).create,
    { name: `model-${n}`, modelVersion: '1.0.0', source: 'built', ...overrides, aiSystemId },
    opts,
  );
}
