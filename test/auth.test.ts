import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { ApiClient, PASSWORD, createOrgFixture, signIn } from './client.js';

describe.each(DIALECTS)('identity and sessions on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(dialect);
  });
  afterAll(() => t.close());

  it('runs first-run setup once, then refuses it', async () => {
    expect((await t.app.inject({ url: '/api/v1/setup' })).json()).toEqual({ needed: true });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { orgName: '', email: 'nope', password: 'short' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(
      bad
        .json()
        .errors.map((e: { pointer: string }) => e.pointer)
        .sort(),
    ).toEqual(['/body/email', '/body/orgName', '/body/password']);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { orgName: 'Acme Health', email: 'Ada@Acme.example', password: PASSWORD },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().org.slug).toBe('acme-health');
    expect(ok.json().user.email).toBe('ada@acme.example');
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { orgName: 'Other', email: 'x@acme.example', password: PASSWORD },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('SETUP_DONE');
    expect((await t.app.inject({ url: '/api/v1/setup' })).json()).toEqual({ needed: false });
    const hash = await t.database.db
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', 'ada@acme.example')
      .executeTakeFirstOrThrow();
    expect(hash.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('signs in with a HttpOnly SameSite=Lax cookie, demands CSRF on unsafe methods, and signs out', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'ada@acme.example', password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'aims_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const c = new ApiClient(t.app, { cookie: cookie.value, csrf: res.json().csrfToken });
    expect((await c.get('/api/v1/auth/session')).json().user.email).toBe('ada@acme.example');
    const noCsrf = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/orgs/acme-health',
      headers: { cookie: `aims_session=${cookie.value}` },
      payload: { name: 'X' },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('CSRF_FAILED');
    expect((await c.patch('/api/v1/orgs/acme-health', { name: 'Acme Health EU' })).statusCode).toBe(
      200,
    );
    expect((await c.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await c.get('/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('rejects wrong passwords without saying which part was wrong, and rate-limits guessing', async () => {
    const attempt = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'ada@acme.example', password },
      });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody@acme.example', password: 'x' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe('INVALID_CREDENTIALS');
    const max = t.services.config.loginRateLimit.max;
    for (let i = 0; i < max; i++) expect((await attempt(`wrong ${i}`)).statusCode).toBe(401);
    const limited = await attempt(PASSWORD);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    t.services.loginLimiter.reset(`127.0.0.1|ada@acme.example`);
    expect((await attempt(PASSWORD)).statusCode).toBe(200);
  });

  it('expires sessions', async () => {
    const c = await signIn(t.app, 'ada@acme.example');
    const realNow = t.services.now;
    try {
      t.services.now = () =>
        new Date(Date.now() + (t.services.config.sessionTtlHours + 1) * 3600_000);
      expect((await c.get('/api/v1/auth/session')).statusCode).toBe(401);
    } finally {
      t.services.now = realNow;
    }
    expect((await c.get('/api/v1/auth/session')).statusCode).toBe(200);
  });

  it('lets an API token create tokens only within its own scopes', async () => {
    const org = await createOrgFixture(t);
    const maker = await org.owner.post(`/api/v1/orgs/${org.slug}/tokens`, {
      name: 'token maker',
      scopes: ['tokens.create'],
    });
    expect(maker.statusCode).toBe(201);
    const c = new ApiClient(t.app, { token: maker.json().token as string });
    const wider = await c.post(`/api/v1/orgs/${org.slug}/tokens`, { name: 'w', scopes: ['write'] });
    expect(wider.statusCode).toBe(403);
    expect(wider.json()).toMatchObject({
      code: 'SCOPE_TOO_WIDE',
      errors: [{ pointer: '/body/scopes/0' }],
    });
    const same = await c.post(`/api/v1/orgs/${org.slug}/tokens`, { name: 'same' });
    expect(same.statusCode).toBe(201);
    expect(same.json().scopes).toEqual(['tokens.create']);
    const minted = new ApiClient(t.app, { token: same.json().token as string });
    expect((await minted.patch(`/api/v1/orgs/${org.slug}`, { name: 'Renamed' })).statusCode).toBe(
      403,
    );
  });

  it('issues API tokens shown once, stored hashed, scoped, expiring and revocable', async () => {
    const org = await createOrgFixture(t);
    const created = await org.owner.post(`/api/v1/orgs/${org.slug}/tokens`, {
      name: 'reader',
      scopes: ['read'],
    });
    expect(created.statusCode).toBe(201);
    const secret = created.json().token as string;
    expect(secret).toMatch(/^aims_/);
    const stored = await t.database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', created.json().id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(secret);
    expect(
      JSON.stringify(await org.owner.get(`/api/v1/orgs/${org.slug}/tokens`).then((r) => r.json())),
    ).not.toContain(secret);

    const reader = new ApiClient(t.app, { token: secret });
    expect((await reader.get(`/api/v1/orgs/${org.slug}/members`)).statusCode).toBe(200);
    const write = await reader.patch(`/api/v1/orgs/${org.slug}`, { name: 'Renamed' });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('TOKEN_SCOPE');
    // A token belongs to its organization only.
    const other = await createOrgFixture(t);
    expect((await reader.get(`/api/v1/orgs/${other.slug}`)).statusCode).toBe(404);

    const revoked = await org.owner.delete(`/api/v1/orgs/${org.slug}/tokens/${created.json().id}`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    expect((await reader.get(`/api/v1/orgs/${org.slug}/members`)).statusCode).toBe(401);

    const past = await org.owner.post(`/api/v1/orgs/${org.slug}/tokens`, {
      name: 'old',
      expiresAt: '2001-01-01T00:00:00Z',
    });
    expect(past.statusCode).toBe(422);
    expect(past.json().errors[0].pointer).toBe('/body/expiresAt');
    const soon = await org.owner.post(`/api/v1/orgs/${org.slug}/tokens`, {
      name: 'soon',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    const tok = new ApiClient(t.app, { token: soon.json().token });
    expect((await tok.get(`/api/v1/orgs/${org.slug}`)).statusCode).toBe(200);
    const realNow = t.services.now;
    try {
      t.services.now = () => new Date(Date.now() + 120_000);
      expect((await tok.get(`/api/v1/orgs/${org.slug}`)).statusCode).toBe(401);
    } finally {
      t.services.now = realNow;
    }
  });
});
