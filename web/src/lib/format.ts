// Words for the values the API sends as identifiers.

// The words live with the server's exports (src/labels.ts), so files and screens agree.
import { humanize } from '../../../src/labels.js';
export { humanize };

export const optionsOf = (values: readonly string[]) =>
  values.map((v) => ({ value: v, label: humanize(v) }));

/** Cuts a long text for a table cell. */
export const clip = (s: string, n = 120) => (s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s);

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Who did something, in words: `user:<id>` (or with `/token:<id>`) becomes the member's email
 * when the member list has them; the host and anonymous reports have names of their own.
 */
export function actorName(
  actor: string | null | undefined,
  emailsByUser: Map<string, string>,
): string {
  if (!actor) return 'Unknown';
  if (actor === 'anonymous') return 'Anonymous';
  const host = /^host:(.+)$/.exec(actor);
  if (host) return `Server operator (${host[1]})`;
  const m = /^user:([^/]+)(\/token:.+)?$/.exec(actor);
  if (!m) return actor;
  const who = emailsByUser.get(m[1]!) ?? 'A former member';
  return m[2] ? `${who} (API token)` : who;
}

/** A title inside a sentence: "Context issues" → "context issues", while "AI systems" keeps its capitals. */
export const inSentence = (title: string) =>
  /^[A-Z]{2,}\b/.test(title) ? title : title[0]!.toLowerCase() + title.slice(1);
