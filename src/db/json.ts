/**
 * The one codec for JSON columns. A JSON column holds text on both dialects; its type in `DB` is
 * `Json<T>`, a string that can only be made by `encodeJson` and read by `decodeJson`, so a column
 * of string ids cannot be written as a bare string, nor read in a shape other than its declared one.
 */
declare const JSON_VALUE: unique symbol;

/** JSON text holding a `T`. */
export type Json<T> = string & { readonly [JSON_VALUE]: T };

export function encodeJson<T>(value: T): Json<T> {
  return JSON.stringify(value) as Json<T>;
}

/** Reads a JSON column; a null column reads as `empty` (records made before the column existed). */
export function decodeJson<T>(text: Json<T>): T;
export function decodeJson<T>(text: Json<T> | null, empty: T): T;
export function decodeJson<T>(text: Json<T> | null, empty?: T): T {
  if (text === null) return empty as T;
  return JSON.parse(text) as T;
}
