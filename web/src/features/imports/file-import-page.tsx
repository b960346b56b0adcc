// Import records from CSV or XLSX: check the file first (a dry run writes nothing and shows what
// would be created, updated or skipped, and every problem with its row and column), then import.
// The server recognizes a file imported before and says when and by whom.
import { useId, useState, type ReactNode } from 'react';
import {
  ApiError,
  call,
  can,
  client,
  fileBody,
  type FieldError,
  type Membership,
  type Schema,
} from '../../api';
import { Alert, friendlyMessage } from '../../components/form';
import { Breadcrumbs, PageHeader, Section } from '../../components/page';
import { messageOf } from '../../lib/data';
import { plural } from '../../lib/format';
import { Link } from '../../router';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What the server answers to an import or its dry run. */
export type ImportOutcome = Schema<'ImportOutcome'>;

/** The imports this page serves (each answers an ImportOutcome). */
export type ImportPath = '/api/v1/orgs/{org}/risks/import' | '/api/v1/orgs/{org}/soa/import';

type Outcome =
  | { kind: 'result'; result: ImportOutcome }
  | { kind: 'invalid'; detail: string; errors: FieldError[] }
  | { kind: 'already'; detail: string }
  | { kind: 'error'; message: string };

export interface FileImportProps {
  membership: Membership;
  /** e.g. "Import risks". */
  title: string;
  /** e.g. "risks". */
  what: string;
  /** The import route, as openapi.json names it. */
  path: ImportPath;
  /** The permission to import. */
  action: string;
  crumbs: { href: string; label: string }[];
  back: { href: string; label: string };
  templateHref: (format: 'csv' | 'xlsx') => string;
  /** The columns and how to fill them in. */
  help: ReactNode;
  /** A record a duplicate names, as a link. */
  recordHref?: (id: string) => string;
}

const day = (iso: string) => iso.slice(0, 10);

