import { sql, type Kysely } from 'kysely';

/**
 * AI incidents (ISO/IEC 42001 A.8.4, A.6.2.6, A.8.3, A.8.5; EU AI Act Art. 73; NIS2 Art. 23; DORA
 * Art. 19): the incident, the AI systems and model versions it involves, its timeline, its
 * communications and reports (each with the date it was sent), its links to risks, and the
 * organization's incident settings (whether NIS2 and DORA apply).
 *
 * The tables are new, so every constraint is declared as they are created: NOT NULL, the unique
 * (org_id, id) other records point at, and references inside the organization as foreign keys on
 * (org_id, reference). `nonconformity_id` is a plain text column without a foreign key: the
 * nonconformity module does not exist yet (a later migration may add the key).
 *
 * Frozen: this file states the tables as they were created and never changes. A later change to
 * one of them is a migration of its own.
 */
const BASE =
  '"id" text primary key, "org_id" text not null references "orgs" ("id"), "version" integer not null, "created_at" text not null, "updated_at" text not null';

const STATEMENTS = [
  `create table "incidents" (${BASE}, "title" text not null, "description" text, "source" text not null, "source_ref" text, "occurred_at" text, "detected_at" text not null, "severity" text not null, "harm_types" text not null, "affected_count" integer, "affected_description" text, "status" text not null, "containment" text, "root_cause" text, "serious" integer not null, "serious_case" text, "serious_reason" text, "serious_decided_by_member_id" text, "serious_decided_at" text, "serious_since" text, "aware_at" text, "regimes" text not null, "nonconformity_id" text, "reported_by_member_id" text, "closed_at" text, "closed_by_member_id" text)`,
  'create unique index "incidents_org" on "incidents" ("org_id", "id")',
  'create index "incidents_status" on "incidents" ("org_id", "status")',
  'create index "incidents_serious" on "incidents" ("org_id", "serious")',
  `create table "incident_systems" (${BASE}, "incident_id" text not null, "ai_system_id" text not null, "ai_model_id" text, foreign key ("org_id", "incident_id") references "incidents" ("org_id", "id"), foreign key ("org_id", "ai_system_id") references "ai_systems" ("org_id", "id"), foreign key ("org_id", "ai_model_id") references "ai_models" ("org_id", "id"))`,
  'create unique index "incident_systems_org" on "incident_systems" ("org_id", "id")',
  'create index "incident_systems_incident_id" on "incident_systems" ("org_id", "incident_id")',
  'create index "incident_systems_ai_system_id" on "incident_systems" ("org_id", "ai_system_id")',
  `create table "incident_timeline" (${BASE}, "incident_id" text not null, "at" text not null, "kind" text not null, "entry" text not null, "member_id" text, foreign key ("org_id", "incident_id") references "incidents" ("org_id", "id"))`,
  'create unique index "incident_timeline_org" on "incident_timeline" ("org_id", "id")',
  'create index "incident_timeline_incident_id" on "incident_timeline" ("org_id", "incident_id")',
  `create table "incident_communications" (${BASE}, "incident_id" text not null, "audience" text not null, "recipient" text not null, "sent_at" text not null, "channel" text not null, "summary" text not null, "reference" text, "fulfils" text, "member_id" text, foreign key ("org_id", "incident_id") references "incidents" ("org_id", "id"))`,
  'create unique index "incident_communications_org" on "incident_communications" ("org_id", "id")',
  'create index "incident_communications_incident_id" on "incident_communications" ("org_id", "incident_id")',
  `create table "incident_risks" (${BASE}, "incident_id" text not null, "risk_id" text not null, foreign key ("org_id", "incident_id") references "incidents" ("org_id", "id"), foreign key ("org_id", "risk_id") references "risks" ("org_id", "id"))`,
  'create unique index "incident_risks_org" on "incident_risks" ("org_id", "id")',
  'create index "incident_risks_incident_id" on "incident_risks" ("org_id", "incident_id")',
  'create index "incident_risks_risk_id" on "incident_risks" ("org_id", "risk_id")',
  'create unique index "incident_risks_incident_id_risk_id_unique" on "incident_risks" ("org_id", "incident_id", "risk_id")',
  `create table "incident_settings" (${BASE}, "nis2_applies" integer not null, "dora_applies" integer not null, "note" text)`,
  'create unique index "incident_settings_org" on "incident_settings" ("org_id", "id")',
  'create unique index "incident_settings_one" on "incident_settings" ("org_id")',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
