import type { OrgAccess } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import type { Role } from '../../kernel/permissions.js';

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
