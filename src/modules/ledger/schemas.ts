import { z } from 'zod';
import { LEDGERED } from '../../db/schema.js';
import type { LedgeredTable } from '../../db/schema.js';
import { orgParam, pageQuery, uuid } from '../../api/route.js';
import { canReadEntity, visibleState } from '../../kernel/authorize.js';
import type { OrgAccess } from '../../kernel/context.js';
import { eventView } from '../../kernel/ledger.js';
import { page } from '../../kernel/paging.js';

export const eventSchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.string().nullable().describe('Null when redacted.'),
    action: z.string(),
    entity: z.string(),
    entity_id: z.string().nullable().describe('Null when redacted.'),
    version: z.number().int().nullable(),
    state: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('The record’s new state; null when it was deleted or when redacted.'),
    request_id: z.string().nullable().describe('Null when redacted.'),
    prev_hash: z.string(),
    hash: z.string(),
    org_id: z.string(),
    redacted: z
      .boolean()
      .describe(
        'True when the caller may not read what the event recorded: a record of a type their role or token may not read (then only seq, time, action, entity type and hashes are shown), or an id inside the state naming such a record (blanked to null). The hash then cannot be recomputed from what is shown.',
      ),
  })
  .meta({ id: 'LedgerEvent' });

export type EventView = z.infer<typeof eventSchema>;

/** A page of events with the names of the members who acted in it. */
export const eventPage = page(eventSchema).extend({
  names: z
    .record(z.string(), z.string())
    .describe(
      'Who acted in this page, by user id (the id in an actor `user:<id>`): the display name, or the e-mail when there is none, of those who are members of the organization now.',
    ),
});

/**
 * An event as this caller may see it. Of a record they may not read (ENTITY_READ in
 * src/kernel/permissions.ts) the event keeps its place in the chain (seq, hashes), its time, action
 * and entity type, and drops everything that says which record or who: state, entity id, version,
 * actor (a reporter of a concern is its actor) and request id (which ties it to the other events
 * of its request).
 */
export function toEventView(row: { body: string; hash: string }, access: OrgAccess): EventView {
  const e = eventView(row);
  if (!canReadEntity(access, e.entity))
    return {
      seq: e.seq,
      at: e.at,
      actor: null,
      action: e.action,
      entity: e.entity,
      entity_id: null,
      version: null,
      state: null,
      request_id: null,
      prev_hash: e.prev_hash,
      hash: e.hash,
      org_id: e.org_id,
      redacted: true,
    };
  const state = e.state && visibleState(access, e.entity, e.state);
  return { ...e, state, redacted: state !== e.state };
}

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
export const ledgerQuery = pageQuery
  .extend({
    order: z
      .enum(['asc', 'desc'])
      .default('asc')
      .describe('asc: oldest first (the chain order); desc: newest first.'),
    entity: z
      .enum([firstEntity!, ...otherEntities])
      .optional()
      .describe('Only this record type.'),
    entityId: uuid.optional().describe('Only this record (with entity).'),
    userId: uuid
      .optional()
      .describe('Only what this user did (among records the caller may read).'),
    memberId: uuid
      .optional()
      .describe(
        'Only what this member of the organization did (a membership id, as the member lookup gives; among records the caller may read).',
      ),
  })
  .superRefine((q, ctx) => {
    if (q.entityId && !q.entity)
      ctx.addIssue({
        code: 'custom',
        path: ['entity'],
        message: 'Name the record type of the record (entity) as well.',
      });
  });

export const historyParams = orgParam.extend({
  entity: z.enum([firstEntity!, ...otherEntities]).describe('Record type.'),
  id: uuid.describe('Record id.'),
});
