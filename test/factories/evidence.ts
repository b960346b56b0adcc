/**
 * Evidence for command tests, made through the module's public commands so the ledger stays
 * valid: a link (as the owner unless `as` says), a file whose bytes go through the blob store as
 * an upload's do, and a link to a target, making the evidence (and an AI system target) when
 * none is given.
 */
import { Readable } from 'node:stream';
import type { z } from 'zod';
import {
  createFileEvidence,
  createLinkEvidence,
  linkEvidence,
} from '../../src/modules/evidence/index.js';
import type { Unit, UnitMember } from '../unit.js';
import { makeAiSystem } from './registers.js';

let n = 0;

export function makeEvidence(
  u: Unit,
  overrides: Partial<z.input<typeof createLinkEvidence.input>> = {},
  as?: UnitMember,
) {
  const i = ++n;
  return u.run(
    createLinkEvidence,
    {
      kind: 'link',
      title: `Evidence ${i}`,
      url: `https://example.org/evidence/${i}`,
      ...overrides,
    },
    { as },
  );
}

/** File evidence holding `bytes` (stored in the unit's blob store first). */
export async function makeFileEvidence(
  u: Unit,
  bytes: Buffer | string = `evidence file ${++n}`,
  overrides: Partial<Omit<z.input<typeof createFileEvidence.input>, 'blob'>> = {},
  as?: UnitMember,
) {
  const stored = await u.services.blobs.put(Readable.from([Buffer.from(bytes)]), 1 << 20);
  return u.run(
    createFileEvidence,
    {
      title: `File ${n}`,
      ...overrides,
      blob: {
        sha256: stored.sha256,
        size: stored.size,
        filename: 'report.txt',
        mediaType: 'text/plain',
      },
    },
    { as },
  );
}

/**
 * A link from evidence to a target: a new piece of evidence unless `evidenceId` is given, and a
 * new AI system when the target is an AI system without an id. Default: control A.6.2.4.
 */
export async function makeEvidenceLink(
  u: Unit,
  target: {
    evidenceId?: string;
    targetType?: 'control' | 'requirement' | 'framework_requirement' | 'ai_system';
    targetId?: string;
  } = {},
) {
  const evidenceId = target.evidenceId ?? (await makeEvidence(u)).id;
  const targetType = target.targetType ?? 'control';
  const targetId =
    target.targetId ??
    (targetType === 'ai_system'
      ? (await makeAiSystem(u)).id
      : targetType === 'control'
        ? 'A.6.2.4'
        : targetType === 'framework_requirement'
          ? 'iso27001:A.5.24'
          : '6.1.2');
  return u.run(linkEvidence, { evidenceId, targetType, targetId });
}
