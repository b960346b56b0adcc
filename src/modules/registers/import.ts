import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { runBatch } from '../../kernel/commands.js';
import type { Context, OrgAccess } from '../../kernel/context.js';
import { UUID_RE } from '../../kernel/ids.js';
import { registerByKey, type RegisterSpec } from './definitions.js';
import { registerCommands } from './commands.js';
import { idsColumn, optionLabel } from './export.js';
import { snake, type FieldSpec, type FieldValues } from './fields.js';
import { importProblem, type ImportError } from '../imports/index.js';
import { membersByEmail, recordCells, recordTitles } from './queries.js';
import { changesSchema, createSchema } from './schemas.js';

export interface ImportPlan {
  spec: RegisterSpec;
  rows: { row: number; id: string | null; input: FieldValues }[];
  errors: ImportError[];
}

type Progress = (done: number, total: number) => void;

const IGNORED = new Set(['version', 'createdat', 'updatedat']);

/** An option given by its key or by its words as exports write them ("Human in the loop"). */
function optionOf(f: FieldSpec, v: string): string {
  const l = v.toLowerCase();
  return f.options?.find((o) => o.toLowerCase() === l || optionLabel(o).toLowerCase() === l) ?? v;
}

/** Turns one cell into the field's API value; '' is "not given". */
function cellValue(f: FieldSpec, raw: string): unknown {
  const v = raw.trim();
  if (v === '') return undefined;
  if (f.kind === 'enum') return optionOf(f, v);
  if (f.kind === 'multi')
    return v
      .split(';')
      .map((x) => x.trim())
      .filter(Boolean)
      .map((x) => optionOf(f, x));
  if (f.kind === 'bool') {
    const l = v.toLowerCase();
    if (['true', 'yes', 'y', '1'].includes(l)) return true;
    if (['false', 'no', 'n', '0'].includes(l)) return false;
    return v;
  }
  if (f.kind === 'refs')
    return v
      .split(';')
      .map((x) => x.trim())
      .filter(Boolean);
  return v;
}

/**
 * Checks every row of a file against the register's schema and references, resolving references
 * given by name (or a member by email). Reports every bad row; writes nothing.
 */
