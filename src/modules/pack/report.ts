import type { Preparer } from '../../interop/document.js';
import { renderPdf, type PdfTable } from '../../interop/pdf.js';
import { humanize } from '../../labels.js';
import { REPORT_SECTIONS, type Col } from './sections.js';
import type { RequirementResult } from '../readiness/index.js';
import type { ManifestScope } from './format.js';
import { scopeTitle } from './scope.js';

/**
 * The report PDF of an audit pack: a summary, then scope, Statement of Applicability, readiness
 * with its reasons, risks, impact assessments, audits and their findings, nonconformities and
 * corrective actions, incidents. Every section is drawn from the records as of the pack's moment:
 * the pack's own records (the replay of its ledger segment), and readiness evaluated on the
 * organization's records at that event with the clock of that moment.
 */
export { REPORT_SECTIONS };

const ORDER = Object.keys(REPORT_SECTIONS);

const cell = (v: unknown) =>
  v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
/** Columns that hold 1 or 0 for yes or no. */
const YES_NO = new Set(['applicable', 'serious']);
const text = (c: Col, v: unknown) =>
  YES_NO.has(c.key) && (v === 1 || v === 0 || typeof v === 'boolean')
    ? v
      ? 'Yes'
      : 'No'
    : c.words && typeof v === 'string' && v
      ? (c.words[v] ?? humanize(v))
      : cell(v);

/**
 * The rows a section of the PDF shows at most: the report is for reading; every record is in
 * the pack's JSON and CSV, which the section then points to. Also bounds the memory and time a
 * large organization's report takes (20,000 risks would be some 700 pages).
 */
export const SECTION_ROWS = 1_000;

type ReportRow = { sort: string; cells: Record<string, unknown>; id: string; systems: string[] };

/** The sections about AI systems: a scoped pack shows only the rows linked to its systems. */
const SCOPED = new Set(['risks', 'impact_assessments', 'incidents']);
const bySort = (a: ReportRow, b: ReportRow) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0);

/** The AI systems a record is linked to (`ai_system_ids` is JSON text in a record's state). */
function linkedSystems(state: Record<string, unknown>): string[] {
  if (typeof state.ai_system_id === 'string') return [state.ai_system_id];
  let ids = state.ai_system_ids;
  if (typeof ids === 'string') {
    try {
      ids = JSON.parse(ids);
    } catch {
      return [];
    }
  }
  return Array.isArray(ids) ? ids.map(String) : [];
}

/** Collects the rows of the report's sections from the records as they are written. */
export class ReportRows {
  readonly rows = new Map<string, ReportRow[]>();
  readonly counts = new Map<string, number>();
  readonly members = new Map<string, string>();
  /** The AI systems by id, with their names (a scope names them). */
  readonly systems = new Map<string, string>();
  /** The AI systems of each incident (from incident_systems). */
  readonly incidentSystems = new Map<string, string[]>();

  add(entity: string, state: Record<string, unknown>) {
    if (entity === 'memberships' && typeof state.id === 'string')
      this.members.set(state.id, String(state.email ?? state.id));
    if (entity === 'ai_systems') this.systems.set(String(state.id), String(state.name ?? ''));
    if (entity === 'incident_systems') {
      const id = String(state.incident_id);
      this.incidentSystems.set(id, [
        ...(this.incidentSystems.get(id) ?? []),
        String(state.ai_system_id),
      ]);
    }
    const s = REPORT_SECTIONS[entity];
    if (!s) return;
    const cells: Record<string, unknown> = {};
    for (const c of s.columns) cells[c.key] = state[c.key];
    const sort = state[s.sort];
    const list = this.rows.get(entity) ?? [];
    list.push({
      sort: typeof sort === 'number' ? String(sort).padStart(10, '0') : cell(sort),
      cells,
      id: String(state.id),
      systems: linkedSystems(state),
    });
    this.rows.set(entity, list);
  }
}

export interface ReportHead {
  /** The organization's name. */
  organization: string;
  /** The member who asked for the pack, if a member did. */
  preparedBy?: Preparer | null;
  asOf: string;
  generatedAt: string;
  events: number;
  head: string;
  keyFingerprint: string;
  tables: { entity: string; records: number }[];
  scope: ManifestScope | null;
}

