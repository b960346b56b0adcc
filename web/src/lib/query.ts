// The one cache of what the app read from the API (TanStack Query). Keys start with the
// organization's slug, so everything of an organization is dropped or refreshed by its prefix,
// and end with the as-of moment being viewed, so the past and now never share an entry.
import { QueryClient } from '@tanstack/react-query';
import { onChangeAccepted, viewingAsOf } from '../api';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // An answer of the API is final (a 404 stays a 404): the page shows it, the user retries.
      retry: false,
      refetchOnWindowFocus: false,
    },
  },
});

/** The key of a read: its parts (the organization's slug first), then the as-of moment. */
export const queryKey = (...parts: readonly string[]) => [...parts, { asOf: viewingAsOf() }];

/** The organization a path of the API is about, if any. */
const orgOfPath = (path: string) => {
  const m = /^\/api\/v1\/orgs\/([^/?]+)/.exec(path);
  return m ? decodeURIComponent(m[1]!) : null;
};

/** Drops the organization's cached reads and reads again those on screen. */
export function refreshOrg(org: string) {
  queryClient.removeQueries({ queryKey: [org], type: 'inactive' });
  return queryClient.invalidateQueries({ queryKey: [org] });
}

// Every change the API accepted makes what was read of its organization stale: reads on screen
// are fetched again, the others dropped. Pages need not refresh anything after a change.
onChangeAccepted((path) => {
  const org = orgOfPath(path);
  if (org) void refreshOrg(org);
});
