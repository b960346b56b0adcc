import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { defineRoute, type RouteSpec, type Services } from '../../api/route.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { sha256Hex, uuidSchema } from '../../kernel/ids.js';
import { changePassword } from './account.js';
import { sendAccountMail } from './mail.js';
import { sessionByTokenHash, sessionsOfUser } from './queries.js';
import { completePasswordReset, RESET_TTL_MINUTES, startPasswordReset } from './reset.js';
import {
  accountSessionView,
  changePasswordInput,
  resetCompleteInput,
  resetRequestInput,
  resetRequestView,
} from './schemas.js';
import { endSessionOf, endSessionsOf, SESSION_COOKIE } from './sessions.js';

/** The signed-in user of an account route (these routes take no API token). */
export function userOf(req: FastifyRequest) {
  const a = req.actor;
  if (a?.kind !== 'user') throw new AppError('UNAUTHENTICATED');
  return a;
}

/** The id of the session this request came with. */
async function currentSessionId(services: Services, req: FastifyRequest) {
  const cookie = req.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  return (await sessionByTokenHash(services.database.db, sha256Hex(cookie)))?.sessionId ?? null;
}

/**
 * Runs `fn` under the sign-in limiter for `key`: refused while the key is over its limit, and a
 * failure of `fn` with one of `counted` codes counts against it.
 */
export async function limited<T>(
  services: Services,
  reply: FastifyReply,
  key: string,
  counted: string[],
  fn: () => Promise<T>,
): Promise<T> {
  const wait = services.loginLimiter.retryAfter(key);
  if (wait > 0) {
    reply.header('retry-after', String(wait));
    throw new AppError('RATE_LIMITED', `Too many failed attempts; try again in ${wait} s.`);
  }
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AppError && counted.includes(e.code)) services.loginLimiter.fail(key);
    throw e;
  }
}

