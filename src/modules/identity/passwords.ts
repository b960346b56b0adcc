import type * as argon2 from '@node-rs/argon2';
import { lazy } from '../../kernel/lazy.js';

/** Loaded at the first sign-in or password change (src/kernel/lazy.ts). */
const argon = lazy<typeof argon2>('@node-rs/argon2');

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => argon().hash(password, OPTIONS);

let dummy: Promise<string> | null = null;

/**
 * Checks a password against a stored argon2id hash. With no hash (unknown user or no password
 * set) a dummy hash is still checked, so the answer takes as long either way.
 */
export async function verifyPassword(
  stored: string | null | undefined,
  password: string,
): Promise<boolean> {
  if (!stored) {
    dummy ??= hashPassword('aims-dummy-password-for-timing');
    await argon()
      .verify(await dummy, password)
      .catch(() => false);
    return false;
  }
  return argon()
    .verify(stored, password)
    .catch(() => false);
}
