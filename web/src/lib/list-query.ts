// A list page's filter as the API's query string: values left empty are left out (the list is
// not narrowed by them). The pages offer only the values the server takes; it refuses others (400).
export function listQuery<Q>(f: object): Q {
  const q: Record<string, string> = {};
  for (const [k, v] of Object.entries(f) as [string, unknown][])
    if (v !== null && v !== undefined && v !== '') q[k] = String(v);
  return q as Q;
}
