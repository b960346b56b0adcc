import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../../api/route.js';
import { AppError } from '../../kernel/errors.js';
import { passwordMatches, useSecondFactor } from './account.js';
import {
  membershipsOfUser,
  pingDatabase,
  sessionExpiry,
  userByEmail,
  userById,
  userCredentials,
} from './queries.js';
import { loginWithCodeInput, sessionView, toMembershipView } from './schemas.js';
import { createSession, deleteSession, SESSION_COOKIE } from './sessions.js';

export const identityRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/health',
    operationId: 'health.get',
    summary: 'Liveness, database and ledger check',
    tag: 'system',
    auth: 'public',
    response: {
      status: 200,
      schema: z.object({
        status: z.literal('ok'),
        database: z.string(),
        version: z.string(),
        ledger: z
          .enum(['ok', 'alarm'])
          .describe(
            'alarm: the stored chain of some organization no longer matches what was signed (or the database lost an organization); writes to it are refused. `aims ledger verify` says why.',
          ),
        ledgerAlarms: z
          .array(z.string())
          .describe('The ids of the organizations in alarm; nothing more is said here.'),
      }),
      description: 'The service is up.',
    },
    async handler({ services }) {
      await pingDatabase(services.database.db);
      // Ids only: the reasons are for the operator's logs and `aims ledger verify`.
      const alarms = services.keys.alarms.list().map((a) => a.orgId);
      return {
        body: {
          status: 'ok',
          database: services.database.dialect,
          version: '0.1.0',
          ledger: alarms.length ? 'alarm' : 'ok',
          ledgerAlarms: alarms,
        },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/login',
    operationId: 'auth.login',
    summary: 'Sign in with email and password; sets the session cookie',
    tag: 'auth',
    auth: 'public',
    body: loginWithCodeInput,
    example: { email: 'owner@acme.example', password: 'correct horse battery' },
    response: { status: 200, schema: sessionView, description: 'Signed in.' },
    errors: [422, 429],
    async handler({ services, body, req, reply }) {
      const key = `${req.ip}|${body.email}`;
      const wait = services.loginLimiter.retryAfter(key);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new AppError('RATE_LIMITED', `Too many failed sign-ins; try again in ${wait} s.`);
      }
      const db = services.database.db;
      const creds = services.keys.credentials;
      const found = await userByEmail(db, body.email);
      const user = found && (await userCredentials(db, found.id));
      if (!(await passwordMatches(creds, user, body.password)) || !user) {
        services.loginLimiter.fail(key);
        throw new AppError('INVALID_CREDENTIALS');
      }
      if (user.totp_enabled_at) {
        if (!body.code)
          throw new AppError('SECOND_FACTOR_REQUIRED', undefined, [
            { pointer: '/body/code', message: 'The code of your authenticator app.' },
          ]);
        if (!(await useSecondFactor(db, creds, user, body.code, services.now()))) {
          services.loginLimiter.fail(key);
          throw new AppError('INVALID_CODE', undefined, [
            { pointer: '/body/code', message: 'Wrong or already used.' },
          ]);
        }
      }
      services.loginLimiter.reset(key);
      const s = await createSession(
        db,
        services.keys.credentials,
        user.id,
        services.now(),
        services.config.sessionTtlHours,
        { userAgent: req.headers['user-agent'], ip: req.ip },
      );
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
          memberships: (await membershipsOfUser(db, user.id)).map((m) =>
            toMembershipView(m, services.keys.alarms.of(m.orgId) !== undefined),
          ),
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
      const user = await userById(db, actor.userId);
      return {
        body: {
          user,
          csrfToken: req.csrfToken ?? '',
          memberships: (await membershipsOfUser(db, user.id)).map((m) =>
            toMembershipView(m, services.keys.alarms.of(m.orgId) !== undefined),
          ),
          expiresAt: (await sessionExpiry(db, req.csrfToken ?? '')) ?? '',
        },
      };
    },
  }),
];
