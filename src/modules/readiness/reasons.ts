import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Check, CheckOf } from './rules.js';

/** What a check finds: its status, in words, with the records it rests on. */
export type Status = 'met' | 'partial' | 'missing' | 'not_applicable';

export interface Reason {
  check: string;
  status: Exclude<Status, 'not_applicable'>;
  detail: string;
  /** Records the result rests on (or that fall short), at most ten. */
  refs: { type: string; id: string }[];
}

export type Db = Kysely<DB>;
export const REFS = 10;
export const R = (
  check: { label: string },
  status: Reason['status'],
  detail: string,
  refs: Reason['refs'] = [],
): Reason => ({ check: check.label, status, detail, refs: refs.slice(0, REFS) });

/** What the checks share: read once per evaluation. */
export interface Facts {
  today: string;
  /** The instant of the evaluation (reporting clocks run to the minute). */
  now: string;
  systems: string[];
  members: number;
}

export type CheckFn<K extends Check['check']> = (
  db: Db,
  orgId: string,
  c: CheckOf<K>,
  f: Facts,
) => Promise<Reason>;
