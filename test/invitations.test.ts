// Invitations by link: made by owners and managers, e-mailed through a real SMTP server when one
// is set up, accepted once by a new user or by the invited signed-in user, withdrawn, expired.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/kernel/ids.js';
import { ApiClient, PASSWORD, createOrgFixture, signIn, type OrgFixture } from './client.js';
import { DIALECTS, openTestApp, type TestApp } from './harness.js';
import { startTestSmtp, type TestSmtp } from './smtp.js';

const tokenOf = (link: string) => link.split('#')[1]!;

describe.each(DIALECTS)('invitations on %s', (dialect) => {
  let t: TestApp;
  let smtp: TestSmtp;
  let f: OrgFixture;
  let anon: ApiClient;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    smtp = await startTestSmtp();
    f = await createOrgFixture(t, 'Invite Org');
    anon = new ApiClient(t.app, null);
  });
  afterAll(async () => {
    await smtp?.close();
    await t?.close();
  });
  const url = () => `/api/v1/orgs/${f.slug}/invitations`;
  const members = async () =>
    (await f.owner.get(`/api/v1/orgs/${f.slug}/members?limit=100`)).json().items as {
      email: string;
      role: string;
    }[];

  it('invites a new address by a single-use link; accepting makes the user and the member', async () => {
    const r = await f.owner.post(url(), { email: 'Newbie@Example.com', role: 'contributor' });
    expect(r.statusCode).toBe(201);
    const inv = r.json();
    expect(inv).toMatchObject({
      email: 'newbie@example.com',
      role: 'contributor',
      status: 'pending',
      emailed: false,
    });
    const token = tokenOf(inv.link);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await t.database.db
      .selectFrom('invitations')
      .selectAll()
      .where('id', '=', inv.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256Hex(token));
    // The ledger has the invitation, not its secret.
    const events = await t.database.db
      .selectFrom('ledger_events')
      .select('body')
      .where('entity_id', '=', inv.id)
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.body).not.toContain(row.token_hash);

    const preview = await anon.post('/api/v1/auth/invitations/lookup', { token });
    expect(preview.json()).toMatchObject({
      orgSlug: f.slug,
      email: 'newbie@example.com',
      role: 'contributor',
      accountExists: false,
    });
    const weak = await anon.post('/api/v1/auth/invitations/accept', { token, password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].pointer).toBe('/body/password');
    const wrong = await anon.post('/api/v1/auth/invitations/accept', {
      token: token.slice(1),
      password: PASSWORD,
    });
    expect(wrong.json()).toMatchObject({
      code: 'INVALID_LINK',
      errors: [{ pointer: '/body/token' }],
    });
    expect((await members()).map((m) => m.email)).not.toContain('newbie@example.com');

    const ok = await anon.post('/api/v1/auth/invitations/accept', {
      token,
      name: 'New Bie',
      password: PASSWORD,
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toEqual({
      orgSlug: f.slug,
      role: 'contributor',
      email: 'newbie@example.com',
    });
    const c = await signIn(t.app, 'newbie@example.com');
    const orgs = (await c.get('/api/v1/auth/session')).json().memberships;
    expect(orgs).toMatchObject([{ slug: f.slug, role: 'contributor' }]);
    const again = await anon.post('/api/v1/auth/invitations/accept', { token, password: PASSWORD });
    expect(again.json().code).toBe('INVALID_LINK');
    const list = (await f.owner.get(url())).json().items;
    expect(list.find((i: { id: string }) => i.id === inv.id).status).toBe('accepted');
    // The acceptance is in the ledger as by the new user.
    const accepted = await t.database.db
      .selectFrom('ledger_events')
      .select('body')
      .where('entity_id', '=', inv.id)
      .execute();
    expect(accepted).toHaveLength(2);
    expect(accepted[1]!.body).toContain('invitations.accept');
  });

  it('attaches an existing user who signs in as the invited address, and no one else', async () => {
    const other = await createOrgFixture(t, 'Other Org');
    const outsider = await other.member('viewer');
    const r = await f.owner.post(url(), { email: outsider.email, role: 'auditor' });
    const token = tokenOf(r.json().link);
    expect(
      (await anon.post('/api/v1/auth/invitations/lookup', { token })).json().accountExists,
    ).toBe(true);
    const asNew = await anon.post('/api/v1/auth/invitations/accept', { token, password: PASSWORD });
    expect(asNew.statusCode).toBe(409);
    expect(asNew.json().code).toBe('ACCOUNT_EXISTS');
    const wrongUser = await other.owner.post('/api/v1/account/invitations/accept', { token });
    expect(wrongUser.statusCode).toBe(422);
    expect(wrongUser.json().code).toBe('INCONSISTENT_INPUT');
    const ok = await outsider.post('/api/v1/account/invitations/accept', { token });
    expect(ok.statusCode).toBe(201);
    expect((await members()).find((m) => m.email === outsider.email)?.role).toBe('auditor');
    expect((await f.owner.post(url(), { email: outsider.email, role: 'viewer' })).json().code).toBe(
      'ALREADY_MEMBER',
    );
  });

  it('withdraws, replaces and expires invitations; only owners invite owners', async () => {
    const manager = await f.member('manager');
    expect(
      (await manager.post(url(), { email: 'boss@example.com', role: 'owner' })).statusCode,
    ).toBe(403);
    const first = (
      await manager.post(url(), { email: 'twice@example.com', role: 'viewer' })
    ).json();
    const second = (
      await manager.post(url(), { email: 'twice@example.com', role: 'viewer' })
    ).json();
    expect(
      (await anon.post('/api/v1/auth/invitations/lookup', { token: tokenOf(first.link) })).json()
        .code,
    ).toBe('INVALID_LINK');
    const del = await manager.delete(`${url()}/${second.id}`);
    expect(del.statusCode).toBe(200);
    expect(del.json().status).toBe('revoked');
    expect((await manager.delete(`${url()}/${second.id}`)).json().code).toBe('INVALID_STATE');
    expect(
      (
        await anon.post('/api/v1/auth/invitations/accept', {
          token: tokenOf(second.link),
          password: PASSWORD,
        })
      ).json().code,
    ).toBe('INVALID_LINK');

    const third = (await manager.post(url(), { email: 'late@example.com', role: 'viewer' })).json();
    const realNow = t.services.now;
    (t.services as { now: () => Date }).now = () => new Date(Date.now() + 8 * 86_400_000);
    try {
      expect(
        (
          await anon.post('/api/v1/auth/invitations/accept', {
            token: tokenOf(third.link),
            password: PASSWORD,
          })
        ).json().code,
      ).toBe('INVALID_LINK');
    } finally {
      (t.services as { now: () => Date }).now = realNow;
    }
    // Still pending now (the sessions would have expired at the later clock too).
    const pending = (await manager.get(`${url()}?status=pending`)).json().items;
    expect(pending.map((i: { id: string }) => i.id)).toContain(third.id);
    expect(pending.map((i: { id: string }) => i.id)).not.toContain(second.id);
    const contributor = await f.member('contributor');
    expect((await contributor.get(url())).statusCode).toBe(403);
    expect(
      (await contributor.post(url(), { email: 'x@example.com', role: 'viewer' })).statusCode,
    ).toBe(403);
  });

  it('e-mails the link when an SMTP server is set up', async () => {
    const config = t.services.config as { smtpUrl: string | null };
    config.smtpUrl = smtp.url;
    try {
      smtp.received.length = 0;
      const r = await f.owner.post(url(), { email: 'mailed@example.com', role: 'viewer' });
      expect(r.json().emailed).toBe(true);
      const [mail] = await smtp.waitFor(1);
      expect(mail!.to).toEqual(['mailed@example.com']);
      expect(mail!.subject).toBe('You are invited to Invite Org on aims');
      expect(mail!.text).toContain(r.json().link);
    } finally {
      config.smtpUrl = null;
    }
  });
});
