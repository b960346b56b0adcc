import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { passwordParts, type CredentialKey } from '../../kernel/credentials.js';
import { AppError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { hashPassword } from './passwords.js';
import { userByEmail } from './queries.js';

/**
 * Finds a user by email or makes one. A new user needs a password; an existing user keeps theirs
 * (an organization may not reset the password of someone who also belongs to other organizations).
 */
export async function findOrCreateUser(
  db: Kysely<DB>,
  now: string,
  credentials: CredentialKey,
  input: {
    email: string;
    name?: string | undefined;
    password?: string | undefined;
    /** The new user's id, when the caller chose it (to act as them in the same transaction). */
    id?: string;
  },
  passwordPointer = '/body/password',
) {
  const existing = await userByEmail(db, input.email);
  if (existing)
    return {
      user: { id: existing.id, email: existing.email, name: existing.name },
      created: false,
    };
  if (!input.password) {
    throw new AppError('PASSWORD_REQUIRED', `${input.email} has no account yet: give a password.`, [
      { pointer: passwordPointer, message: 'Required for a new user.' },
    ]);
  }
  const id = input.id ?? newId();
  const passwordHash = await hashPassword(input.password);
  const user = {
    id,
    email: input.email,
    name: input.name ?? input.email.split('@')[0]!,
    password_hash: passwordHash,
    password_mac: credentials.mac(passwordParts(id, passwordHash)),
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('users').values(user).execute();
  return { user: { id: user.id, email: user.email, name: user.name }, created: true };
}
