// CSV in and out. Papa Parse does the reading and writing, on the server (imports, exports,
// register snapshots) and in the web app (the snapshot view), so both read a file the same way.
// The server loads it on the first CSV it reads or writes (src/kernel/lazy.ts), not at start.
import { AppError } from '../kernel/errors.js';
import { lazy } from '../kernel/lazy.js';
import { FORMULA_LIKE, readCsvWith, type CsvRead, type PapaParse } from './csv-read.js';

export type { CsvRead } from './csv-read.js';

const papa = lazy<PapaParse>('papaparse');

/** readCsvWith on the server, Papa Parse loaded on first use. */
export const readCsv = (text: string): CsvRead => readCsvWith(papa(), text);

/** Reads an import file's CSV; a malformed file is a 422 that says where it breaks. */
export function parseCsv(text: string): string[][] {
  const { rows, problem } = readCsv(text);
  if (problem) throw new AppError('IMPORT_INVALID', problem);
  return rows;
}

/** One value as a cell: lists (multi-value fields, references) joined by `;`. */
export const cellText = (v: unknown): string =>
  v === null || v === undefined ? '' : Array.isArray(v) ? v.join(';') : String(v);

/** RFC 4180 CSV (comma, CRLF, no BOM) with a header row and formula-like cells guarded. */
export function toCsv(columns: string[], records: Record<string, unknown>[]): string {
  // Rows as arrays, header first: given `{ fields, data: [] }`, Papa Parse writes an empty row.
  const rows = [columns, ...records.map((r) => columns.map((c) => cellText(r[c])))];
  const csv = papa().unparse(rows, {
    delimiter: ',',
    newline: '\r\n',
    escapeFormulae: FORMULA_LIKE,
  });
  return `${csv}\r\n`;
}

/** Rows of CSV as toCsv writes them (CRLF after each, formula-like cells guarded), no header. */
export function csvRows(rows: string[][]): string {
  if (rows.length === 0) return '';
  return `${papa().unparse(rows, { delimiter: ',', newline: '\r\n', escapeFormulae: FORMULA_LIKE })}\r\n`;
}
