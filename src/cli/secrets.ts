/**
 * Passwords for the CLI without putting them on a command line (where the process list and the
 * shell history keep them): read from standard input (`--password-stdin`, the first line), or
 * asked for on the terminal with the input hidden, twice.
 */
export interface SecretIo {
  err(s: string): void;
  /** Asks on the terminal without echo; absent when there is no terminal. */
  readSecret?(prompt: string): Promise<string>;
  /** All of standard input. */
  readStdin?(): Promise<string>;
}

export class SecretUsageError extends Error {}

/** A password: from stdin when `stdin`, else asked for on the terminal (twice when `confirm`). */
export async function passwordFrom(
  io: SecretIo,
  opts: { stdin?: boolean | undefined; confirm?: boolean; label?: string },
): Promise<string> {
  const label = opts.label ?? 'password';
  if (opts.stdin) {
    if (!io.readStdin) throw new SecretUsageError('standard input cannot be read here');
    const text = await io.readStdin();
    const first = text.split(/\r?\n/)[0] ?? '';
    if (!first) throw new SecretUsageError(`no ${label} on standard input`);
    return first;
  }
  if (!io.readSecret)
    throw new SecretUsageError(
      `no terminal to ask for the ${label} on: give it on standard input with --password-stdin`,
    );
  const first = await io.readSecret(`${label[0]!.toUpperCase()}${label.slice(1)}: `);
  if (opts.confirm) {
    const again = await io.readSecret(`The ${label} again: `);
    if (again !== first) throw new SecretUsageError(`the two ${label}s differ; nothing changed`);
  }
  return first;
}

/** Reads a line from a terminal in raw mode, echoing nothing. */
export function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  let buf = '';
  return new Promise((resolve, reject) => {
    const done = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (s: string) => {
      for (const ch of s) {
        if (ch === '\r' || ch === '\n') {
          done();
          resolve(buf);
          return;
        }
        if (ch === '\u0003' || ch === '\u0004') {
          done();
          reject(new SecretUsageError('cancelled'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') buf = buf.slice(0, -1);
        else buf += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
