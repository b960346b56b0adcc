// The register catalogue as data (GET /api/v1/registers), so the web app renders every register
// from one description.
import { z } from 'zod';
import { REGISTER_TABLES } from '../../db/tables.js';
import { REGISTERS } from './definitions.js';
import { FIELD_KINDS } from './fields.js';

const fieldMeta = z.object({
  name: z.string(),
  kind: z.enum(FIELD_KINDS),
  label: z.string(),
  help: z.string().nullable(),
  required: z.boolean(),
  readOnly: z.boolean(),
  options: z.array(z.string()).nullable(),
  ref: z.enum(REGISTER_TABLES).nullable(),
  filter: z.boolean(),
  search: z.boolean(),
  list: z.boolean(),
});
export const registerMeta = z.object({
  key: z.enum(REGISTER_TABLES),
  path: z.string(),
  title: z.string(),
  singular: z.string(),
  clauses: z.string(),
  titleField: z.string(),
  fields: z.array(fieldMeta),
});

export const registerCatalog = (): z.infer<typeof registerMeta>[] =>
  REGISTERS.map((r) => ({
    key: r.key,
    path: r.path,
    title: r.title,
    singular: r.singular,
    clauses: r.clauses,
    titleField: r.titleField,
    fields: Object.entries(r.fields).map(([name, f]) => ({
      name,
      kind: f.kind,
      label: f.label,
      help: f.help ?? null,
      required: !!f.required,
      readOnly: !!f.readOnly,
      options: f.options ? [...f.options] : null,
      ref: f.ref ?? null,
      filter: !!f.filter,
      search: !!f.search,
      list: !!f.list,
    })),
  }));
