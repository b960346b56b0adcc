import { REQUIREMENTS } from '../../catalog/index.js';
import { decodeJson } from '../../db/json.js';
import * as Q from './queries-audits.js';
import { R, type CheckFn } from './reasons.js';

/**
 * The checks of clause 9.2 over the audit programme, the audits and their findings. A scope id of
 * an audit stands for the clause leaves under it (9 covers 9.1 to 9.3.3).
 */
const CLAUSE_LEAVES = REQUIREMENTS.filter((r) => r.kind === 'clause').map((r) => r.id);
const covered = (scope: string[]) =>
  new Set(CLAUSE_LEAVES.filter((id) => scope.some((s) => id === s || id.startsWith(`${s}.`))));

export const AUDIT_CHECKS: {
  audit_programme: CheckFn<'audit_programme'>;
  audits_held: CheckFn<'audits_held'>;
  audit_findings_followed_up: CheckFn<'audit_findings_followed_up'>;
} = {
  async audit_programme(db, orgId, c, f) {
    const all = await Q.auditProgrammes(db, orgId);
    const approved = all.find((p) => p.status === 'approved');
    const refs = all.map((p) => ({ type: 'audit_programmes', id: p.id }));
    if (!approved)
      return all.length
        ? R(c, 'partial', 'An audit programme is drafted but not yet approved.', refs)
        : R(c, 'missing', 'No audit programme recorded.');
    if (approved.period_start > f.today || approved.period_end < f.today)
      return R(
        c,
        'partial',
        `The approved audit programme covers ${approved.period_start} to ${approved.period_end}, not today.`,
        refs,
      );
    const planned = await Q.plannedAuditCount(
      db,
      orgId,
      approved.period_start,
      approved.period_end,
    );
    if (planned === 0)
      return R(
        c,
        'partial',
        'The approved audit programme plans no audit in its period yet.',
        refs,
      );
    return R(
      c,
      'met',
      `An approved audit programme covers today, with ${planned === 1 ? 'one audit' : `${planned} audits`} planned in its period.`,
      refs,
    );
  },
  async audits_held(db, orgId, c) {
    const approved = (await Q.auditProgrammes(db, orgId)).find((p) => p.status === 'approved');
    const reported = await Q.reportedAudits(db, orgId);
    if (!reported.length) return R(c, 'missing', 'No internal audit has issued its report yet.');
    const refs = reported.map((a) => ({ type: 'audits', id: a.id }));
    if (!approved)
      return R(
        c,
        'partial',
        'Audits were reported, but no approved audit programme frames them.',
        refs,
      );
    const within = reported.filter((a) => {
      const day = (a.reported_at ?? '').slice(0, 10);
      return day >= approved.period_start && day <= approved.period_end;
    });
    if (!within.length)
      return R(
        c,
        'partial',
        `No audit report was issued within the programme period (${approved.period_start} to ${approved.period_end}).`,
        refs,
      );
    const seen = new Set<string>();
    for (const a of within) for (const id of covered(decodeJson(a.scope))) seen.add(id);
    const missing = CLAUSE_LEAVES.filter((id) => !seen.has(id));
    const untold = within.filter((a) => a.communicated_on === null);
    const inRefs = within.map((a) => ({ type: 'audits', id: a.id }));
    if (missing.length)
      return R(
        c,
        'partial',
        `Audits reported within the programme period leave ${missing.length} of ${CLAUSE_LEAVES.length} clauses unaudited (${missing.slice(0, 6).join(', ')}${missing.length > 6 ? '…' : ''}).`,
        inRefs,
      );
    if (untold.length)
      return R(
        c,
        'partial',
        `${untold.length === 1 ? 'One audit report was' : `${untold.length} audit reports were`} not yet communicated to management.`,
        untold.map((a) => ({ type: 'audits', id: a.id })),
      );
    return R(
      c,
      'met',
      `Audits reported within the programme period cover every clause, and their reports went to management.`,
      inRefs,
    );
  },
  async audit_findings_followed_up(db, orgId, c) {
    const reported = await Q.reportedAudits(db, orgId);
    if (!reported.length) return R(c, 'missing', 'No internal audit has issued its report yet.');
    const ncs = await Q.findingNonconformities(db, orgId);
    const waiting = ncs.filter((n) => n.status === 'open' || n.status === 'reopened');
    if (waiting.length)
      return R(
        c,
        'partial',
        `${waiting.length === 1 ? 'One nonconformity' : `${waiting.length} nonconformities`} raised by audit findings ${waiting.length === 1 ? 'has' : 'have'} no correction recorded yet.`,
        waiting.map((n) => ({ type: 'nonconformities', id: n.id })),
      );
    return R(
      c,
      'met',
      ncs.length
        ? `Every nonconformity raised by an audit finding is being handled (${ncs.length} in all).`
        : 'The reported audits raised no nonconformity.',
      ncs.map((n) => ({ type: 'nonconformities', id: n.id })),
    );
  },
};
