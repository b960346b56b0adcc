import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { CredentialKey } from '../../kernel/credentials.js';
import { AppError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { storePassword } from './account.js';
import { linkHash, newLinkSecret, sameHash } from './links.js';
import { passwordResetByHash, userByEmail } from './queries.js';
import { endSessionsOf } from './sessions.js';

/** How long a reset link works. */
export const RESET_TTL_MINUTES = 30;

/**
 * Makes a reset link for the user with this e-mail address, when there is one: the secret is
 * returned (for the e-mail), only its SHA-256 stored. Links asked for before stay valid until
 * they expire or one is used.
 */
export async function startPasswordReset(db: Kysely<DB>, email: string, now: Date) {
  const user = await userByEmail(db, email);
  if (!user) return null;
  const { token, hash } = newLinkSecret();
  await db
    .insertInto('password_resets')
    .values({
      id: newId(),
      user_id: user.id,
      token_hash: hash,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + RESET_TTL_MINUTES * 60_000).toISOString(),
      used_at: null,
    })
    .execute();
  return { token, user: { id: user.id, email: user.email, name: user.name } };
}

/**
 * Sets a new password with a reset link: the link must be known, unused and unexpired; it is used
 * up with every other link of the user, and every session of the user ends.
 */
export async function completePasswordReset(
  db: Kysely<DB>,
  credentials: CredentialKey,
  input: { token: string; password: string; now: Date },
) {
  const hash = linkHash(input.token);
  const row = await passwordResetByHash(db, hash);
  const now = input.now.toISOString();
  if (!row || !sameHash(row.token_hash, hash) || row.used_at || row.expires_at <= now)
    throw new AppError('INVALID_LINK', undefined, [
      { pointer: '/body/token', message: 'Unknown, used or expired: ask for a new link.' },
    ]);
  await db.transaction().execute(async (trx) => {
    const taken = await trx
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('id', '=', row.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1)
      throw new AppError('INVALID_LINK', undefined, [
        { pointer: '/body/token', message: 'Already used.' },
      ]);
    await trx
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('user_id', '=', row.user_id)
      .where('used_at', 'is', null)
      .execute();
    await storePassword(trx, credentials, row.user_id, input.password, now);
    await endSessionsOf(trx, row.user_id, null);
  });
  return { userId: row.user_id };
}

/** The host operator sets a user's password (`aims user reset-password`); every session ends. */
export async function resetPasswordOnHost(
  db: Kysely<DB>,
  credentials: CredentialKey,
  input: { email: string; password: string; now: Date },
) {
  const user = await userByEmail(db, input.email);
  if (!user)
    throw new AppError('NOT_FOUND', `No user has the e-mail address ${input.email}.`, [
      { pointer: '/body/email', message: 'No such user.' },
    ]);
  const now = input.now.toISOString();
  const ended = await db.transaction().execute(async (trx) => {
    await storePassword(trx, credentials, user.id, input.password, now);
    await trx
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .execute();
    return endSessionsOf(trx, user.id, null);
  });
  return { email: user.email, sessionsEnded: ended };
}
