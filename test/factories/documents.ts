/** Documents for command tests, made through the documents module's public commands. */
import type { z } from 'zod';
import { createDocument } from '../../src/modules/documents/index.js';
import type { Unit, UnitMember } from '../unit.js';

type DocumentInput = z.input<typeof createDocument.input>;

/** A document with its first version, a draft written by `as` (default: the owner). */
export function makeDocument(
  u: Unit,
  overrides: Partial<DocumentInput> = {},
  as: UnitMember = u.members.owner,
) {
  return u.run(
    createDocument,
    {
      title: `Document ${Math.random().toString(36).slice(2, 8)}`,
      kind: 'procedure',
      classification: 'internal',
      retentionMonths: 60,
      content: '# Procedure',
      ...overrides,
    },
    { as },
  );
}
