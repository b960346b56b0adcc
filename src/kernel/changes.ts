import { z } from 'zod';

/**
 * The input of an edit, from the fields of a creation: every field optional and without its
 * default, so a field left out of a PATCH stays as it is instead of being reset (zod fills a
 * default in for a missing key even when the field is optional).
 */
export function changesOf<T extends Record<string, z.ZodType>>(fields: T) {
  const shape = Object.fromEntries(
    Object.entries(fields).map(([k, v]) => {
      const bare = v instanceof z.ZodDefault ? (v.removeDefault() as z.ZodType) : v;
      const described = v.description && !bare.description ? bare.describe(v.description) : bare;
      return [k, described.optional()];
    }),
  );
  return z.object(shape as { [K in keyof T]: z.ZodOptional<T[K]> }).strict();
}
