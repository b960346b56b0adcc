import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { tableFile, type TableColumn } from '../../interop/tabular.js';
import type { OrgAccess } from '../../kernel/context.js';
import {
  CLOCK_TITLE,
  HARM_TYPE,
  humanize,
  INCIDENT_STATUS,
  labelOf,
  SERIOUS_CASE,
  SEVERITY,
} from '../../labels.js';
import { documentHead } from '../orgs/index.js';
import type { Clock } from './clocks.js';
import { allCommunications, allIncidents, exportNames } from './queries.js';
import { incidentViews } from './views.js';

const COLUMNS: TableColumn[] = [
  { key: 'ref', header: 'Id', width: 8 },
  { key: 'title', header: 'Incident', width: 14 },
  { key: 'status', header: 'Status', width: 6 },
  { key: 'severity', header: 'Severity', width: 6 },
  { key: 'serious', header: 'Serious', width: 8 },
  { key: 'detectedAt', header: 'Detected (UTC)', width: 8 },
  { key: 'aiSystems', header: 'AI systems', width: 10 },
  { key: 'harmTypes', header: 'Harm', width: 8 },
  { key: 'affected', header: 'Affected', width: 8 },
  { key: 'containment', header: 'Containment', width: 12 },
  { key: 'rootCause', header: 'Root cause', width: 12 },
  { key: 'clocks', header: 'Reporting clocks', width: 16 },
  { key: 'communications', header: 'Communications', width: 16 },
];

/** An instant as the export shows it: UTC to the minute. */
export const utcText = (iso: string | null) =>
  iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '';

function clockText(c: Clock): string {
  switch (c.state) {
    case 'met':
      return `${c.title}: sent ${utcText(c.fulfilledAt)} (due ${utcText(c.dueAt)})`;
    case 'late':
      return `${c.title}: sent late ${utcText(c.fulfilledAt)} (due ${utcText(c.dueAt)})`;
    case 'waiting':
      return `${c.title}: starts with the earlier report`;
    case 'overdue':
      return `${c.title}: OVERDUE since ${utcText(c.dueAt)}`;
    case 'running':
      return `${c.title}: due ${utcText(c.dueAt)}`;
  }
}

/** The incidents as a CSV, XLSX or PDF file: one row each, names for ids, clocks in words. */
export async function incidentsFile(
  db: Kysely<DB>,
  access: OrgAccess,
  format: 'csv' | 'xlsx' | 'pdf',
  now: Date,
) {
  const rows = await allIncidents(db, access.orgId, 100_000);
  const views = await incidentViews(db, access, rows, now.toISOString());
  const names = await exportNames(db, access.orgId);
  const sent = new Map<string, string[]>();
  for (const c of await allCommunications(db, access.orgId)) {
    const line = `${utcText(c.sent_at)} ${humanize(c.channel)} to ${c.recipient}${c.fulfils ? ` (${labelOf(CLOCK_TITLE, c.fulfils)})` : ''}`;
    sent.set(c.incident_id, [...(sent.get(c.incident_id) ?? []), line]);
  }
  const records = views.map((v) => ({
    ref: v.ref ?? '',
    title: v.title,
    status: labelOf(INCIDENT_STATUS, v.status),
    severity: labelOf(SEVERITY, v.severity),
    serious: v.serious ? `Yes: ${labelOf(SERIOUS_CASE, v.seriousCase ?? 'other')}` : 'No',
    detectedAt: utcText(v.detectedAt),
    aiSystems: v.systems.map(
      (s) =>
        `${names.systems.get(s.aiSystemId) ?? s.aiSystemId}${s.aiModelId ? ` (${names.models.get(s.aiModelId) ?? s.aiModelId})` : ''}`,
    ),
    harmTypes: v.harmTypes.map((h) => labelOf(HARM_TYPE, h)),
    affected: [v.affectedCount === null ? null : `${v.affectedCount} people`, v.affectedDescription]
      .filter(Boolean)
      .join(': '),
    containment: v.containment ?? '',
    rootCause: v.rootCause ?? '',
    clocks: v.clocks.map(clockText),
    communications: sent.get(v.id) ?? [],
  }));
  return tableFile(
    format,
    `${access.slug}-incidents`,
    'AI incidents',
    `${records.length} incidents (ISO/IEC 42001 A.8.4; EU AI Act Art. 73)`,
    COLUMNS,
    records,
    await documentHead(db, access, now),
  );
}
