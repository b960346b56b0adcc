// Calls for the registers, generic over the catalogue's description of each register.
import { orgPath, request, seg, withQuery, type Page, readHref } from '../../api';
import type { RecordData, RegisterMeta } from '../../lib/lookups';

export interface HistoryEvent {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  version: number | null;
  state: Record<string, unknown> | null;
}

export interface ImportResult {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
}

export interface PublishedDocument {
  document: { id: string; title: string };
  version: { id: string; number: number };
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The media type the import expects for a chosen file, from its name; null when neither. */
export function importType(file: File): string | null {
  if (/\.csv$/i.test(file.name)) return 'text/csv';
  if (/\.xlsx$/i.test(file.name)) return XLSX_TYPE;
  return null;
}

const base = (org: string, reg: RegisterMeta) => `${orgPath(org)}/${reg.path}`;

export const registersApi = {
  list: (
    org: string,
    reg: RegisterMeta,
    query: Record<string, string | number | null | undefined>,
  ) => request<Page<RecordData>>('GET', withQuery(base(org, reg), query)),
  get: (org: string, reg: RegisterMeta, id: string) =>
    request<RecordData>('GET', `${base(org, reg)}/${seg(id)}`),
  create: (org: string, reg: RegisterMeta, body: Record<string, unknown>) =>
    request<RecordData>('POST', base(org, reg), { body }),
  update: (org: string, reg: RegisterMeta, rec: RecordData, body: Record<string, unknown>) =>
    request<RecordData>('PATCH', `${base(org, reg)}/${seg(rec.id)}`, {
      body,
      ifMatch: rec.version,
    }),
  remove: (org: string, reg: RegisterMeta, rec: RecordData) =>
    request<void>('DELETE', `${base(org, reg)}/${seg(rec.id)}`, { ifMatch: rec.version }),
  history: (org: string, entity: string, id: string, cursor?: string | null) =>
    request<Page<HistoryEvent>>(
      'GET',
      withQuery(`${orgPath(org)}/history/${seg(entity)}/${seg(id)}`, { limit: 100, cursor }),
    ),
  importFile: (org: string, reg: RegisterMeta, file: File, type: string, dryRun: boolean) =>
    request<ImportResult>(
      'POST',
      withQuery(`${base(org, reg)}/import`, { dryRun: String(dryRun) }),
      { raw: { data: file, type } },
    ),
  exportHref: (org: string, reg: RegisterMeta, format: 'csv' | 'xlsx') =>
    readHref(`${base(org, reg)}/export?format=${format}`),
  publish: (org: string, reg: RegisterMeta, changeNote: string | undefined) =>
    request<PublishedDocument>('POST', `${orgPath(org)}/registers/${seg(reg.key)}/publish`, {
      body: changeNote ? { changeNote } : {},
    }),
};

export interface Person {
  memberId: string;
  email: string;
  name: string;
  note: string | null;
}
export interface Accountability {
  accountable: Person[];
  responsible: Person[];
  consulted: Person[];
  informed: Person[];
}
export interface CompetenceGap {
  memberId: string;
  email: string;
  role: string;
  missing: { competenceId: string; name: string }[];
}

export const peopleApi = {
  accountability: (
    org: string,
    subjectType: 'ai_system' | 'process' | 'control',
    subjectId: string,
  ) =>
    request<Accountability>(
      'GET',
      withQuery(`${orgPath(org)}/accountability`, { subjectType, subjectId }),
    ),
  competenceGaps: (org: string, cursor?: string | null) =>
    request<Page<CompetenceGap>>(
      'GET',
      withQuery(`${orgPath(org)}/competence-gaps`, { limit: 100, cursor }),
    ),
};
