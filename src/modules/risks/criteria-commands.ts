import { orgCommand, type Tx } from '../../kernel/commands.js';
import { insertRecord, updateRecord } from '../../kernel/records.js';
import {
  criteriaFromRow,
  criteriaInput,
  criteriaValues,
  DEFAULT_CRITERIA,
  type Criteria,
} from './criteria.js';
import { activeCriteriaRow } from './queries.js';

/** The active criteria; the first command that needs them stores the defaults as version 1. */
export async function ensureCriteria(tx: Tx, orgId: string): Promise<Criteria & { id: string }> {
  const row = await activeCriteriaRow(tx.db, orgId);
  if (row) return criteriaFromRow(row);
  const created = await insertRecord(
    tx,
    orgId,
    'risk_criteria',
    criteriaValues(1, DEFAULT_CRITERIA, null, 'Default criteria'),
  );
  return criteriaFromRow(created);
}

/**
 * New criteria, as a new version in force from now on: the version before is superseded, and
 * every risk keeps the version it was scored on until it is re-assessed.
 */
export const updateCriteria = orgCommand({
  action: 'risk_criteria.update',
  input: criteriaInput,
  async run(tx, input) {
    const orgId = tx.org.orgId;
    const current = await activeCriteriaRow(tx.db, orgId);
    if (current) await updateRecord(tx, orgId, 'risk_criteria', current, { status: 'superseded' });
    const number = current ? Number(current.number) + 1 : 1;
    const row = await insertRecord(
      tx,
      orgId,
      'risk_criteria',
      criteriaValues(number, input, tx.org.memberId, input.changeNote ?? null),
    );
    return criteriaFromRow(row);
  },
});
