import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit, type UnitMember } from '../../../test/unit.js';
import { run } from '../../kernel/commands.js';
import { findToken } from './queries.js';
import { toTokenView } from './schemas.js';
import { createToken, createTokenFor, revokeToken } from './tokens.js';

describe.each(DIALECTS)('API token commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('makes a token for the caller: the secret once, only its hash stored, none in the ledger', async () => {
    const me = u.members.contributor;
    const { result, events } = await runAndRecord(
      u,
      createToken,
      { name: 'CI', scopes: ['read'] },
      { as: me },
    );
    expect(result.token).toMatch(/^aims_/);
    expect(result).toMatchObject({ user_id: me.userId, member_id: me.memberId, version: 1 });
    expect(events.map((e) => [e.action, e.entity, e.entity_id])).toEqual([
      ['tokens.create', 'api_tokens', result.id],
    ]);
    expect(events[0]!.state).toMatchObject({
      user_id: me.userId,
      name: 'CI',
      scopes: '["read"]',
      revoked_at: null,
    });
    expect(events[0]!.state).not.toHaveProperty('token_hash');
    expect(JSON.stringify(events)).not.toContain(result.token);
  });

  it('refuses a token for nobody (the host) and an expiry in the past, writing nothing', async () => {
    const head = await u.head();
    await expect(u.run(createToken, { name: 'host' }, { as: 'host' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      u.run(createToken, { name: 'old', expiresAt: '2020-01-01T00:00:00Z' }),
    ).rejects.toMatchObject({ code: 'INVALID_EXPIRY', errors: [{ pointer: '/body/expiresAt' }] });
    await expect(u.run(createToken, { name: 'v' }, { as: u.members.viewer })).rejects.toMatchObject(
      { code: 'FORBIDDEN', status: 403 },
    );
    expect(await u.head()).toBe(head);
  });

  it('lets the host make a token for any member, and a member only for themselves', async () => {
    const viewer = u.members.viewer;
    const { result, events } = await runAndRecord(
      u,
      createTokenFor,
      { name: 'for the viewer', userId: viewer.userId },
      { as: 'host' },
    );
    expect(result.member_id).toBe(viewer.memberId);
    expect(events.map((e) => [e.action, e.state?.user_id])).toEqual([
      ['tokens.create', viewer.userId],
    ]);
    const head = await u.head();
    await expect(
      u.run(createTokenFor, { name: 'theirs', userId: viewer.userId }, { as: u.members.manager }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      u.run(
        createTokenFor,
        { name: 'x', userId: '0190a000-0000-7000-8000-000000000000' },
        {
          as: 'host',
        },
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(await u.head()).toBe(head);
  });

  it('lets a contributor revoke only their own tokens, once; managers any', async () => {
    const a = u.members.contributor;
    const b = await u.another('contributor');
    const tb = await u.run(createToken, { name: 'b' }, { as: b });
    const head = await u.head();
    await expect(u.run(revokeToken, { tokenId: tb.id }, { as: a })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await u.head()).toBe(head);
    const { result, events } = await runAndRecord(
      u,
      revokeToken,
      { tokenId: tb.id },
      { as: b, ifMatch: 1 },
    );
    expect(result).toMatchObject({ version: 2, revoked_at: u.clock.now().toISOString() });
    expect(events.map((e) => [e.action, e.entity, e.entity_id, e.state?.revoked_at])).toEqual([
      ['tokens.revoke', 'api_tokens', tb.id, u.clock.now().toISOString()],
    ]);
    await expect(u.run(revokeToken, { tokenId: tb.id }, { as: b })).rejects.toMatchObject({
      code: 'TOKEN_REVOKED',
      status: 409,
    });
    const ta = await u.run(createToken, { name: 'a' }, { as: a });
    await u.run(revokeToken, { tokenId: ta.id }, { as: u.members.manager });
    expect(await u.verify()).toEqual([]);
  });

  it('shows each caller whether they may revoke a token', async () => {
    const a = u.members.contributor;
    const t = await u.run(createToken, { name: 'mine' }, { as: a });
    const revoke = async (as: UnitMember) =>
      toTokenView((await findToken(u.database.db, u.org.id, t.id))!, await u.access(as)).abilities
        .revoke;
    expect(await revoke(a)).toBe(true);
    expect(await revoke(await u.another('contributor'))).toBe(false);
    expect(await revoke(u.members.manager)).toBe(true);
    expect(await revoke(u.members.auditor)).toBe(false);
    await u.run(revokeToken, { tokenId: t.id }, { as: a });
    expect(await revoke(a)).toBe(false);
    expect(await revoke(u.members.manager)).toBe(false);
  });

  /** Runs createToken as an API token of the member with these scopes. */
  async function asToken(
    me: UnitMember,
    scopes: string[],
    input: { name: string; scopes?: string[] },
  ) {
    const access = { ...(await u.access(me)), scopes };
    const ctx = {
      ...u.context(me),
      actor: { ...me.actor, via: 'token' as const, tokenId: 'the-calling-token', scopes },
    };
    return run(ctx, createToken, input, { access });
  }

  it('lets a token make only tokens within its own scopes: one scoped to tokens.create mints no write token', async () => {
    const me = u.members.manager;
    const head = await u.head();
    for (const scopes of [['write'], ['read'], ['members.add'], ['tokens.create', 'read']])
      await expect(asToken(me, ['tokens.create'], { name: 'wider', scopes })).rejects.toMatchObject(
        {
          code: 'SCOPE_TOO_WIDE',
          status: 403,
          errors: [
            {
              pointer: `/body/scopes/${scopes.length - 1}`,
              message: expect.stringContaining('does not hold'),
            },
          ],
        },
      );
    expect(await u.head()).toBe(head);
    // Without scopes it takes the creating token's own, never write.
    const inherited = await asToken(me, ['tokens.create'], { name: 'same' });
    expect(inherited.scopes).toBe('["tokens.create"]');
    // Narrower is fine: read covers members.read, write covers everything the role allows.
    const narrower = await asToken(me, ['read', 'tokens.create'], {
      name: 'narrower',
      scopes: ['members.read', 'read'],
    });
    expect(narrower.scopes).toBe('["members.read","read"]');
    await expect(
      asToken(me, ['read', 'tokens.create'], { name: 'x', scopes: ['tokens.revoke'] }),
    ).rejects.toMatchObject({ code: 'SCOPE_TOO_WIDE', errors: [{ pointer: '/body/scopes/0' }] });
    const full = await asToken(me, ['write'], { name: 'from write', scopes: ['write'] });
    expect(full.scopes).toBe('["write"]');
    expect(await u.verify()).toEqual([]);
  });

  it("refuses a scope beyond the member's role, from a session and from the host operator alike", async () => {
    const head = await u.head();
    await expect(
      u.run(
        createToken,
        { name: 'x', scopes: ['read', 'members.add'] },
        { as: u.members.contributor },
      ),
    ).rejects.toMatchObject({
      code: 'SCOPE_TOO_WIDE',
      errors: [
        {
          pointer: '/body/scopes/1',
          message: 'The role "contributor" may not perform members.add.',
        },
      ],
    });
    await expect(
      u.run(
        createTokenFor,
        { name: 'x', scopes: ['risks.create'], userId: u.members.viewer.userId },
        { as: 'host' },
      ),
    ).rejects.toMatchObject({ code: 'SCOPE_TOO_WIDE', errors: [{ pointer: '/body/scopes/0' }] });
    expect(await u.head()).toBe(head);
    // read and write mean "what the role allows": every role may have them.
    const viewerToken = await u.run(
      createTokenFor,
      { name: 'viewer write', scopes: ['write'], userId: u.members.viewer.userId },
      { as: 'host' },
    );
    expect(viewerToken.scopes).toBe('["write"]');
  });
});
