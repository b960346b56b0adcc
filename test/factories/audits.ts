/**
 * Audit programmes and audits for command tests, made through the module's commands: a programme
 * drafted by the owner and approved by the manager, and an audit planned (and started) with the
 * contributor as its lead auditor unless overrides say otherwise.
 */
import type { z } from 'zod';
import {
  approveProgramme,
  draftProgramme,
  planAudit,
  startAudit,
} from '../../src/modules/audits/index.js';
import type { Unit } from '../unit.js';

type PlanInput = z.input<typeof planAudit.input>;
let n = 0;

export async function makeProgramme(u: Unit, period = { start: '2026-01-01', end: '2026-12-31' }) {
  const d = await u.run(draftProgramme, {
    periodStart: period.start,
    periodEnd: period.end,
    frequency: 'Once a year.',
    methods: 'Interviews and sampling.',
    responsibilities: 'The AIMS manager plans; contributors audit.',
    importance: 'High-risk AI systems first.',
    previousResults: 'None: the first programme.',
  });
  return u.run(approveProgramme, { programmeId: d.id }, { as: u.members.manager });
}

export function makeAudit(u: Unit, overrides: Partial<PlanInput> = {}) {
  return u.run(
    planAudit,
    {
      title: `Audit ${++n}`,
      criteria: 'ISO/IEC 42001:2023 and the AI policy.',
      scope: ['A.6.2.4', '9.2'],
      plannedStart: '2026-05-04',
      plannedEnd: '2026-05-06',
      leadAuditorMemberId: u.members.contributor.memberId,
      ...overrides,
    },
    { as: u.members.manager },
  );
}

/** A planned audit, started by its lead auditor (the contributor). */
export async function makeStartedAudit(u: Unit, overrides: Partial<PlanInput> = {}) {
  const a = await makeAudit(u, overrides);
  return u.run(startAudit, { auditId: a.id }, { as: u.members.contributor });
}
