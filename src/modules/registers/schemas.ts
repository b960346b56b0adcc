import { z } from 'zod';
import type { Row } from '../../db/schema.js';
import type { RegisterTable } from '../../db/tables.js';
import type { OrgAccess } from '../../kernel/context.js';
import { can } from '../../kernel/authorize.js';
import { uuidSchema } from '../../kernel/ids.js';
import { SYSTEM_OF, type RecordScope } from '../../kernel/system-scope.js';
import { namesSchema, type Names } from '../../kernel/names.js';
import { LIFECYCLE_STAGES, type RegisterSpec } from './definitions.js';
import {
  cellsOf,
  fieldSchema,
  fromColumn,
  outputSchema,
  snake,
  type FieldSpec,
  type FieldValue,
} from './fields.js';
import { nextStages } from './stages.js';

const describe = (s: z.ZodType, f: FieldSpec) =>
  s.describe(f.help ? `${f.label}. ${f.help}` : f.label);

/** Field name → input schema, for the schemas built from a register's description. */
type Shape = Record<string, z.ZodType>;

/** Fields a caller may set on create: everything but read-only ones (unless given once, at creation). */
export function createSchema(spec: RegisterSpec) {
  const shape: Shape = {};
  for (const [name, f] of Object.entries(spec.fields)) {
    if (f.readOnly && !f.initial) continue;
    const s = describe(fieldSchema(f), f);
    shape[name] = f.required ? s : s.nullable().optional();
  }
  return z.object(shape).strict();
}

/** Fields a caller may change: all optional; required ones may not be cleared. */
export function changesSchema(spec: RegisterSpec) {
  const shape: Shape = {};
  for (const [name, f] of Object.entries(spec.fields)) {
    if (f.readOnly) continue;
    const s = describe(fieldSchema(f), f);
    shape[name] = f.required ? s.optional() : s.nullable().optional();
  }
  return z.object(shape).strict();
}

/** The record's id, under the register's own name for it (e.g. aiSystemId). */
const idShape = (spec: RegisterSpec): Shape => ({ [spec.idParam]: uuidSchema });

/** An edit: the record's id and the fields it changes. */
export const updateSchema = (spec: RegisterSpec) => changesSchema(spec).extend(idShape(spec));

/** A deletion: the record's id. */
export const deleteSchema = (spec: RegisterSpec) => z.object(idShape(spec)).strict();

/** What a register record looks like in the API (the same for every caller, plus nextStages). */
export function recordSchema(spec: RegisterSpec) {
  const shape: Shape = {
    id: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  };
  for (const [name, f] of Object.entries(spec.fields)) shape[name] = outputSchema(f);
  shape.names = namesSchema;
  if (spec.key === 'ai_systems')
    shape.nextStages = z
      .array(z.enum(LIFECYCLE_STAGES))
      .describe(
        'The stages the caller may move the system to now: every other stage until it is retired; none without the permission to move systems.',
      );
  shape.abilities = z
    .object({
      edit: z
        .boolean()
        .describe(
          'Whether the caller may change the record now: a role that may, and, while access is matched to responsibilities, a contributor assigned to its AI system.',
        ),
      delete: z.boolean().describe('Whether the caller may delete it now (the same rules).'),
    })
    .describe('What the caller may do with it now, as the server decides.');
  const pascal = spec.key.replace(/(^|_)([a-z])/g, (_m, _u, c: string) => c.toUpperCase());
  return z.object(shape).meta({ id: pascal });
}

/** A record's fields as the API names them (what exports and snapshots hold). */
export type RecordFields = Record<string, FieldValue | number | string[]> & {
  id: string;
  version: number;
};

