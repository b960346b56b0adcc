import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { LEDGERED, type DB } from '../db/schema.js';
import { authorize } from './authorize.js';
import { pathRecords, systemsOf, withSystemScope } from './system-scope.js';
import { PERMISSIONS } from './permissions.js';
import { actorLabel, type Context, type OrgAccess } from './context.js';
import { AppError, type FieldError } from './errors.js';
import { newId } from './ids.js';
import { appendEvents, type NewHead, type PendingEvent } from './ledger.js';
import { refuseIfAlarmed } from './seal.js';
import { commitCommand } from './group-commit.js';
import type { Action } from './permissions.js';

/** What a command sees inside its transaction. */
export interface Tx {
  db: Kysely<DB>;
  ctx: Context;
  /** The time of this command, one value for every row and event it writes. */
  now: string;
  /**
   * Records a changed record for the ledger: `row` is its full new state (only the ledgered
   * columns are kept), or null when it was deleted.
   */
  record(
    orgId: string,
    entity: keyof typeof LEDGERED,
    id: string,
    row: Record<string, unknown> | null,
  ): void;
  /**
   * Records this command's events as by "anonymous" (an anonymous concern must not name its
   * reporter), under a request id of their own: the request's id may come from the client
   * (X-Request-ID) and is in the request's log line, either of which could name the reporter.
   */
  hideActor(): void;
  /**
   * Runs `fn` once the transaction has committed (never when it rolls back): how a command wakes
   * work that leaves the process, such as the e-mail sender, without doing it inside the
   * transaction. Errors of `fn` are ignored: the durable row it wakes up for is what counts.
   */
  afterCommit(fn: () => void): void;
  /**
   * Refuses (403) a write of this record when the command's action is scoped to AI systems and
   * the caller may not change records of the AI systems it belongs to (src/kernel/system-scope.ts).
   * Set for an organization's commands whose caller is limited; the record helpers
   * (src/kernel/records.ts) call it for every row they insert, update (before and after) or
   * delete, so no command checks it by hand.
   */
  checkScope?(entity: keyof typeof LEDGERED, row: Record<string, unknown>): Promise<void>;
}

/** Turns zod issues into field errors whose pointers start at the request part. */
export function fieldErrors(error: z.ZodError, part: string): FieldError[] {
  return error.issues.map((i) => ({
    pointer: `/${part}${i.path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')}`,
    message: i.message,
  }));
}

/** A lone UTF-16 surrogate: half of a pair, which no Unicode text holds and no store keeps as is. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a text, or null: a NUL character (PostgreSQL text cannot hold one) or a lone surrogate. */
function textProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'Contains a NUL character.';
  if (LONE_SURROGATE.test(s)) return 'Contains a lone UTF-16 surrogate (not well-formed Unicode).';
  return null;
}

const escapePointer = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The first text in a value (keys included) that no store can keep as it is, with its pointer:
 * the ledger hashes the canonical form of what was accepted, so what is stored must read back
 * identical on SQLite and PostgreSQL.
 */
function badTextAt(v: unknown, pointer: string): { pointer: string; message: string } | null {
  if (typeof v === 'string') {
    const message = textProblem(v);
    return message ? { pointer, message } : null;
  }
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) {
      const p = badTextAt(x, `${pointer}/${i}`);
      if (p) return p;
    }
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const keyProblem = textProblem(k);
      if (keyProblem) return { pointer, message: `A key: ${keyProblem}` };
      const p = badTextAt(x, `${pointer}/${escapePointer(k)}`);
      if (p) return p;
    }
  }
  return null;
}

export function parseInput<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  part = 'body',
): z.infer<S> {
  const bad = badTextAt(raw, `/${part}`);
  if (bad)
    throw new AppError(
      'VALIDATION_FAILED',
      'Text must be well-formed Unicode without NUL characters.',
      [bad],
    );
  // A missing field reads "Required." rather than a type mismatch with undefined.
  const r = schema.safeParse(raw, {
    error: (iss) =>
      iss.code === 'invalid_type' && iss.input === undefined ? 'Required.' : undefined,
  });
  if (!r.success)
    throw new AppError(
      'VALIDATION_FAILED',
      'The request has invalid fields.',
      fieldErrors(r.error, part),
    );
  return r.data;
}

export function stateOf(
  entity: keyof typeof LEDGERED,
  row: Record<string, unknown>,
): Record<string, unknown> {
  const state: Record<string, unknown> = {};
  for (const c of LEDGERED[entity]!.columns) state[c] = row[c] ?? null;
  return state;
}

