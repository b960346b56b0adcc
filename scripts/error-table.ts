import { ERRORS } from '../src/kernel/errors.js';

/** The error table of docs/ARCHITECTURE.md, from ERRORS: code, status, meaning. */
export function errorTable(): string {
  const rows = Object.entries(ERRORS).map(
    ([code, e]) => `| \`${code}\` | ${e.status} | ${e.meaning} |`,
  );
  return ['| code | status | meaning |', '|---|---|---|', ...rows].join('\n');
}
