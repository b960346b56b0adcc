import { z } from 'zod';
import { execute } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import { abilities, isRole } from '../../kernel/permissions.js';
import { defineRoute, type RouteSpec } from '../../api/route.js';
import { setupInstance } from '../orgs/commands.js';
import { verifyPassword } from './passwords.js';
import { email, userView } from './schemas.js';
import { createSession, deleteSession, SESSION_COOKIE } from './sessions.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

const membershipView = z.object({
  orgId: z.string(),
  slug: z.string(),
  name: z.string(),
  role: z.string(),
  abilities: z.array(z.string()).describe('Actions this user may perform in the organization.'),
});

const sessionView = z
  .object({
    user: userView,
    csrfToken: z.string().describe('Send as X-CSRF-Token on every unsafe request.'),
    memberships: z.array(membershipView),
    expiresAt: z.string(),
  })
  .meta({ id: 'Session' });

async function membershipsOf(db: Kysely<DB>, userId: string) {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('orgs', 'orgs.id', 'memberships.org_id')
    .select(['orgs.id as orgId', 'orgs.slug', 'orgs.name', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('orgs.name')
    .execute();
  return rows.map((r) => ({ ...r, abilities: isRole(r.role) ? abilities(r.role) : [] }));
}

export const identityRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/health',
    operationId: 'health.get',
    summary: 'Liveness and database check',
    tag: 'system',
    auth: 'public',
    response: {
      status: 200,
      schema: z.object({ status: z.literal('ok'), database: z.string(), version: z.string() }),
      description: 'The service is up.',
    },
    async handler({ services }) {
      await services.database.db.selectFrom('orgs').select('id').limit(1).execute();
      return { body: { status: 'ok', database: services.database.dialect, version: '0.1.0' } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/setup',
    operationId: 'setup.get',
    summary: 'Whether first-run setup is still open',
    tag: 'system',
    auth: 'public',
    response: {
      status: 200,
      schema: z.object({ needed: z.boolean() }),
      description: 'True while the instance is empty.',
    },
    async handler({ services }) {
      const org = await services.database.db
        .selectFrom('orgs')
        .select('id')
        .limit(1)
        .executeTakeFirst();
      return { body: { needed: !org } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/setup',
    operationId: 'setup.run',
    summary: 'First-run setup: create the first organization and its owner',
    tag: 'system',
    auth: 'public',
    body: setupInstance.input,
    example: {
      orgName: 'Acme Health',
      email: 'owner@acme.example',
      name: 'Ada Owner',
      password: 'correct horse battery',
    },
    response: {
      status: 201,
      schema: z.object({
        org: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
        user: userView,
      }),
      description: 'Set up; sign in next.',
    },
    errors: [409],
    async handler({ ctx, rawBody }) {
      const out = await execute(ctx, setupInstance, rawBody);
      if ((rawBody as { withExample?: boolean }).withExample) {
        const { seedExample } = await import('../demo/seed.js');
        await seedExample(
          ctx,
          { orgId: out.org.id, slug: out.org.slug, role: 'owner', memberId: null },
          { userId: out.user.id, email: out.user.email },
        );
      }
      return { body: out };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/login',
    operationId: 'auth.login',
    summary: 'Sign in with email and password; sets the session cookie',
    tag: 'auth',
    auth: 'public',
    body: z.object({ email, password: z.string().min(1).max(256) }).strict(),
    example: { email: 'owner@acme.example', password: 'correct horse battery' },
    response: { status: 200, schema: sessionView, description: 'Signed in.' },
    errors: [429],
    async handler({ services, body, req, reply }) {
      const key = `${req.ip}|${body.email}`;
      const wait = services.loginLimiter.retryAfter(key);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new AppError('RATE_LIMITED', `Too many failed sign-ins; try again in ${wait} s.`);
      }
      const db = services.database.db;
      const user = await db
        .selectFrom('users')
        .selectAll()
        .where('email', '=', body.email)
        .executeTakeFirst();
      if (!(await verifyPassword(user?.password_hash, body.password)) || !user) {
        services.loginLimiter.fail(key);
        throw new AppError('INVALID_CREDENTIALS');
      }
      services.loginLimiter.reset(key);
      const s = await createSession(db, user.id, services.now(), services.config.sessionTtlHours);
      reply.setCookie(SESSION_COOKIE, s.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: services.config.secureCookies,
        expires: s.expires,
      });
      return {
        body: {
          user: { id: user.id, email: user.email, name: user.name },
          csrfToken: s.csrf,
          memberships: await membershipsOf(db, user.id),
          expiresAt: s.expires.toISOString(),
        },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/logout',
    operationId: 'auth.logout',
    summary: 'Sign out: ends the session',
    tag: 'auth',
    auth: 'user',
    response: { status: 204, schema: null, description: 'Signed out.' },
    async handler({ services, req, reply }) {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await deleteSession(services.database.db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return {};
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/auth/session',
    operationId: 'auth.session',
    summary: 'The signed-in user, their organizations and abilities',
    tag: 'auth',
    auth: 'user',
    response: { status: 200, schema: sessionView, description: 'The current session.' },
    async handler({ services, req }) {
      const actor = req.actor!;
      if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED');
      const db = services.database.db;
      const user = await db
        .selectFrom('users')
        .select(['id', 'email', 'name'])
        .where('id', '=', actor.userId)
        .executeTakeFirstOrThrow();
      const s = await db
        .selectFrom('sessions')
        .select('expires_at')
        .where('csrf_token', '=', req.csrfToken ?? '')
        .executeTakeFirst();
      return {
        body: {
          user,
          csrfToken: req.csrfToken ?? '',
          memberships: await membershipsOf(db, user.id),
          expiresAt: s?.expires_at ?? '',
        },
      };
    },
  }),
];
