/**
 * An AI system for command tests that need one as a parent or a reference, registered by the
 * owner through the register's create command (so the ledger stays valid).
 */
import { execute } from '../../src/kernel/commands.js';
import { registerCommands } from '../../src/modules/registers/commands.js';
import { registerByKey } from '../../src/modules/registers/definitions.js';
import type { Unit } from '../unit.js';

let n = 0;

export async function makeAiSystem(u: Unit, name = `AI system ${++n}`): Promise<string> {
  const create = registerCommands(registerByKey.get('ai_systems')!).create;
  const s = (await execute(
    u.context(),
    create,
    { name, purpose: 'Used by the command tests.' },
    { access: await u.access() },
  )) as { id: string };
  return s.id;
}
