import type { Command } from 'commander';
import type { Config } from '../config.js';
import { parseInput } from '../kernel/commands.js';
import type { Context } from '../kernel/context.js';
import {
  email as emailSchema,
  password as passwordSchema,
  resetPasswordOnHost,
} from '../modules/identity/index.js';
import { passwordFrom, type SecretIo } from './secrets.js';

export interface AccountCliDeps {
  io: SecretIo & { out(s: string): void };
  config: () => Config;
  withContext: <T>(config: Config, fn: (ctx: Context) => Promise<T>) => Promise<T>;
}

/** `aims user reset-password`: the host operator sets a user's password. */
export function registerAccountCommands(user: Command, deps: AccountCliDeps) {
  const { io } = deps;
  user
    .command('reset-password')
    .description(
      "set a user's password on the host (asked for twice, hidden; or --password-stdin); every session of the user ends",
    )
    .requiredOption('--email <email>', "the user's email")
    .option('--password-stdin', 'read the new password from the first line of standard input')
    .option('--json', 'print machine-readable JSON')
    .action(async (o: { email: string; passwordStdin?: boolean; json?: boolean }) => {
      const email = parseInput(emailSchema, o.email, 'body/email');
      const raw = await passwordFrom(io, {
        stdin: o.passwordStdin,
        confirm: true,
        label: 'new password',
      });
      const password = parseInput(passwordSchema, raw, 'body/password');
      const out = await deps.withContext(deps.config(), (ctx) =>
        resetPasswordOnHost(ctx.database.db, ctx.keys.credentials, {
          email,
          password,
          now: ctx.now(),
        }),
      );
      if (o.json) io.out(JSON.stringify(out, null, 2));
      else io.out(`set a new password for ${out.email}; ${out.sessionsEnded} session(s) ended`);
    });
}
