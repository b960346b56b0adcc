// CSV in and out. Papa Parse does the reading and writing, on the server (imports, exports,
// register snapshots) and in the web app (the snapshot view), so both read a file the same way.
import Papa from 'papaparse';
import { AppError } from '../kernel/errors.js';

/**
 * Cells a spreadsheet could run as a formula get a leading apostrophe when written (CWE-1236).
 * Tab, CR and LF are in the set because some spreadsheets strip them before looking for `=`.
 * A value that already starts with apostrophes before such a character gets one more, so that
 * dropping one apostrophe on reading (GUARDED) gives back exactly the value that was written.
 */
const FORMULA_LIKE = /^'*[=+\-@\t\r\n]/;
const GUARDED = /^'+[=+\-@\t\r\n]/;

/** The separators Excel and LibreOffice write: `,`, `;` where the decimal mark is a comma, tab. */
const SEPARATORS = [',', ';', '\t'];

export interface CsvRead {
  /** The non-blank rows, formula guards removed. */
  rows: string[][];
  /** Why the text is not well-formed CSV (rows are then what could be read), or null. */
  problem: string | null;
}

/**
 * Reads CSV as Excel, LibreOffice and aims write it: a leading BOM, `,`, `;` or tab between
 * cells (found from the file), quoted cells with separators, line breaks and doubled quotes.
 * Rows whose cells are all blank are left out.
 */
export function readCsv(text: string): CsvRead {
  // Papa Parse takes one line ending for the whole file; a file edited in two programs can mix
  // CRLF and LF, and a stray LF would then join two rows. Line breaks inside cells become LF too.
  const result = Papa.parse<string[]>(text.replace(/\r\n?/g, '\n'), {
    newline: '\n',
    delimitersToGuess: SEPARATORS,
    skipEmptyLines: 'greedy',
  });
  // An undetectable separator (a file of one column) falls back to `,`, which is right for it.
  const error = result.errors.find((e) => e.type === 'Quotes');
  let problem: string | null = null;
  if (error) {
    const row = (error.row ?? 0) + 1;
    problem =
      error.code === 'MissingQuotes'
        ? `The CSV ends inside a quoted cell that opens in row ${row}: a closing quote is missing.`
        : `Row ${row} has a quoted cell with more text after its closing quote; a quote inside a quoted cell is written twice ("").`;
  }
  const rows = result.data.map((r) => r.map((c) => (GUARDED.test(c) ? c.slice(1) : c)));
  return { rows, problem };
}

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
  const csv = Papa.unparse(rows, {
    delimiter: ',',
    newline: '\r\n',
    escapeFormulae: FORMULA_LIKE,
  });
  return `${csv}\r\n`;
}

/** Rows of CSV as toCsv writes them (CRLF after each, formula-like cells guarded), no header. */
export function csvRows(rows: string[][]): string {
  if (rows.length === 0) return '';
  return `${Papa.unparse(rows, { delimiter: ',', newline: '\r\n', escapeFormulae: FORMULA_LIKE })}\r\n`;
}
