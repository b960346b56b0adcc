import { checkVersion, defineCommand, type CommandScope, type Tx } from '../../kernel/commands.js';
import { AppError, notFound, type FieldError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { registerByKey, REGISTERS, type RegisterSpec } from './definitions.js';
import { snake, toColumn, type FieldSpec } from './fields.js';
import { createSchema, updateSchema } from './schemas.js';

type Row = Record<string, unknown> & { id: string; org_id: string; version: number };

/** Checks that member and record references point into the same organization. */
async function checkReferences(
  tx: Tx,
  orgId: string,
  spec: RegisterSpec,
  input: Record<string, unknown>,
) {
  const errors: FieldError[] = [];
  for (const [name, f] of Object.entries(spec.fields)) {
    const v = input[name];
    if (v === undefined || v === null) continue;
    const ids =
      f.kind === 'refs'
        ? (v as string[])
        : f.kind === 'ref' || f.kind === 'member'
          ? [v as string]
          : [];
    if (ids.length === 0) continue;
    const table = f.kind === 'member' ? 'memberships' : f.ref!;
    const found = await (tx.db as any)
      .selectFrom(table)
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', 'in', ids)
      .execute();
    const have = new Set(found.map((r: { id: string }) => r.id));
    ids.forEach((id, i) => {
      if (!have.has(id)) {
        const what =
          f.kind === 'member'
            ? 'member of this organization'
            : (registerByKey.get(f.ref!)?.singular ?? f.ref);
        errors.push({
          pointer: f.kind === 'refs' ? `/body/${name}/${i}` : `/body/${name}`,
          message: `No such ${what}.`,
        });
      }
    });
  }
  if (errors.length)
    throw new AppError(
      'UNKNOWN_REFERENCE',
      'Some references do not exist in this organization.',
      errors,
    );
}

export function toColumns(spec: RegisterSpec, input: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    const f = spec.fields[name] as FieldSpec | undefined;
    if (f && value !== undefined) out[snake(name)] = toColumn(f, value);
  }
  return out;
}

export async function loadRecord(
  tx: Tx,
  spec: RegisterSpec,
  orgId: string,
  id: string,
): Promise<Row> {
  const row = await (tx.db as any)
    .selectFrom(spec.key)
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound(spec.singular);
  return row as Row;
}

/** Create, update and delete for one register, all through the command runner. */
export function registerCommands(spec: RegisterSpec) {
  const create = defineCommand({
    action: `${spec.key}.create`,
    input: createSchema(spec),
    async run(tx, input: Record<string, unknown>, scope: CommandScope) {
      const orgId = scope.access!.orgId;
      await checkReferences(tx, orgId, spec, input);
      const row: Row = {
        id: newId(),
        org_id: orgId,
        version: 1,
        created_at: tx.now,
        updated_at: tx.now,
        ...toColumns(spec, input),
      };
      if (spec.key === 'ai_systems') {
        row.lifecycle_stage ??= 'inception';
        row.eu_ai_act_tier ??= 'unclassified';
      }
      await (tx.db as any).insertInto(spec.key).values(row).execute();
      tx.record(orgId, spec.key, row.id, row);
      if (spec.key === 'ai_systems') {
        // Registration is the first recorded life cycle step.
        const tr = {
          id: newId(),
          org_id: orgId,
          version: 1,
          created_at: tx.now,
          updated_at: tx.now,
          ai_system_id: row.id,
          from_stage: null,
          to_stage: row.lifecycle_stage,
          reason: 'Registered',
          actor: scope.ids?.actorLabel ?? null,
        };
        await (tx.db as any).insertInto('ai_system_transitions').values(tr).execute();
        tx.record(orgId, 'ai_system_transitions', tr.id, tr);
      }
      return row;
    },
  });

  const update = defineCommand({
    action: `${spec.key}.update`,
    input: updateSchema(spec),
    async run(tx, input: Record<string, unknown>, scope: CommandScope) {
      const orgId = scope.access!.orgId;
      const current = await loadRecord(tx, spec, orgId, scope.ids!.id!);
      checkVersion(current.version, scope.ifMatch);
      await checkReferences(tx, orgId, spec, input);
      const changes = {
        ...toColumns(spec, input),
        version: current.version + 1,
        updated_at: tx.now,
      };
      await (tx.db as any)
        .updateTable(spec.key)
        .set(changes)
        .where('id', '=', current.id)
        .execute();
      const next = { ...current, ...changes } as Row;
      tx.record(orgId, spec.key, current.id, next);
      return next;
    },
  });

  const remove = defineCommand({
    action: `${spec.key}.delete`,
    input: updateSchema(spec).pick({}).optional(),
    async run(tx, _input, scope: CommandScope) {
      const orgId = scope.access!.orgId;
      const current = await loadRecord(tx, spec, orgId, scope.ids!.id!);
      checkVersion(current.version, scope.ifMatch);
      if (spec.key === 'ai_systems') {
        throw new AppError(
          'IN_USE',
          'An AI system stays in the record: retire it through a life cycle transition instead.',
        );
      }
      await assertUnreferenced(tx, orgId, spec, current.id);
      await (tx.db as any).deleteFrom(spec.key).where('id', '=', current.id).execute();
      tx.record(orgId, spec.key, current.id, null);
      return { id: current.id };
    },
  });
  return { create, update, remove };
}

async function assertUnreferenced(tx: Tx, orgId: string, spec: RegisterSpec, id: string) {
  for (const other of REGISTERS) {
    for (const [name, f] of Object.entries(other.fields)) {
      if (f.ref !== spec.key) continue;
      let q = (tx.db as any).selectFrom(other.key).select('id').where('org_id', '=', orgId);
      q =
        f.kind === 'refs'
          ? q.where(snake(name), 'like', `%"${id}"%`)
          : q.where(snake(name), '=', id);
      const hit = await q.limit(1).executeTakeFirst();
      if (hit)
        throw new AppError(
          'IN_USE',
          `This ${spec.singular} is referenced by a ${other.singular} (${hit.id}); remove that link first.`,
        );
    }
  }
}
