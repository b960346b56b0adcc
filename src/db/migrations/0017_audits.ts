import { sql, type Kysely } from 'kysely';

/**
 * Internal audit (ISO/IEC 42001 9.2): the audit programme as versions approved by someone other
 * than their author; audits with their criteria, scope (clause and Annex A ids), dates and team;
 * the checklist drawn from the catalog for the scope, one item per clause leaf or control; the
 * findings, each graded, a nonconformity or improvement named when one was raised from it.
 *
 * Frozen: these statements state the tables as they were created and never change. The same text
 * runs on SQLite and PostgreSQL.
 */
const STATEMENTS = [
  'create table "audit_programmes" ("id" text primary key, "org_id" text not null references "orgs" ("id"), "version" integer not null, "created_at" text not null, "updated_at" text not null, "number" integer not null, "status" text not null, "period_start" text not null, "period_end" text not null, "frequency" text not null, "methods" text not null, "responsibilities" text not null, "importance" text not null, "previous_results" text not null, "change_note" text, "author_member_id" text, "approver_member_id" text, "approved_at" text)',
  'create unique index "audit_programmes_org" on "audit_programmes" ("org_id", "id")',
  'create unique index "audit_programmes_number_unique" on "audit_programmes" ("org_id", "number")',

  'create table "audits" ("id" text primary key, "org_id" text not null references "orgs" ("id"), "version" integer not null, "created_at" text not null, "updated_at" text not null, "number" integer not null, "programme_id" text, "title" text not null, "criteria" text not null, "scope" text not null, "planned_start" text not null, "planned_end" text not null, "lead_auditor_member_id" text not null, "auditor_member_ids" text not null, "status" text not null, "started_on" text, "conclusion" text, "reported_at" text, "reported_by_member_id" text, "communicated_to" text, "communicated_on" text, "communicated_by_member_id" text, "closed_at" text, "author_member_id" text, foreign key ("org_id", "programme_id") references "audit_programmes" ("org_id", "id"))',
  'create unique index "audits_org" on "audits" ("org_id", "id")',
  'create unique index "audits_number_unique" on "audits" ("org_id", "number")',
  'create index "audits_status" on "audits" ("org_id", "status")',
  'create index "audits_programme_id" on "audits" ("org_id", "programme_id")',

  'create table "audit_checklist_items" ("id" text primary key, "org_id" text not null references "orgs" ("id"), "version" integer not null, "created_at" text not null, "updated_at" text not null, "audit_id" text not null, "position" integer not null, "requirement_id" text not null, "kind" text not null, "title" text not null, "conclusion" text not null, "evidence_ids" text not null, "records_sampled" text, "notes" text, "assessed_by_member_id" text, "assessed_at" text, foreign key ("org_id", "audit_id") references "audits" ("org_id", "id"))',
  'create unique index "audit_checklist_items_org" on "audit_checklist_items" ("org_id", "id")',
  'create unique index "audit_checklist_items_audit_id_requirement_id_unique" on "audit_checklist_items" ("org_id", "audit_id", "requirement_id")',
  'create index "audit_checklist_items_audit_id" on "audit_checklist_items" ("org_id", "audit_id")',

  'create table "audit_findings" ("id" text primary key, "org_id" text not null references "orgs" ("id"), "version" integer not null, "created_at" text not null, "updated_at" text not null, "audit_id" text not null, "number" integer not null, "grade" text not null, "requirement_id" text not null, "title" text not null, "description" text, "records" text, "evidence_ids" text not null, "nonconformity_id" text, "improvement_id" text, "author_member_id" text, foreign key ("org_id", "audit_id") references "audits" ("org_id", "id"), foreign key ("org_id", "nonconformity_id") references "nonconformities" ("org_id", "id"), foreign key ("org_id", "improvement_id") references "improvements" ("org_id", "id"))',
  'create unique index "audit_findings_org" on "audit_findings" ("org_id", "id")',
  'create unique index "audit_findings_audit_id_number_unique" on "audit_findings" ("org_id", "audit_id", "number")',
  'create index "audit_findings_audit_id" on "audit_findings" ("org_id", "audit_id")',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
