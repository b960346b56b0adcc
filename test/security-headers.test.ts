import Fastify from 'fastify';
import helmet from '@fastify/helmet';
import { describe, expect, it } from 'vitest';
import { securityHeaders } from '../src/api/http.js';

// The headers are worked out once at start instead of by @fastify/helmet on every request: they
// must be exactly the ones the plugin sends with the same options.
describe('security headers worked out once', () => {
  for (const secure of [false, true]) {
    it(`are the ones @fastify/helmet sends (secure cookies: ${secure})`, async () => {
      const options = {
        contentSecurityPolicy: {
          directives: {
            defaultSrc: ["'self'"],
            frameAncestors: ["'none'"],
            upgradeInsecureRequests: secure ? [] : null,
          },
        },
        hsts: secure,
      };
      const app = Fastify();
      await app.register(helmet, options);
      app.get('/', async () => ({ ok: true }));
      const res = await app.inject({ url: '/' });
      await app.close();
      const sent = Object.fromEntries(
        Object.entries(res.headers).filter(
          ([k]) => !['content-type', 'content-length', 'date', 'connection'].includes(k),
        ),
      );
      expect(securityHeaders(options)).toEqual(sent);
      expect(Object.keys(sent).length).toBeGreaterThan(8);
    });
  }
});
