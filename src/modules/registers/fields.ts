import { z } from 'zod';
import { decodeJson, encodeJson, type Json } from '../../db/json.js';
import type { Row } from '../../db/schema.js';
import type { RegisterTable } from '../../db/tables.js';
import { uuidSchema } from '../../kernel/ids.js';
import type { RecordChanges, RecordValues } from '../../kernel/records.js';

/**
 * A register field as data: its kind decides the input schema, the column encoding and how the
 * web app renders it. `ref`/`refs` name another register whose records must exist in the same
 * organization; `member` must be a membership of the organization.
 */
export const FIELD_KINDS = [
  'text',
  'longtext',
  'enum',
  'multi',
  'date',
  'bool',
  'url',
  'member',
  'ref',
  'refs',
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export interface FieldSpec {
  kind: FieldKind;
  label: string;
  help?: string;
  required?: boolean;
  options?: readonly string[];
  /** The register a `ref` or `refs` field points into. */
  ref?: RegisterTable;
  /**
   * A text that is the id of a record of `ref` when the field `field` holds `equals` (a
   * responsibility's subject when it is an AI system): then checked like a `ref`.
   */
  refWhen?: { field: string; equals: string; ref: RegisterTable };
  /** Listed as a filter (?field=value) and offered as a sort key. */
  filter?: boolean;
  /** Included in the free-text search (?q=). */
  search?: boolean;
  /** Set only by a dedicated command (e.g. lifecycle stage), never by update. */
  readOnly?: boolean;
  /** A read-only field that may still be given once, when the record is created. */
  initial?: boolean;
  /** The value a new record takes when the creation leaves the field out. */
  default?: string;
  /** Shown in list tables. */
  list?: boolean;
}

/** The API value of a field: text, a boolean, a list of options or ids, or nothing. */
export type FieldValue = string | boolean | string[] | null;
/** A register's input or view as field name → value. */
export type FieldValues = Readonly<Record<string, unknown>>;
/** What a register column holds: text, an integer (booleans), JSON text (lists), or null. */
export type Cell = string | number | null;
/** A register row read by column name (its columns are named by the definitions). */
export type Cells = Readonly<Record<string, Cell>>;

const MAX = { text: 500, longtext: 20_000 } as const;
const id = uuidSchema;

/** The input schema of one field (without optionality); a required text may not be blank. */
export function fieldSchema(f: FieldSpec): z.ZodType {
  switch (f.kind) {
    case 'text':
      return f.required
        ? z.string().trim().min(1, 'Must not be empty.').max(MAX.text)
        : z.string().trim().max(MAX.text);
    case 'longtext':
      return f.required
        ? z.string().trim().min(1, 'Must not be empty.').max(MAX.longtext)
        : z.string().max(MAX.longtext);
    case 'enum':
      return z.enum(options(f));
    case 'multi':
      return z
        .array(z.enum(options(f)))
        .max(options(f).length)
        .refine((a) => new Set(a).size === a.length, 'Each value once.');
    case 'date':
      return z.iso.date('Must be a date (YYYY-MM-DD).');
    case 'bool':
      return z.boolean();
    case 'url':
      return z.url('Must be a URL.').max(2000);
    case 'member':
    case 'ref':
      return id;
    case 'refs':
      return z
        .array(id)
        .max(500)
        .refine((a) => new Set(a).size === a.length, 'Each id once.');
  }
}

function options(f: FieldSpec): [string, ...string[]] {
  const [first, ...rest] = f.options ?? [];
  if (first === undefined) throw new Error(`The ${f.kind} field "${f.label}" has no options`);
  return [first, ...rest];
}

const isList = (f: FieldSpec) => f.kind === 'multi' || f.kind === 'refs';
const texts = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** API value → column value (undefined and null are both "nothing"). */
export function toColumn(f: FieldSpec, v: unknown): Cell {
  if (v === undefined || v === null) return null;
  if (f.kind === 'bool') return v ? 1 : 0;
  if (isList(f)) return encodeJson(texts(v));
  return String(v);
}

/** Column value → API value. */
export function fromColumn(f: FieldSpec, v: Cell | undefined): FieldValue {
  if (v === undefined || v === null) return isList(f) ? [] : null;
  if (f.kind === 'bool') return v === 1;
  // A list column is written only by toColumn, through the one JSON codec.
  if (isList(f)) return decodeJson(String(v) as Json<string[]>);
  return String(v);
}

/** Output schema of one field. */
export function outputSchema(f: FieldSpec): z.ZodType {
  if (f.kind === 'bool') return z.boolean().nullable();
  if (isList(f)) return z.array(z.string());
  return z.string().nullable();
}

export const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The fields of a register, as their definitions list them. */
interface Fielded<T extends RegisterTable> {
  key: T;
  fields: Record<string, FieldSpec>;
}

/**
 * The columns a creation writes: every field (a default or null when not given). The
 * definitions name a register's columns (a test checks them against the table registry), so
 * this is the one place the engine widens a row built by name to its table's type.
 */
export function newColumns<T extends RegisterTable>(
  spec: Fielded<T>,
  input: FieldValues,
): RecordValues<T> {
  const out: Record<string, Cell> = {};
  for (const [name, f] of Object.entries(spec.fields))
    out[snake(name)] = toColumn(f, input[name] ?? f.default);
  return out as RecordValues<T>;
}

/** The columns an edit changes: the fields it names (null clears one). */
export function changedColumns<T extends RegisterTable>(
  spec: Fielded<T>,
  input: FieldValues,
): RecordChanges<T> {
  const out: Record<string, Cell> = {};
  for (const [name, f] of Object.entries(spec.fields))
    if (input[name] !== undefined) out[snake(name)] = toColumn(f, input[name]);
  return out as RecordChanges<T>;
}

/** A register row read by column name. */
export const cellsOf = (row: Row<RegisterTable>): Cells => row;