/** A stored record as exports show it: id, fields, version, times. */
export function toRecordFields(spec: RegisterSpec, row: Row<RegisterTable>): RecordFields {
  const cells = cellsOf(row);
  const out: RecordFields = {
    id: row.id,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  for (const [name, f] of Object.entries(spec.fields))
    out[name] = fromColumn(f, cells[snake(name)]);
  return out;
}

/**
 * The AI systems a register record belongs to, for the caller's abilities: every register's rule
 * in SYSTEM_OF reads the row alone (its id, an ai_system_id column, a responsibility's subject).
 */
function recordScope(key: RegisterTable, row: Row<RegisterTable>): RecordScope | undefined {
  const of = SYSTEM_OF[key];
  if (!of) return undefined;
  const s = of(row as unknown as Record<string, unknown>, { db: null as never, orgId: row.org_id });
  return s instanceof Promise ? undefined : s;
}

/** A record as the API shows it: its fields, the names of what it refers to, and more by register. */
export type RecordView = Record<string, unknown> & { id: string; version: number; names: Names };

/**
 * A stored record as the API shows it to this caller, with the names of what it refers to
 * (`names`, read for its page by registerNames; empty when not given) and what the caller may do
 * with it (`abilities`).
 */
export function toRecordView(
  spec: RegisterSpec,
  row: Row<RegisterTable>,
  access: OrgAccess,
  names: Names = {},
): RecordView {
  const out: RecordView = { ...toRecordFields(spec, row), names };
  const scope = recordScope(spec.key, row);
  out.abilities = {
    edit: can(access, `${spec.key}.update`, scope),
    delete: can(access, `${spec.key}.delete`, scope),
  };
  if (spec.key === 'ai_systems')
    out.nextStages = nextStages(String(out.lifecycleStage), access, row.id);
  return out;
}

/** Query parameters of a register list: pagination, free-text search, sort, and one filter per filterable field. */
export function listQuerySchema(spec: RegisterSpec) {
  const sortable = [
    'createdAt',
    'updatedAt',
    ...Object.entries(spec.fields)
      .filter(([, f]) => f.filter && f.kind !== 'bool')
      .map(([n]) => n),
  ];
  const filters: Record<string, z.ZodOptional> = {};
  for (const [name, f] of Object.entries(spec.fields)) {
    if (!f.filter || f.kind === 'multi' || f.kind === 'refs') continue;
    filters[name] = (f.kind === 'bool' ? z.enum(['true', 'false']) : fieldSchema(f))
      .optional()
      .describe(`Only records whose ${f.label.toLowerCase()} is this.`);
  }
  const [first, ...rest] = [...sortable, ...sortable.map((s) => `-${s}`)];
  return z
    .object({
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(500)
        .default(50)
        .describe('Items per page (1–500).'),
      cursor: z.string().max(2000).optional().describe('The nextCursor of the previous page.'),
      q: z.string().max(200).optional().describe('Free-text search.'),
      sort: z
        .enum([first!, ...rest])
        .optional()
        .describe('A field to sort by; prefix with - for descending.'),
    })
    .extend(filters);
}

/** A parsed list query: page, search, sort, and the filters by field name. */
export interface ListQuery {
  limit: number;
  cursor?: string;
  q?: string;
  sort?: string;
  [filter: string]: unknown;
}

/** A list query as listQuerySchema parsed it (zod types a shape with dynamic keys as unknown). */
export function toListQuery(query: Readonly<Record<string, unknown>>): ListQuery {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    ...query,
    limit: typeof query.limit === 'number' ? query.limit : 50,
    cursor: text(query.cursor),
    q: text(query.q),
    sort: text(query.sort),
  };
}

/** The fields of a life cycle transition (the system's id comes from the path). */
export const transitionFields = {
  aiSystemId: uuidSchema,
  toStage: z.enum(LIFECYCLE_STAGES).describe('The stage to move to.'),
  reason: z
    .string()
    .trim()
    .min(1, 'Say why the system moves.')
    .max(5000)
    .describe('Why the system moves to this stage.'),
  gateOverride: z
    .string()
    .trim()
    .min(1, 'Justify the override.')
    .max(5000)
    .optional()
    .describe(
      'Only when the gate into the stage fails: why the system moves anyway (managers and owners; recorded with the move).',
    ),
};

export const transitionView = z
  .object({
    id: z.string(),
    fromStage: z.string().nullable(),
    toStage: z.string(),
    reason: z.string().nullable(),
    actor: z.string().nullable(),
    at: z.string(),
  })
  .meta({ id: 'LifecycleTransition' });

export const toTransitionView = (
  r: Row<'ai_system_transitions'>,
): z.infer<typeof transitionView> => ({
  id: r.id,
  fromStage: r.from_stage,
  toStage: r.to_stage,
  reason: r.reason,
  actor: r.actor,
  at: r.created_at,
});

export const RACI = ['responsible', 'accountable', 'consulted', 'informed'] as const;

export const accountabilityQuery = z.object({
  subjectType: z
    .enum(['ai_system', 'process', 'control', 'aims_conformity', 'aims_performance'])
    .describe('What kind of subject.'),
  subjectId: z.string().min(1).max(500).describe('The AI system id, process name or control id.'),
});

const person = z.object({
  memberId: z.string(),
  email: z.string(),
  name: z.string(),
  note: z.string().nullable(),
});
export type Person = z.infer<typeof person>;

export const accountabilityView = z.object({
  accountable: z.array(person),
  responsible: z.array(person),
  consulted: z.array(person),
  informed: z.array(person),
});

export const competenceGapView = z.object({
  memberId: z.string(),
  email: z.string(),
  role: z.string(),
  missing: z.array(z.object({ competenceId: z.string(), name: z.string() })),
});
export type CompetenceGap = z.infer<typeof competenceGapView>;
