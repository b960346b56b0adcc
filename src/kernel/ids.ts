import { z } from 'zod';
import { hash, randomBytes, randomFillSync } from 'node:crypto';

let lastMs = 0;
let counter = 0;

/**
 * Random bytes for ids, drawn from the system's generator 4 KB at a time (one call for 256 ids
 * instead of one each, as crypto.randomUUID does). Ids are not secrets: `secret` draws its own.
 */
const pool = Buffer.alloc(4096);
let pooled = pool.length;

function random16(): Buffer {
  if (pooled + 16 > pool.length) {
    randomFillSync(pool);
    pooled = 0;
  }
  const b = Buffer.from(pool.subarray(pooled, pooled + 16));
  pooled += 16;
  return b;
}

/**
 * A UUIDv7 (RFC 9562): time-ordered, so ids sort by creation and serve as pagination cursors and
 * index-friendly keys. A counter in the random bits keeps ids made in one millisecond ordered.
 */
export function newId(now = Date.now()): string {
  if (now <= lastMs) {
    now = lastMs;
    counter++;
  } else {
    lastMs = now;
    counter = 0;
  }
  const b = random16();
  b.writeUIntBE(now, 0, 6);
  b[6] = 0x70 | ((counter >> 8) & 0x0f);
  b[7] = counter & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A random secret, URL-safe. */
export const secret = (bytes = 32) => randomBytes(bytes).toString('base64url');

export const sha256Hex = (s: string) => hash('sha256', s, 'hex');

/** An id in input (path, query or body): a UUID as newId makes them. */
export const uuidSchema = z.string().regex(UUID_RE, 'Must be an id.');
