import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { DocumentHead } from '../../interop/document.js';
import { UUID_RE } from '../../kernel/ids.js';
import { labelOf, ROLE } from '../../labels.js';
import { keysetPage, type PageQuery } from '../../kernel/paging.js';
import type { MemberRow, OrgRow, TokenRow } from './schemas.js';

/** Whether an organization exists yet (what the first-run page asks). */
export async function anyOrg(db: Kysely<DB>): Promise<boolean> {
  return !!(await db.selectFrom('orgs').select('id').limit(1).executeTakeFirst());
}

/** An organization by slug or id, or undefined. */
export function orgByRef(db: Kysely<DB>, ref: string): Promise<OrgRow | undefined> {
  return db
    .selectFrom('orgs')
    .selectAll()
    .where(UUID_RE.test(ref) ? 'id' : 'slug', '=', ref)
    .executeTakeFirst();
}

export async function slugTaken(db: Kysely<DB>, slug: string): Promise<boolean> {
  return !!(await db.selectFrom('orgs').select('id').where('slug', '=', slug).executeTakeFirst());
}

export function orgById(db: Kysely<DB>, orgId: string): Promise<OrgRow> {
  return db.selectFrom('orgs').selectAll().where('id', '=', orgId).executeTakeFirstOrThrow();
}

/** A page of the organizations a user belongs to, with their role in each. */
export function orgsOfUserPage(db: Kysely<DB>, userId: string, page: PageQuery) {
  return keysetPage(
    db
      .selectFrom('memberships')
      .innerJoin('orgs', 'orgs.id', 'memberships.org_id')
      .selectAll('orgs')
      .select('memberships.role')
      .where('memberships.user_id', '=', userId),
    page,
    { column: 'orgs.id', key: (r) => r.id },
  );
}

/** The membership of a user in the organization, if any. */
export function membershipOfUser(db: Kysely<DB>, orgId: string, userId: string) {
  return db
    .selectFrom('memberships')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** How many owners the organization has. */
export async function ownerCount(db: Kysely<DB>, orgId: string): Promise<number> {
  const r = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('org_id', '=', orgId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

const memberColumns = [
  'memberships.id',
  'memberships.user_id',
  'memberships.email',
  'users.name',
  'memberships.role',
  'memberships.version',
  'memberships.created_at',
] as const;

/** A page of the organization's members with their names. */
export function membersPage(db: Kysely<DB>, orgId: string, page: PageQuery) {
  return keysetPage(
    db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(memberColumns)
      .where('memberships.org_id', '=', orgId),
    page,
    { column: 'memberships.id', key: (r) => r.id },
  );
}

/** One member with their name. */
export function memberWithName(db: Kysely<DB>, orgId: string, id: string): Promise<MemberRow> {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(memberColumns)
    .where('memberships.org_id', '=', orgId)
    .where('memberships.id', '=', id)
    .executeTakeFirstOrThrow();
}

/** The tokens of a user in the organization that still work (or would, but for expiry). */
export function unrevokedTokensOf(db: Kysely<DB>, orgId: string, userId: string) {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Tokens with the membership of their user in the organization (null once they left). */
function tokensWithMember(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('api_tokens')
    .leftJoin('memberships', (j) =>
      j
        .onRef('memberships.user_id', '=', 'api_tokens.user_id')
        .onRef('memberships.org_id', '=', 'api_tokens.org_id'),
    )
    .selectAll('api_tokens')
    .select('memberships.id as member_id')
    .where('api_tokens.org_id', '=', orgId);
}

export function tokensPage(db: Kysely<DB>, orgId: string, page: PageQuery) {
  return keysetPage(tokensWithMember(db, orgId), page, {
    column: 'api_tokens.id',
    key: (r) => r.id,
  });
}

export function findToken(
  db: Kysely<DB>,
  orgId: string,
  id: string,
): Promise<TokenRow | undefined> {
  return tokensWithMember(db, orgId).where('api_tokens.id', '=', id).executeTakeFirst();
}

/** The organization's members with their emails (to find a member by email). */
export function memberEmails(db: Kysely<DB>, orgId: string) {
  return db.selectFrom('memberships').select(['id', 'email']).where('org_id', '=', orgId).execute();
}

/** The organization's members' emails by membership id: how exports and reports name members. */
export async function memberEmailsById(db: Kysely<DB>, orgId: string) {
  return new Map((await memberEmails(db, orgId)).map((r) => [r.id, r.email]));
}

/** How files name a member: "Ada Lovelace <ada@example.org>", or the email alone without a name. */
export const memberLabel = (name: string | null | undefined, email: string) =>
  name?.trim() ? `${name.trim()} <${email}>` : email;

/** The organization's members by membership id as exports and reports name them (memberLabel). */
export async function memberLabelsById(db: Kysely<DB>, orgId: string) {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.id', 'memberships.email', 'users.name'])
    .where('memberships.org_id', '=', orgId)
    .execute();
  return new Map(rows.map((r) => [r.id, memberLabel(r.name, r.email)]));
}

/**
 * The head of a file the caller asks for: the organization's name and the member who asked
 * (with name, email and role), at `now`.
 */
export async function documentHead(
  db: Kysely<DB>,
  access: { orgId: string; memberId: string | null },
  now: Date,
): Promise<DocumentHead> {
  const org = await db
    .selectFrom('orgs')
    .select(['name', 'slug'])
    .where('id', '=', access.orgId)
    .executeTakeFirstOrThrow();
  const m = access.memberId
    ? await db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select(['memberships.email', 'memberships.role', 'users.name'])
        .where('memberships.org_id', '=', access.orgId)
        .where('memberships.id', '=', access.memberId)
        .executeTakeFirst()
    : undefined;
  return {
    organization: org.name || org.slug,
    generatedAt: now,
    preparedBy: m
      ? {
          label: memberLabel(m.name, m.email),
          name: m.name?.trim() || m.email,
          email: m.email,
          role: labelOf(ROLE, m.role),
        }
      : null,
  };
}

/** The organization's members with role and email (who may be waited for, and where to write). */
export function membersWithRoles(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('memberships')
    .select(['id', 'user_id', 'email', 'role'])
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
}

/** Every organization of the instance (for work that runs over all of them: reminders). */
export function allOrgs(db: Kysely<DB>): Promise<OrgRow[]> {
  return db.selectFrom('orgs').selectAll().orderBy('id').execute();
}
