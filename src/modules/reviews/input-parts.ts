// The parts every section of a management review's inputs is made of (inputs.ts puts them together).
import type { StoredInputItem, StoredInputSection, StoredReviewInputs } from '../../db/tables.js';
import { sha256Hex } from '../../kernel/ids.js';
import { canonicalize } from '../../kernel/jcs.js';

/** The topics every review must cover, by key (a readiness rule checks a held review had them). */
export const INPUT_TOPICS = [
  'previous_actions',
  'issues',
  'interested_parties',
  'nonconformities',
  'monitoring',
  'audits',
  'incidents',
  'improvements',
  'risks',
  'objectives',
] as const;

/** The hash a frozen snapshot is kept with: SHA-256 of its canonical JSON, in hex. */
export const inputsHash = (inputs: StoredReviewInputs) => sha256Hex(canonicalize(inputs));

export const after = (since: string | null) => (at: string | null) =>
  since === null || (at !== null && at > since);
export const count = <T>(rows: T[], p: (r: T) => boolean) => rows.filter(p).length;
export const words = (s: string) => s.replace(/_/g, ' ');

export function section(
  key: (typeof INPUT_TOPICS)[number],
  clause: string,
  title: string,
  figures: [string, number][],
  items: StoredInputItem[],
  note: string | null = null,
  available = true,
): StoredInputSection {
  return {
    key,
    clause,
    title,
    available,
    note,
    figures: figures.map(([label, value]) => ({ label, value })),
    items,
  };
}
