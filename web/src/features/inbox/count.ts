// How many items wait for the signed-in member: the count the navigation shows beside "My work".
import { useEffect, useState } from 'react';
import { onChangeAccepted } from '../../api';
import { inboxApi } from './api';

/**
 * The number of items waiting for the member (null until known), read again on every page
 * change (`path`) and after every change the API accepted: approving, assigning, accepting.
 */
export function useInboxCount(slug: string | null, path: string): number | null {
  const [count, setCount] = useState<number | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => onChangeAccepted(() => setTick((n) => n + 1)), []);
  useEffect(() => {
    if (!slug) return;
    let live = true;
    inboxApi.inbox(slug).then(
      (i) => live && setCount(i.total),
      () => live && setCount(null),
    );
    return () => {
      live = false;
    };
  }, [slug, path, tick]);
  return count;
}
