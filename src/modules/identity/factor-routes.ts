import { defineRoute, type RouteSpec } from '../../api/route.js';
import { z } from 'zod';
import { confirmTotp, disableTotp, enrolTotp, loadUser } from './account.js';
import { limited, userOf } from './account-routes.js';
import { recoveryCodesLeft } from './queries.js';
import {
  codeInput,
  disableFactorInput,
  passwordConfirmInput,
  secondFactorView,
} from './schemas.js';

const base = '/api/v1/account/second-factor';

/** The TOTP second factor of the signed-in user: state, enrolment, confirmation, turning off. */
export const factorRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: base,
    operationId: 'account.second_factor',
    summary: 'Whether your second factor is on, and how many recovery codes are left',
    tag: 'auth',
    auth: 'user',
    response: { status: 200, schema: secondFactorView, description: 'The second factor.' },
    async handler({ services, req }) {
      const db = services.database.db;
      const user = await loadUser(db, userOf(req).userId);
      return {
        body: {
          enabled: !!user.totp_enabled_at,
          pending: !user.totp_enabled_at && !!user.totp_secret,
          recoveryCodesLeft: user.totp_enabled_at ? await recoveryCodesLeft(db, user.id) : 0,
        },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${base}/enrol`,
    operationId: 'account.enrol_second_factor',
    summary: 'Start a TOTP second factor: the secret and otpauth URI, shown this once',
    tag: 'auth',
    auth: 'user',
    body: passwordConfirmInput,
    example: { password: 'correct horse battery staple' },
    response: {
      status: 200,
      schema: z.object({
        secret: z.string().describe('Base32, for typing into an authenticator app.'),
        otpauthUri: z.string().describe('The same as a URI (what a QR code holds).'),
      }),
      description: 'Waiting for a first code (confirm).',
    },
    errors: [409, 422, 429],
    async handler({ services, body, req, reply }) {
      const user = userOf(req);
      const out = await limited(
        services,
        reply,
        `${req.ip}|${user.email}`,
        ['WRONG_PASSWORD'],
        () =>
          enrolTotp(services.database.db, services.keys.credentials, {
            userId: user.userId,
            password: body.password,
            now: services.now().toISOString(),
          }),
      );
      return { body: out };
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${base}/confirm`,
    operationId: 'account.confirm_second_factor',
    summary: 'Turn the second factor on with a first code; ten recovery codes, shown this once',
    tag: 'auth',
    auth: 'user',
    body: codeInput,
    example: { code: '123456' },
    response: {
      status: 200,
      schema: z.object({ recoveryCodes: z.array(z.string()) }),
      description: 'On; each recovery code works once in place of a code.',
    },
    errors: [409, 422, 429],
    async handler({ services, body, req, reply }) {
      const user = userOf(req);
      const out = await limited(services, reply, `totp|${user.userId}`, ['INVALID_CODE'], () =>
        confirmTotp(services.database.db, services.keys.credentials, {
          userId: user.userId,
          code: body.code,
          now: services.now(),
        }),
      );
      req.log.info({ account: { event: 'second_factor.on', userId: user.userId } }, 'TOTP on');
      return { body: out };
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${base}/disable`,
    operationId: 'account.disable_second_factor',
    summary: 'Turn the second factor off (password and a code)',
    tag: 'auth',
    auth: 'user',
    body: disableFactorInput,
    example: { password: 'correct horse battery staple', code: '123456' },
    response: { status: 204, schema: null, description: 'Off; the recovery codes are gone.' },
    errors: [409, 422, 429],
    async handler({ services, body, req, reply }) {
      const user = userOf(req);
      await limited(
        services,
        reply,
        `${req.ip}|${user.email}`,
        ['WRONG_PASSWORD', 'INVALID_CODE'],
        () =>
          disableTotp(services.database.db, services.keys.credentials, {
            userId: user.userId,
            password: body.password,
            code: body.code,
            now: services.now(),
          }),
      );
      req.log.info({ account: { event: 'second_factor.off', userId: user.userId } }, 'TOTP off');
      return {};
    },
  }),
];
