// "View as of": reading the organization's records as they stood at a past moment. The server
// rebuilds them from the ledger (?asOf= on every read); here the picker, the banner that says
// so, and the read-only membership the pages get meanwhile (no write buttons).
import { useState } from 'react';
import { setAsOf, type Membership } from '../../api';

/** The membership as pages see it while viewing the past: only its read abilities. */
export const readOnly = (m: Membership): Membership => ({
  ...m,
  abilities: m.abilities.filter((a) => /\.(read|download)$/.test(a)),
});

/** `2026-03-31T14:05` in the browser's time zone → ISO-8601 UTC; null when empty or invalid. */
const fromLocal = (value: string): string | null => {
  const ms = Date.parse(value);
  return value && !Number.isNaN(ms) ? new Date(ms).toISOString() : null;
};

/** ISO-8601 UTC → the value of a datetime-local input, in the browser's time zone. */
const toLocal = (iso: string): string => {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};

export const formatMoment = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'medium' });

/** The moment being viewed (null: now), kept with the API client so every read carries it. */
export function useAsOf(): [string | null, (moment: string | null) => void] {
  const [moment, setMoment] = useState<string | null>(null);
  return [
    moment,
    (next) => {
      setAsOf(next);
      setMoment(next);
    },
  ];
}

export function AsOfPicker({
  moment,
  onChange,
}: {
  moment: string | null;
  onChange: (moment: string | null) => void;
}) {
  const [draft, setDraft] = useState(moment ? toLocal(moment) : '');
  const apply = () => onChange(fromLocal(draft));
  return (
    <form
      className="as-of-picker"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <label htmlFor="as-of">View as of</label>
      <input
        id="as-of"
        type="datetime-local"
        step={1}
        value={draft}
        max={toLocal(new Date().toISOString())}
        onChange={(e) => setDraft(e.target.value)}
      />
      <button type="submit" className="button" disabled={!fromLocal(draft)}>
        View
      </button>
    </form>
  );
}

export function AsOfBanner({ moment, onNow }: { moment: string; onNow: () => void }) {
  return (
    <div className="alert as-of-banner" role="status">
      <p>
        <strong>Viewing records as of {formatMoment(moment)}, read-only.</strong> What you see is
        rebuilt from the ledger as it stood then; changes cannot be made.
      </p>
      <button type="button" className="button primary" onClick={onNow}>
        Back to now
      </button>
    </div>
  );
}