export function FileImportPage(p: FileImportProps) {
  const fileId = useId();
  const dupId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [duplicates, setDuplicates] = useState<'skip' | 'update'>('skip');
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const send = async (dryRun: boolean, again = false) => {
    if (!file) return setOutcome({ kind: 'error', message: 'Choose a file first.' });
    const type = /\.csv$/i.test(file.name)
      ? 'text/csv'
      : /\.xlsx$/i.test(file.name)
        ? XLSX_TYPE
        : null;
    if (!type) return setOutcome({ kind: 'error', message: 'Choose a .csv or .xlsx file.' });
    setBusy(dryRun ? 'check' : 'import');
    setOutcome(null);
    try {
      const result = await call(
        client.POST(p.path, {
          params: {
            path: { org: p.membership.slug },
            query: {
              dryRun: dryRun ? 'true' : 'false',
              duplicates,
              ...(again ? { again: 'true' } : {}),
            },
          },
          ...fileBody(file, type),
        }),
      );
      setOutcome({ kind: 'result', result });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'IMPORT_INVALID')
        setOutcome({ kind: 'invalid', detail: e.message, errors: e.problem.errors ?? [] });
      else if (e instanceof ApiError && e.code === 'ALREADY_IMPORTED')
        setOutcome({ kind: 'already', detail: e.message });
      else setOutcome({ kind: 'error', message: messageOf(e) });
    } finally {
      setBusy(null);
    }
  };

  if (!can(p.membership, p.action)) {
    return (
      <>
        <Breadcrumbs items={p.crumbs} />
        <PageHeader title={p.title} org={p.membership.name} />
        <p>
          Your role in {p.membership.name} does not include importing {p.what}.
        </p>
      </>
    );
  }

  const result = outcome?.kind === 'result' ? outcome.result : null;
  return (
    <>
      <Breadcrumbs items={p.crumbs} />
      <PageHeader title={p.title} org={p.membership.name} />
      <Section
        id="import"
        title="Choose a file"
        intro={
          <>
            <p>
              A CSV or Excel file whose first row names the columns, as in the download of the{' '}
              {p.what} or the template. Check it first: nothing is written until you press Import,
              and then every row is imported or none is. A file imported before is recognized.
            </p>
            {p.help}
            <p>
              Template:{' '}
              <a href={p.templateHref('csv')} download>
                CSV
              </a>{' '}
              ·{' '}
              <a href={p.templateHref('xlsx')} download>
                Excel
              </a>
            </p>
          </>
        }
      >
        <div className="field">
          <label htmlFor={fileId}>CSV or Excel file</label>
          <input
            id={fileId}
            type="file"
            accept={`.csv,.xlsx,text/csv,${XLSX_TYPE}`}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setOutcome(null);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={dupId}>Rows whose name exists already</label>
          <select
            id={dupId}
            value={duplicates}
            onChange={(e) => {
              setDuplicates(e.target.value === 'update' ? 'update' : 'skip');
              setOutcome(null);
            }}
          >
            <option value="skip">Skip them</option>
            <option value="update">Update the existing record</option>
          </select>
        </div>
        <div className="actions">
          <button
            type="button"
            className="button"
            disabled={!file || busy !== null}
            onClick={() => void send(true)}
          >
            {busy === 'check' ? 'Checking…' : 'Check the file'}
          </button>
          <button
            type="button"
            className="button primary"
            disabled={!file || busy !== null}
            onClick={() => void send(false)}
          >
            {busy === 'import' ? 'Importing…' : 'Import'}
          </button>
          <Link href={p.back.href}>{p.back.label}</Link>
        </div>
      </Section>

      <div aria-live="polite">
        {outcome?.kind === 'error' && <Alert>{outcome.message}</Alert>}
        {outcome?.kind === 'already' && (
          <Section id="import-already" title="Imported before">
            <Alert tone="info">{outcome.detail}</Alert>
            <div className="actions">
              <button
                type="button"
                className="button"
                disabled={busy !== null}
                onClick={() => void send(false, true)}
              >
                Import it again
              </button>
            </div>
          </Section>
        )}
        {result?.dryRun && (
          <Alert tone="info">
            The file is fine: {plural(result.rows, 'row')}, which would add{' '}
            {plural(result.created, 'record')}, update {plural(result.updated, 'record')} and skip{' '}
            {plural(result.skipped, 'row')}. Nothing has been written yet: press Import to do it.
          </Alert>
        )}
        {result?.dryRun && result.alreadyImported && (
          <Alert tone="info">
            This file was imported on {day(result.alreadyImported.importedAt)} by{' '}
            {result.alreadyImported.memberEmail ?? 'a former member'} (
            {plural(result.alreadyImported.created, 'record')} added,{' '}
            {result.alreadyImported.updated} updated). Importing it changes nothing unless you ask
            to import it again.
          </Alert>
        )}
        {result && !result.dryRun && (
          <Alert tone="success">
            Imported {plural(result.rows, 'row')}: {plural(result.created, 'record')} added,{' '}
            {result.updated} updated, {result.skipped} skipped.{' '}
            <Link href={p.back.href}>{p.back.label}</Link>
          </Alert>
        )}
        {result && result.skippedRows.length > 0 && (
          <Section id="import-skipped" title="Rows left out">
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Rows the import leaves out, and why</caption>
                <thead>
                  <tr>
                    <th scope="col">Row</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {result.skippedRows.map((s) => {
                    const dup = result.duplicates.find((d) => d.row === s.row);
                    return (
                      <tr key={s.row}>
                        <td className="num">{s.row}</td>
                        <td>
                          {s.reason}
                          {dup?.id && p.recordHref && (
                            <>
                              {' '}
                              <Link href={p.recordHref(dup.id)}>See “{dup.name}”</Link>
                            </>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </Section>
        )}
        {outcome?.kind === 'invalid' && (
          <Section id="import-problems" title="Problems in the file">
            <Alert>{outcome.detail}</Alert>
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Rows that cannot be imported</caption>
                <thead>
                  <tr>
                    <th scope="col">Row</th>
                    <th scope="col">Column</th>
                    <th scope="col">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {outcome.errors.map((e, i) => (
                    <tr key={i}>
                      <td className="num">{e.row ?? '—'}</td>
                      <td>
                        <code>{e.column ?? e.pointer}</code>
                      </td>
                      <td>{friendlyMessage(e.message)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="muted">Row numbers count the header as row 1, as a spreadsheet does.</p>
          </Section>
        )}
      </div>
    </>
  );
}
