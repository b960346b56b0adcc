import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit, type UnitMember } from '../../../test/unit.js';
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
});