/**
 * The one way to change anything: authorize → validate → write → append ledger events, in one
 * transaction. If any step throws, nothing is written. After commit, the new chain heads are
 * signed and appended to the head logs beside the keys.
 */
export async function runCommand<S extends z.ZodType, O>(
  ctx: Context,
  spec: { action: string; access?: OrgAccess; input: S; raw: unknown; part?: string },
  run: (tx: Tx, input: z.infer<S>) => Promise<O>,
): Promise<O> {
  if (spec.access) authorize(spec.access, spec.action as Action);
  const input = parseInput(spec.input, spec.raw, spec.part);
  return inTransaction(ctx, spec.action, spec.access?.orgId, (tx) => run(tx, input));
}

/**
 * The transaction every command runs in: refused at once when the organization's ledger is in
 * alarm; the organization's ledger head locked first (when the command belongs to one), the
 * events the command records appended before commit, the new heads appended to the head logs
 * after it, before the command returns: once a change is acknowledged, a signed head outside the
 * database vouches for it. Commands that arrive while another's transaction is open share it, each
 * in a savepoint of its own (group commit, src/kernel/group-commit.ts).
 */
async function inTransaction<O>(
  ctx: Context,
  action: string,
  lockOrgId: string | undefined,
  run: (tx: Tx) => Promise<O>,
): Promise<O> {
  const now = ctx.now().toISOString();
  if (lockOrgId) refuseIfAlarmed(ctx.keys, lockOrgId);
  // SQLite has one writer: every command of the store shares its queue. On PostgreSQL the
  // organizations' commands share a few lanes, each a queue; transactions of lanes run side by side.
  const written = await commitCommand(ctx.database, ctx.keys, lockOrgId, async (trx, batch) => {
    // Commands of one organization run one at a time: taking the chain's head lock before the
    // command reads anything makes read-check-write sequences (versions, last-owner checks) safe
    // under PostgreSQL's read committed, as SQLite's single writer already does. A command that
    // joined a transaction which already holds the lock takes the head from the batch.
    if (lockOrgId && !batch.head(lockOrgId)) await batch.lock(trx, ctx.keys, lockOrgId);
    const pending: PendingEvent[] = [];
    const committed: (() => void)[] = [];
    let heads: Map<string, NewHead> = new Map();
    let actor = actorLabel(ctx.actor);
    let requestId = ctx.requestId;
    const tx: Tx = {
      hideActor() {
        actor = 'anonymous';
        requestId = newId();
      },
      afterCommit(fn) {
        committed.push(fn);
      },
      db: trx,
      ctx,
      now,
      record(orgId, entity, id, row) {
        pending.push({
          orgId,
          entity,
          entityId: id,
          version: row && typeof row.version === 'number' ? row.version : null,
          state: row ? stateOf(entity, row) : null,
        });
      },
    };
    const value = await run(tx);
    for (const react of ctx.reactions ?? []) await react(tx, pending, action);
    if (pending.length > 0) {
      heads = await appendEvents(
        trx,
        ctx.keys,
        { at: now, actor, action, requestId },
        pending,
        batch,
      );
    }
    return { value, heads, committed };
  });
  return written.value;
}

/** What an organization's command sees: the transaction, the organization as the caller sees it, If-Match. */
export interface OrgTx extends Tx {
  org: OrgAccess;
  /** The version the caller expects the record to be at (If-Match), if it said. */
  ifMatch: number | undefined;
  /** Throws 412 unless the record is at the version the caller expects (If-Match). */
  expectVersion(current: number): void;
}

/**
 * A command of an organization: its action (permission, ledger action and operationId), its
 * whole input (the ids from the path included, named in `pathIds`) and its body. The HTTP route,
 * the CLI and the tests run the same object.
 */
export interface OrgCommand<S extends z.ZodObject = z.ZodObject, O = unknown> {
  kind: 'org';
  action: Action;
  input: S;
  /** The input fields that come from the URL path (e.g. riskId), not from the request body. */
  pathIds: readonly (keyof z.infer<S> & string)[];
  run(tx: OrgTx, input: z.infer<S>): Promise<O>;
}

export function orgCommand<S extends z.ZodObject, O>(spec: {
  action: Action;
  input: S;
  pathIds?: readonly (keyof z.infer<S> & string)[];
  run(tx: OrgTx, input: z.infer<S>): Promise<O>;
}): OrgCommand<S, O> {
  return { kind: 'org', pathIds: [], ...spec };
}

/** How an organization's command is called: the organization as the caller sees it, If-Match. */
export interface OrgCall {
  access: OrgAccess;
  ifMatch?: number;
}

