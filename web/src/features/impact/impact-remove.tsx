// Removing an impact from a draft assessment, after a confirmation; and what a refused change
// says when someone else changed the impact meanwhile.
import { useState } from 'react';
import { ApiError } from '../../api';
import { Alert } from '../../components/form';
import { messageOf } from '../../lib/data';
import { clip } from '../../lib/format';
import { impactApi, type Impact } from './api';

/** What to tell the reader when the impact changed since the page was loaded, else null. */
export const staleMessage = (e: unknown, what = 'make the change again') =>
  e instanceof ApiError && e.code === 'VERSION_MISMATCH'
    ? `Someone changed this impact since the page was loaded. Reload the page, check the change, and ${what}.`
    : null;

export function RemoveImpact({
  slug,
  item,
  onRemoved,
}: {
  slug: string;
  item: Impact;
  onRemoved: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = clip(item.description, 60);
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await impactApi.removeImpact(slug, item);
      onRemoved();
    } catch (e) {
      setError(staleMessage(e, 'remove it if it should still go') ?? messageOf(e));
      setBusy(false);
    }
  };
  return (
    <>
      {!confirming ? (
        <button
          type="button"
          className="button small danger-outline"
          aria-label={`Remove the impact “${name}”`}
          onClick={() => setConfirming(true)}
        >
          Remove
        </button>
      ) : (
        <span className="confirm" role="group" aria-label={`Confirm removing the impact “${name}”`}>
          <button
            type="button"
            className="button small danger"
            disabled={busy}
            onClick={() => void remove()}
          >
            {busy ? 'Removing…' : 'Remove it'}
          </button>
          <button type="button" className="button small" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </span>
      )}
      <Alert>{error}</Alert>
    </>
  );
}
