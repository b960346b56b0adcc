import { sql, type Kysely } from 'kysely';

/**
 * Monitoring and measurement (ISO/IEC 42001 9.1, A.6.2.6; EU AI Act Art. 15 and 72): the metric
 * definitions of each AI system (optionally of one model version), the batches of measurements
 * pushed for them (ledgered: one event per batch with its key, count and SHA-256), the points
 * themselves (not ledgered: the batch event holds the hash of their canonical content), and the
 * breach episodes with what was done about each (an incident or a nonconformity).
 *
 * Values and thresholds are decimal text, as objective measurements are: both dialects read them
 * back identically and a ledger state never depends on a store's float formatting. A point's
 * `sort_key` is its time in epoch milliseconds (15 digits) and its id: unique and ordered by time,
 * so a series pages by time with one keyset column.
 *
 * Frozen: this file states the tables as they were created and never changes.
 */
const BASE =
  '"id" text primary key, "org_id" text not null references "orgs" ("id"), "version" integer not null, "created_at" text not null, "updated_at" text not null';

const STATEMENTS = [
  `create table "metric_definitions" (${BASE}, "ai_system_id" text not null, "ai_model_id" text, "name" text not null, "description" text, "unit" text, "direction" text not null, "warn_threshold" text, "breach_threshold" text not null, "objective_id" text, "control_id" text, "accuracy" integer not null, "declared_level" text, "breach_action" text not null, foreign key ("org_id", "ai_system_id") references "ai_systems" ("org_id", "id"), foreign key ("org_id", "ai_model_id") references "ai_models" ("org_id", "id"), foreign key ("org_id", "objective_id") references "objectives" ("org_id", "id"))`,
  'create unique index "metric_definitions_org" on "metric_definitions" ("org_id", "id")',
  'create index "metric_definitions_ai_system_id" on "metric_definitions" ("org_id", "ai_system_id")',
  `create table "metric_batches" (${BASE}, "metric_id" text not null, "batch_key" text not null, "content_sha256" text not null, "point_count" integer not null, "ok_count" integer not null, "warn_count" integer not null, "breach_count" integer not null, "first_at" text not null, "last_at" text not null, "definition_version" integer not null, "member_id" text, foreign key ("org_id", "metric_id") references "metric_definitions" ("org_id", "id"))`,
  'create unique index "metric_batches_org" on "metric_batches" ("org_id", "id")',
  'create index "metric_batches_metric_id" on "metric_batches" ("org_id", "metric_id")',
  'create unique index "metric_batches_batch_key_unique" on "metric_batches" ("org_id", "batch_key")',
  `create table "metric_points" ("id" text primary key, "org_id" text not null references "orgs" ("id"), "metric_id" text not null, "batch_id" text not null, "sort_key" text not null, "at" text not null, "value" text not null, "ai_model_id" text, "note" text, "status" text not null, "created_at" text not null, foreign key ("org_id", "metric_id") references "metric_definitions" ("org_id", "id"), foreign key ("org_id", "batch_id") references "metric_batches" ("org_id", "id"), foreign key ("org_id", "ai_model_id") references "ai_models" ("org_id", "id"))`,
  'create unique index "metric_points_org" on "metric_points" ("org_id", "id")',
  'create index "metric_points_series" on "metric_points" ("org_id", "metric_id", "sort_key")',
  'create index "metric_points_batch_id" on "metric_points" ("org_id", "batch_id")',
  `create table "metric_breaches" (${BASE}, "metric_id" text not null, "batch_id" text not null, "started_at" text not null, "started_value" text not null, "ended_at" text, "action" text not null, "incident_id" text, "nonconformity_id" text, foreign key ("org_id", "metric_id") references "metric_definitions" ("org_id", "id"), foreign key ("org_id", "batch_id") references "metric_batches" ("org_id", "id"), foreign key ("org_id", "incident_id") references "incidents" ("org_id", "id"), foreign key ("org_id", "nonconformity_id") references "nonconformities" ("org_id", "id"))`,
  'create unique index "metric_breaches_org" on "metric_breaches" ("org_id", "id")',
  'create index "metric_breaches_metric_id" on "metric_breaches" ("org_id", "metric_id")',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
