// Reading CSV with a Papa Parse module the caller gives: the server's (src/interop/csv.ts, loaded
// on first use) or the web app's (web/src/lib/csv.ts, bundled). Nothing here loads a module, so
// the web app can import it.
import type Papa from 'papaparse';

export type PapaParse = typeof Papa;

/**
 * Cells a spreadsheet could run as a formula get a leading apostrophe when written (CWE-1236).
 * Tab, CR and LF are in the set because some spreadsheets strip them before looking for `=`.
 * A value that already starts with apostrophes before such a character gets one more, so that
 * dropping one apostrophe on reading (GUARDED) gives back exactly the value that was written.
 */
export const FORMULA_LIKE = /^'*[=+\-@\t\r\n]/;
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
export function readCsvWith(Papa: PapaParse, text: string): CsvRead {
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
