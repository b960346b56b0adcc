import { canonicalize } from '../../kernel/jcs.js';
import { csvRows } from '../../interop/csv.js';

/**
 * The audit pack's layout and the rules that both the builder and the verifier follow (the
 * verifier recomputes what the builder wrote, so the two share these functions). Pure: nothing
 * here reads a database or a file.
 */
export const PACK_FORMAT = 'aims-audit-pack/1';

export const PATHS = {
  index: 'index.html',
  report: 'report.pdf',
  events: 'ledger/events.jsonl',
  heads: 'ledger/heads.jsonl',
  checkpoints: 'ledger/checkpoints.jsonl',
  publicKey: 'ledger/public-key.pem',
  manifest: 'manifest.json',
  signature: 'manifest.sig',
  records: (entity: string) => `records/${entity}.json`,
  csv: (entity: string) => `records/${entity}.csv`,
  evidence: (sha256: string) => `evidence/${sha256}`,
} as const;

export interface ManifestFile {
  path: string;
  sha256: string;
  size: number;
}

export interface ManifestTable {
  /** The ledger entity (the table's name). */
  entity: string;
  records: number;
  /** The CSV's columns, in order. */
  columns: string[];
}

/** A scoped pack's systems, and the files the scope narrowed (the rest hold every record). */
export interface ManifestScope {
  ai_systems: { id: string; name: string }[];
  narrows: string[];
}

/** manifest.json: canonical JSON (RFC 8785), signed in manifest.sig. */
export interface Manifest {
  format: typeof PACK_FORMAT;
  organization: { id: string; slug: string; name: string };
  /** The records are the organization's as of this moment: the ledger up to it, replayed. */
  as_of: string;
  generated_at: string;
  /** The ledger segment: its events from 1 to `events`, the last with hash `head`. */
  ledger: { events: number; head: string };
  tables: ManifestTable[];
  /** Only in a scoped pack: the AI systems it is about. */
  scope?: ManifestScope;
  /** Every file of the pack but manifest.json and manifest.sig. */
  files: ManifestFile[];
}

/** A record's line in records/<entity>.json: its state as canonical JSON. */
export const recordLine = (state: Record<string, unknown>) => canonicalize(state);

/**
 * records/<entity>.json: a JSON array, one record a line, so it can be written and read as a
 * stream and still opened by any JSON tool.
 */
export const jsonArray = {
  open: '[\n',
  separator: ',\n',
  close: '\n]\n',
  empty: '[]\n',
};

/** A value as a CSV cell: text as it is, lists of words joined by `;`, other JSON as JSON. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number'))
    return v.join(';');
  return canonicalize(v);
}

/** CSV text of records (no header), in the file's column order. */
export const csvText = (columns: readonly string[], records: Record<string, unknown>[]) =>
  csvRows(records.map((r) => columns.map((c) => csvCell(r[c]))));

/** The CSV's header line. */
export const csvHeader = (columns: readonly string[]) => csvRows([[...columns]]);

/** The columns of a table's CSV: the keys its records have, `id` first, then by name. */
export function csvColumns(keys: Iterable<string>): string[] {
  const all = [...new Set(keys)].sort();
  return all.includes('id') ? ['id', ...all.filter((k) => k !== 'id')] : all;
}

/** A stable name for a record in messages: `risks 0190…`. */
export const recordName = (entity: string, id: string) => `${entity} ${id}`;