export function renderReport(
  head: ReportHead,
  rows: ReportRows,
  readiness: RequirementResult[],
): Promise<Buffer> {
  return renderPdf({
    title: `Audit pack${scopeTitle(head.scope)}`,
    subtitle:
      'ISO/IEC 42001 audit pack report: the records as of its moment, replayed from the ledger',
    head: {
      organization: head.organization,
      generatedAt: new Date(head.generatedAt),
      asOf: head.asOf,
      ledger: { seq: head.events, hash: head.head },
      preparedBy: head.preparedBy ?? null,
    },
    tables: reportTables(head, rows, readiness),
  });
}

/** The report's tables: a summary, then one per section (narrowed by a scope). */
export function reportTables(
  head: ReportHead,
  rows: ReportRows,
  readiness: RequirementResult[],
): PdfTable[] {
  const member = (id: unknown) =>
    typeof id === 'string' ? (rows.members.get(id) ?? id) : cell(id);
  const inScope = new Set(head.scope?.ai_systems.map((s) => s.id));
  const linked = (entity: string, r: ReportRow) =>
    (entity === 'incidents' ? (rows.incidentSystems.get(r.id) ?? []) : r.systems).some((id) =>
      inScope.has(id),
    );
  const title = `Audit pack: ${head.organization}${scopeTitle(head.scope)}`;
  const tables: PdfTable[] = [
    {
      title,
      subtitle: `The records as of ${head.asOf}, replayed from the ledger (events 1 to ${head.events}).`,
      columns: [
        { header: 'Item', width: 2 },
        { header: 'Value', width: 8 },
      ],
      rows: [
        ['Organization', head.organization],
        ['As of', head.asOf],
        ['Generated', head.generatedAt],
        ['Ledger events', String(head.events)],
        ['Ledger head (SHA-256)', head.head],
        ['Public key fingerprint (SHA-256 of DER)', head.keyFingerprint],
        ...(head.scope
          ? [
              [
                'Scope',
                `AI systems: ${head.scope.ai_systems.map((s) => `${s.name} (${s.id})`).join(', ')}. Risks, impact assessments and incidents below are those linked to them; the ledger, the records (JSON, CSV) and the other sections are the whole organization's.`,
              ],
            ]
          : []),
        ['Verify', 'aims pack verify <this file>: no database, no server, no network needed'],
        ...head.tables.map((t) => [`records/${t.entity}.json`, `${t.records} records`]),
      ],
    },
  ];
  for (const entity of ORDER) {
    const s = REPORT_SECTIONS[entity]!;
    if (entity === 'soa_entries') tables.push(readinessTable(readiness, head.asOf));
    const scoped = head.scope && SCOPED.has(entity);
    const all = (rows.rows.get(entity) ?? []).filter((r) => !scoped || linked(entity, r));
    const list = all.sort(bySort).slice(0, SECTION_ROWS);
    const count = all.length;
    tables.push({
      title: s.title,
      subtitle:
        count > list.length
          ? `${count} records as of ${head.asOf}; the first ${list.length} are shown, all are in records/${entity}.csv and .json.`
          : `${count} records as of ${head.asOf}${scoped ? ', linked to the scope’s AI systems' : ''}.`,
      columns: s.columns.map((c) => ({ header: c.header, width: c.width })),
      rows: list.map((r) =>
        s.columns.map((c) => (c.member ? member(r.cells[c.key]) : text(c, r.cells[c.key]))),
      ),
    });
  }
  return tables;
}

function readinessTable(results: RequirementResult[], at: string): PdfTable {
  return {
    title: 'Readiness (clauses 4-10 and Annex A)',
    subtitle: `Evaluated on the records as of ${at}, with the reason for each result.`,
    columns: [
      { header: 'Requirement', width: 1.2 },
      { header: 'Title', width: 3.5 },
      { header: 'Status', width: 1.2 },
      { header: 'Reasons', width: 8 },
    ],
    rows: results.map((r) => [
      r.id,
      r.title,
      r.status.replace('_', ' '),
      r.reasons.map((x) => `${x.status}: ${x.detail}`).join('\n'),
    ]),
  };
}
