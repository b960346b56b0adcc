/**
 * Credentials are outside the ledger (their hashes must not be published to every auditor), so
 * they carry a seal instead: an HMAC with a key beside the signing keys. Someone who can write the
 * database and puts in a hash of a secret they know (a password, an API token, a session cookie)
 * must not get in, and `aims ledger verify` must name the row.
 */
import fs from 'node:fs';
import { sql, type Migration } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { MIGRATIONS } from '../src/db/migrations/index.js';
import { sealStoredCredentials } from '../src/kernel/credentials.js';
import { newId, sha256Hex } from '../src/kernel/ids.js';
import { credentialProblems, verifyLedger } from '../src/kernel/verify.js';
import { hashPassword } from '../src/modules/identity/passwords.js';
import { createServices } from '../src/server.js';
import { ApiClient, createOrgFixture, PASSWORD, signIn, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, openTestDatabase, type TestApp } from './harness.js';

const ATTACKER_PASSWORD = 'the attacker knows this one';

describe.each(DIALECTS)('sealed credentials (%s)', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t, 'Sealed');
  });
  afterAll(() => t?.close());
  const db = () => t.database.db;
  const login = (email: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  const codes = async () =>
    (await verifyLedger(t.database, t.services.keys, org.id)).problems.map((p) => p.code);

  it('a clean instance: every credential sealed, verification ok', async () => {
    expect(await codes()).toEqual([]);
    expect(await credentialProblems(db(), t.services.keys)).toEqual([]);
  });

  it("a member's password hash replaced by one the attacker knows: the sign-in is refused, verify names it", async () => {
    const victim = await org.member('manager');
    const user = await db()
      .selectFrom('users')
      .select(['id', 'password_hash', 'password_mac'])
      .where('email', '=', victim.email)
      .executeTakeFirstOrThrow();
    await sql`update users set password_hash = ${await hashPassword(ATTACKER_PASSWORD)} where id = ${user.id}`.execute(
      db(),
    );
    expect((await login(victim.email, ATTACKER_PASSWORD)).statusCode).toBe(401);
    expect(await codes()).toContain('CREDENTIAL_SEAL');
    expect(await credentialProblems(db(), t.services.keys)).toEqual([
      expect.objectContaining({
        code: 'CREDENTIAL_SEAL',
        message: expect.stringContaining(user.id),
      }),
    ]);
    // A seal copied from the attacker's own account does not fit another user either.
    const attacker = await org.member('viewer');
    const own = await db()
      .selectFrom('users')
      .select(['password_hash', 'password_mac'])
      .where('email', '=', attacker.email)
      .executeTakeFirstOrThrow();
    await sql`update users set password_hash = ${own.password_hash}, password_mac = ${own.password_mac} where id = ${user.id}`.execute(
      db(),
    );
    expect((await login(victim.email, PASSWORD)).statusCode).toBe(401);
    // Put back as it was: the victim signs in again.
    await sql`update users set password_hash = ${user.password_hash}, password_mac = ${user.password_mac} where id = ${user.id}`.execute(
      db(),
    );
    expect((await login(victim.email, PASSWORD)).statusCode).toBe(200);
    expect(await credentialProblems(db(), t.services.keys)).toEqual([]);
  });

  it("an API token's hash replaced by the hash of a secret the attacker chose: refused, verify names the token", async () => {
    const created = await org.owner.post(`/api/v1/orgs/${org.slug}/tokens`, { name: 'ci' });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json() as { id: string; token: string };
    const api = (secret: string) => new ApiClient(t.app, { token: secret });
    expect((await api(token).get(`/api/v1/orgs/${org.slug}/members`)).statusCode).toBe(200);
    const chosen = `aims_${'x'.repeat(43)}`;
    await sql`update api_tokens set token_hash = ${sha256Hex(chosen)} where id = ${id}`.execute(
      db(),
    );
    expect((await api(chosen).get(`/api/v1/orgs/${org.slug}/members`)).statusCode).toBe(401);
    const report = await verifyLedger(t.database, t.services.keys, org.id);
    const problem = report.problems.find((p) => p.code === 'CREDENTIAL_SEAL');
    expect(problem?.message).toContain(id);
    // The seq of the token's last event.
    expect(problem?.seq).toBeGreaterThan(0);
    await sql`update api_tokens set token_hash = ${sha256Hex(token)} where id = ${id}`.execute(
      db(),
    );
    expect((await api(token).get(`/api/v1/orgs/${org.slug}/members`)).statusCode).toBe(200);
    // The seal was just found good: the same seal on the token moved to another member is not.
    const other = await org.member('auditor');
    const { user_id: ownerId } = await db()
      .selectFrom('api_tokens')
      .select('user_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const otherId = (
      await db()
        .selectFrom('users')
        .select('id')
        .where('email', '=', other.email)
        .executeTakeFirstOrThrow()
    ).id;
    await sql`update api_tokens set user_id = ${otherId} where id = ${id}`.execute(db());
    expect((await api(token).get(`/api/v1/orgs/${org.slug}/members`)).statusCode).toBe(401);
    await sql`update api_tokens set user_id = ${ownerId} where id = ${id}`.execute(db());
    expect((await api(token).get(`/api/v1/orgs/${org.slug}/members`)).statusCode).toBe(200);
  });

  it('a session inserted for a cookie the attacker chose: refused, verify names it', async () => {
    const owner = await db()
      .selectFrom('users')
      .select('id')
      .where('email', '=', org.owner.email)
      .executeTakeFirstOrThrow();
    const cookie = 'chosen-cookie-secret';
    const id = newId();
    await db()
      .insertInto('sessions')
      .values({
        id,
        token_hash: sha256Hex(cookie),
        user_id: owner.id,
        csrf_token: 'chosen-csrf',
        created_at: new Date().toISOString(),
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
        mac: null,
      })
      .execute();
    const forged = new ApiClient(t.app, { cookie, csrf: 'chosen-csrf' });
    expect((await forged.get('/api/v1/auth/session')).statusCode).toBe(401);
    expect(await credentialProblems(db(), t.services.keys)).toEqual([
      expect.objectContaining({ code: 'CREDENTIAL_SEAL', message: expect.stringContaining(id) }),
    ]);
    await db().deleteFrom('sessions').where('id', '=', id).execute();
  });
});

