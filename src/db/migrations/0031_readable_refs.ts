import { sql, type Kysely } from 'kysely';

/**
 * Readable identifiers per organization (issue 14, "Registers that work like registers"): R-0042
 * for a risk, INC-0007 for an incident, F-0003 for an audit finding, NC-0012 for a
 * nonconformity (src/kernel/refs.ts).
 *
 * - `ref` on each of the four tables: nullable without a default, like every column added to a
 *   ledgered table (docs/ARCHITECTURE.md, "Adding a column"): records written before keep their
 *   ledger state. They get their ref from a command, as ledger events, in creation order, the
 *   first time their organization's sequence of that kind is used (src/kernel/refs.ts), never
 *   here: a value written by a migration would be in no event, and `aims ledger verify` would
 *   rightly find the record differing from its last event.
 * - unique (org_id, ref): one record per identifier in an organization (NULLs do not collide).
 * - `ref_counters`: the last number given per organization and kind, so a number is never given
 *   twice, even after its record was deleted. Not an organization record (nothing in the ledger):
 *   what the ledger keeps is the ref each record was given.
 *
 * Frozen: this file states the columns and the table as they were created and never changes.
 */
const TABLES = ['risks', 'incidents', 'audit_findings', 'nonconformities'];

const STATEMENTS = [
  ...TABLES.flatMap((t) => [
    `alter table "${t}" add column "ref" text`,
    `create unique index "${t}_org_ref" on "${t}" ("org_id", "ref")`,
  ]),
  'create table "ref_counters" ("org_id" text not null references "orgs" ("id"), "kind" text not null, "last" integer not null, primary key ("org_id", "kind"))',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
