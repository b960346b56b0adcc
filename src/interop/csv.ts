// CSV in and out for imports, exports and register snapshots.
import { AppError } from '../kernel/errors.js';

/** RFC 4180 CSV (quotes, doubled quotes, CRLF or LF, a leading BOM). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (quoted) throw new AppError(422, 'IMPORT_INVALID', 'The CSV ends inside a quoted cell.');
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/** One value as a cell: lists (multi-value fields, references) joined by `;`. */
export const cellText = (v: unknown): string =>
  v === null || v === undefined ? '' : Array.isArray(v) ? v.join(';') : String(v);

/** RFC 4180 CSV, with formula-looking cells prefixed so a spreadsheet never evaluates them. */
export function toCsv(columns: string[], records: Record<string, unknown>[]): string {
  const esc = (s: string) => {
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [columns.map(esc).join(',')];
  for (const r of records) lines.push(columns.map((c) => esc(cellText(r[c]))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
