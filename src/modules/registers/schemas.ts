import { z } from 'zod';
import { fieldSchema, outputSchema, type FieldSpec } from './fields.js';
import type { RegisterSpec } from './definitions.js';

const describe = (s: z.ZodType, f: FieldSpec) =>
  s.describe(f.help ? `${f.label}. ${f.help}` : f.label);

/** Fields a caller may set on create: everything but read-only ones (the life cycle stage may be given once, at registration). */
export function createSchema(spec: RegisterSpec) {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, f] of Object.entries(spec.fields)) {
    if (f.readOnly && !(spec.key === 'ai_systems' && name === 'lifecycleStage')) continue;
    const s = describe(fieldSchema(f), f);
    shape[name] = f.required ? s : s.nullable().optional();
  }
  return z.object(shape).strict();
}

/** Fields a caller may change: all optional; required ones may not be cleared. */
export function updateSchema(spec: RegisterSpec) {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, f] of Object.entries(spec.fields)) {
    if (f.readOnly) continue;
    const s = describe(fieldSchema(f), f);
    shape[name] = f.required ? s.optional() : s.nullable().optional();
  }
  return z.object(shape).strict();
}

export function recordSchema(spec: RegisterSpec) {
  const shape: Record<string, z.ZodType> = {
    id: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  };
  for (const [name, f] of Object.entries(spec.fields)) shape[name] = outputSchema(f);
  const pascal = spec.key.replace(/(^|_)([a-z])/g, (_m, _u, c: string) => c.toUpperCase());
  return z.object(shape).meta({ id: pascal });
}
