import { UUID_RE } from '../../kernel/ids.js';

/** One problem in an import file: spreadsheet row (the header is row 1), column, and why. */
export interface ImportError {
  row: number;
  column: string;
  message: string;
}

/** A column an import reads: its key, the header the export writes, and other names it accepts. */
export interface ImportColumn {
  key: string;
  header: string;
  aliases?: string[];
}

/** A name or label compared loosely: case, spaces and punctuation do not matter. */
export const loose = (s: string) => s.toLowerCase().replace(/[^a-z0-9×]+/g, '');

/** A record's name as the duplicate check compares it: trimmed, any case. */
export const nameKey = (s: string) => s.trim().toLowerCase();

/**
 * Finds each known column in the header row by its header, key or alias (loosely); columns the
 * file has that the import ignores (computed ones of the export) are left out without a word.
 */
export function readHeader(
  header: string[],
  columns: ImportColumn[],
  ignored: string[],
  errors: ImportError[],
): Map<string, number> {
  const byName = new Map<string, string>();
  for (const c of columns)
    for (const n of [c.key, c.header, ...(c.aliases ?? [])]) byName.set(loose(n), c.key);
  const skip = new Set(ignored.map(loose));
  const at = new Map<string, number>();
  header.forEach((h, i) => {
    const k = loose(h);
    if (!k || skip.has(k)) return;
    const key = byName.get(k);
    if (!key)
      errors.push({
        row: 1,
        column: h,
        message: `Unknown column: use ${columns.map((c) => c.header).join(', ')}.`,
      });
    else if (at.has(key))
      errors.push({ row: 1, column: h, message: 'This column is in the file twice.' });
    else at.set(key, i);
  });
  return at;
}

/** A value of a list of keys given as its key or its label, in any case; null when none fits. */
export function enumValue<T extends string>(
  values: readonly T[],
  raw: string,
  labels: Partial<Record<T, string>> = {},
): T | null {
  const k = loose(raw);
  return values.find((v) => loose(v) === k || (labels[v] && loose(labels[v]) === k)) ?? null;
}

/** The words a list of keys accepts, for a message. */
export const choices = (values: readonly string[]) => values.map((v) => v.replace(/_/g, ' '));

/** A cell holding several values: separated by semicolons (as the export writes them) or new lines. */
export const listOf = (raw: string) =>
  raw
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Yes or no in the words spreadsheets use; null when it is neither. */
export function yesNo(raw: string): boolean | null {
  const k = loose(raw);
  if (['yes', 'y', 'true', '1', 'included', 'include', 'applicable'].includes(k)) return true;
  if (['no', 'n', 'false', '0', 'excluded', 'exclude', 'not_applicable'].includes(k)) return false;
  return null;
}

/**
 * Resolves names (or ids, or e-mails) to ids among records named in several ways: one match is
 * the id, none or several is a message for the row.
 */
export function nameIndex(records: { id: string; names: (string | null)[] }[]) {
  const byName = new Map<string, Set<string>>();
  const ids = new Set(records.map((r) => r.id));
  for (const r of records)
    for (const n of r.names) {
      if (!n) continue;
      const k = nameKey(n);
      byName.set(k, (byName.get(k) ?? new Set()).add(r.id));
    }
  return (value: string, what: string): { id: string } | { error: string } => {
    if (UUID_RE.test(value))
      return ids.has(value) ? { id: value } : { error: `No ${what} with id ${value}.` };
    const hits = [...(byName.get(nameKey(value)) ?? [])];
    if (hits.length === 1) return { id: hits[0]! };
    return {
      error: hits.length
        ? `"${value}" names several ${what}s: use the id.`
        : `No ${what} "${value}".`,
    };
  };
}