describe.each(DIALECTS)('credentials stored before seals existed (%s)', (dialect) => {
  it('are sealed once by the first start, and work; a lost key is not made again', async () => {
    const upTo0010 = Object.fromEntries(
      Object.entries(MIGRATIONS).filter(([name]) => name <= '0010_signed_head_rows'),
    ) as Record<string, Migration>;
    const database = await openTestDatabase(dialect, { migrations: upTo0010 });
    try {
      const userId = newId();
      const cookie = 'a session of the earlier version';
      await sql`insert into users (id, email, name, password_hash, created_at, updated_at)
        values (${userId}, 'early@example.org', 'Early', ${await hashPassword(PASSWORD)}, 't', 't')`.execute(
        database.db,
      );
      await sql`insert into sessions (id, token_hash, user_id, csrf_token, created_at, expires_at)
        values (${newId()}, ${sha256Hex(cookie)}, ${userId}, 'csrf', 't', '9999-01-01T00:00:00.000Z')`.execute(
        database.db,
      );
      const config = { ...loadConfig({ AIMS_DATA_DIR: database.dir }), logLevel: 'silent' };
      const services = await createServices(config, database);
      const app = await buildApp(services, { logLevel: 'silent' });
      try {
        expect((await signIn(app, 'early@example.org')).email).toBe('early@example.org');
        const early = new ApiClient(app, { cookie, csrf: 'csrf' });
        expect((await early.get('/api/v1/auth/session')).statusCode).toBe(200);
        expect(await credentialProblems(database.db, services.keys)).toEqual([]);

        // The key lost (or removed) while credentials carry seals: it is not made again, so
        // nothing the database holds now gets sealed; every credential is refused until it is back.
        const file = services.keys.credentials.file;
        const saved = fs.readFileSync(file);
        fs.rmSync(file);
        const again = await createServices(config, database);
        expect(fs.existsSync(file)).toBe(false);
        expect(await sealStoredCredentials(database, again.keys.credentials)).toBe('key-missing');
        const app2 = await buildApp(again, { logLevel: 'silent' });
        try {
          const r = await app2.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { email: 'early@example.org', password: PASSWORD },
          });
          expect(r.statusCode).toBe(401);
          expect(await credentialProblems(database.db, again.keys)).toEqual([
            expect.objectContaining({ code: 'CREDENTIAL_KEY_MISSING' }),
          ]);
        } finally {
          await app2.close();
        }
        fs.writeFileSync(file, saved);
      } finally {
        await app.close();
      }
    } finally {
      await database.close();
    }
  });
});
