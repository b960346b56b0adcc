import { encodeJson } from '../../db/json.js';
import { z } from 'zod';
import { checkVersion, defineCommand } from '../../kernel/commands.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { newId, secret, sha256Hex } from '../../kernel/ids.js';
import { isScope } from '../../kernel/permissions.js';

export const scopesInput = z
  .array(z.string().max(100).refine(isScope, 'Not a scope: use read, write or an action name.'))
  .min(1)
  .max(50)
  .describe(
    'read (every read action), write (every action), or action names such as members.read.',
  );

export const createToken = defineCommand({
  action: 'tokens.create',
  input: z
    .object({
      name: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .describe('What the token is for, e.g. "CI pipeline".'),
      scopes: scopesInput.optional(),
      expiresAt: z.iso
        .datetime({ offset: true })
        .optional()
        .describe('When the token stops working (RFC 3339). Default: never.'),
    })
    .strict(),
  async run(tx, input, scope) {
    const access = scope.access!;
    const userId = scope.ids?.userId;
    if (!userId) throw new Error('tokens.create needs the user');
    const member = await tx.db
      .selectFrom('memberships')
      .select('id')
      .where('org_id', '=', access.orgId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!member) throw notFound('member');
    if (input.expiresAt && new Date(input.expiresAt).getTime() <= new Date(tx.now).getTime()) {
      throw new AppError('INVALID_EXPIRY', 'The expiry is in the past.', [
        { pointer: '/body/expiresAt', message: 'Must be in the future.' },
      ]);
    }
    const token = `aims_${secret(32)}`;
    const row = {
      id: newId(),
      org_id: access.orgId,
      user_id: userId,
      name: input.name,
      token_hash: sha256Hex(token),
      prefix: token.slice(0, 12),
      scopes: encodeJson(input.scopes ?? ['write']),
      expires_at: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
      revoked_at: null,
      version: 1,
      created_at: tx.now,
      updated_at: tx.now,
    };
    await tx.db.insertInto('api_tokens').values(row).execute();
    tx.record(access.orgId, 'api_tokens', row.id, row);
    return { token, row };
  },
});

export const revokeToken = defineCommand({
  action: 'tokens.revoke',
  input: z.object({}).strict().optional(),
  async run(tx, _input, scope) {
    const access = scope.access!;
    const t = await tx.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('org_id', '=', access.orgId)
      .where('id', '=', scope.ids?.tokenId ?? '')
      .executeTakeFirst();
    if (!t) throw notFound('token');
    if (access.role === 'contributor' && t.user_id !== scope.ids?.userId) {
      throw new AppError('FORBIDDEN', 'A contributor may revoke only their own tokens.');
    }
    checkVersion(t.version, scope.ifMatch);
    if (t.revoked_at) throw new AppError('TOKEN_REVOKED', 'The token was already revoked.');
    const next = { ...t, revoked_at: tx.now, version: t.version + 1, updated_at: tx.now };
    await tx.db
      .updateTable('api_tokens')
      .set({ revoked_at: tx.now, version: next.version, updated_at: tx.now })
      .where('id', '=', t.id)
      .execute();
    tx.record(access.orgId, 'api_tokens', t.id, next);
    return next;
  },
});
