import { z } from 'zod';
import { encodeJson } from '../../db/json.js';
import { changesOf } from '../../kernel/changes.js';
import { orgCommand, type OrgTx } from '../../kernel/commands.js';
import { AppError } from '../../kernel/errors.js';
import {
  insertRecord,
  loadRecord,
  updateRecord,
  type RecordChanges,
} from '../../kernel/records.js';
import { assertInOrg } from '../../kernel/references.js';
import { measurementFields, objectiveFields, objectiveId } from './schemas.js';

/** Refuses an owner who is no member, or an AI system that is not one of the organization's. */
const checkRefs = (tx: OrgTx, input: { ownerMemberId?: string | null; aiSystemIds?: string[] }) =>
  assertInOrg(tx, {
    ownerMemberId: ['memberships', input.ownerMemberId],
    aiSystemIds: ['ai_systems', input.aiSystemIds],
  });

export const createObjective = orgCommand({
  action: 'objectives.create',
  input: z.object(objectiveFields).strict(),
  async run(tx, input) {
    await checkRefs(tx, input);
    return insertRecord(tx, tx.org.orgId, 'objectives', {
      title: input.title,
      description: input.description ?? null,
      metric: input.metric,
      direction: input.direction,
      target: String(input.target),
      unit: input.unit ?? null,
      frequency: input.frequency,
      owner_member_id: input.ownerMemberId ?? null,
      plan: input.plan ?? null,
      ai_system_ids: encodeJson(input.aiSystemIds),
    });
  },
});

/** Changes an objective; a field left out stays as it is. */
export const updateObjective = orgCommand({
  action: 'objectives.update',
  input: changesOf(objectiveFields).extend({ objectiveId }),
  pathIds: ['objectiveId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const o = await loadRecord(tx.db, 'objectives', orgId, input.objectiveId, 'objective');
    tx.expectVersion(o.version);
    await checkRefs(tx, input);
    const changes: RecordChanges<'objectives'> = {};
    if (input.title !== undefined) changes.title = input.title;
    if (input.description !== undefined) changes.description = input.description;
    if (input.metric !== undefined) changes.metric = input.metric;
    if (input.direction !== undefined) changes.direction = input.direction;
    if (input.target !== undefined) changes.target = String(input.target);
    if (input.unit !== undefined) changes.unit = input.unit;
    if (input.frequency !== undefined) changes.frequency = input.frequency;
    if (input.ownerMemberId !== undefined) changes.owner_member_id = input.ownerMemberId;
    if (input.plan !== undefined) changes.plan = input.plan;
    if (input.aiSystemIds !== undefined) changes.ai_system_ids = encodeJson(input.aiSystemIds);
    return updateRecord(tx, orgId, 'objectives', o, changes);
  },
});

/** Records a measurement of an objective; none in the future. */
export const recordMeasurement = orgCommand({
  action: 'objectives.measure',
  input: z.object({ ...measurementFields, objectiveId }).strict(),
  pathIds: ['objectiveId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const o = await loadRecord(tx.db, 'objectives', orgId, input.objectiveId, 'objective');
    if (input.measuredOn > tx.now.slice(0, 10))
      throw new AppError('INCONSISTENT_INPUT', 'A measurement cannot be in the future.', [
        { pointer: '/body/measuredOn', message: 'In the future.' },
      ]);
    return insertRecord(tx, orgId, 'objective_measurements', {
      objective_id: o.id,
      measured_on: input.measuredOn,
      value: String(input.value),
      note: input.note ?? null,
    });
  },
});
