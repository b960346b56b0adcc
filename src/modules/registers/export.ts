import ExcelJS from 'exceljs';
import type { RegisterSpec } from './definitions.js';

/** Column order of a register's exports and imports: id first, then the fields as declared. */
export function exportColumns(spec: RegisterSpec) {
  return ['id', ...Object.keys(spec.fields), 'version', 'createdAt', 'updatedAt'];
}

const cell = (v: unknown): string =>
  v === null || v === undefined ? '' : Array.isArray(v) ? v.join(';') : String(v);

/** RFC 4180 CSV, with formula-looking cells prefixed so a spreadsheet never evaluates them. */
export function toCsv(columns: string[], records: Record<string, unknown>[]): string {
  const esc = (s: string) => {
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [columns.map(esc).join(',')];
  for (const r of records) lines.push(columns.map((c) => esc(cell(r[c]))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export async function toXlsx(
  sheetName: string,
  columns: string[],
  records: Record<string, unknown>[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'aims';
  const ws = wb.addWorksheet(sheetName.slice(0, 31));
  ws.columns = columns.map((c) => ({
    header: c,
    key: c,
    width: Math.min(60, Math.max(12, c.length + 2)),
  }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of records) ws.addRow(Object.fromEntries(columns.map((c) => [c, cell(r[c])])));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
