import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';

/** The invitations of an organization, newest first, optionally in one state. */
export async function invitationsPage(
  db: Kysely<DB>,
  orgId: string,
  q: PageQuery & { status?: string | undefined },
  now: string,
) {
  let query = db.selectFrom('invitations').selectAll().where('org_id', '=', orgId);
  if (q.status === 'accepted') query = query.where('accepted_at', 'is not', null);
  else if (q.status === 'revoked') query = query.where('revoked_at', 'is not', null);
  else if (q.status === 'pending' || q.status === 'expired')
    query = query
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', q.status === 'pending' ? '>' : '<=', now);
  return keysetPage(query, q, { column: 'id', direction: 'desc', key: (r) => r.id });
}

/** An invitation by the hash of its link's secret, with its organization. */
export function invitationByHash(db: Kysely<DB>, tokenHash: string) {
  return db
    .selectFrom('invitations')
    .innerJoin('orgs', 'orgs.id', 'invitations.org_id')
    .selectAll('invitations')
    .select(['orgs.name as orgName', 'orgs.slug as orgSlug'])
    .where('invitations.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** The pending invitations of an address in an organization. */
export function pendingInvitationsOf(db: Kysely<DB>, orgId: string, email: string, now: string) {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .execute();
}
