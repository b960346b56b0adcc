import type { Kysely } from 'kysely';
import { prepared } from '../db/prepared.js';
import type { DB, LedgeredTable } from '../db/schema.js';
import type { Actor, OrgAccess } from './context.js';
import { AppError, notFound } from './errors.js';
import { UUID_RE } from './ids.js';
import {
  isRole,
  PERMISSIONS,
  readActionOf,
  roleAllows,
  scopesAllow,
  TYPED_REFERENCES,
  type Action,
} from './permissions.js';
import { MANAGERS, withSystemScope, type RecordScope } from './system-scope.js';

/**
 * Whether the caller's role (and token scopes) allow the action: what abilities are made of. Given
 * the AI systems of the record it acts on (`systems`, see src/kernel/system-scope.ts), also whether
 * the caller's scope reaches that record (`scopeRefusal`).
 */
export function can(access: OrgAccess, action: Action, systems?: RecordScope): boolean {
  return (
    roleAllows(access.role, action) &&
    (!access.scopes || scopesAllow(access.scopes, action)) &&
    (systems === undefined || scopeRefusal(access, action, systems) === null)
  );
}

/**
 * Why the caller may not perform a scoped action (PERMISSIONS[action].scoped) on a record of these
 * AI systems, or null: a caller limited to some systems (OrgAccess.systems) may act on a record
 * of none, or of at least one of theirs; a MANAGERS record is refused to them.
 */
export function scopeRefusal(
  access: OrgAccess,
  action: Action,
  systems: RecordScope,
): string | null {
  const mine = access.systems;
  if (!mine || !PERMISSIONS[action]?.scoped) return null;
  if (systems === MANAGERS)
    return 'While access is matched to responsibilities, only managers and owners may make a member Responsible or Accountable for an AI system.';
  if (systems.length === 0 || systems.some((s) => mine.includes(s))) return null;
  const which =
    systems.length === 1
      ? `the AI system ${systems[0]}`
      : `any of the AI systems ${systems.join(', ')}`;
  return `This member is not assigned to ${which}: a contributor changes only the records of the AI systems they are assigned to (or Responsible or Accountable for).`;
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

/**
 * Throws 403 unless the caller's role (and token scopes) allow the action, and, given the AI
 * systems of the record it acts on, unless the caller's scope reaches it (403 FORBIDDEN saying
 * the member is not assigned to that AI system).
 */
export function authorize(access: OrgAccess, action: Action, systems?: RecordScope): void {
  if (!roleAllows(access.role, action)) {
    throw new AppError('FORBIDDEN', `The role "${access.role}" may not perform ${action}.`);
  }
  if (access.scopes && !scopesAllow(access.scopes, action)) {
    throw new AppError('TOKEN_SCOPE', `This API token has no scope for ${action}.`);
  }
  const refusal = systems === undefined ? null : scopeRefusal(access, action, systems);
  if (refusal) throw new AppError('FORBIDDEN', refusal);
}

/** The organization by id or slug, with the caller's membership (read on every request). */
const orgWithMembership = (column: 'orgs.id' | 'orgs.slug') =>
  prepared(['ref', 'userId'], (db, p) =>
    db
      .selectFrom('orgs')
      .leftJoin('memberships as m', (j) =>
        j.onRef('m.org_id', '=', 'orgs.id').on('m.user_id', '=', p.userId),
      )
      .leftJoin('ledger_heads as h', 'h.org_id', 'orgs.id')
      .select(['orgs.id', 'orgs.slug', 'm.id as memberId', 'm.role', 'h.seq', 'h.hash'])
      .where(column, '=', p.ref),
  );
const orgById = orgWithMembership('orgs.id');
const orgBySlug = orgWithMembership('orgs.slug');

const headOf = prepared(['orgId'], (db, p) =>
  db.selectFrom('ledger_heads').select(['seq', 'hash']).where('org_id', '=', p.orgId),
);

/** The organization's ledger head in this database (a replica's may lag the primary's). */
export async function ledgerHead(db: Kysely<DB>, orgId: string) {
  const [h] = await headOf(db, { orgId });
  return { seq: Number(h?.seq ?? 0), hash: h?.hash ?? '' };
}

/**
 * The organization of a request's path, the caller's membership and the ledger head, as the
 * authenticator read them in the same query as the credential (src/modules/identity/queries.ts):
 * each null when there is no such organization or membership.
 */
export interface OrgRow {
  orgId: string | null;
  orgSlug: string | null;
  memberId: string | null;
  role: string | null;
  seq: number | string | bigint | null;
  hash: string | null;
}

/** What was read of organization `ref` for user `userId` with the credential on this request. */
export interface KnownOrg {
  ref: string;
  userId: string;
  row: OrgRow;
}

/** Whether a reference is an organization's id (else a slug): which column the lookups match. */
export const refIsId = (ref: string) => UUID_RE.test(ref);

/**
 * Resolves an organization by slug or id for this actor. An organization the actor is not a member
 * of answers 404, exactly like one that does not exist. A token is bound to its organization.
 *
 * `known`: the organization and membership the authenticator read with the credential on this
 * request (one query where there would be two); used only when read for this very ref and user,
 * otherwise read here as before.
 */
export async function resolveOrg(
  db: Kysely<DB>,
  actor: Actor | null,
  ref: string,
  known?: KnownOrg | null,
): Promise<OrgAccess> {
  // The organization and the caller's membership in one query (the membership is null for a
  // host or a non-member): a list request runs three queries in all, not five.
  const userId = actor?.kind === 'user' ? actor.userId : '';
  const given =
    known && actor?.kind === 'user' && known.ref === ref && known.userId === userId
      ? known.row
      : undefined;
  const org = given
    ? given.orgId === null
      ? undefined
      : {
          id: given.orgId,
          slug: given.orgSlug ?? '',
          memberId: given.memberId,
          role: given.role,
          seq: given.seq,
          hash: given.hash,
        }
    : (await (refIsId(ref) ? orgById : orgBySlug)(db, { ref, userId }))[0];
  if (!org || !actor) throw notFound('organization');
  const head = { seq: Number(org.seq ?? 0), hash: org.hash ?? '' };
  if (actor.kind === 'host')
    return { orgId: org.id, slug: org.slug, role: 'owner', memberId: null, head };
  if (actor.via === 'token' && actor.tokenId) {
    // The authenticator read the token's organization with the token on this request.
    const tokenOrg =
      actor.tokenOrgId ??
      (
        await db
          .selectFrom('api_tokens')
          .select('org_id')
          .where('id', '=', actor.tokenId)
          .executeTakeFirst()
      )?.org_id;
    if (tokenOrg !== org.id) throw notFound('organization');
  }
  if (!org.memberId || !org.role || !isRole(org.role)) throw notFound('organization');
  return withSystemScope(db, {
    orgId: org.id,
    slug: org.slug,
    role: org.role,
    memberId: org.memberId,
    scopes: actor.via === 'token' ? actor.scopes : undefined,
    head,
  });
}
