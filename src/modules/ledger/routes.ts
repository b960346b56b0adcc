import { z } from 'zod';
import { LEDGERED } from '../../db/schema.js';
import { eventView } from '../../kernel/ledger.js';
import { verifyOrg } from '../../kernel/verify.js';
import {
  decodeCursor,
  defineRoute,
  orgParam,
  page,
  pageQuery,
  toPage,
  uuid,
  type RouteSpec,
} from '../../api/route.js';

const eventSchema = z
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

const seqCursor = (c: string | undefined) => {
  const v = decodeCursor(c);
  return v === undefined ? 0 : Number.parseInt(v, 10) || 0;
};

export const ledgerRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/ledger',
    operationId: 'ledger.list',
    summary: 'The organization’s ledger, oldest first',
    tag: 'ledger',
    auth: 'org',
    action: 'ledger.read',
    params: orgParam,
    query: pageQuery,
    response: { status: 200, schema: page(eventSchema), description: 'A page of events.' },
    async handler({ services, access, query }) {
      const rows = await services.database.db
        .selectFrom('ledger_events')
        .select(['seq', 'body', 'hash'])
        .where('org_id', '=', access.orgId)
        .where('seq', '>', seqCursor(query.cursor))
        .orderBy('seq')
        .limit(query.limit + 1)
        .execute();
      const p = toPage(rows, query.limit, (r) => r.seq);
      return { body: { ...p, items: p.items.map(eventView) } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/ledger/public-key',
    operationId: 'ledger.publicKey',
    summary: 'The Ed25519 public key that signs this organization’s ledger heads',
    tag: 'ledger',
    auth: 'org',
    action: 'ledger.read',
    params: orgParam,
    response: {
      status: 200,
      schema: z.object({
        orgId: z.string(),
        algorithm: z.literal('Ed25519'),
        publicKeyPem: z.string(),
        head: z
          .object({
            seq: z.number(),
            hash: z.string(),
            signed_at: z.string(),
            signature: z.string(),
          })
          .nullable(),
      }),
      description: 'The key and the newest signed head.',
    },
    async handler({ services, access }) {
      const head = services.keys.readHead(access.orgId);
      return {
        body: {
          orgId: access.orgId,
          algorithm: 'Ed25519',
          publicKeyPem: services.keys.publicKeyPem(access.orgId),
          head,
        },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/ledger/verification',
    operationId: 'ledger.verify',
    summary: 'Verify the ledger now: hashes, signatures and replay of every record',
    tag: 'ledger',
    auth: 'org',
    action: 'ledger.verify',
    params: orgParam,
    response: {
      status: 200,
      schema: z.object({
        ok: z.boolean(),
        events: z.number().int(),
        checkpoints: z.number().int(),
        records: z.number().int(),
        firstBroken: z
          .object({ seq: z.number().nullable(), code: z.string(), message: z.string() })
          .nullable(),
      }),
      description: 'The verification report.',
    },
    async handler({ services, access }) {
      const r = await verifyOrg(services.database.db, services.keys, access.orgId);
      return { body: r };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/history/:entity/:id',
    operationId: 'ledger.history',
    summary: 'Every recorded change of one record, oldest first',
    tag: 'ledger',
    auth: 'org',
    action: 'ledger.read',
    params: orgParam.extend({
      entity: z.enum(Object.keys(LEDGERED) as [string, ...string[]]).describe('Record type.'),
      id: uuid.describe('Record id.'),
    }),
    query: pageQuery,
    response: { status: 200, schema: page(eventSchema), description: 'A page of events.' },
    async handler({ services, access, params, query }) {
      const rows = await services.database.db
        .selectFrom('ledger_events')
        .select(['seq', 'body', 'hash'])
        .where('org_id', '=', access.orgId)
        .where('entity', '=', params.entity)
        .where('entity_id', '=', params.id)
        .where('seq', '>', seqCursor(query.cursor))
        .orderBy('seq')
        .limit(query.limit + 1)
        .execute();
      const p = toPage(rows, query.limit, (r) => r.seq);
      return { body: { ...p, items: p.items.map(eventView) } };
    },
  }),
];
