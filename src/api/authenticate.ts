// Authentication of every request: a bearer API token or the session cookie, read (with the
// organization the path names, when it has one) before any route runs.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../kernel/errors.js';
import type { KnownOrg } from '../kernel/authorize.js';
import type { Actor } from '../kernel/context.js';
import { isProbe } from './probes.js';
import type { Services } from './route.js';

/**
 * How a request proves who it is, supplied by the identity module: a bearer API token, or the
 * session cookie (with the CSRF token unsafe requests must echo).
 */
export interface Authenticator {
  sessionCookie: string;
  /**
   * Given `orgRef` (the organization the request's path names), the credential is read in one
   * query with that organization, the user's membership and the ledger head, handed back as `org`.
   */
  byToken(
    token: string,
    now: Date,
    orgRef?: string,
  ): Promise<{ actor: Actor; org?: KnownOrg } | null>;
  bySession(
    cookie: string,
    now: Date,
    orgRef?: string,
  ): Promise<{ actor: Actor; csrfToken: string; org?: KnownOrg } | null>;
}

/** What an organization's slug or id may look like (the joined credential lookup reads only these). */
const ORG_REF = /^[A-Za-z0-9-]{1,100}$/;

/** Sets `req.actor`, `req.csrfToken` and `req.knownOrg` from the request's credential, if any. */
export function addAuthentication(app: FastifyInstance, services: Services, auth: Authenticator) {
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', String(req.id));
    if (isProbe(req.routeOptions.config)) return;
    req.actor = null;
    req.csrfToken = null;
    req.knownOrg = null;
    const authz = req.headers.authorization;
    const now = services.now();
    // A route of an organization: its organization and the caller's membership are read with the
    // credential, in the same query (resolveOrg uses them only for this same ref and user). Only
    // a ref shaped like a slug or an id; every other ref (a NUL, other text) is left to the route to
    // refuse or resolve, by the route's own checks, as before.
    const orgParam = (req.params as Record<string, unknown> | undefined)?.org;
    const orgRef = typeof orgParam === 'string' && ORG_REF.test(orgParam) ? orgParam : undefined;
    if (authz !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(authz);
      const t = m ? await auth.byToken(m[1]!, now, orgRef) : null;
      if (!t)
        throw new AppError('UNAUTHENTICATED', 'The API token is unknown, expired or revoked.');
      req.actor = t.actor;
      req.knownOrg = t.org ?? null;
      return;
    }
    const cookieToken = req.cookies[auth.sessionCookie];
    if (cookieToken) {
      const s = await auth.bySession(cookieToken, now, orgRef);
      if (s) {
        req.actor = s.actor;
        req.csrfToken = s.csrfToken;
        req.knownOrg = s.org ?? null;
      }
    }
  });
}
