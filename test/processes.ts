// Helpers for tests that run the app as real processes or drive the CLI in-process.
import net from 'node:net';
import { runCli } from '../src/cli/main.js';

/** A TCP port that was free on the loopback a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the CLI in this process with `env`, and returns its exit code and what it printed. */
export async function cli(env: NodeJS.ProcessEnv, ...argv: string[]) {
  const lines: string[] = [];
  const io = { out: (s: string) => lines.push(s), err: (s: string) => lines.push(s) };
  const code = await runCli(argv, io, env);
  return { code, out: lines.join('\n') };
}
