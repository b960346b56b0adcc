import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Actor, OrgAccess } from './context.js';
import { AppError, notFound } from './errors.js';
import { UUID_RE } from './ids.js';
import { isRole, roleAllows, scopesAllow, type Action } from './permissions.js';

/** Whether the caller's role (and token scopes) allow the action: what abilities are made of. */
export function can(access: OrgAccess, action: Action): boolean {
  return roleAllows(access.role, action) && (!access.scopes || scopesAllow(access.scopes, action));
}

/** Throws 403 unless the caller's role (and token scopes) allow the action. */
export function authorize(access: OrgAccess, action: Action): void {
  if (!roleAllows(access.role, action)) {
    throw new AppError('FORBIDDEN', `The role "${access.role}" may not perform ${action}.`);
  }
  if (access.scopes && !scopesAllow(access.scopes, action)) {
    throw new AppError('TOKEN_SCOPE', `This API token has no scope for ${action}.`);
  }
}

/**
 * Resolves an organization by slug or id for this actor. An organization the actor is not a member
 * of answers 404, exactly like one that does not exist. A token is bound to its organization.
 */
export async function resolveOrg(
  db: Kysely<DB>,
  actor: Actor | null,
  ref: string,
): Promise<OrgAccess> {
  const org = await db
    .selectFrom('orgs')
    .select(['id', 'slug'])
    .where(UUID_RE.test(ref) ? 'id' : 'slug', '=', ref)
    .executeTakeFirst();
  if (!org || !actor) throw notFound('organization');
  if (actor.kind === 'host')
    return { orgId: org.id, slug: org.slug, role: 'owner', memberId: null };
  if (actor.via === 'token' && actor.tokenId) {
    const token = await db
      .selectFrom('api_tokens')
      .select('org_id')
      .where('id', '=', actor.tokenId)
      .executeTakeFirst();
    if (token?.org_id !== org.id) throw notFound('organization');
  }
  const m = await db
    .selectFrom('memberships')
    .select(['id', 'role'])
    .where('org_id', '=', org.id)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  if (!m || !isRole(m.role)) throw notFound('organization');
  return {
    orgId: org.id,
    slug: org.slug,
    role: m.role,
    memberId: m.id,
    scopes: actor.via === 'token' ? actor.scopes : undefined,
  };
}
