// Import and export of OSCAL and CycloneDX documents: the exports as links, and each import checked
// first (a dry run shows what would be created or updated, or every problem with its JSON pointer)
// before the user confirms it.
import { useState, type FormEvent } from 'react';
import { ApiError, can, type FieldError, type Membership } from '../../api';
import { RecordPicker } from '../../components/record-picker';
import { PageHeader } from '../../components/page';
import {
  importDocument,
  interchangeHref,
  OSCAL_EXPORTS,
  type ImportKind,
  type ImportResult,
  type OscalExport,
} from './api';

const KINDS: Record<ImportKind, string> = {
  catalog: 'OSCAL catalog (an additional framework)',
  component: 'OSCAL component definition (AI systems and SoA decisions)',
  cyclonedx: 'CycloneDX ML-BOM (models, datasets, suppliers of an AI system)',
};

function Outcome({ result }: { result: ImportResult }) {
  if (result.kind === 'catalog') {
    const f = result.body.framework;
    return (
      <p>
        {result.body.action === 'create' ? 'New framework' : 'Updates the framework'} {f.title} (key{' '}
        <code>{f.key}</code>): {f.controls} controls in {f.groups} groups.
      </p>
    );
  }
  if (result.kind === 'component')
    return (
      <ul aria-label="What the import does">
        {result.body.systems.map((s) => (
          <li key={s.pointer}>
            AI system {s.name}: {s.action === 'create' ? 'created' : 'matched'}
          </li>
        ))}
        {result.body.controls.map((c) => (
          <li key={c.pointer}>
            Control {c.controlId}: {c.action} ({c.implementationStatus})
          </li>
        ))}
      </ul>
    );
  return (
    <ul aria-label="What the import does">
      {result.body.items.map((i) => (
        <li key={`${i.kind}${i.pointer}${i.name}`}>
          {i.kind} {i.name}: {i.action === 'create' ? 'created' : 'already recorded'}
        </li>
      ))}
    </ul>
  );
}

export function InterchangePage({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const [kind, setKind] = useState<ImportKind>('catalog');
  const [systemId, setSystemId] = useState('');
  const [text, setText] = useState<string | null>(null);
  const [checked, setChecked] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const [problem, setProblem] = useState<{ detail: string; errors: FieldError[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const mayImport = can(membership, 'frameworks.import');

  const attempt = async (dryRun: boolean) => {
    if (text === null) return;
    setBusy(true);
    setProblem(null);
    try {
      const r = await importDocument(slug, kind, text, dryRun, systemId);
      if (dryRun) setChecked(r);
      else {
        setDone(r);
        setChecked(null);
      }
    } catch (e) {
      setChecked(null);
      if (e instanceof ApiError)
        setProblem({ detail: e.problem.detail, errors: e.problem.errors ?? [] });
      else setProblem({ detail: String(e), errors: [] });
    } finally {
      setBusy(false);
    }
  };
  const check = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    void attempt(true);
  };

  return (
    <>
      <PageHeader title="Import and export" org={membership.name} />
      <section className="panel" aria-labelledby="exports-title">
        <h2 id="exports-title">Export as OSCAL</h2>
        <ul>
          <li>
            <a href={interchangeHref.catalog()} download>
              ISO/IEC 42001 catalog
            </a>
          </li>
          {(Object.keys(OSCAL_EXPORTS) as OscalExport[]).map((k) => (
            <li key={k}>
              <a href={interchangeHref.oscal(slug, k)} download>
                {OSCAL_EXPORTS[k]}
              </a>
            </li>
          ))}
        </ul>
        <p className="muted">
          An AI system&apos;s component definition and CycloneDX ML-BOM are on its own page.
        </p>
      </section>
      {mayImport && (
        <section className="panel" aria-labelledby="import-title">
          <h2 id="import-title">Import a document</h2>
          <form onSubmit={check}>
            <label>
              Kind of document
              <select
                value={kind}
                onChange={(e) => {
                  setKind(e.target.value as ImportKind);
                  setChecked(null);
                }}
              >
                {(Object.keys(KINDS) as ImportKind[]).map((k) => (
                  <option key={k} value={k}>
                    {KINDS[k]}
                  </option>
                ))}
              </select>
            </label>
            {kind === 'cyclonedx' && (
              <RecordPicker
                org={slug}
                type="ai_systems"
                label="AI system"
                name="aiSystemId"
                required
                defaultValue={systemId ? [systemId] : undefined}
                onChange={(ids) => setSystemId(ids[0] ?? '')}
              />
            )}
            <label>
              JSON file
              <input
                type="file"
                accept=".json,application/json"
                required
                onChange={(e) => {
                  setChecked(null);
                  setDone(null);
                  const f = e.target.files?.[0];
                  if (f) void f.text().then(setText);
                  else setText(null);
                }}
              />
            </label>
            <button
              type="submit"
              className="button"
              disabled={busy || text === null || (kind === 'cyclonedx' && !systemId)}
            >
              Check (nothing is imported)
            </button>
          </form>
          {problem && (
            <div role="alert" className="problem">
              <p>{problem.detail}</p>
              <ul aria-label="Problems">
                {problem.errors.map((f, i) => (
                  <li key={i}>
                    <code>{f.pointer}</code>: {f.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {checked && (
            <div aria-labelledby="dry-run-title">
              <h3 id="dry-run-title">What the import would do</h3>
              <Outcome result={checked} />
              <button
                type="button"
                className="button primary"
                disabled={busy}
                onClick={() => void attempt(false)}
              >
                Import
              </button>
            </div>
          )}
          {done && (
            <div role="status">
              <h3>Imported</h3>
              <Outcome result={done} />
            </div>
          )}
        </section>
      )}
    </>
  );
}
