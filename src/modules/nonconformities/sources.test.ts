import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { makeConcern } from '../../../test/factories/concerns.js';
import { makeIncident } from '../../../test/factories/incidents.js';
import { DIALECTS } from '../../../test/harness.js';
import { openUnit, runAndRecord, type Unit } from '../../../test/unit.js';
import { orgCommand } from '../../kernel/commands.js';
import { raiseNonconformity, raiseWithin } from './commands.js';
import { SOURCE_TYPES } from './schemas.js';

describe.each(DIALECTS)('where nonconformities come from, on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(() => u?.close());

  it('takes a concern as its source and checks that the concern exists in the organization', async () => {
    const concern = await makeConcern(u);
    const { result } = await runAndRecord(u, raiseNonconformity, {
      title: 'Complaints about the chatbot went unanswered',
      requirementId: 'A.8.3',
      severity: 'minor',
      sourceType: 'concern',
      sourceId: concern.id,
    });
    expect(result).toMatchObject({ source_type: 'concern', source_id: concern.id });

    const head = await u.head();
    const missing = '0190a0a0-0000-7000-8000-000000000000';
    await expect(
      u.run(raiseNonconformity, {
        title: 'x',
        requirementId: 'A.8.3',
        severity: 'minor',
        sourceType: 'concern',
        sourceId: missing,
      }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      status: 422,
      errors: [{ pointer: '/body/sourceId' }],
    });
    // An incident is checked like a concern.
    await expect(
      u.run(raiseNonconformity, {
        title: 'x',
        requirementId: '8.1',
        severity: 'minor',
        sourceType: 'incident',
        sourceId: missing,
      }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_REFERENCE', errors: [{ pointer: '/body/sourceId' }] });
    expect(await u.head()).toBe(head);
    const real = await makeIncident(u);
    const fromIncident = await u.run(raiseNonconformity, {
      title: 'Incident showed the fallback is untested',
      requirementId: '8.1',
      severity: 'minor',
      sourceType: 'incident',
      sourceId: real.id,
    });
    expect(fromIncident).toMatchObject({ source_type: 'incident', source_id: real.id });
    const afterIncident = await u.head();
    await expect(
      u.run(raiseNonconformity, {
        title: 'x',
        requirementId: '8.1',
        severity: 'minor',
        sourceId: missing,
      }),
    ).rejects.toMatchObject({
      code: 'INCONSISTENT_INPUT',
      errors: [{ pointer: '/body/sourceId' }],
    });
    expect(await u.head()).toBe(afterIncident);
    expect(afterIncident).toBeGreaterThan(head);
    // Every kind of source but a direct one names a record that is checked.
    for (const sourceType of SOURCE_TYPES.filter((t) => t !== 'direct'))
      await expect(
        u.run(raiseNonconformity, {
          title: 'x',
          requirementId: '9.1',
          severity: 'minor',
          sourceType,
          sourceId: missing,
        }),
        sourceType,
      ).rejects.toMatchObject({ code: 'UNKNOWN_REFERENCE' });
    expect(await u.head()).toBe(afterIncident);
  });

  it('is raised from another module inside its command, under its action, in one transaction', async () => {
    // What an incident or audit module does: its own command raises the nonconformity.
    const fromConcern = orgCommand({
      action: 'concerns.triage',
      input: z.object({ concernId: z.string() }).strict(),
      async run(tx, input) {
        const nc = await raiseWithin(tx, {
          title: 'Concern showed a missing human review',
          requirementId: 'A.9.3',
          severity: 'minor',
          sourceType: 'concern',
          sourceId: input.concernId,
        });
        if (input.concernId === nc.source_id) throw new Error('rolled back after the raise');
        return nc;
      },
    });
    const concern = await makeConcern(u);
    const head = await u.head();
    await expect(
      u.run(fromConcern, { concernId: concern.id }, { as: u.members.manager }),
    ).rejects.toThrow('rolled back after the raise');
    expect(await u.head()).toBe(head);

    const raising = orgCommand({
      action: 'concerns.triage',
      input: z.object({ concernId: z.string() }).strict(),
      run: (tx, input) =>
        raiseWithin(tx, {
          title: 'Concern showed a missing human review',
          requirementId: 'A.9.3',
          severity: 'minor',
          sourceType: 'concern',
          sourceId: input.concernId,
        }),
    });
    const { result, events } = await runAndRecord(
      u,
      raising,
      { concernId: concern.id },
      { as: u.members.manager },
    );
    expect(events.map((e) => [e.action, e.entity])).toEqual([
      ['concerns.triage', 'nonconformities'],
      ['concerns.triage', 'nonconformity_steps'],
    ]);
    expect(result).toMatchObject({ source_type: 'concern', source_id: concern.id });
    // Its input is checked as the API checks it, pointers under /body.
    await expect(
      u.run(
        orgCommand({
          action: 'concerns.triage',
          input: z.object({}).strict(),
          run: (tx) => raiseWithin(tx, { title: 'x', severity: 'minor' } as never),
        }),
        {},
      ),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ pointer: '/body/requirementId', message: 'Required.' }],
    });
  });
});
