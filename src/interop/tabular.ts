import { toCsv } from './csv.js';
import { headLines, type DocumentHead } from './document.js';
import { renderPdf } from './pdf.js';
import { toXlsx } from './xlsx.js';

export type TableFormat = 'csv' | 'xlsx' | 'pdf';
export interface TableColumn {
  key: string;
  header: string;
  /** Relative width in the PDF. */
  width: number;
}

const TYPES: Record<TableFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

const text = (v: unknown) =>
  v === null || v === undefined ? '' : Array.isArray(v) ? v.join('; ') : String(v);

/**
 * One table as a CSV, XLSX or PDF file answer. Cells are words (labels, names), never enum keys
 * or member ids; a column a machine needs to re-import by id says so in its key.
 * - CSV stays machine-readable: one header row of the column keys, then the rows; what the file
 *   is (organization, title, time) is in its name and the request, not in extra rows.
 * - XLSX: an "About this export" sheet first (organization name, title, generated at, as of,
 *   ledger head, prepared by), then the table with the column keys as its header row.
 * - PDF: a title page with a sign-off block, then the table with the column headers.
 */
export async function tableFile(
  format: TableFormat,
  name: string,
  title: string,
  subtitle: string,
  columns: TableColumn[],
  records: Record<string, unknown>[],
  head: DocumentHead,
) {
  let data: string | Buffer;
  if (format === 'pdf') {
    data = await renderPdf({
      title,
      subtitle,
      head,
      tables: [
        {
          title,
          columns: columns.map((c) => ({ header: c.header, width: c.width })),
          rows: records.map((r) => columns.map((c) => text(r[c.key]))),
        },
      ],
    });
  } else if (format === 'xlsx') {
    data = await toXlsx(
      title,
      columns.map((c) => c.key),
      records.map((r) => Object.fromEntries(columns.map((c) => [c.key, text(r[c.key])]))),
      [...headLines(title, head), ...(subtitle ? [['About', subtitle] as [string, string]] : [])],
    );
  } else {
    data = toCsv(
      columns.map((c) => c.key),
      records.map((r) => Object.fromEntries(columns.map((c) => [c.key, text(r[c.key])]))),
    );
  }
  return { contentType: TYPES[format], filename: `${name}.${format}`, data };
}

export const FILE_TYPES = Object.values(TYPES).map((t) => t.split(';')[0]!);
