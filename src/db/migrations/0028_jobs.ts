import { sql, type Kysely } from 'kysely';

/**
 * The durable job queue (src/kernel/jobs.ts): long work (exports, audit packs…) as rows that any
 * process of the instance may claim. Not an organization record (nothing in the ledger): a job is
 * a piece of work about records, and its result is what the work produced.
 *
 * - status: queued | running | done | failed; `run_after` is when a queued job may start (a retry
 *   waits); `attempts` counts claims, bounded by `max_attempts`.
 * - `locked_by` and `locked_until` are the lease of the worker running it: a job whose worker died
 *   is claimed again once the lease has run out.
 * - `progress` (JSON) is what the handler last reported, kept across attempts so that a job taken
 *   again resumes; `result` (JSON) and `error` are its outcome.
 *
 * Frozen: this file states the table as it was created and never changes.
 */
const STATEMENTS = [
  `create table "jobs" ("id" text primary key, "org_id" text not null references "orgs" ("id"), "kind" text not null, "input" text not null, "status" text not null, "progress" text, "result" text, "error" text, "attempts" integer not null, "max_attempts" integer not null, "run_after" text not null, "locked_by" text, "locked_until" text, "created_at" text not null, "updated_at" text not null, "finished_at" text)`,
  'create unique index "jobs_org" on "jobs" ("org_id", "id")',
  'create index "jobs_due" on "jobs" ("status", "run_after")',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
