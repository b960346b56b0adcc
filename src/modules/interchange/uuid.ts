import { createHash } from 'node:crypto';

/** The namespace of aims' name-based UUIDs (itself a random UUID, fixed forever). */
const NAMESPACE = Buffer.from('5f0e3c4a9b7d4e21a6c8d2f1b3e7a905', 'hex');

/**
 * A name-based UUID (RFC 9562 version 5: SHA-1 over a namespace and a name) from the
 * organization, the record and the kind of thing it names in an export, so that exporting the
 * same record again gives the same UUID and different kinds of one record never collide.
 */
export function stableUuid(orgId: string, recordId: string, kind: string): string {
  const hash = createHash('sha1')
    .update(NAMESPACE)
    .update(`${orgId}\u0000${kind}\u0000${recordId}`)
    .digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
