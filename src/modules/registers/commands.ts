import type { Row } from '../../db/schema.js';
import type { RegisterTable } from '../../db/tables.js';
import { orgCommand, type OrgCommand, type OrgTx } from '../../kernel/commands.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { deleteRecord, insertRecord, updateRecord, type RecordRow } from '../../kernel/records.js';
import { assertInOrg, type References, type RefValue } from '../../kernel/references.js';
import { REGISTERS, registerByKey, type RegisterSpec } from './definitions.js';
import { changedColumns, newColumns, snake, type Cells, type FieldValues } from './fields.js';
import { recordRegistration } from './lifecycle.js';
import { findRegisterRow, firstReferrer } from './queries.js';
import { createSchema, deleteSchema, updateSchema } from './schemas.js';

/** What a register does beyond the generic engine. */
interface RegisterRules<T extends RegisterTable> {
  /** What a creation records besides the record. */
  created?(tx: OrgTx, row: Row<T>): Promise<void>;
  /** Why its records are never deleted (answered as IN_USE). */
  undeletable?: string;
}

const RULES: { [K in RegisterTable]?: RegisterRules<K> } = {
  ai_systems: {
    // Registration is the first recorded life cycle step.
    created: recordRegistration,
    undeletable:
      'An AI system stays in the record: retire it through a life cycle transition instead.',
  },
};

type CreateSchema = ReturnType<typeof createSchema>;
type UpdateSchema = ReturnType<typeof updateSchema>;
type DeleteSchema = ReturnType<typeof deleteSchema>;

/** The three commands every register has. */
export interface RegisterCommands<T extends RegisterTable> {
  create: OrgCommand<CreateSchema, RecordRow<T>>;
  update: OrgCommand<UpdateSchema, RecordRow<T>>;
  remove: OrgCommand<DeleteSchema, { id: string }>;
}

/**
 * The member and record references of a register's input, for assertInOrg: `member`, `ref` and
 * `refs` fields, and a text that holds a record's id when another field says so (a responsibility
 * for an AI system), checked with the record's current type on an edit.
 */
function referencesOf(spec: RegisterSpec, input: FieldValues, current?: Cells): References {
  const refs: References = {};
  const ids = (v: unknown): RefValue =>
    typeof v === 'string' ? v : Array.isArray(v) ? v.map(String) : null;
  for (const [name, f] of Object.entries(spec.fields)) {
    if (f.kind === 'member') refs[name] = ['memberships', ids(input[name])];
    else if ((f.kind === 'ref' || f.kind === 'refs') && f.ref)
      refs[name] = [f.ref, ids(input[name]), registerByKey.get(f.ref)?.singular];
    else if (f.refWhen) {
      const given = input[f.refWhen.field] !== undefined || input[name] !== undefined;
      const type = input[f.refWhen.field] ?? current?.[snake(f.refWhen.field)];
      const value = input[name] ?? current?.[snake(name)];
      if (given && type === f.refWhen.equals)
        refs[name] = [f.refWhen.ref, ids(value), registerByKey.get(f.refWhen.ref)?.singular];
    }
  }
  return refs;
}

/** The record an edit or deletion names (its id under the register's name for it), or 404. */
async function loadNamed<T extends RegisterTable>(
  tx: OrgTx,
  spec: RegisterSpec<T>,
  input: FieldValues,
): Promise<RecordRow<T>> {
  const id = input[spec.idParam];
  const row = typeof id === 'string' ? await findRegisterRow(tx.db, spec, tx.org.orgId, id) : null;
  if (!row) throw notFound(spec.singular);
  tx.expectVersion(row.version);
  return row;
}

/** A record of another register that still refers to this one, named in an IN_USE error. */
async function assertUnreferenced(tx: OrgTx, spec: RegisterSpec, id: string) {
  for (const other of REGISTERS) {
    for (const [name, f] of Object.entries(other.fields)) {
      if (f.ref !== spec.key || (f.kind !== 'ref' && f.kind !== 'refs')) continue;
      const hit = await firstReferrer(tx.db, other.key, snake(name), f.kind, tx.org.orgId, id);
      if (hit)
        throw new AppError(
          'IN_USE',
          `This ${spec.singular} is referenced by a ${other.singular} (${hit}); remove that link first.`,
        );
    }
  }
}

function buildCommands<T extends RegisterTable>(spec: RegisterSpec<T>): RegisterCommands<T> {
  const rules: RegisterRules<T> | undefined = RULES[spec.key];
  return {
    create: orgCommand({
      action: `${spec.key}.create`,
      input: createSchema(spec),
      async run(tx, input) {
        await assertInOrg(tx, referencesOf(spec, input));
        const row = await insertRecord(tx, tx.org.orgId, spec.key, newColumns(spec, input));
        await rules?.created?.(tx, row);
        return row;
      },
    }),
    update: orgCommand({
      action: `${spec.key}.update`,
      input: updateSchema(spec),
      pathIds: [spec.idParam],
      async run(tx, input) {
        const current = await loadNamed(tx, spec, input);
        await assertInOrg(tx, referencesOf(spec, input, current));
        return updateRecord(tx, tx.org.orgId, spec.key, current, changedColumns(spec, input));
      },
    }),
    remove: orgCommand({
      action: `${spec.key}.delete`,
      input: deleteSchema(spec),
      pathIds: [spec.idParam],
      async run(tx, input) {
        const current = await loadNamed(tx, spec, input);
        if (rules?.undeletable) throw new AppError('IN_USE', rules.undeletable);
        await assertUnreferenced(tx, spec, current.id);
        await deleteRecord(tx, tx.org.orgId, spec.key, current.id);
        return { id: current.id };
      },
    }),
  };
}

/**
 * Create, update and delete for one register, built from its description. The update and
 * delete take the record's id under the register's name for it (e.g. `aiSystemId`), from the
 * path.
 */
export const registerCommands = <T extends RegisterTable>(spec: RegisterSpec<T>) => {
  let cmds = built.get(spec.key) as RegisterCommands<T> | undefined;
  if (!cmds) built.set(spec.key, (cmds = buildCommands(spec)));
  return cmds;
};
/** Built once per register, when first asked for (its schemas cost time at start). */
const built = new Map<RegisterTable, unknown>();
