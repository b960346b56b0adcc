import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConcern } from '../../../test/factories/concerns.js';
import { notificationsOf } from '../../../test/factories/inbox.js';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { markAllNotificationsRead, markNotificationRead } from './commands.js';

describe.each(DIALECTS)('notification commands on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('marks one of the caller’s notifications read, and writes no ledger event', async () => {
    const concern = await makeConcern(u, {}, u.members.viewer);
    const [n] = await notificationsOf(u, u.members.manager, concern.id);
    expect(n!.read_at).toBeNull();
    u.clock.set('2026-03-03T08:00:00.000Z');
    const { result, events } = await runAndRecord(
      u,
      markNotificationRead,
      { notificationId: n!.id },
      { as: u.members.manager },
    );
    // Notifications are messages about records, not records: nothing in the ledger.
    expect(events).toEqual([]);
    expect(result.read_at).toBe('2026-03-03T08:00:00.000Z');
    expect((await notificationsOf(u, u.members.manager, concern.id))[0]!.read_at).toBe(
      '2026-03-03T08:00:00.000Z',
    );
    // Again: still read at the first time.
    const again = await u.run(
      markNotificationRead,
      { notificationId: n!.id },
      { as: u.members.manager },
    );
    expect(again.read_at).toBe('2026-03-03T08:00:00.000Z');
  });

  it('answers 404 for another member’s notification, and 403 for the host operator', async () => {
    const concern = await makeConcern(u, {}, u.members.viewer);
    const [n] = await notificationsOf(u, u.members.manager, concern.id);
    await expect(
      u.run(markNotificationRead, { notificationId: n!.id }, { as: u.members.owner }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    await expect(
      u.run(markNotificationRead, { notificationId: n!.id }, { as: 'host' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect((await notificationsOf(u, u.members.manager, concern.id))[0]!.read_at).toBeNull();
  });

  it('marks all of the caller’s unread notifications read, and only theirs', async () => {
    await makeConcern(u, {}, u.members.viewer);
    const unread = async (m: typeof u.members.owner) =>
      (await notificationsOf(u, m)).filter((n) => n.read_at === null).length;
    const owner = await unread(u.members.owner);
    const before = await unread(u.members.manager);
    expect(before).toBeGreaterThan(0);
    const { result, events } = await runAndRecord(
      u,
      markAllNotificationsRead,
      {},
      { as: u.members.manager },
    );
    expect(events).toEqual([]);
    expect(result).toEqual({ marked: before });
    expect(await unread(u.members.manager)).toBe(0);
    expect(await unread(u.members.owner)).toBe(owner);
  });
});
