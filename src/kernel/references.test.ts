import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAiSystem } from '../../test/factories/registers.js';
import { DIALECTS } from '../../test/harness.js';
import { openUnit, type Unit } from '../../test/unit.js';
import { orgCommand } from './commands.js';
import { newId } from './ids.js';
import { assertInOrg, type References } from './references.js';

/** A command that only checks the references it is given. */
const check = (refs: References) =>
  orgCommand({
    action: 'orgs.update',
    input: z.object({}).strict(),
    run: (tx) => assertInOrg(tx, refs),
  });

describe.each(DIALECTS)('references inside the organization on %s', (dialect) => {
  let u: Unit;
  let outsider: { memberId: string };
  beforeAll(async () => {
    u = await openUnit(dialect);
    outsider = await u.outsider();
  });
  afterAll(() => u?.close());

  it("accepts the organization's own members and records, and nothing given", async () => {
    const sys = await makeAiSystem(u);
    await expect(
      u.run(
        check({
          ownerMemberId: ['memberships', u.members.viewer.memberId],
          aiSystemIds: ['ai_systems', [sys.id, sys.id]],
          aiSystemId: ['ai_systems', sys.id],
          none: ['risks', undefined],
          empty: ['risks', []],
          cleared: ['memberships', null],
        }),
        {},
      ),
    ).resolves.toBeUndefined();
  });

  it("refuses another organization's member and unknown ids with 422 UNKNOWN_REFERENCE, a pointer to each field or item, all at once", async () => {
    const sys = await makeAiSystem(u);
    const unknown = newId();
    const head = await u.head();
    await expect(
      u.run(
        check({
          ownerMemberId: ['memberships', outsider.memberId],
          aiSystemIds: ['ai_systems', [sys.id, unknown]],
          riskId: ['risks', sys.id, 'risk of this organization'],
        }),
        {},
      ),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      status: 422,
      errors: [
        { pointer: '/body/ownerMemberId', message: 'No such member of this organization.' },
        { pointer: '/body/aiSystemIds/1', message: 'No such AI system.' },
        { pointer: '/body/riskId', message: 'No such risk of this organization.' },
      ],
    });
    expect(await u.head()).toBe(head);
  });
});
