/** What every OSCAL document aims exports shares: the version, metadata, tokens and props. */
export const OSCAL_VERSION = '1.2.1';
/** The namespace of aims' own property names (OSCAL asks for one on names it does not define). */
export const AIMS_NS = 'https://github.com/aims-project/aims/ns/oscal';
/** Where the ISO/IEC 42001 catalog of aims is published by the API. */
export const CATALOG_HREF = '/api/v1/catalog/oscal';

export type Json = Record<string, unknown>;

/** OSCAL strings may not be empty or start or end with white space. */
export const str = (s: string | null | undefined, fallback: string): string => {
  const t = (s ?? '').trim();
  return t === '' ? fallback : t;
};

/**
 * An OSCAL token (an XML NCName: a letter or underscore first, then letters, digits, `.`, `-`, `_`)
 * from an identifier: `A.6.2.8` → `a.6.2.8`, a clause `6.1.3` → `clause-6.1.3`, `GOVERN 1.1` →
 * `govern-1.1`.
 */
export function token(id: string): string {
  const t = id
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  if (/^\d/.test(t)) return `clause-${t}`;
  return /^(\p{L}|_)/u.test(t) ? t : `x-${t || 'id'}`;
}

/** A property of aims (its own namespace); null or empty values are left out. */
export function prop(name: string, value: string | number | null | undefined): Json[] {
  if (value === null || value === undefined) return [];
  const v = String(value).trim();
  return v ? [{ name, ns: AIMS_NS, value: v }] : [];
}

/** OSCAL date-times need a time zone; a plain date is read as midnight UTC. */
export const dateTime = (d: string): string =>
  /^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T00:00:00Z` : new Date(d).toISOString();

export function metadata(title: string, version: string, now: Date, extra: Json = {}): Json {
  return {
    title,
    'last-modified': now.toISOString(),
    version,
    'oscal-version': OSCAL_VERSION,
    ...extra,
  };
}

/** A back-matter resource that names a document the export refers to (a catalog, a plan). */
export const resource = (uuid: string, title: string, href: string): Json => ({
  uuid,
  title,
  rlinks: [{ href, 'media-type': 'application/json' }],
});

/**
 * Leaves out optional arrays that came out empty (OSCAL arrays hold at least one item): `props`
 * with no property, `findings` of an audit without any, and so on.
 */
export function prune<T>(doc: T): T {
  if (Array.isArray(doc)) return doc.map(prune) as T;
  if (doc && typeof doc === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(doc)) {
      if (Array.isArray(v) && v.length === 0) continue;
      out[k] = prune(v);
    }
    return out as T;
  }
  return doc;
}
