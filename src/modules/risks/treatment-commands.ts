import { orgCommand } from '../../kernel/commands.js';
import { notFound } from '../../kernel/errors.js';
import {
  insertRecord,
  loadRecord,
  updateRecord,
  type RecordChanges,
} from '../../kernel/records.js';
import { checkRefs } from './risk-commands.js';
import { riskId, treatmentChange, treatmentId, treatmentInput } from './schemas.js';

/** Adds a treatment action; a risk identified or assessed so far now has its treatment planned. */
export const addTreatment = orgCommand({
  action: 'risks.treat',
  input: treatmentInput.extend({ riskId }),
  pathIds: ['riskId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const r = await loadRecord(tx.db, 'risks', orgId, input.riskId, 'risk');
    await checkRefs(tx, { ownerMemberId: input.ownerMemberId });
    const t = await insertRecord(tx, orgId, 'risk_treatments', {
      risk_id: r.id,
      title: input.title,
      owner_member_id: input.ownerMemberId ?? null,
      due_date: input.dueDate ?? null,
      status: 'planned',
      completed_on: null,
    });
    if (r.status === 'identified' || r.status === 'assessed')
      await updateRecord(tx, orgId, 'risks', r, { status: 'treatment_planned' });
    return t;
  },
});

/** Changes a treatment action; done records the day it was completed. */
export const updateTreatment = orgCommand({
  action: 'risks.treat',
  input: treatmentChange.extend({ riskId, treatmentId }),
  pathIds: ['riskId', 'treatmentId'],
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const t = await loadRecord(tx.db, 'risk_treatments', orgId, input.treatmentId, 'treatment');
    if (t.risk_id !== input.riskId) throw notFound('treatment');
    tx.expectVersion(t.version);
    await checkRefs(tx, { ownerMemberId: input.ownerMemberId });
    const changes: RecordChanges<'risk_treatments'> = {};
    if (input.title !== undefined) changes.title = input.title;
    if (input.ownerMemberId !== undefined) changes.owner_member_id = input.ownerMemberId;
    if (input.dueDate !== undefined) changes.due_date = input.dueDate;
    if (input.status !== undefined) {
      changes.status = input.status;
      changes.completed_on = input.status === 'done' ? tx.now.slice(0, 10) : null;
    }
    return updateRecord(tx, orgId, 'risk_treatments', t, changes);
  },
});
