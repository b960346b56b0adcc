import { sql, type Kysely } from 'kysely';

/**
 * Data protection impact assessments (GDPR Art. 35 and 36) beside the AI system impact assessment,
 * and the organization's sectors (ISO/IEC 42001 Annex D), which choose the sector profiles that
 * suggest legal requirements, Annex A controls to consider and EU AI Act questionnaire hints.
 *
 * `dpias`: per AI system (optionally linked to one of its impact assessments), the screening (is
 * personal data processed; the answers to the Art. 35(1)/(3) and WP248 questions; the outcome and
 * its reasons), the content of Art. 35(7), the data protection officer's advice (Art. 35(2)), the
 * approval by someone other than the author, whether high residual risk remains and the prior
 * consultation of the supervisory authority (Art. 36). `sector_settings`: one row per
 * organization with the sector ids it chose.
 *
 * The tables are new, so every constraint is declared as they are created. Frozen: this file
 * states the tables as they were created and never changes.
 */
const BASE =
  '"id" text primary key, "org_id" text not null references "orgs" ("id"), "version" integer not null, "created_at" text not null, "updated_at" text not null';

const STATEMENTS = [
  `create table "dpias" (${BASE}, "ai_system_id" text not null, "impact_assessment_id" text, "title" text not null, "status" text not null, "personal_data" integer not null, "screening" text not null, "screening_outcome" text not null, "screening_reasons" text not null, "screening_note" text, "processing" text, "purposes" text, "necessity" text, "risks" text, "measures" text, "dpo_name" text, "dpo_advice" text, "dpo_advised_on" text, "dpo_advice_followed" integer, "residual_high_risk" integer, "consultation_authority" text, "consultation_submitted_on" text, "consultation_outcome" text, "consultation_outcome_on" text, "consultation_note" text, "author_member_id" text, "approver_member_id" text, "approved_at" text, foreign key ("org_id", "ai_system_id") references "ai_systems" ("org_id", "id"), foreign key ("org_id", "impact_assessment_id") references "impact_assessments" ("org_id", "id"))`,
  'create unique index "dpias_org" on "dpias" ("org_id", "id")',
  'create index "dpias_ai_system_id" on "dpias" ("org_id", "ai_system_id")',
  'create index "dpias_impact_assessment_id" on "dpias" ("org_id", "impact_assessment_id")',
  `create table "sector_settings" (${BASE}, "sectors" text not null)`,
  'create unique index "sector_settings_org" on "sector_settings" ("org_id", "id")',
  'create unique index "sector_settings_one" on "sector_settings" ("org_id")',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
