/**
 * Life cycle gates for command tests, made through the module's public commands so the ledger
 * stays valid: gate criteria adopted as a version (by another manager unless `as` says), and
 * evidence pushed for a gate, its bytes through the blob store as an upload's are.
 */
import { Readable } from 'node:stream';
import type { z } from 'zod';
import {
  DEFAULT_GATES,
  pushGateEvidence,
  updateGateCriteria,
  type Gate,
} from '../../src/modules/gates/index.js';
import type { Unit, UnitMember } from '../unit.js';

/** Adopts gate criteria (default: the proposed gates, enforced). */
export async function adoptGates(
  u: Unit,
  opts: { gates?: Gate[]; enforced?: boolean; as?: UnitMember | 'host' } = {},
) {
  return u.run(
    updateGateCriteria,
    { enforced: opts.enforced ?? true, gates: opts.gates ?? DEFAULT_GATES },
    { as: opts.as ?? u.members.manager },
  );
}

let n = 0;

/** Pushes a file of `kind` for a system (optionally for a model version). */
export async function pushEvidence(
  u: Unit,
  aiSystemId: string,
  kind: string,
  overrides: Partial<Omit<z.input<typeof pushGateEvidence.input>, 'file' | 'aiSystem'>> = {},
  as?: UnitMember,
) {
  const bytes = Buffer.from(`${kind} ${++n}\n`);
  const stored = await u.services.blobs.put(Readable.from([bytes]), 1 << 20);
  return u.run(
    pushGateEvidence,
    {
      kind,
      ...overrides,
      aiSystem: aiSystemId,
      file: {
        sha256: stored.sha256,
        size: stored.size,
        filename: `${kind}.txt`,
        mediaType: 'text/plain',
      },
    },
    { as },
  );
}
