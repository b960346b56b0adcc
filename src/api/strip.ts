import type { z } from 'zod';

/** Makes a response body into what its schema declares: the fields it does not declare dropped. */
export type Strip = (value: unknown) => unknown;

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  innerType?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  getter?: () => z.ZodType;
  coerce?: boolean;
  checks?: unknown[];
}

const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Types whose parse gives back the value as it came (when it is valid). */
const AS_IS = new Set([
  'string',
  'number',
  'int',
  'boolean',
  'bigint',
  'null',
  'undefined',
  'any',
  'unknown',
  'enum',
  'literal',
  'date',
  'nan',
  'template_literal',
]);

const identity: Strip = (v) => v;

/**
 * A strip pass written once from a zod schema: objects keep only the fields their schema
 * declares (in the schema's order, as `parse` returns them), arrays and records are walked, and
 * values that `parse` gives back as they are pass as they are. It does not validate: the body is
 * the server's own. Whatever the pass cannot do without validating (a union without a
 * discriminator, a default, a transform, an intersection…) is left to that part's own `parse`,
 * which strips as before. The result is what `schema.parse(value)` returns for a valid body.
 */
export function stripper(schema: z.ZodType): Strip {
  return compile(schema, new Map());
}

function compile(schema: z.ZodType, seen: Map<z.ZodType, Strip>): Strip {
  const known = seen.get(schema);
  if (known) return known;
  // Recursive schemas (lazy): the entry is in place before its parts are compiled.
  let made: Strip = (v) => schema.parse(v);
  seen.set(schema, (v) => made(v));
  made = build(schema, seen);
  seen.set(schema, made);
  return made;
}

function build(schema: z.ZodType, seen: Map<z.ZodType, Strip>): Strip {
  const def = defOf(schema);
  const parse: Strip = (v) => schema.parse(v);
  if (def.coerce) return parse;
  if (AS_IS.has(def.type)) return identity;
  switch (def.type) {
    case 'optional':
      return orAs(undefined, compile(def.innerType!, seen));
    case 'nullable':
      return orAs(null, compile(def.innerType!, seen));
    case 'readonly':
      return compile(def.innerType!, seen);
    case 'lazy': {
      let inner: Strip | undefined;
      return (v) => (inner ??= compile(def.getter!(), seen))(v);
    }
    case 'array': {
      const element = compile(def.element!, seen);
      return (v) => (Array.isArray(v) ? v.map((e) => element(e)) : parse(v));
    }
    case 'record': {
      const key = defOf(def.keyType!);
      if (key.type !== 'string' || key.checks?.length) return parse;
      const value = compile(def.valueType!, seen);
      return (v) => {
        if (!isPlainObject(v)) return parse(v);
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(v)) out[k] = value(v[k]);
        return out;
      };
    }
    case 'object':
      return objectStrip(schema, def, seen, parse);
    case 'union':
      return unionStrip(def, seen, parse);
    default:
      return parse;
  }
}

const orAs =
  (as: null | undefined, inner: Strip): Strip =>
  (v) =>
    v === as ? v : inner(v);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function objectStrip(
  _schema: z.ZodType,
  def: Def,
  seen: Map<z.ZodType, Strip>,
  parse: Strip,
): Strip {
  // An object that keeps unknown keys (passthrough, catchall) or refines itself: parse it.
  if (def.catchall && defOf(def.catchall).type !== 'never') return parse;
  if (def.checks?.length) return parse;
  const fields = Object.entries(def.shape!).map(([key, s]) => {
    const t = defOf(s).type;
    // A default fills an absent field: the field's own parse does that.
    const fills = t === 'default' || t === 'prefault' || t === 'catch';
    return { key, strip: compile(s, seen), fills };
  });
  return (v) => {
    if (!isPlainObject(v)) return parse(v);
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const x = Object.hasOwn(v, f.key) ? v[f.key] : undefined;
      // An absent or undefined field stays out (JSON has no undefined); a default fills it.
      if (x !== undefined || f.fills) out[f.key] = f.strip(x);
    }
    return out;
  };
}

/**
 * A union whose options all pass as they are (literals, strings, numbers) passes as it is; a
 * discriminated union strips by the option its discriminator names; any other is parsed (only
 * validation can tell which option a value is).
 */
function unionStrip(def: Def, seen: Map<z.ZodType, Strip>, parse: Strip): Strip {
  const options = def.options!;
  if (options.every((o) => AS_IS.has(defOf(o).type) && !defOf(o).coerce)) return identity;
  if (!def.discriminator) return parse;
  const byValue = new Map<unknown, Strip>();
  for (const o of options) {
    const d = defOf(o);
    const tag = d.type === 'object' ? d.shape![def.discriminator] : undefined;
    const values = tag
      ? (tag as unknown as { _zod: { values?: Set<unknown> } })._zod.values
      : undefined;
    if (!values) return parse;
    const strip = compile(o, seen);
    for (const value of values) {
      if (byValue.has(value)) return parse;
      byValue.set(value, strip);
    }
  }
  const key = def.discriminator;
  return (v) => {
    const strip = isPlainObject(v) ? byValue.get(v[key]) : undefined;
    return strip ? strip(v) : parse(v);
  };
}
