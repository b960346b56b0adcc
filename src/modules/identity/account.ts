import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { passwordParts, totpParts, type CredentialKey } from '../../kernel/credentials.js';
import { AppError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { unusedRecoveryCode, userCredentials } from './queries.js';
import { endSessionsOf } from './sessions.js';
import {
  matchTotp,
  newRecoveryCodes,
  newTotpSecret,
  otpauthUri,
  recoveryCodeHash,
} from './totp.js';

type UserCreds = NonNullable<Awaited<ReturnType<typeof userCredentials>>>;

/** Whether `password` is the user's, checking the seal on the stored hash first. */
export async function passwordMatches(
  credentials: CredentialKey,
  user: { id: string; password_hash: string | null; password_mac: string | null } | undefined,
  password: string,
): Promise<boolean> {
  const sealed =
    !!user?.password_hash &&
    credentials.check(passwordParts(user.id, user.password_hash), user.password_mac, {
      kind: 'password',
      id: user.id,
    });
  return (await verifyPassword(sealed ? user.password_hash : null, password)) && !!user;
}

/** Stores a new password (argon2id, sealed) for a user. */
export async function storePassword(
  db: Kysely<DB>,
  credentials: CredentialKey,
  userId: string,
  password: string,
  now: string,
) {
  const hash = await hashPassword(password);
  await db
    .updateTable('users')
    .set({
      password_hash: hash,
      password_mac: credentials.mac(passwordParts(userId, hash)),
      updated_at: now,
    })
    .where('id', '=', userId)
    .execute();
}

export async function loadUser(db: Kysely<DB>, userId: string): Promise<UserCreds> {
  const u = await userCredentials(db, userId);
  if (!u) throw new AppError('UNAUTHENTICATED');
  return u;
}

async function requirePassword(
  credentials: CredentialKey,
  user: UserCreds,
  password: string,
  pointer = '/body/password',
) {
  if (!(await passwordMatches(credentials, user, password)))
    throw new AppError('WRONG_PASSWORD', undefined, [
      { pointer, message: 'Not your current password.' },
    ]);
}

/**
 * Changes the signed-in user's password (the current one confirms it); every other session of
 * the user ends, this one stays. Returns how many sessions ended.
 */
export async function changePassword(
  db: Kysely<DB>,
  credentials: CredentialKey,
  input: { userId: string; sessionId: string | null; current: string; next: string; now: string },
): Promise<number> {
  const user = await loadUser(db, input.userId);
  await requirePassword(credentials, user, input.current, '/body/currentPassword');
  return db.transaction().execute(async (trx) => {
    await storePassword(trx, credentials, user.id, input.next, input.now);
    return endSessionsOf(trx, user.id, input.sessionId);
  });
}

/** Whether the user's TOTP is on and its secret is sealed by the credential key. */
export function totpOn(
  credentials: CredentialKey,
  user: UserCreds,
): user is UserCreds & {
  totp_secret: string;
} {
  return (
    !!user.totp_enabled_at &&
    !!user.totp_secret &&
    credentials.check(totpParts(user.id, user.totp_secret), user.totp_mac, {
      kind: 'totp',
      id: user.id,
    })
  );
}

/**
 * Checks a second-factor code of a user whose TOTP is on and uses it up: an authenticator code
 * (its time step is remembered, so it is not accepted again) or one of the recovery codes. Both
 * are taken by a conditional update, so two requests with one code cannot both pass.
 */
export async function useSecondFactor(
  db: Kysely<DB>,
  credentials: CredentialKey,
  user: UserCreds,
  code: string,
  now: Date,
): Promise<boolean> {
  if (!totpOn(credentials, user)) return false;
  const trimmed = code.replace(/\s/g, '');
  if (/^\d{6}$/.test(trimmed)) {
    const step = matchTotp(user.totp_secret, trimmed, now, user.totp_last_step);
    if (step === null) return false;
    const r = await db
      .updateTable('users')
      .set({ totp_last_step: step })
      .where('id', '=', user.id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
  const row = await unusedRecoveryCode(db, user.id, recoveryCodeHash(trimmed));
  if (!row) return false;
  const r = await db
    .updateTable('recovery_codes')
    .set({ used_at: now.toISOString() })
    .where('id', '=', row.id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Starts enrolment: a new secret, waiting for a first code; the password confirms it. */
export async function enrolTotp(
  db: Kysely<DB>,
  credentials: CredentialKey,
  input: { userId: string; password: string; now: string },
) {
  const user = await loadUser(db, input.userId);
  if (user.totp_enabled_at)
    throw new AppError('INVALID_STATE', 'The second factor is on already: turn it off first.');
  await requirePassword(credentials, user, input.password);
  const secret = newTotpSecret();
  await db
    .updateTable('users')
    .set({
      totp_secret: secret,
      totp_mac: credentials.mac(totpParts(user.id, secret)),
      totp_enabled_at: null,
      totp_last_step: null,
      updated_at: input.now,
    })
    .where('id', '=', user.id)
    .execute();
  return { secret, otpauthUri: otpauthUri(secret, user.email) };
}

const badCode = (message = 'Wrong or already used.') =>
  new AppError('INVALID_CODE', undefined, [{ pointer: '/body/code', message }]);

/** Confirms enrolment with a first code; the ten recovery codes are returned, once. */
export async function confirmTotp(
  db: Kysely<DB>,
  credentials: CredentialKey,
  input: { userId: string; code: string; now: Date },
) {
  const user = await loadUser(db, input.userId);
  if (user.totp_enabled_at) throw new AppError('INVALID_STATE', 'The second factor is on already.');
  const sealed =
    !!user.totp_secret &&
    credentials.check(totpParts(user.id, user.totp_secret), user.totp_mac, {
      kind: 'totp',
      id: user.id,
    });
  if (!sealed || !user.totp_secret)
    throw new AppError('INVALID_STATE', 'Start the enrolment first: no secret waits for a code.');
  const step = matchTotp(user.totp_secret, input.code.replace(/\s/g, ''), input.now, null);
  if (step === null) throw badCode('Not the code the authenticator app shows now.');
  const codes = newRecoveryCodes();
  const now = input.now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ totp_enabled_at: now, totp_last_step: step, updated_at: now })
      .where('id', '=', user.id)
      .execute();
    await trx.deleteFrom('recovery_codes').where('user_id', '=', user.id).execute();
    await trx
      .insertInto('recovery_codes')
      .values(
        codes.map((c) => ({
          id: newId(),
          user_id: user.id,
          code_hash: recoveryCodeHash(c),
          created_at: now,
          used_at: null,
        })),
      )
      .execute();
  });
  return { recoveryCodes: codes };
}

/** Turns the second factor off: the password and a code (or a recovery code) confirm it. */
export async function disableTotp(
  db: Kysely<DB>,
  credentials: CredentialKey,
  input: { userId: string; password: string; code: string; now: Date },
) {
  const user = await loadUser(db, input.userId);
  if (!user.totp_enabled_at) throw new AppError('INVALID_STATE', 'The second factor is not on.');
  await requirePassword(credentials, user, input.password);
  if (!(await useSecondFactor(db, credentials, user, input.code, input.now))) throw badCode();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({
        totp_secret: null,
        totp_mac: null,
        totp_enabled_at: null,
        totp_last_step: null,
        updated_at: input.now.toISOString(),
      })
      .where('id', '=', user.id)
      .execute();
    await trx.deleteFrom('recovery_codes').where('user_id', '=', user.id).execute();
  });
}
