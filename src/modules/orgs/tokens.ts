import { z } from 'zod';
import { encodeJson } from '../../db/json.js';
import { orgCommand, type OrgTx } from '../../kernel/commands.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { apiTokenParts } from '../../kernel/credentials.js';
import { secret, sha256Hex, uuidSchema } from '../../kernel/ids.js';
import { findRecord, insertRecord, updateRecord } from '../../kernel/records.js';
import { findToken, membershipOfUser } from './queries.js';
import { tokenRevokeRefusal, tokenScopesRefusal } from './rules.js';
import { tokenFields, tokenId, type TokenRow } from './schemas.js';

const tokenInput = z.object(tokenFields).strict();

/**
 * Makes the token of a member: the secret is returned once, only its hash is kept. Without
 * scopes it gets `write` (all the member's role allows), or, when an API token makes it, that
 * token's own scopes; it never gets more than either (tokenScopesRefusal).
 */
async function issueToken(
  tx: OrgTx,
  member: { id: string; user_id: string; role: string },
  input: z.infer<typeof tokenInput>,
): Promise<TokenRow & { token: string }> {
  const scopes = input.scopes ?? tx.org.scopes ?? ['write'];
  const refusal = tokenScopesRefusal(scopes, member.role, tx.org);
  if (refusal) throw refusal;
  if (input.expiresAt && new Date(input.expiresAt).getTime() <= new Date(tx.now).getTime()) {
    throw new AppError('INVALID_EXPIRY', 'The expiry is in the past.', [
      { pointer: '/body/expiresAt', message: 'Must be in the future.' },
    ]);
  }
  const token = `aims_${secret(32)}`;
  const tokenHash = sha256Hex(token);
  const row = await insertRecord(tx, tx.org.orgId, 'api_tokens', {
    user_id: member.user_id,
    name: input.name,
    token_hash: tokenHash,
    // The seal on the hash (src/kernel/credentials.ts): a hash put in behind the API's back is refused.
    token_mac: tx.ctx.keys.credentials.mac(
      apiTokenParts({ org_id: tx.org.orgId, user_id: member.user_id, token_hash: tokenHash }),
    ),
    prefix: token.slice(0, 12),
    scopes: encodeJson(scopes),
    expires_at: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
    revoked_at: null,
  });
  return { ...row, member_id: member.id, token };
}

/** An API token for the caller, acting as them in this organization only. */
export const createToken = orgCommand({
  action: 'tokens.create',
  input: tokenInput,
  async run(tx, input) {
    const me = tx.org.memberId
      ? await findRecord(tx.db, 'memberships', tx.org.orgId, tx.org.memberId)
      : undefined;
    if (!me)
      throw new AppError(
        'FORBIDDEN',
        'A token acts as a member: the host operator names one (aims token create --email).',
      );
    return issueToken(tx, me, input);
  },
});

/**
 * An API token for the member who is the user `userId` (`aims token create --email`): the host
 * operator may make one for any member; a member only for themselves.
 */
export const createTokenFor = orgCommand({
  action: 'tokens.create',
  input: tokenInput.extend({ userId: uuidSchema.describe('The user whose token it is.') }),
  async run(tx, input) {
    const { userId, ...fields } = input;
    const member = await membershipOfUser(tx.db, tx.org.orgId, userId);
    if (!member) throw notFound('member');
    if (tx.org.memberId !== null && tx.org.memberId !== member.id)
      throw new AppError('FORBIDDEN', 'A member creates API tokens only for themselves.');
    return issueToken(tx, member, fields);
  },
});

/** Revokes a token: at once and for good; a contributor revokes only their own. */
export const revokeToken = orgCommand({
  action: 'tokens.revoke',
  input: z.object({ tokenId }).strict(),
  pathIds: ['tokenId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const t = await findToken(tx.db, orgId, input.tokenId);
    if (!t) throw notFound('token');
    tx.expectVersion(t.version);
    const refusal = tokenRevokeRefusal(t, tx.org);
    if (refusal) throw refusal;
    const { member_id, ...row } = t;
    const next = await updateRecord(tx, orgId, 'api_tokens', row, { revoked_at: tx.now });
    return { ...next, member_id };
  },
});
