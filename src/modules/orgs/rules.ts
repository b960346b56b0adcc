import type { OrgAccess } from '../../kernel/context.js';
import { AppError, type FieldError } from '../../kernel/errors.js';
import { abilities, isRole, PERMISSIONS, roleAllows, type Role } from '../../kernel/permissions.js';

/**
 * The rules on members and tokens that depend on data, beyond the role matrix. Commands throw
 * the refusal; views turn "no refusal" into an ability, so the web app offers exactly what the
 * commands accept.
 */

/**
 * Why the caller may not give this member the role `to` (or remove them: `to` null), or null
 * when they may. Only an owner makes, changes or removes an owner; the last owner stays one.
 * `owners` is how many owners the organization has now.
 */
export function memberChangeRefusal(
  member: { role: string },
  to: Role | null,
  access: OrgAccess,
  owners: number,
): AppError | null {
  if ((member.role === 'owner' || to === 'owner') && access.role !== 'owner') {
    return new AppError(
      'FORBIDDEN',
      to === null
        ? 'Only an owner may remove an owner.'
        : 'Only an owner may grant or take away the owner role.',
    );
  }
  if (member.role === 'owner' && to !== 'owner' && owners <= 1)
    return new AppError('LAST_OWNER', 'This is the last owner: make someone else an owner first.');
  return null;
}

/**
 * Why the caller may not revoke this token, or null when they may: a contributor revokes only
 * their own tokens (`member_id` is the membership of the token's user), and a token is revoked
 * once.
 */
export function tokenRevokeRefusal(
  token: { member_id: string | null; revoked_at: string | null },
  access: OrgAccess,
): AppError | null {
  if (access.role === 'contributor' && token.member_id !== access.memberId)
    return new AppError('FORBIDDEN', 'A contributor may revoke only their own tokens.');
  if (token.revoked_at) return new AppError('TOKEN_REVOKED', 'The token was already revoked.');
  return null;
}

/**
 * Why a new token may not have these scopes, or null when it may: a token never widens what its
 * maker holds. Each scope must be within the member's role (an action name the role does not
 * hold is refused; `read` and `write` mean "what the role allows"), and, when the caller is itself
 * an API token, give nothing that token's own scopes do not (a token scoped to tokens.create
 * cannot mint a `write` token).
 */
export function tokenScopesRefusal(
  scopes: readonly string[],
  memberRole: string,
  access: OrgAccess,
): AppError | null {
  const role: Role = isRole(memberRole) ? memberRole : 'viewer';
  const held = access.scopes ? new Set(abilities(access.role, access.scopes)) : null;
  const errors: FieldError[] = [];
  scopes.forEach((s, i) => {
    const pointer = `/body/scopes/${i}`;
    if (Object.hasOwn(PERMISSIONS, s) && !roleAllows(role, s))
      errors.push({ pointer, message: `The role "${role}" may not perform ${s}.` });
    else if (held && abilities(role, [s]).some((a) => !held.has(a)))
      errors.push({ pointer, message: `The API token creating it does not hold ${s}.` });
  });
  return errors.length
    ? new AppError(
        'SCOPE_TOO_WIDE',
        "A token's scopes must stay within its member's role and the scopes of the token creating it.",
        errors,
      )
    : null;
}
