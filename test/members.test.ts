import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { createOrgFixture, PASSWORD, signIn } from './client.js';

async function head(t: TestApp, orgId: string) {
  return t.database.db
    .selectFrom('ledger_heads')
    .select(['seq', 'hash'])
    .where('org_id', '=', orgId)
    .executeTakeFirst();
}

async function lastEvent(t: TestApp, orgId: string) {
  const row = await t.database.db
    .selectFrom('ledger_events')
    .select(['seq', 'body'])
    .where('org_id', '=', orgId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return JSON.parse(row.body) as {
    seq: number;
    action: string;
    entity: string;
    entity_id: string;
    version: number;
    state: Record<string, unknown> | null;
    actor: string;
    request_id: string;
  };
}

describe.each(DIALECTS)('organizations and members on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(dialect);
  });
  afterAll(() => t.close());

  it('lets a signed-in user create an organization they own, with a unique slug', async () => {
    const org = await createOrgFixture(t);
    const res = await org.owner.post('/api/v1/orgs', { name: 'Second Org Ltd' });
    expect(res.statusCode).toBe(201);
    expect(res.json().slug).toBe('second-org-ltd');
    const mine = (await org.owner.get('/api/v1/orgs'))
      .json()
      .items.map((o: { slug: string; role: string }) => [o.slug, o.role]);
    expect(mine).toContainEqual(['second-org-ltd', 'owner']);
    const dup = await org.owner.post('/api/v1/orgs', { name: 'Other', slug: 'second-org-ltd' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('SLUG_TAKEN');
    expect(dup.json().errors[0].pointer).toBe('/body/slug');
    const ev = await lastEvent(t, res.json().id);
    expect(ev).toMatchObject({
      action: 'orgs.create',
      entity: 'memberships',
      state: { role: 'owner', email: org.owner.email },
    });
    expect(
      (
        await org.owner.post('/api/v1/orgs', {
          name: 'x',
          slug: '01a22650-179c-7000-8325-eb6965dff8c1',
        })
      ).statusCode,
    ).toBe(400);
  });

  it('adds members (making the user when new), records each change in the ledger with its full state', async () => {
    const org = await createOrgFixture(t);
    const r = await org.owner.post(`/api/v1/orgs/${org.slug}/members`, {
      email: 'New.Person@Example.com',
      role: 'contributor',
      password: PASSWORD,
      name: 'New Person',
    });
    expect(r.statusCode).toBe(201);
    expect(r.headers.etag).toBe('"1"');
    expect(r.json()).toMatchObject({
      email: 'new.person@example.com',
      role: 'contributor',
      name: 'New Person',
      version: 1,
    });
    const ev = await lastEvent(t, org.id);
    expect(ev).toMatchObject({
      action: 'members.add',
      entity: 'memberships',
      entity_id: r.json().id,
      version: 1,
    });
    expect(ev.state).toMatchObject({
      id: r.json().id,
      org_id: org.id,
      role: 'contributor',
      email: 'new.person@example.com',
    });
    expect(ev.actor).toMatch(/^user:/);
    expect(ev.request_id).toBe(r.headers['x-request-id']);
    // The history endpoint shows the same event.
    const hist = (
      await org.owner.get(`/api/v1/orgs/${org.slug}/history/memberships/${r.json().id}`)
    ).json();
    expect(hist.items.map((e: { action: string }) => e.action)).toEqual(['members.add']);
    // An existing user keeps their password; adding them twice is a conflict.
    const again = await org.owner.post(`/api/v1/orgs/${org.slug}/members`, {
      email: 'new.person@example.com',
      role: 'viewer',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ALREADY_MEMBER');
    // A new user without a password: a 422 pointing at the field, nothing written.
    const before = await head(t, org.id);
    const noPw = await org.owner.post(`/api/v1/orgs/${org.slug}/members`, {
      email: 'nopw@example.com',
      role: 'viewer',
    });
    expect(noPw.statusCode).toBe(422);
    expect(noPw.json()).toMatchObject({
      code: 'PASSWORD_REQUIRED',
      errors: [{ pointer: '/body/password' }],
    });
    expect(await head(t, org.id)).toEqual(before);
    expect(
      await t.database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'nopw@example.com')
        .executeTakeFirst(),
    ).toBeUndefined();
    expect((await signIn(t.app, 'new.person@example.com')).email).toBe('new.person@example.com');
  });

  it('changes roles with If-Match, answers 412 when stale, and changes nothing then', async () => {
    const org = await createOrgFixture(t);
    const viewer = await org.member('viewer');
    const url = `/api/v1/orgs/${org.slug}/members/${viewer.memberId}`;
    const ok = await org.owner.patch(url, { role: 'auditor' }, { 'if-match': '"1"' });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    const before = await head(t, org.id);
    const stale = await org.owner.patch(url, { role: 'manager' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('VERSION_MISMATCH');
    expect(await head(t, org.id)).toEqual(before);
    const bad = await org.owner.patch(url, { role: 'manager' }, { 'if-match': 'yesterday' });
    expect(bad.statusCode).toBe(400);
    expect(
      (await org.owner.get(`/api/v1/orgs/${org.slug}/members`))
        .json()
        .items.find((m: { id: string }) => m.id === viewer.memberId).role,
    ).toBe('auditor');
    const ev = await lastEvent(t, org.id);
    expect(ev).toMatchObject({ action: 'members.update', version: 2, state: { role: 'auditor' } });
  });

  it('always keeps an owner, and only owners manage owners', async () => {
    const org = await createOrgFixture(t);
    const members = (await org.owner.get(`/api/v1/orgs/${org.slug}/members`)).json().items;
    const ownerId = members[0].id;
    const demote = await org.owner.patch(`/api/v1/orgs/${org.slug}/members/${ownerId}`, {
      role: 'manager',
    });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().code).toBe('LAST_OWNER');
    const leave = await org.owner.delete(`/api/v1/orgs/${org.slug}/members/${ownerId}`);
    expect(leave.statusCode).toBe(409);
    expect(leave.json().code).toBe('LAST_OWNER');
    const manager = await org.member('manager');
    const grab = await manager.patch(`/api/v1/orgs/${org.slug}/members/${manager.memberId}`, {
      role: 'owner',
    });
    expect(grab.statusCode).toBe(403);
    const kick = await manager.delete(`/api/v1/orgs/${org.slug}/members/${ownerId}`);
    expect(kick.statusCode).toBe(403);
    // With a second owner, the first may step down.
    const second = await org.member('viewer');
    expect(
      (
        await org.owner.patch(`/api/v1/orgs/${org.slug}/members/${second.memberId}`, {
          role: 'owner',
        })
      ).statusCode,
    ).toBe(200);
    expect((await org.owner.delete(`/api/v1/orgs/${org.slug}/members/${ownerId}`)).statusCode).toBe(
      204,
    );
    expect((await org.owner.get(`/api/v1/orgs/${org.slug}`)).statusCode).toBe(404);
    const ev = await lastEvent(t, org.id);
    expect(ev).toMatchObject({
      action: 'members.remove',
      entity: 'memberships',
      entity_id: ownerId,
      state: null,
    });
  });

  it("revokes a removed member's tokens with the membership", async () => {
    const org = await createOrgFixture(t);
    const c = await org.member('contributor');
    const tok = (await c.post(`/api/v1/orgs/${org.slug}/tokens`, { name: 'mine' })).json();
    expect(
      (await org.owner.delete(`/api/v1/orgs/${org.slug}/members/${c.memberId}`)).statusCode,
    ).toBe(204);
    const row = await t.database.db
      .selectFrom('api_tokens')
      .select('revoked_at')
      .where('id', '=', tok.id)
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
    const verify = (await org.owner.get(`/api/v1/orgs/${org.slug}/ledger/verification`)).json();
    expect(verify).toMatchObject({ ok: true, firstBroken: null });
  });

  it('lets a contributor revoke only their own tokens', async () => {
    const org = await createOrgFixture(t);
    const a = await org.member('contributor');
    const b = await org.member('contributor');
    const tb = (await b.post(`/api/v1/orgs/${org.slug}/tokens`, { name: 'b' })).json();
    const r = await a.delete(`/api/v1/orgs/${org.slug}/tokens/${tb.id}`);
    expect(r.statusCode).toBe(403);
    expect((await b.delete(`/api/v1/orgs/${org.slug}/tokens/${tb.id}`)).statusCode).toBe(200);
    const twice = await b.delete(`/api/v1/orgs/${org.slug}/tokens/${tb.id}`);
    expect(twice.statusCode).toBe(409);
  });

  it('pages the ledger by cursor and publishes the public key with a signed head', async () => {
    const org = await createOrgFixture(t);
    for (let i = 0; i < 3; i++)
      await org.owner.patch(`/api/v1/orgs/${org.slug}`, { name: `Name ${i}` });
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : '';
      const p = (await org.owner.get(`/api/v1/orgs/${org.slug}/ledger?limit=2${q}`)).json();
      seen.push(...p.items.map((e: { seq: number }) => e.seq));
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    const key = (await org.owner.get(`/api/v1/orgs/${org.slug}/ledger/public-key`)).json();
    expect(key.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    expect(key.head.seq).toBe(5);
    const { createPublicKey, verify } = await import('node:crypto');
    const { canonicalize } = await import('../src/kernel/jcs.js');
    const payload = Buffer.from(
      canonicalize({
        org_id: org.id,
        seq: key.head.seq,
        hash: key.head.hash,
        signed_at: key.head.signed_at,
        // A head of the log also signs the digest of the line before it.
        prev: key.head.prev,
      }),
    );
    expect(
      verify(
        null,
        payload,
        createPublicKey(key.publicKeyPem),
        Buffer.from(key.head.signature, 'base64'),
      ),
    ).toBe(true);
  });
});
