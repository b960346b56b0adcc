import { uuidSchema } from '../../kernel/ids.js';
import { z } from 'zod';

/**
 * A register field as data: its kind decides the input schema, the column encoding and how the
 * web app renders it. `ref`/`refs` name another register whose records must exist in the same
 * organization; `member` must be a membership of the organization.
 */
export type FieldKind =
  'text' | 'longtext' | 'enum' | 'multi' | 'date' | 'bool' | 'url' | 'member' | 'ref' | 'refs';

export interface FieldSpec {
  kind: FieldKind;
  label: string;
  help?: string;
  required?: boolean;
  options?: readonly string[];
  ref?: string;
  /** Listed as a filter (?field=value) and offered as a sort key. */
  filter?: boolean;
  /** Included in the free-text search (?q=). */
  search?: boolean;
  /** Set only by a dedicated command (e.g. lifecycle stage), never by create/update. */
  readOnly?: boolean;
  /** Shown in list tables. */
  list?: boolean;
}

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
      return z.enum(f.options as [string, ...string[]]);
    case 'multi':
      return z
        .array(z.enum(f.options as [string, ...string[]]))
        .max(f.options!.length)
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

/** API value → column value. */
export function toColumn(f: FieldSpec, v: unknown): string | number | null {
  if (v === undefined || v === null) return null;
  if (f.kind === 'bool') return v ? 1 : 0;
  if (f.kind === 'multi' || f.kind === 'refs') return JSON.stringify(v);
  return v as string;
}

/** Column value → API value. */
export function fromColumn(f: FieldSpec, v: unknown): unknown {
  if (v === undefined || v === null) return f.kind === 'multi' || f.kind === 'refs' ? [] : null;
  if (f.kind === 'bool') return v === 1 || v === true;
  if (f.kind === 'multi' || f.kind === 'refs') return JSON.parse(String(v));
  return v;
}

/** Output schema of one field. */
export function outputSchema(f: FieldSpec): z.ZodType {
  if (f.kind === 'bool') return z.boolean().nullable();
  if (f.kind === 'multi' || f.kind === 'refs') return z.array(z.string());
  return z.string().nullable();
}

export const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
