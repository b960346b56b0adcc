import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { OrgAccess } from '../kernel/context.js';
import { responseCacheLookups } from './metrics.js';

/**
 * The answers of read routes kept by the organization's ledger head (docs/ARCHITECTURE.md,
 * "The response cache"). Every change of an organization's records is a command that advances
 * its ledger head, so a route that reads only ledgered records, the caller's access and (for
 * `head+minute`) the clock gives the same bytes again until the head moves: they are kept here,
 * serialized, with their ETag, and sent again without running the handler.
 *
 * The key is the organization, its head (seq and hash, read from the database on every request
 * with the caller's membership), the request's path and query string as sent, who the caller is
 * as far as a view can tell (member, role, token scopes, the AI systems they are limited to, how
 * they signed in) and, for `head+minute`, the minute. One process, one cache, bounded by bytes
 * (least recently used out first); several processes stay right because each reads the head
 * from the database.
 */
export type CacheMode = 'head' | 'head+minute';

export interface CachedAnswer {
  body: Buffer;
  etag: string;
}

interface Entry extends CachedAnswer {
  org: string;
  size: number;
}

interface OrgHead {
  seq: number;
  hash: string;
  keys: Set<string>;
}

/** The cost of an entry beyond its body and key (the Map slots, the objects). */
const OVERHEAD = 200;

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly heads = new Map<string, OrgHead>();
  private bytes = 0;

  constructor(readonly maxBytes: number) {}

  get size() {
    return this.bytes;
  }

  /**
   * The head this process has seen last for the organization: a newer one drops the
   * organization's entries (they can no longer be asked for); an older one (a request that read
   * the head just before a change committed) is neither served from nor kept. False: bypass.
   */
  private current(org: string, seq: number, hash: string): OrgHead | null {
    const known = this.heads.get(org);
    if (known && known.seq === seq && known.hash === hash) return known;
    if (known && seq < known.seq) return null;
    // Newer, or the same seq with another hash (a database put back from a backup): start again.
    if (known) for (const k of known.keys) this.drop(k);
    const fresh = { seq, hash, keys: new Set<string>() };
    this.heads.set(org, fresh);
    return fresh;
  }

  private drop(key: string) {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.bytes -= e.size;
    this.heads.get(e.org)?.keys.delete(key);
  }

  lookup(org: string, seq: number, hash: string, key: string): CachedAnswer | undefined | null {
    if (this.maxBytes === 0 || !this.current(org, seq, hash)) return null;
    const e = this.entries.get(key);
    if (!e) return undefined;
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  store(org: string, seq: number, hash: string, key: string, answer: CachedAnswer) {
    const size = answer.body.length + key.length * 2 + OVERHEAD;
    if (this.maxBytes === 0 || size > this.maxBytes / 8) return;
    const head = this.heads.get(org);
    // Only under the head this process knows now (a change may have committed meanwhile).
    if (!head || head.seq !== seq || head.hash !== hash) return;
    this.drop(key);
    this.entries.set(key, { ...answer, org, size });
    head.keys.add(key);
    this.bytes += size;
    for (const [k] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(k);
    }
  }
}

/** Who the caller is, as far as a view can tell. */
function viewerOf(req: FastifyRequest, access: OrgAccess): string {
  const a = req.actor;
  const via = a?.kind === 'user' ? a.via : (a?.kind ?? 'none');
  return [
    access.memberId ?? 'host',
    access.role,
    via,
    access.scopes ? [...access.scopes].sort().join(',') : '*',
    access.systems ? access.systems.join(',') : '*',
  ].join('|');
}

/** The key of a request's answer (the head is checked apart, see ResponseCache.lookup). */
export function cacheKey(
  mode: CacheMode,
  req: FastifyRequest,
  access: OrgAccess,
  now: Date,
): string {
  const minute = mode === 'head+minute' ? Math.floor(now.getTime() / 60_000) : '';
  return `${access.orgId}\n${req.url}\n${viewerOf(req, access)}\n${minute}`;
}

/** A strong ETag of the bytes: the same answer has the same tag in every process. */
export const etagOf = (body: Buffer) => `"r${createHash('sha1').update(body).digest('base64url')}"`;

/** Whether If-None-Match names this ETag (or is `*`). */
export function notModified(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const list = Array.isArray(ifNoneMatch) ? ifNoneMatch.join(',') : ifNoneMatch;
  return list.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

export const countLookup = (route: string, result: 'hit' | 'miss' | 'bypass') =>
  responseCacheLookups.inc({ route, result });