export const accountRoutes: RouteSpec[] = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/account/password',
    operationId: 'account.change_password',
    summary: 'Change your password; your other sessions end',
    tag: 'auth',
    auth: 'user',
    body: changePasswordInput,
    example: {
      currentPassword: 'correct horse battery staple',
      newPassword: 'a new and long enough password',
    },
    response: {
      status: 200,
      schema: z.object({ sessionsEnded: z.number().int() }),
      description: 'Changed; the sessions that ended.',
    },
    errors: [422, 429],
    async handler({ services, body, req, reply }) {
      const user = userOf(req);
      const ended = await limited(
        services,
        reply,
        `${req.ip}|${user.email}`,
        ['WRONG_PASSWORD'],
        async () =>
          changePassword(services.database.db, services.keys.credentials, {
            userId: user.userId,
            sessionId: await currentSessionId(services, req),
            current: body.currentPassword,
            next: body.newPassword,
            now: services.now().toISOString(),
          }),
      );
      req.log.info(
        { account: { event: 'password.changed', userId: user.userId } },
        'password changed',
      );
      return { body: { sessionsEnded: ended } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/account/sessions',
    operationId: 'account.sessions',
    summary: 'Your sessions, the current one marked',
    tag: 'auth',
    auth: 'user',
    response: {
      status: 200,
      schema: z.object({ items: z.array(accountSessionView) }),
      description: 'Your live sessions, newest first.',
    },
    async handler({ services, req }) {
      const user = userOf(req);
      const cookie = req.cookies[SESSION_COOKIE];
      const mine = cookie ? sha256Hex(cookie) : '';
      const rows = await sessionsOfUser(
        services.database.db,
        user.userId,
        services.now().toISOString(),
      );
      return {
        body: {
          items: rows.map((s) => ({
            id: s.id,
            createdAt: s.created_at,
            lastSeenAt: s.last_seen_at,
            expiresAt: s.expires_at,
            userAgent: s.user_agent,
            ip: s.ip,
            current: s.token_hash === mine,
          })),
        },
      };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/account/sessions/:sessionId',
    operationId: 'account.end_session',
    summary: 'End one of your sessions',
    tag: 'auth',
    auth: 'user',
    params: z.object({ sessionId: uuidSchema }),
    response: { status: 204, schema: null, description: 'Ended.' },
    async handler({ services, req, params }) {
      const user = userOf(req);
      if (!(await endSessionOf(services.database.db, user.userId, params.sessionId)))
        throw notFound('session');
      return {};
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/account/sessions/end-others',
    operationId: 'account.end_other_sessions',
    summary: 'End all your sessions but this one',
    tag: 'auth',
    auth: 'user',
    response: {
      status: 200,
      schema: z.object({ sessionsEnded: z.number().int() }),
      description: 'The sessions that ended.',
    },
    async handler({ services, req }) {
      const user = userOf(req);
      const keep = await currentSessionId(services, req);
      const ended = await endSessionsOf(services.database.db, user.userId, keep);
      return { body: { sessionsEnded: ended } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/password-reset',
    operationId: 'auth.password_reset',
    summary: 'Ask for a password reset link by e-mail',
    tag: 'auth',
    auth: 'public',
    body: resetRequestInput,
    example: { email: 'owner@acme.example' },
    response: {
      status: 202,
      schema: resetRequestView,
      description: 'The same answer whether or not the address has an account.',
    },
    errors: [429],
    logLevel: 'warn',
    async handler({ services, body, req, reply }) {
      if (!services.config.smtpUrl)
        return {
          body: {
            channel: 'operator',
            message:
              'This instance sends no e-mail: ask the host operator to reset your password (aims user reset-password).',
          },
        };
      // Every request counts, by client and by address: no mail bombing, no link farming.
      for (const key of [`${req.ip}|reset`, `reset|${body.email}`]) {
        const wait = services.loginLimiter.retryAfter(key);
        if (wait > 0) {
          reply.header('retry-after', String(wait));
          throw new AppError('RATE_LIMITED', `Too many requests; try again in ${wait} s.`);
        }
      }
      services.loginLimiter.fail(`${req.ip}|reset`);
      services.loginLimiter.fail(`reset|${body.email}`);
      const started = await startPasswordReset(services.database.db, body.email, services.now());
      if (started) {
        // Sent after the answer, so its time does not tell whether the address has an account.
        const link = `${services.config.publicUrl}/reset-password#${started.token}`;
        setImmediate(() => {
          sendAccountMail(services.config, {
            to: started.user.email,
            subject: 'Reset your aims password',
            text: `Someone (we hope you) asked to reset the password of ${started.user.email} on aims.\n\nSet a new password here within ${RESET_TTL_MINUTES} minutes:\n${link}\n\nThe link works once. If you did not ask for it, ignore this e-mail: your password stays as it is.\n`,
          }).catch((e: unknown) =>
            req.log.warn(
              { err: e instanceof Error ? e.message : String(e) },
              'reset e-mail not sent',
            ),
          );
        });
      }
      return {
        body: {
          channel: 'email',
          message: `If ${body.email} has an account, a link to set a new password is on its way; it works for ${RESET_TTL_MINUTES} minutes.`,
        },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/password-reset/complete',
    operationId: 'auth.password_reset_complete',
    summary: 'Set a new password with a reset link; every session of the user ends',
    tag: 'auth',
    auth: 'public',
    body: resetCompleteInput,
    example: { token: 'the-secret-of-the-link', password: 'a new and long enough password' },
    response: { status: 204, schema: null, description: 'The password is set.' },
    errors: [422, 429],
    logLevel: 'warn',
    async handler({ services, body, req, reply }) {
      await limited(services, reply, `${req.ip}|reset-link`, ['INVALID_LINK'], () =>
        completePasswordReset(services.database.db, services.keys.credentials, {
          token: body.token,
          password: body.password,
          now: services.now(),
        }),
      );
      return {};
    },
  }),
];
