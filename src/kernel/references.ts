import type { Kysely } from 'kysely';
import type { OrgTx } from './commands.js';
import { AppError, type FieldError } from './errors.js';
import type { RecordBase, RecordTable } from './records.js';

/** What a field of a command's input holds that names records: an id, a list of ids, or nothing. */
export type RefValue = string | readonly string[] | null | undefined;

/**
 * The references of a command's input, by the body field that holds each: the table its id (or
 * every id of its list) must be a record of, the value, and optionally how a refusal names the
 * record ("AI system"; by default from the table).
 */
export type References = Record<
  string,
  readonly [table: RecordTable, value: RefValue, what?: string]
>;

const NAMES: Partial<Record<RecordTable, string>> = {
  memberships: 'member of this organization',
  ai_systems: 'AI system',
  ai_models: 'AI model',
  policies: 'policy',
  policy_versions: 'policy version',
  risks: 'risk',
  competences: 'competence',
  incidents: 'incident',
  nonconformities: 'nonconformity',
};

/** The widened view of the record tables that a table name chosen at run time needs (as in records.ts). */
type AnyRecords = Kysely<Record<string, RecordBase>>;

/**
 * Refuses a command whose input names a member or record that is not one of the caller's
 * organization: every id of every reference is looked up in its table within `tx.org` (one query
 * per table), and each one that is not there is reported with a pointer to its field (to the
 * item of a list), all at once: 422 UNKNOWN_REFERENCE, before anything is written. A member
 * reference is a membership id; members are not foreign keys in the database (a record keeps the
 * id of a member who left), so this check is what keeps another organization's member out.
 */
export async function assertInOrg(tx: OrgTx, refs: References, at = '/body'): Promise<void> {
  const wanted = new Map<RecordTable, Set<string>>();
  for (const [table, value] of Object.values(refs)) {
    const ids = typeof value === 'string' ? [value] : (value ?? []);
    if (!ids.length) continue;
    const set = wanted.get(table) ?? new Set<string>();
    for (const id of ids) set.add(id);
    wanted.set(table, set);
  }
  const found = new Map<RecordTable, Set<string>>();
  for (const [table, ids] of wanted) {
    const rows = await (tx.db as unknown as AnyRecords)
      .selectFrom(table)
      .select('id')
      .where('org_id', '=', tx.org.orgId)
      .where('id', 'in', [...ids])
      .execute();
    found.set(table, new Set(rows.map((r) => r.id)));
  }
  const errors: FieldError[] = [];
  for (const [field, [table, value, what]] of Object.entries(refs)) {
    const message = `No such ${what ?? NAMES[table] ?? table.replace(/_/g, ' ')}.`;
    const has = (id: string) => found.get(table)?.has(id) ?? false;
    if (typeof value === 'string') {
      if (!has(value)) errors.push({ pointer: `${at}/${field}`, message });
    } else
      (value ?? []).forEach((id, i) => {
        if (!has(id)) errors.push({ pointer: `${at}/${field}/${i}`, message });
      });
  }
  if (errors.length)
    throw new AppError(
      'UNKNOWN_REFERENCE',
      errors.length === 1
        ? errors[0]!.message
        : 'Some references do not exist in this organization.',
      errors,
    );
}
