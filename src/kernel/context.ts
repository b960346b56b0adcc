import type { Database } from '../db/connect.js';
import type { Tx } from './commands.js';
import type { KeyStore } from './keys.js';
import type { PendingEvent } from './ledger.js';
import type { Role } from './permissions.js';

/** Who is acting: a signed-in user, a user through an API token, or the host operator (CLI). */
export type Actor =
  | {
      kind: 'user';
      userId: string;
      email: string;
      via: 'session' | 'token';
      tokenId?: string;
      /** The organization the token belongs to, read with the token on this request. */
      tokenOrgId?: string;
      scopes?: string[];
    }
  | { kind: 'host'; name: string };

/** Everything a command or query needs; built per request (HTTP) or per invocation (CLI). */
export interface Context {
  database: Database;
  keys: KeyStore;
  actor: Actor | null;
  requestId: string;
  now: () => Date;
  /**
   * Work that follows from every command inside its transaction, after the command and before
   * the ledger append, given the events it recorded (notifications of what starts waiting for
   * someone: src/modules/inbox). A reaction writes only rows outside the ledger; if it throws,
   * the command fails and nothing is written.
   */
  reactions?: readonly Reaction[];
}

/** See `Context.reactions`: `action` is the command's action. */
export type Reaction = (tx: Tx, events: readonly PendingEvent[], action: string) => Promise<void>;

/** An organization as seen by the caller: resolved and membership-checked. */
export interface OrgAccess {
  orgId: string;
  slug: string;
  /** The caller's role; the host operator acts as owner. */
  role: Role;
  /** The caller's membership id; null for the host operator (the CLI), who is no member. */
  memberId: string | null;
  /** API token scopes, when the caller uses a token. */
  scopes?: string[];
  /**
   * The AI systems the caller may change when the organization matches access to
   * responsibilities and the caller is a contributor (src/kernel/system-scope.ts); absent: every
   * system. Only actions the matrix marks `scoped` look at it.
   */
  systems?: readonly string[];
  /**
   * The organization's ledger head when the access was resolved for a request (read with the
   * membership, in the same query): what the response cache keys answers by (src/api/response-cache.ts).
   */
  head?: { seq: number; hash: string };
}

export const actorLabel = (a: Actor | null) =>
  a === null
    ? 'anonymous'
    : a.kind === 'host'
      ? `host:${a.name}`
      : a.via === 'token'
        ? `user:${a.userId}/token:${a.tokenId}`
        : `user:${a.userId}`;
