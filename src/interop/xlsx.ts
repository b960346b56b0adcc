// XLSX in and out, through exceljs: the table is the first worksheet after an optional "About"
// sheet (organization, document, generated at, ...), its first row the header.
import type ExcelJSModule from 'exceljs';
import { lazy } from '../kernel/lazy.js';
import { AppError } from '../kernel/errors.js';
import { cellText } from './csv.js';

const exceljs = lazy<typeof ExcelJSModule>('exceljs');

/** The sheet aims puts first in an export to say what the file is; imports read past it. */
export const ABOUT_SHEET = 'About this export';

/**
 * Reads the first worksheet that is not the "About" sheet as text cells (dates as YYYY-MM-DD);
 * blank rows are left out.
 */
export async function parseXlsx(data: Buffer): Promise<string[][]> {
  const wb = new (exceljs().Workbook)();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new AppError('IMPORT_INVALID', 'The file is not a readable XLSX workbook.');
  }
  const ws = wb.worksheets.find((w) => w.name !== ABOUT_SHEET) ?? wb.worksheets[0];
  if (!ws) return [];
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (r) => {
    const cells: string[] = [];
    for (let i = 1; i <= ws.columnCount; i++) {
      const v = r.getCell(i).value as unknown;
      if (v instanceof Date) cells.push(v.toISOString().slice(0, 10));
      else if (v && typeof v === 'object' && 'text' in v)
        cells.push(String((v as { text: unknown }).text));
      else if (v && typeof v === 'object' && 'result' in v)
        cells.push(String((v as { result: unknown }).result ?? ''));
      else cells.push(v === null || v === undefined ? '' : String(v));
    }
    rows.push(cells);
  });
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/**
 * A name Excel accepts for a worksheet: none of \ / ? * [ ] :, no apostrophe at either end, not
 * empty, at most 31 UTF-16 units (cut between characters, never inside a surrogate pair).
 */
export function sheetNameOf(title: string): string {
  const cleaned = title
    .replace(/[\\/?*[\]:]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^'+|'+$/g, '')
    .trim();
  let name = '';
  for (const ch of cleaned) {
    if (name.length + ch.length > 31) break;
    name += ch;
  }
  return name.trim() || 'Sheet1';
}

/**
 * One worksheet with a bold, frozen header row, after an "About" sheet of label and value rows
 * when `about` is given. Cells are strings, so none is a formula.
 */
export async function toXlsx(
  sheetName: string,
  columns: string[],
  records: Record<string, unknown>[],
  about?: [string, string][],
): Promise<Buffer> {
  const wb = new (exceljs().Workbook)();
  wb.creator = 'aims';
  if (about) {
    const info = wb.addWorksheet(ABOUT_SHEET);
    info.columns = [{ width: 18 }, { width: 80 }];
    for (const row of about) info.addRow(row);
    info.getColumn(1).font = { bold: true };
  }
  const ws = wb.addWorksheet(sheetNameOf(sheetName));
  ws.columns = columns.map((c) => ({
    header: c,
    key: c,
    width: Math.min(60, Math.max(12, c.length + 2)),
  }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of records) ws.addRow(Object.fromEntries(columns.map((c) => [c, cellText(r[c])])));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
