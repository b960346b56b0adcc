// "Show more" (the words of RecordList's button, so every list says the same) under a list read
// page by page (lib/paged.ts): the button while the list goes on, then how many were shown,
// announced politely as pages arrive.
import type { Paged } from '../lib/paged';

export function LoadMore<T>({
  list,
  one,
  many,
}: {
  list: Paged<T>;
  /** What one item is called ("event"), and several ("events"). */
  one: string;
  many: string;
}) {
  const n = list.items?.length ?? 0;
  return (
    <div className="actions" aria-live="polite">
      {(list.loading || list.loadingMore) && <span className="muted">Loading…</span>}
      {!list.loading && !list.loadingMore && list.more && (
        <button type="button" className="button" onClick={list.loadMore}>
          Show more
        </button>
      )}
      {list.items && !list.more && n > 0 && (
        <span className="muted">
          {n} {n === 1 ? one : many}, all shown.
        </span>
      )}
    </div>
  );
}