/**
 * Runs an organization's command on input that is already authorized and parsed (the route
 * wrapper did both, once). Everyone else calls `run`.
 */
export function runParsed<S extends z.ZodObject, O>(
  ctx: Context,
  cmd: OrgCommand<S, O>,
  input: z.infer<S>,
  call: OrgCall,
): Promise<O> {
  return inTransaction(ctx, cmd.action, call.access.orgId, async (tx) =>
    cmd.run(await scopedTx(tx, call, cmd, input), input),
  );
}

/** orgTx, and the records the command's path names checked against the caller's scope first. */
async function scopedTx(
  tx: Tx,
  call: OrgCall,
  cmd: OrgCommand,
  input: Record<string, unknown>,
): Promise<OrgTx> {
  const out = await orgTx(tx, call, cmd.action);
  if (out.checkScope)
    for (const r of await pathRecords({ db: tx.db, orgId: out.org.orgId }, cmd.pathIds, input))
      await out.checkScope(r.table, r.row);
  return out;
}

/**
 * The transaction as an organization's command sees it. The AI systems the caller is limited to
 * are read again here, inside the transaction and after the ledger head lock, so an assignment
 * withdrawn meanwhile counts, whoever built the access (route, CLI, tests).
 */
async function orgTx(tx: Tx, call: OrgCall, action: Action): Promise<OrgTx> {
  const access = await withSystemScope(tx.db, call.access);
  const out: OrgTx = {
    ...tx,
    org: access,
    ifMatch: call.ifMatch,
    expectVersion: (current) => checkVersion(current, call.ifMatch),
  };
  if (access.systems && PERMISSIONS[action]?.scoped)
    out.checkScope = async (entity, row) =>
      authorize(access, action, await systemsOf({ db: tx.db, orgId: access.orgId }, entity, row));
  return out;
}

/** Runs one command inside a batch: authorized for its own action, its input parsed. */
export type BatchStep = <S extends z.ZodObject, O>(
  cmd: OrgCommand<S, O>,
  input: z.input<S>,
) => Promise<O>;

/**
 * Runs several commands of one organization in ONE transaction, all or none: an import's
 * creates and updates. `action` (e.g. `ai_systems.import`) is authorized first and is the
 * ledger action of every event the steps write; each step is also authorized for its own
 * command's action and its input parsed (pointers under /body), so a batch can do nothing its
 * commands would refuse one by one. No step sees If-Match.
 */
export async function runBatch<O>(
  ctx: Context,
  action: Action,
  access: OrgAccess,
  body: (step: BatchStep) => Promise<O>,
): Promise<O> {
  authorize(access, action);
  return inTransaction(ctx, action, access.orgId, (tx) =>
    body(async (cmd, input) => {
      authorize(access, cmd.action);
      const parsed = parseInput(cmd.input, input, 'body');
      return cmd.run(await scopedTx(tx, { access }, cmd, parsed), parsed);
    }),
  );
}

/** Authorizes, validates (pointers under /body) and runs an organization's command: CLI, seeds, tests. */
export async function run<S extends z.ZodObject, O>(
  ctx: Context,
  cmd: OrgCommand<S, O>,
  raw: unknown,
  call: OrgCall,
): Promise<O> {
  authorize(call.access, cmd.action);
  return runParsed(ctx, cmd, parseInput(cmd.input, raw, 'body'), call);
}

/** A command outside any organization (first-run setup, a new organization). */
export interface InstanceCommand<S extends z.ZodType = z.ZodType, O = unknown> {
  kind: 'instance';
  action: string;
  input: S;
  run(tx: Tx, input: z.infer<S>): Promise<O>;
}

export function instanceCommand<S extends z.ZodType, O>(spec: {
  action: string;
  input: S;
  run(tx: Tx, input: z.infer<S>): Promise<O>;
}): InstanceCommand<S, O> {
  return { kind: 'instance', ...spec };
}

/** Validates and runs a command outside any organization; `part` names where errors point. */
export async function runInstance<S extends z.ZodType, O>(
  ctx: Context,
  cmd: InstanceCommand<S, O>,
  raw: unknown,
  part = 'body',
): Promise<O> {
  const input = parseInput(cmd.input, raw, part);
  return inTransaction(ctx, cmd.action, undefined, (tx) => cmd.run(tx, input));
}

/** Optimistic concurrency: throws 412 when the caller's expected version is stale. */
export function checkVersion(current: number, expected: number | undefined) {
  if (expected !== undefined && expected !== current) {
    throw new AppError('VERSION_MISMATCH', `The record is at version ${current}, not ${expected}.`);
  }
}
