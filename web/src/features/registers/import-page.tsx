// Import a register from CSV or XLSX: check the file first (nothing is written), then import.
// All rows go in or none; every bad row is listed with its column.
import { useId, useState } from 'react';
import { ApiError, can, type FieldError, type Membership } from '../../api';
import { Alert, friendlyMessage } from '../../components/form';
import { Breadcrumbs, PageHeader, Section } from '../../components/page';
import { messageOf } from '../../lib/data';
import { inSentence, plural } from '../../lib/format';
import type { RegisterMeta } from '../../lib/lookups';
import { Link } from '../../router';
import { importType, registersApi, type ImportResult } from './api';
import { crumbs } from './record-page';
import { registerHref } from './links';

type Outcome =
  | { kind: 'result'; result: ImportResult }
  | { kind: 'invalid'; detail: string; errors: FieldError[] }
  | { kind: 'error'; message: string };

export function ImportPage({ membership, reg }: { membership: Membership; reg: RegisterMeta }) {
  const slug = membership.slug;
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [checked, setChecked] = useState<File | null>(null);
  const heading = `Import ${inSentence(reg.title)}`;

  const run = async (dryRun: boolean) => {
    if (!file) return setOutcome({ kind: 'error', message: 'Choose a file first.' });
    const type = importType(file);
    if (!type) return setOutcome({ kind: 'error', message: 'Choose a .csv or .xlsx file.' });
    setBusy(dryRun ? 'check' : 'import');
    setOutcome(null);
    try {
      const result = await registersApi.importFile(slug, reg, file, type, dryRun);
      setOutcome({ kind: 'result', result });
      setChecked(dryRun ? file : null);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'IMPORT_INVALID')
        setOutcome({ kind: 'invalid', detail: e.message, errors: e.problem.errors ?? [] });
      else setOutcome({ kind: 'error', message: messageOf(e) });
      setChecked(null);
    } finally {
      setBusy(null);
    }
  };

  if (!can(membership, `${reg.key}.import`)) {
    return (
      <>
        <Breadcrumbs items={crumbs(slug, reg)} />
        <PageHeader title={heading} org={membership.name} />
        <p>Your role in {membership.name} does not include importing.</p>
      </>
    );
  }

  const columns = ['id', ...reg.fields.filter((f) => !f.readOnly).map((f) => f.name)];
  return (
    <>
      <Breadcrumbs items={crumbs(slug, reg)} />
      <PageHeader title={heading} org={membership.name} />
      <Section
        id="import"
        title="Choose a file"
        intro={
          <>
            <p>
              A CSV or Excel file whose first row names the columns, as in the register’s download.
              Rows with an <code>id</code> update that record; rows without one add a record. Either
              every row is imported or none is.
            </p>
            <p>
              Columns: <code className="wrap">{columns.join(', ')}</code>. Lists (such as several AI
              roles) are separated by semicolons.
            </p>
          </>
        }
      >
        <div className="field">
          <label htmlFor={fileId}>CSV or Excel file</label>
          <input
            id={fileId}
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setOutcome(null);
              setChecked(null);
            }}
          />
        </div>
        <div className="actions">
          <button
            type="button"
            className="button"
            disabled={!file || busy !== null}
            onClick={() => void run(true)}
          >
            {busy === 'check' ? 'Checking…' : 'Check the file'}
          </button>
          <button
            type="button"
            className="button primary"
            disabled={!file || busy !== null}
            onClick={() => void run(false)}
          >
            {busy === 'import' ? 'Importing…' : 'Import'}
          </button>
          <Link href={registerHref(slug, reg)}>Back to {inSentence(reg.title)}</Link>
        </div>
      </Section>

      <div aria-live="polite">
        {outcome?.kind === 'error' && <Alert>{outcome.message}</Alert>}
        {outcome?.kind === 'result' && outcome.result.dryRun && (
          <Alert tone="info">
            The file is fine: {plural(outcome.result.rows, 'row')}, which would add{' '}
            {plural(outcome.result.created, 'record')} and update{' '}
            {plural(outcome.result.updated, 'record')}. Nothing has been written yet
            {checked ? ': press Import to do it.' : '.'}
          </Alert>
        )}
        {outcome?.kind === 'result' && !outcome.result.dryRun && (
          <Alert tone="success">
            Imported {plural(outcome.result.rows, 'row')}:{' '}
            {plural(outcome.result.created, 'record')} added, {outcome.result.updated} updated.{' '}
            <Link href={registerHref(slug, reg)}>See the register</Link>
          </Alert>
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