export async function planImport(
  db: Kysely<DB>,
  spec: RegisterSpec,
  orgId: string,
  table: string[][],
  onProgress?: Progress,
): Promise<ImportPlan> {
  const errors: ImportError[] = [];
  const [header, ...body] = table;
  if (!header)
    return {
      spec,
      rows: [],
      errors: [
        { row: 1, column: '', message: 'The file is empty: the first row must name the columns.' },
      ],
    };
  const byName = new Map<string, string>();
  for (const [name, f] of Object.entries(spec.fields)) {
    byName.set(name.toLowerCase(), name);
    byName.set(snake(name), name);
    byName.set(f.label.toLowerCase(), name);
  }
  // A reference field's ids column (as exports write it beside the names) stands for the field,
  // and then the column of names beside it is only for reading.
  const idsOf = new Map(
    Object.entries(spec.fields)
      .filter(([, f]) => f.kind === 'ref' || f.kind === 'refs')
      .map(([name]) => [idsColumn(name).toLowerCase(), name]),
  );
  const byIds = new Set(header.map((h) => idsOf.get(h.trim().toLowerCase())).filter(Boolean));
  const columns: (string | null)[] = header.map((h) => {
    const k = h.trim().toLowerCase();
    if (k === 'id') return 'id';
    if (IGNORED.has(k)) return null;
    if (idsOf.has(k)) return idsOf.get(k)!;
    if (byIds.has(byName.get(k))) return null;
    const f = byName.get(k);
    if (!f)
      errors.push({
        row: 1,
        column: h,
        message: `Unknown column: use ${Object.keys(spec.fields).join(', ')}.`,
      });
    return f ?? null;
  });
  // Lookups for references given by name: one query per referenced register.
  const lookups = new Map<string, Map<string, string[]>>();
  const lookup = async (f: FieldSpec) => {
    const key = f.kind === 'member' ? 'memberships' : f.ref!;
    let m = lookups.get(key);
    if (m) return m;
    m = new Map();
    const titled =
      f.kind === 'member'
        ? await membersByEmail(db, orgId)
        : await recordTitles(db, registerByKey.get(key)!, orgId);
    for (const r of titled) {
      const k = String(r.title ?? '').toLowerCase();
      m.set(k, [...(m.get(k) ?? []), r.id]);
    }
    lookups.set(key, m);
    return m;
  };
  // Read-only fields (set by their own workflow, such as a stage or a confirmed tier) may stay in a
  // file as exported: on a row with an id they must hold the record's current value.
  const readOnly = new Set(
    Object.entries(spec.fields)
      .filter(([, f]) => f.readOnly)
      .map(([name]) => name),
  );
  const roColumns = [...readOnly]
    .filter((name) => columns.includes(name))
    .map((name) => snake(name));
  const existing = await recordCells(db, spec, orgId, roColumns);
  const create = createSchema(spec);
  const update = changesSchema(spec);
  const asExported = (v: unknown) =>
    v === null || v === undefined ? '' : Array.isArray(v) ? v.join(';') : String(v);
  const rows: ImportPlan['rows'] = [];
  for (const [i, cells] of body.entries()) {
    const rowNo = i + 2;
    const input: Record<string, unknown> = {};
    let id: string | null = cells[columns.indexOf('id')]?.trim() || null;
    const colOf = new Map<string, string>();
    const failed = new Set<string>();
    for (const [j, name] of columns.entries()) {
      if (!name) continue;
      const raw = cells[j] ?? '';
      if (name === 'id') {
        if (raw.trim()) id = raw.trim();
        continue;
      }
      const f = spec.fields[name]!;
      colOf.set(name, header[j]!);
      let value = cellValue(f, raw);
      if (readOnly.has(name) && value !== undefined) {
        const current = id === null ? undefined : existing.get(id);
        const was = current?.[snake(name)];
        if (
          current &&
          (asExported(was) === raw.trim() ||
            (f.kind === 'enum' && typeof was === 'string' && optionOf(f, raw.trim()) === was))
        )
          continue;
        if (id !== null || !(name in create.shape)) {
          errors.push({
            row: rowNo,
            column: header[j]!,
            message: `${f.label} is read-only here: it changes only through its own workflow, not by import. Leave the cell empty or as exported.`,
          });
          failed.add(name);
          continue;
        }
      }
      if (value !== undefined && (f.kind === 'ref' || f.kind === 'member' || f.kind === 'refs')) {
        const names = await lookup(f);
        const resolve = (given: string) => {
          // A member as exports name one: "Ada Lovelace <ada@example.org>".
          const v =
            f.kind === 'member' ? (/<([^<>\s]+@[^<>\s]+)>\s*$/.exec(given)?.[1] ?? given) : given;
          if (UUID_RE.test(v)) return v;
          const hits = names.get(v.toLowerCase()) ?? [];
          if (hits.length === 1) return hits[0]!;
          errors.push({
            row: rowNo,
            column: header[j]!,
            message: hits.length
              ? `"${v}" matches several records: use the id.`
              : `No ${f.kind === 'member' ? 'member' : registerByKey.get(f.ref!)!.singular} "${v}".`,
          });
          return null;
        };
        value = Array.isArray(value)
          ? value.map((x) => resolve(String(x)))
          : resolve(String(value));
        if (value === null || (Array.isArray(value) && value.includes(null))) {
          failed.add(name);
          continue;
        }
      }
      if (value !== undefined) input[name] = value;
    }
    if (id !== null && !existing.has(id))
      errors.push({
        row: rowNo,
        column: 'id',
        message: 'No such record in this organization; leave id empty to create one.',
      });
    const parsed = (id ? update : create).safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        if (failed.has(field)) continue;
        errors.push({
          row: rowNo,
          column: colOf.get(field) ?? field,
          message:
            issue.path.length > 1
              ? `${issue.message} (item ${String(issue.path[1])})`
              : issue.message,
        });
      }
    } else rows.push({ row: rowNo, id, input: parsed.data });
    // Reference ids given directly must exist too.
    for (const [name, f] of Object.entries(spec.fields)) {
      const v = input[name];
      if (v === undefined || !(f.kind === 'ref' || f.kind === 'member' || f.kind === 'refs'))
        continue;
      const names = await lookup(f);
      const known = new Set([...names.values()].flat());
      for (const x of Array.isArray(v) ? v : [v]) {
        if (!known.has(String(x)))
          errors.push({
            row: rowNo,
            column: colOf.get(name) ?? name,
            message: `No ${f.kind === 'member' ? 'member' : registerByKey.get(f.ref!)!.singular} with id ${String(x)}.`,
          });
      }
    }
    // A text that holds a record's id when another field of the row says so (a responsibility
    // for an AI system) must name one too.
    for (const [name, f] of Object.entries(spec.fields)) {
      const v = input[name];
      if (!f.refWhen || input[f.refWhen.field] !== f.refWhen.equals || typeof v !== 'string')
        continue;
      const ids = new Set(
        [...(await lookup({ kind: 'ref', label: '', ref: f.refWhen.ref })).values()].flat(),
      );
      if (!ids.has(v))
        errors.push({
          row: rowNo,
          column: colOf.get(name) ?? name,
          message: `No ${registerByKey.get(f.refWhen.ref)!.singular} with id ${v}.`,
        });
    }
    if (onProgress && (i % 200 === 0 || i === body.length - 1)) onProgress(i + 1, body.length);
  }
  errors.sort((a, b) => a.row - b.row);
  return { spec, rows, errors };
}

/**
 * Imports a clean plan in one transaction, every row or none: each row is the register's own
 * create or update command (so the same checks and the same events), under the action
 * `<register>.import`.
 */
export async function applyImport(
  ctx: Context,
  access: OrgAccess,
  plan: ImportPlan,
  onProgress?: Progress,
) {
  if (plan.errors.length) throw importProblem(plan.errors);
  const spec = plan.spec;
  const cmds = registerCommands(spec);
  let created = 0;
  let updated = 0;
  await runBatch(ctx, `${spec.key}.import`, access, async (step) => {
    for (const [i, r] of plan.rows.entries()) {
      if (r.id) {
        await step(cmds.update, { ...r.input, [spec.idParam]: r.id });
        updated++;
      } else {
        await step(cmds.create, r.input);
        created++;
      }
      if (onProgress && (i % 200 === 0 || i === plan.rows.length - 1))
        onProgress(i + 1, plan.rows.length);
    }
  });
  return { created, updated };
}
