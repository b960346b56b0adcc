import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, type FieldError } from '../../kernel/errors.js';
import {
  controlResponsibilities,
  documentAuthors,
  policyAuthors,
  programmeAuthors,
  scopeAuthors,
  soaAuthors,
  soaOwners,
  type OwnedRecord,
} from './queries-independence.js';
import { scopeRequirements } from './schemas.js';

/**
 * Auditors do not audit their own work (9.2.2 c). The rule, concrete so that it can be checked:
 * no auditor of an audit (lead or other) may, for a requirement in its scope,
 *
 * - own the SoA entry of an Annex A control in scope, or be responsible or accountable for it in
 *   the responsibilities register (subject type control);
 * - for clause 4.3: have written or approved the scope in force;
 * - for clause 5.2: own a policy, or have written or approved a policy's version in force;
 * - for clause 6.1.3: have written or approved the Statement of Applicability in force;
 * - for clause 7.5: own a document, or have written or approved a document's version in force;
 * - for clause 9.2.2: have written or approved the audit programme in force.
 *
 * It is checked when an audit is planned, when its team or scope changes, and again when it
 * starts (ownership may have changed in between).
 */
type Finder = (db: Kysely<DB>, orgId: string, memberIds: string[]) => Promise<OwnedRecord[]>;
const CLAUSE_RECORDS: [clause: string, find: Finder][] = [
  ['4.3', scopeAuthors],
  ['5.2', policyAuthors],
  ['6.1.3', soaAuthors],
  ['7.5', documentAuthors],
  ['9.2.2', programmeAuthors],
];

/** What each of these members owns or authored among the records an audit of `scope` looks at. */
export async function conflictsOf(
  db: Kysely<DB>,
  orgId: string,
  scope: readonly string[],
  memberIds: string[],
): Promise<OwnedRecord[]> {
  const reqs = scopeRequirements(scope);
  const controls = reqs.filter((r) => r.kind === 'control').map((r) => r.id);
  const clauses = reqs.filter((r) => r.kind === 'clause').map((r) => r.id);
  const out = [
    ...(await soaOwners(db, orgId, controls, memberIds)),
    ...(await controlResponsibilities(db, orgId, controls, memberIds)),
  ];
  for (const [clause, find] of CLAUSE_RECORDS)
    if (clauses.some((c) => c === clause || c.startsWith(`${clause}.`)))
      out.push(...(await find(db, orgId, memberIds)));
  return out;
}

/**
 * Refuses a team that would audit its own work: 422 NOT_INDEPENDENT, one error per conflict,
 * pointing at the field that names the auditor.
 */
export async function assertIndependent(
  db: Kysely<DB>,
  orgId: string,
  team: { scope: readonly string[]; lead: string; auditors: readonly string[] },
  fields: { scope: boolean } = { scope: false },
) {
  const members = [...new Set([team.lead, ...team.auditors])];
  const conflicts = await conflictsOf(db, orgId, team.scope, members);
  if (!conflicts.length) return;
  const pointer = (m: string) =>
    m === team.lead
      ? '/body/leadAuditorMemberId'
      : `/body/auditorMemberIds/${team.auditors.indexOf(m)}`;
  const errors: FieldError[] = conflicts.map((c) => ({
    pointer: fields.scope ? '/body/scope' : pointer(c.memberId),
    message: `This auditor ${c.what}, which is in the audit's scope (${c.requirementId}): an auditor may not audit their own work.`,
  }));
  throw new AppError(
    'NOT_INDEPENDENT',
    `An auditor of this audit owns or authored records in its scope; choose another auditor or leave ${[...new Set(conflicts.map((c) => c.requirementId))].join(', ')} out of the scope.`,
    errors,
  );
}
