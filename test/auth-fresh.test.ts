import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { ApiClient, createOrgFixture, PASSWORD, type OrgFixture } from './client.js';

/**
 * The caller's credential and membership are read on every request (one query for the
 * organization and the membership, the token's organization with the token): a revoked token, a
 * signed-out session, a changed role or a removed member takes effect on the very next request.
 */
describe.each(DIALECTS)('credentials and roles take effect at once on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let base: string;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    org = await createOrgFixture(t);
    base = `/api/v1/orgs/${org.slug}`;
  });
  afterAll(() => t.close());

  const tokenOf = async (c: ApiClient, scopes = ['read', 'write']) => {
    const r = await c.post(`${base}/tokens`, { name: 'fresh', scopes });
    expect(r.statusCode).toBe(201);
    return { client: new ApiClient(t.app, { token: r.json().token as string }), id: r.json().id };
  };

  it('a changed role and a revoked token apply to the next request', async () => {
    const manager = await org.member('manager');
    const { client: token, id } = await tokenOf(manager);
    expect((await token.get(`${base}/risks?limit=50`)).statusCode).toBe(200);
    expect((await token.post(`${base}/risks`, { title: 'Drift' })).statusCode).toBe(201);
    expect((await manager.post(`${base}/risks`, { title: 'Drift 2' })).statusCode).toBe(201);

    const demoted = await org.owner.patch(
      `${base}/members/${manager.memberId}`,
      { role: 'viewer' },
      { 'if-match': '"1"' },
    );
    expect(demoted.statusCode).toBe(200);
    // Both the token and the session act as a viewer now.
    const byToken = await token.post(`${base}/risks`, { title: 'Drift 3' });
    expect([byToken.statusCode, byToken.json().code]).toEqual([403, 'FORBIDDEN']);
    const bySession = await manager.post(`${base}/risks`, { title: 'Drift 4' });
    expect([bySession.statusCode, bySession.json().code]).toEqual([403, 'FORBIDDEN']);
    expect((await token.get(`${base}/risks?limit=50`)).statusCode).toBe(200);

    expect((await org.owner.delete(`${base}/tokens/${id}`)).statusCode).toBe(200);
    expect((await token.get(`${base}/risks?limit=50`)).statusCode).toBe(401);
  });

  it('a removed member loses the organization, by session and by token, at once', async () => {
    const gone = await org.member('contributor');
    const { client: token } = await tokenOf(gone, ['read']);
    expect((await token.get(`${base}/risks?limit=50`)).statusCode).toBe(200);
    expect((await gone.get(`${base}/risks?limit=50`)).statusCode).toBe(200);
    const removed = await org.owner.delete(`${base}/members/${gone.memberId}`);
    expect(removed.statusCode).toBe(204);
    expect((await gone.get(`${base}/risks?limit=50`)).statusCode).toBe(404);
    expect([401, 404]).toContain((await token.get(`${base}/risks?limit=50`)).statusCode);
  });

  it('a token of one organization opens no other, even one its user belongs to', async () => {
    const other = await createOrgFixture(t, 'Other Org');
    // The first organization's owner is also a member of the other one.
    const added = await other.owner.post(`/api/v1/orgs/${other.slug}/members`, {
      email: org.owner.email,
      role: 'manager',
      password: PASSWORD,
    });
    expect(added.statusCode).toBe(201);
    const { client: token } = await tokenOf(org.owner, ['read']);
    expect((await token.get(`${base}/risks?limit=50`)).statusCode).toBe(200);
    expect((await token.get(`/api/v1/orgs/${other.slug}/risks?limit=50`)).statusCode).toBe(404);
    expect((await token.get(`/api/v1/orgs/${other.id}/risks?limit=50`)).statusCode).toBe(404);
    // The session of the same user opens both.
    expect((await org.owner.get(`/api/v1/orgs/${other.slug}/risks?limit=50`)).statusCode).toBe(200);
    expect((await token.get(`/api/v1/orgs/no-such-org/risks?limit=50`)).statusCode).toBe(404);
  });
});
