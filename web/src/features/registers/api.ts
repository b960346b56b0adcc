// Calls for the registers, generic over the catalogue's description of each register: the paths
// come from the typed map of lib/register-routes.ts, so every call is one of openapi.json and its answer is
// typed from the generated schema of that register's records.
import {
  call,
  client,
  fileBody,
  ifMatch,
  orgPath,
  readHref,
  type Answer,
  type Body,
  type Schema,
} from '../../api';
import type { operations } from '../../generated/openapi';
import type { RecordData, RegisterMeta } from '../../lib/lookups';
import { listRecords, pathsOf, type AllOf, type RoutedRegister } from '../../lib/register-routes';

/** One recorded change of a record (a ledger event). */
export type HistoryEvent = Schema<'LedgerEvent'>;
/** What an import did (or, checked only, would do). */
export type ImportResult = Schema<'ImportOutcome'>;
export type PublishedDocument = Answer<'documents.publish_register'>;
export type Accountability = Answer<'responsibilities.who'>;
export type Person = Accountability['accountable'][number];
export type CompetenceGap = Answer<'competences.gaps'>['items'][number];

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The media type the import expects for a chosen file, from its name; null when neither. */
export function importType(file: File): string | null {
  if (/\.csv$/i.test(file.name)) return 'text/csv';
  if (/\.xlsx$/i.test(file.name)) return XLSX_TYPE;
  return null;
}

/**
 * What a register form sends, built from the catalogue's fields: the bodies of the API are
 * narrower (required fields, enums), and the server checks the values (422).
 */
type RegisterBody = AllOf<Body<`${RoutedRegister}.create`>>;
type RegisterChange = AllOf<Body<`${RoutedRegister}.update`>>;
type ItemParams = AllOf<operations[`${RoutedRegister}.get`]['parameters']['path']>;

/** The record's id under its register's own name in the path (e.g. aiSystemId). */
const item = (org: string, reg: RegisterMeta, id: string) => {
  const p = pathsOf(reg);
  return { url: p.item, path: { org, [p.idParam]: id } as ItemParams };
};

export const registersApi = {
  list: listRecords,
  get: (org: string, reg: RegisterMeta, id: string): Promise<RecordData> => {
    const { url, path } = item(org, reg, id);
    return call(client.GET(url, { params: { path } }));
  },
  create: (org: string, reg: RegisterMeta, body: Record<string, unknown>): Promise<RecordData> =>
    call(
      client.POST(pathsOf(reg).list, {
        params: { path: { org } },
        body: body as RegisterBody,
      }),
    ),
  update: (
    org: string,
    reg: RegisterMeta,
    rec: RecordData,
    body: Record<string, unknown>,
  ): Promise<RecordData> => {
    const { url, path } = item(org, reg, rec.id);
    return call(
      client.PATCH(url, {
        params: { path },
        headers: ifMatch(rec.version),
        body: body as RegisterChange,
      }),
    );
  },
  remove: (org: string, reg: RegisterMeta, rec: RecordData) => {
    const { url, path } = item(org, reg, rec.id);
    return call(client.DELETE(url, { params: { path }, headers: ifMatch(rec.version) }));
  },
  history: (org: string, entity: string, id: string, cursor?: string | null) =>
    call(
      client.GET('/api/v1/orgs/{org}/history/{entity}/{id}', {
        params: {
          // The pages name the ledger's record types; the server refuses any other (400).
          path: { org, entity: entity as HistoryEntity, id },
          query: { limit: 100, cursor: cursor ?? undefined },
        },
      }),
    ),
  importFile: (org: string, reg: RegisterMeta, file: File, type: string, dryRun: boolean) =>
    call(
      client.POST(pathsOf(reg).import, {
        params: { path: { org }, query: { dryRun: dryRun ? 'true' : 'false' } },
        ...fileBody(file, type),
      }),
    ),
  exportHref: (org: string, reg: RegisterMeta, format: 'csv' | 'xlsx') =>
    readHref(`${orgPath(org)}/${reg.path}/export?format=${format}`),
  publish: (org: string, reg: RegisterMeta, changeNote: string | undefined) =>
    call(
      client.POST('/api/v1/orgs/{org}/registers/{register}/publish', {
        params: { path: { org, register: reg.key as PublishedRegister } },
        body: changeNote ? { changeNote } : {},
      }),
    ),
};

type HistoryEntity = operations['ledger.history']['parameters']['path']['entity'];
type PublishedRegister = operations['documents.publish_register']['parameters']['path']['register'];

export const peopleApi = {
  accountability: (
    org: string,
    subjectType: 'ai_system' | 'process' | 'control',
    subjectId: string,
  ) =>
    call(
      client.GET('/api/v1/orgs/{org}/accountability', {
        params: { path: { org }, query: { subjectType, subjectId } },
      }),
    ),
  competenceGaps: (org: string, cursor?: string | null) =>
    call(
      client.GET('/api/v1/orgs/{org}/competence-gaps', {
        params: { path: { org }, query: { limit: 100, cursor: cursor ?? undefined } },
      }),
    ),
};
