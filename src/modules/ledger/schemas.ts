import { z } from 'zod';
import { LEDGERED } from '../../db/schema.js';
import type { LedgeredTable } from '../../db/schema.js';
import { orgParam, uuid } from '../../api/route.js';

export const eventSchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    entity: z.string(),
    entity_id: z.string(),
    version: z.number().int().nullable(),
    state: z.record(z.string(), z.unknown()).nullable(),
    request_id: z.string(),
    prev_hash: z.string(),
    hash: z.string(),
    org_id: z.string(),
  })
  .meta({ id: 'LedgerEvent' });

export const publicKeyView = z.object({
  orgId: z.string(),
  algorithm: z.literal('Ed25519'),
  publicKeyPem: z.string(),
  head: z
    .object({
      seq: z.number(),
      hash: z.string(),
      signed_at: z.string(),
      prev: z
        .string()
        .optional()
        .describe(
          'SHA-256 of the previous line of the head log (the signature covers it); absent on a head carried over from an earlier version.',
        ),
      signature: z.string(),
    })
    .nullable()
    .describe('The newest line of the head log.'),
});

export const verificationView = z.object({
  ok: z.boolean(),
  events: z.number().int(),
  checkpoints: z.number().int(),
  records: z.number().int(),
  firstBroken: z
    .object({ seq: z.number().nullable(), code: z.string(), message: z.string() })
    .nullable(),
  instance: z
    .object({
      ok: z.boolean(),
      problems: z.array(z.object({ orgId: z.string(), code: z.string(), message: z.string() })),
    })
    .describe(
      'Problems of the instance beside this organization: organizations it has signed for (a key or signed heads in the data folder) that the database no longer holds (ORG_MISSING).',
    ),
});

const [firstEntity, ...otherEntities] = Object.keys(LEDGERED) as LedgeredTable[];

/** One record's history: its type (a ledger entity) and id. */
export const historyParams = orgParam.extend({
  entity: z.enum([firstEntity!, ...otherEntities]).describe('Record type.'),
  id: uuid.describe('Record id.'),
});
