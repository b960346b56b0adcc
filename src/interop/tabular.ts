import { toCsv } from './csv.js';
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

/** One table as a CSV, XLSX or PDF file answer. */
export async function tableFile(
  format: TableFormat,
  name: string,
  title: string,
  subtitle: string,
  columns: TableColumn[],
  records: Record<string, unknown>[],
  now: Date,
) {
  let data: string | Buffer;
  if (format === 'pdf') {
    data = await renderPdf(
      {
        title,
        subtitle,
        columns: columns.map((c) => ({ header: c.header, width: c.width })),
        rows: records.map((r) => columns.map((c) => text(r[c.key]))),
      },
      now.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    );
  } else if (format === 'xlsx') {
    data = await toXlsx(
      title,
      columns.map((c) => c.key),
      records.map((r) => Object.fromEntries(columns.map((c) => [c.key, text(r[c.key])]))),
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
