import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import type { PendingEvent } from '../../kernel/ledger.js';

/**
 * One kind of thing that can wait for a member: a function over a module's index.ts. The inbox
 * is the list of sources (sources.ts); adding a kind (incidents, findings, corrective actions
 * when those modules land) is one more entry there. docs/ARCHITECTURE.md, "My work".
 */
export interface InboxSource {
  kind: string;
  /** Where the inbox shows it: approvals and decisions, actions, reviews and expiries, reading. */
  group: InboxGroup;
  /**
   * Which ledger events may start (or end) an item of this kind, and the item's record id for
   * each: a command that writes such an event notifies whoever the item now waits for. Kinds
   * that only fall due with time (reviews, expiries) have none: reminders tell of those.
   */
  watches: Partial<Record<string, (e: PendingEvent) => string | null>>;
  /** The open items of the organization now (`only`: just those of these record ids). */
  find(db: Kysely<DB>, orgId: string, q: FindQuery): Promise<Candidate[]>;
}

export const INBOX_GROUPS = ['approvals', 'actions', 'reviews', 'reading'] as const;
export type InboxGroup = (typeof INBOX_GROUPS)[number];

export interface FindQuery {
  /** Today (YYYY-MM-DD): what "due" and "expiring" are measured from. */
  today: string;
  /** The last day (YYYY-MM-DD) of the look-ahead: dates up to it count as due soon. */
  horizon: string;
  /** The instant (ISO 8601): what reporting clocks, which run to the minute, are measured from. */
  now: string;
  only?: readonly string[];
}

/** What a web page shows the item on: the record's table and id (the page's record, not a part of it). */
export interface Target {
  type: string;
  id: string;
}

/** An item as a source finds it, before anyone is asked whether it waits for them. */
export interface Candidate {
  kind: string;
  group: InboxGroup;
  /** The record the item is about; with the kind, it names the item: `kind:recordId`. */
  recordId: string;
  title: string;
  dueDate: string | null;
  target: Target;
  /**
   * Whether the item waits for this member, and why (in words they read), or null. The same
   * predicates the commands enforce: role, workflow step (four eyes), ownership.
   */
  waitsFor(member: OrgAccess): string | null;
}

/** The key that names an item across time: what notifications and reminders are about. */
export const itemKey = (c: Pick<Candidate, 'kind' | 'recordId'>) => `${c.kind}:${c.recordId}`;

/** An event's own record id, for a source that watches the table the item is about. */
export const ownId = (e: PendingEvent) => e.entityId;

/** A column of an event's state as text (a parent id), or null when there is none. */
export const stateText = (e: PendingEvent, column: string): string | null => {
  const v = e.state?.[column];
  return typeof v === 'string' ? v : null;
};

/** The day after a day (YYYY-MM-DD), for queries that take "before this day". */
export const dayAfter = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Keeps the rows whose id is in `only` (all when there is no `only`). */
export const onlyThese = <R extends { id: string }>(rows: R[], only?: readonly string[]) =>
  only ? rows.filter((r) => only.includes(r.id)) : rows;

/** The item waits for the member who owns the record. */
export const ownedBy =
  (owner: string | null, why: string) =>
  (m: OrgAccess): string | null =>
    owner !== null && m.memberId === owner ? why : null;

/** "It is due on …" or "It was due on …", as the date stands to today. */
export const dueWords = (date: string, today: string, what: string) =>
  date < today ? `${what} was due on ${date}.` : `${what} is due on ${date}.`;
