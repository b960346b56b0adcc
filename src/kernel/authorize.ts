import type { Kysely } from 'kysely';
import type { DB, LedgeredTable } from '../db/schema.js';
import type { Actor, OrgAccess } from './context.js';
import { AppError, notFound } from './errors.js';
import { UUID_RE } from './ids.js';
import {
  isRole,
  readActionOf,
  roleAllows,
  scopesAllow,
  TYPED_REFERENCES,
  type Action,
} from './permissions.js';

/** Whether the caller's role (and token scopes) allow the action: what abilities are made of. */
export function can(access: OrgAccess, action: Action): boolean {
  return roleAllows(access.role, action) && (!access.scopes || scopesAllow(access.scopes, action));
}

/**
 * Whether the caller may read records of a ledger entity (a ledgered table's name), by the read
 * action the matrix gives it (ENTITY_READ); false for a name that is no ledger entity.
 */
export function canReadEntity(access: OrgAccess, entity: string): boolean {
  const action = readActionOf(entity);
  return action !== undefined && can(access, action);
}

/**
 * A record's recorded state (a ledger event's, a view's row) as the caller may see it outside the
 * record's own routes: null when they may not read the entity at all; otherwise the state, with
 * the ids of records they may not read (TYPED_REFERENCES) blanked to null.
 */
export function visibleState(
  access: OrgAccess,
  entity: string,
  state: Record<string, unknown>,
): Record<string, unknown> | null {
  if (!canReadEntity(access, entity)) return null;
  let out = state;
  for (const ref of TYPED_REFERENCES[entity as LedgeredTable] ?? []) {
    const type = state[ref.type];
    if (state[ref.id] != null && !(typeof type === 'string' && canReadEntity(access, type)))
      out = { ...out, [ref.id]: null };
  }
  return out;
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
