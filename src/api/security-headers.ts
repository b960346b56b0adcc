// The security headers every answer carries (CSP, HSTS behind TLS, and the rest helmet writes),
// worked out once at start.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

type HelmetOptions = Record<string, unknown>;
type Middleware = (
  req: unknown,
  res: { setHeader(name: string, value: string): void; removeHeader(name: string): void },
  next: (err?: unknown) => void,
) => void;

/**
 * The security headers helmet writes (the helmet that @fastify/helmet uses, with the same
 * options), worked out once: with no per-request directive they are the same for every answer,
 * and @fastify/helmet would build the middleware again and run it for each request.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const fromPlugin = createRequire(require.resolve('@fastify/helmet'));
  const helmet = fromPlugin('helmet') as (o: HelmetOptions) => Middleware;
  const headers: Record<string, string> = {};
  helmet(options)(
    {},
    {
      setHeader: (name, value) => void (headers[name.toLowerCase()] = String(value)),
      removeHeader: (name) => void delete headers[name.toLowerCase()],
    },
    (err) => {
      if (err) throw err;
    },
  );
  return headers;
}

/** The headers of this app's answers; HSTS and upgrade-insecure-requests only behind TLS. */
export const appSecurityHeaders = (secureCookies: boolean) =>
  securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        // Only meaningful behind TLS; on plain http it would break every asset of the app.
        upgradeInsecureRequests: secureCookies ? [] : null,
      },
    },
    hsts: secureCookies,
  });
