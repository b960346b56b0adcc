// Building the audit pack from the web: an optional "as of" date, a button that queues the job,
// its progress while it runs (announced politely), then the link to download the archive.
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api';
import { Alert } from '../../components/form';
import { packApi, type AuditPack } from './api';

const POLL_MS = 1000;

const PHASES: Record<string, string> = {
  ledger: 'writing the ledger segment',
  records: 'writing the records',
  evidence: 'copying the evidence files',
  report: 'writing the report',
  done: 'done',
};

const phaseInWords = (p: string | null) => (p ? (PHASES[p] ?? p) : 'waiting to start');

function size(bytes: number | null) {
  if (bytes === null) return '';
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function PackPanel({ slug }: { slug: string }) {
  const [asOf, setAsOf] = useState('');
  const [pack, setPack] = useState<AuditPack | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [systems, setSystems] = useState<{ id: string; name: string }[]>([]);
  const [scope, setScope] = useState<string[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  useEffect(() => {
    let live = true;
    // Choosing a scope is optional: without the list, the whole organization is packed.
    packApi
      .systems(slug)
      .then((items) => live && setSystems(items))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [slug]);

  const follow = (id: string) => {
    timer.current = setTimeout(() => {
      packApi
        .get(slug, id)
        .then((p) => {
          setPack(p);
          if (p.status === 'queued' || p.status === 'running') follow(id);
          else setBusy(false);
        })
        .catch((e: unknown) => {
          setError(e instanceof ApiError ? e.message : String(e));
          setBusy(false);
        });
    }, POLL_MS);
  };

  const build = () => {
    setBusy(true);
    setError(null);
    setPack(null);
    packApi
      .create(slug, { ...(asOf ? { asOf } : {}), ...(scope.length ? { scope } : {}) })
      .then((p) => {
        setPack(p);
        follow(p.id);
      })
      .catch((e: unknown) => {
        setError(e instanceof ApiError ? e.message : String(e));
        setBusy(false);
      });
  };

  return (
    <section className="panel" aria-labelledby="pack-title">
      <h2 id="pack-title">Download audit pack</h2>
      <p className="hint">
        One ZIP for an auditor: an index to open offline, a report PDF, the records as JSON and CSV,
        the evidence files, the ledger segment with its signed heads and a signed manifest. Check it
        anywhere with <code>aims pack verify FILE</code>.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          build();
        }}
      >
        <div className="field">
          <label htmlFor="pack-as-of">As of (optional)</label>
          <input
            id="pack-as-of"
            type="date"
            value={asOf}
            onChange={(e) => setAsOf(e.target.value)}
            aria-describedby="pack-as-of-hint"
          />
          <p className="hint" id="pack-as-of-hint">
            The records as they stood at the end of that day (UTC); empty: as they are now.
          </p>
        </div>
        {systems.length > 0 && (
          <fieldset className="field fieldset" aria-describedby="pack-scope-hint">
            <legend>
              AI systems<span className="optional"> (optional)</span>
            </legend>
            <div className="checks">
              {systems.map((s) => (
                <label key={s.id} className="check">
                  <input
                    type="checkbox"
                    checked={scope.includes(s.id)}
                    onChange={(e) =>
                      setScope((prev) =>
                        e.target.checked ? [...prev, s.id] : prev.filter((x) => x !== s.id),
                      )
                    }
                  />
                  {s.name}
                </label>
              ))}
            </div>
            <p className="hint" id="pack-scope-hint">
              A pack about these systems: the report lists only their risks, impact assessments and
              incidents. None chosen: the whole organization.
            </p>
          </fieldset>
        )}
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Building…' : 'Build the audit pack'}
        </button>
      </form>
      <div aria-live="polite">
        <Alert>{error}</Alert>
        {pack && (pack.status === 'queued' || pack.status === 'running') && (
          <p>
            <progress max={100} value={pack.percent} aria-label="Audit pack progress" />{' '}
            {pack.percent}% — {phaseInWords(pack.phase)}
          </p>
        )}
        {pack?.status === 'failed' && (
          <Alert>The audit pack could not be made: {pack.error ?? 'unknown error'}</Alert>
        )}
        {pack?.status === 'done' && pack.download && (
          <p className="alert alert-success">
            The audit pack is ready ({pack.events ?? 0} events, {pack.records ?? 0} records
            {pack.bytes !== null ? `, ${size(pack.bytes)}` : ''}).{' '}
            <a href={pack.download} download>
              Download the audit pack
            </a>
          </p>
        )}
      </div>
    </section>
  );
}
