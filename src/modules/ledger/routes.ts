import { defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import { authorize, canReadEntity } from '../../kernel/authorize.js';
import { AppError } from '../../kernel/errors.js';
import { ENTITY_READ } from '../../kernel/permissions.js';
import { pageQuery } from '../../kernel/paging.js';
import { missingOrgs, verifyLedger } from '../../kernel/verify.js';
import { actorNames } from '../../kernel/names.js';
import { historyPage, ledgerPage, userOfMember } from './queries.js';
import {
  eventPage,
  historyParams,
  ledgerQuery,
  publicKeyView,
  toEventView,
  verificationView,
} from './schemas.js';

export const ledgerRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/ledger',
    operationId: 'ledger.list',
    summary:
      'The organization’s ledger, oldest first (or newest first), optionally of one record type, one record or one member; events of records the caller may not read are redacted',
    tag: 'ledger',
    auth: 'org',
    action: 'ledger.read',
    params: orgParam,
    query: ledgerQuery,
    response: {
      status: 200,
      schema: eventPage,
      description: 'A page of events, with the names of who acted.',
    },
    errors: [422],
    async handler({ services, access, query }) {
      // Naming one record is a read of it; naming a member looks only at what the caller may read,
      // so a redacted event (an anonymous concern's, say) is never tied to who made it.
      if (query.entityId) authorize(access, ENTITY_READ[query.entity!]);
      const db = services.database.db;
      let userId = query.userId;
      if (query.memberId) {
        userId = await userOfMember(db, access.orgId, query.memberId);
        if (!userId || (query.userId && query.userId !== userId))
          throw new AppError('UNKNOWN_REFERENCE', 'No such member in this organization.', [
            { pointer: '/query/memberId', message: 'Not a member of this organization.' },
          ]);
      }
      const readable = userId
        ? Object.keys(ENTITY_READ).filter((e) => canReadEntity(access, e))
        : undefined;
      const p = await ledgerPage(db, access.orgId, query, { ...query, userId, readable });
      const items = p.items.map((e) => toEventView(e, access));
      return {
        body: {
          ...p,
          items,
          names: await actorNames(
            db,
            access,
            items.map((e) => e.actor),
          ),
        },
      };
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
      schema: publicKeyView,
      description: 'The key and the newest signed head.',
    },
    async handler({ services, access }) {
      return {
        body: {
          orgId: access.orgId,
          algorithm: 'Ed25519',
          publicKeyPem: services.keys.publicKeyPem(access.orgId),
          head: services.keys.readHead(access.orgId),
        },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/ledger/verification',
    operationId: 'ledger.verify',
    summary: 'Verify the ledger now: hashes, signatures, the head log and replay of every record',
    tag: 'ledger',
    auth: 'org',
    action: 'ledger.verify',
    params: orgParam,
    // It verifies the ledger as it stands; its history is the ledger itself.
    asOf: false,
    response: { status: 200, schema: verificationView, description: 'The verification report.' },
    async handler({ services, access }) {
      const report = await verifyLedger(services.database, services.keys, access.orgId, {
        now: services.now(),
        raise: true,
      });
      const instance = await missingOrgs(services.database.db, services.keys);
      return { body: { ...report, instance: { ok: instance.length === 0, problems: instance } } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/history/:entity/:id',
    operationId: 'ledger.history',
    summary:
      'Every recorded change of one record, oldest first (403 unless the caller may read records of its type)',
    tag: 'ledger',
    auth: 'org',
    action: 'ledger.read',
    params: historyParams,
    query: pageQuery,
    response: {
      status: 200,
      schema: eventPage,
      description: 'A page of events, with the names of who acted.',
    },
    async handler({ services, access, params, query }) {
      // A record's history is a read of the record: it takes the read action of its type.
      authorize(access, ENTITY_READ[params.entity]);
      const db = services.database.db;
      const p = await historyPage(db, access.orgId, params.entity, params.id, query);
      const items = p.items.map((e) => toEventView(e, access));
      return {
        body: {
          ...p,
          items,
          names: await actorNames(
            db,
            access,
            items.map((e) => e.actor),
          ),
        },
      };
    },
  }),
];
