// Accounts (issue 14, item 5): change password, sessions, reset by e-mail against a real SMTP
// server, and the TOTP second factor with recovery codes, through the API on both dialects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hotp, stepAt } from '../src/modules/identity/totp.js';
import { ApiClient, PASSWORD, createOrgFixture, signIn, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { startTestSmtp, type TestSmtp } from './smtp.js';

const NEW_PASSWORD = 'a brand new passphrase 42';

const login = (t: TestApp, body: object, ip = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body, remoteAddress: ip });

describe.each(DIALECTS)('accounts on %s', (dialect) => {
  let t: TestApp;
  let smtp: TestSmtp;
  let f: OrgFixture;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    smtp = await startTestSmtp();
    f = await createOrgFixture(t);
  });
  afterAll(async () => {
    await smtp?.close();
    await t?.close();
  });

  const passwordRow = (email: string) =>
    t.database.db
      .selectFrom('users')
      .select(['password_hash', 'password_mac'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow();

  it('changes the password with the current one, ending the other sessions only', async () => {
    const m = await f.member('contributor');
    const other = await signIn(t.app, m.email);
    const before = await passwordRow(m.email);

    const wrong = await m.post('/api/v1/account/password', {
      currentPassword: 'not the password at all',
      newPassword: NEW_PASSWORD,
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({
      code: 'WRONG_PASSWORD',
      errors: [{ pointer: '/body/currentPassword' }],
    });
    const short = await m.post('/api/v1/account/password', {
      currentPassword: PASSWORD,
      newPassword: 'short',
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0].pointer).toBe('/body/newPassword');
    expect(await passwordRow(m.email)).toEqual(before);
    expect((await other.get('/api/v1/auth/session')).statusCode).toBe(200);

    const ok = await m.post('/api/v1/account/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ sessionsEnded: 1 });
    expect((await m.get('/api/v1/auth/session')).statusCode).toBe(200);
    expect((await other.get('/api/v1/auth/session')).statusCode).toBe(401);
    expect((await login(t, { email: m.email, password: PASSWORD })).statusCode).toBe(401);
    expect((await login(t, { email: m.email, password: NEW_PASSWORD })).statusCode).toBe(200);
  });

  it('limits wrong current passwords like sign-ins', async () => {
    const m = await f.member('viewer');
    let last = 0;
    for (let i = 0; i < 12; i++) {
      const r = await m.post('/api/v1/account/password', {
        currentPassword: `wrong guess number ${i}`,
        newPassword: NEW_PASSWORD,
      });
      last = r.statusCode;
      if (last === 429) break;
    }
    expect(last).toBe(429);
  });

  it('lists the sessions with the current one marked, and ends one or all others', async () => {
    const m = await f.member('auditor');
    const second = await signIn(t.app, m.email);
    const third = await signIn(t.app, m.email);
    const list = await m.get('/api/v1/account/sessions', { 'user-agent': 'test-agent' });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { id: string; current: boolean; ip: string }[];
    expect(items).toHaveLength(3);
    expect(items.filter((s) => s.current)).toHaveLength(1);
    expect(items[0]).toMatchObject({ ip: '127.0.0.1' });
    const secondId = (await second.get('/api/v1/account/sessions'))
      .json()
      .items.find((s: { current: boolean }) => s.current).id;
    expect((await m.delete(`/api/v1/account/sessions/${secondId}`)).statusCode).toBe(204);
    expect((await second.get('/api/v1/auth/session')).statusCode).toBe(401);
    // Someone else's session is no session of yours.
    const foreign = (await f.owner.get('/api/v1/account/sessions')).json().items[0].id;
    expect((await m.delete(`/api/v1/account/sessions/${foreign}`)).statusCode).toBe(404);
    expect((await f.owner.get('/api/v1/auth/session')).statusCode).toBe(200);
    const others = await m.post('/api/v1/account/sessions/end-others');
    expect(others.json()).toEqual({ sessionsEnded: 1 });
    expect((await third.get('/api/v1/auth/session')).statusCode).toBe(401);
    expect((await m.get('/api/v1/account/sessions')).json().items).toHaveLength(1);
  });

  it('without SMTP, says that the host operator resets passwords', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email: f.owner.email },
    });
    expect(r.statusCode).toBe(202);
    expect(r.json().channel).toBe('operator');
  });

  it('resets by a single-use e-mailed link, the same answer for unknown addresses', async () => {
    const config = t.services.config as { smtpUrl: string | null };
    config.smtpUrl = smtp.url;
    try {
      const m = await f.member('contributor');
      const keep = await signIn(t.app, m.email);
      smtp.received.length = 0;
      const ask = (email: string, ip: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/password-reset',
          payload: { email },
          remoteAddress: ip,
        });
      const known = await ask(m.email, '10.0.0.1');
      const unknown = await ask('nobody-here@example.com', '10.0.0.2');
      expect(known.statusCode).toBe(202);
      expect(unknown.statusCode).toBe(202);
      expect(known.json().channel).toBe('email');
      expect(known.json().message.replace(m.email, 'X')).toBe(
        unknown.json().message.replace('nobody-here@example.com', 'X'),
      );
      const [mail] = await smtp.waitFor(1);
      await new Promise((r) => setTimeout(r, 200));
      expect(smtp.received).toHaveLength(1);
      expect(mail!.to).toEqual([m.email]);
      const token = /\/reset-password#([A-Za-z0-9_-]{43})/.exec(mail!.text)![1]!;
      const stored = await t.database.db
        .selectFrom('password_resets')
        .selectAll()
        .where('used_at', 'is', null)
        .execute();
      expect(stored.map((s) => s.token_hash)).toContain(
        (await import('../src/kernel/ids.js')).sha256Hex(token),
      );
      expect(JSON.stringify(stored)).not.toContain(token);

      const complete = (body: object) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/password-reset/complete',
          payload: body,
          remoteAddress: '10.0.0.3',
        });
      const before = await passwordRow(m.email);
      const weak = await complete({ token, password: 'short' });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().errors[0].pointer).toBe('/body/password');
      const bad = await complete({ token: `${token.slice(0, -2)}AA`, password: NEW_PASSWORD });
      expect(bad.statusCode).toBe(422);
      expect(bad.json()).toMatchObject({
        code: 'INVALID_LINK',
        errors: [{ pointer: '/body/token' }],
      });
      expect(await passwordRow(m.email)).toEqual(before);

      expect((await complete({ token, password: NEW_PASSWORD })).statusCode).toBe(204);
      expect((await keep.get('/api/v1/auth/session')).statusCode).toBe(401);
      expect((await login(t, { email: m.email, password: NEW_PASSWORD })).statusCode).toBe(200);
      const again = await complete({ token, password: 'yet another long password' });
      expect(again.json().code).toBe('INVALID_LINK');

      // An expired link works no more.
      await ask(m.email, '10.0.0.4');
      const [, second] = await smtp.waitFor(2);
      const token2 = /\/reset-password#([A-Za-z0-9_-]{43})/.exec(second!.text)![1]!;
      const realNow = t.services.now;
      (t.services as { now: () => Date }).now = () => new Date(Date.now() + 31 * 60_000);
      try {
        expect((await complete({ token: token2, password: NEW_PASSWORD })).json().code).toBe(
          'INVALID_LINK',
        );
      } finally {
        (t.services as { now: () => Date }).now = realNow;
      }
    } finally {
      config.smtpUrl = null;
    }
  });

  it('enrols TOTP, asks for the code at sign-in, takes each code and recovery code once', async () => {
    const m = await f.member('manager');
    const enrol = await m.post('/api/v1/account/second-factor/enrol', { password: PASSWORD });
    expect(enrol.statusCode).toBe(200);
    const { secret, otpauthUri } = enrol.json() as { secret: string; otpauthUri: string };
    expect(otpauthUri).toBe(
      `otpauth://totp/aims:${encodeURIComponent(m.email)}?secret=${secret}&issuer=aims&algorithm=SHA1&digits=6&period=30`,
    );
    expect((await m.get('/api/v1/account/second-factor')).json()).toEqual({
      enabled: false,
      pending: true,
      recoveryCodesLeft: 0,
    });
    // Not on until confirmed.
    expect((await login(t, { email: m.email, password: PASSWORD })).statusCode).toBe(200);
    const wrong = await m.post('/api/v1/account/second-factor/confirm', { code: '000000' });
    expect(wrong.json()).toMatchObject({
      code: 'INVALID_CODE',
      errors: [{ pointer: '/body/code' }],
    });
    const step = stepAt(new Date());
    const confirm = await m.post('/api/v1/account/second-factor/confirm', {
      code: hotp(secret, step),
    });
    expect(confirm.statusCode).toBe(200);
    const codes = confirm.json().recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const stored = await t.database.db.selectFrom('recovery_codes').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(codes[0]);

    const needs = await login(t, { email: m.email, password: PASSWORD }, '10.1.0.1');
    expect(needs.statusCode).toBe(401);
    expect(needs.json()).toMatchObject({
      code: 'SECOND_FACTOR_REQUIRED',
      errors: [{ pointer: '/body/code' }],
    });
    expect(needs.cookies).toHaveLength(0);
    // The code that confirmed is used up; the next step's is accepted once.
    const replay = await login(t, { email: m.email, password: PASSWORD, code: hotp(secret, step) });
    expect(replay.json().code).toBe('INVALID_CODE');
    const next = hotp(secret, step + 1);
    expect((await login(t, { email: m.email, password: PASSWORD, code: next })).statusCode).toBe(
      200,
    );
    expect(
      (await login(t, { email: m.email, password: PASSWORD, code: next }, '10.1.0.2')).json().code,
    ).toBe('INVALID_CODE');
    // A wrong password with a right code is still a wrong password.
    expect(
      (await login(t, { email: m.email, password: 'wrong password!!', code: codes[0] })).json()
        .code,
    ).toBe('INVALID_CREDENTIALS');
    const rec = await login(t, { email: m.email, password: PASSWORD, code: codes[0] }, '10.1.0.3');
    expect(rec.statusCode).toBe(200);
    expect(
      (await login(t, { email: m.email, password: PASSWORD, code: codes[0] }, '10.1.0.4')).json()
        .code,
    ).toBe('INVALID_CODE');
    expect((await m.get('/api/v1/account/second-factor')).json()).toEqual({
      enabled: true,
      pending: false,
      recoveryCodesLeft: 9,
    });
    expect(
      (await m.post('/api/v1/account/second-factor/enrol', { password: PASSWORD })).json().code,
    ).toBe('INVALID_STATE');

    // Off with the password and a code; a wrong one changes nothing.
    const noPw = await m.post('/api/v1/account/second-factor/disable', {
      password: 'not my password!!',
      code: codes[1],
    });
    expect(noPw.json()).toMatchObject({
      code: 'WRONG_PASSWORD',
      errors: [{ pointer: '/body/password' }],
    });
    const noCode = await m.post('/api/v1/account/second-factor/disable', {
      password: PASSWORD,
      code: '12345x',
    });
    expect(noCode.json().code).toBe('INVALID_CODE');
    expect((await m.get('/api/v1/account/second-factor')).json().enabled).toBe(true);
    const off = await m.post('/api/v1/account/second-factor/disable', {
      password: PASSWORD,
      code: codes[1],
    });
    expect(off.statusCode).toBe(204);
    expect((await login(t, { email: m.email, password: PASSWORD }, '10.1.0.5')).statusCode).toBe(
      200,
    );
  });

  it('keeps account routes from API tokens and from callers without CSRF', async () => {
    const noCsrf = new ApiClient(
      t.app,
      { cookie: (f.owner.auth as { cookie: string }).cookie, csrf: 'wrong' },
      f.owner.email,
    );
    expect(
      (
        await noCsrf.post('/api/v1/account/password', {
          currentPassword: PASSWORD,
          newPassword: NEW_PASSWORD,
        })
      ).json().code,
    ).toBe('CSRF_FAILED');
    expect((await new ApiClient(t.app, null).get('/api/v1/account/sessions')).statusCode).toBe(401);
  });
});
