import type { Kysely } from 'kysely';
import { decodeJson } from '../../db/json.js';
import type { DB } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { NameWants, namesWanted, resolveNames } from '../../kernel/names.js';
import type { AuditRow, ChecklistRow, FindingRow, ProgrammeRow } from './schemas.js';
import {
  toAuditDetailView,
  toAuditView,
  toProgrammeView,
  type AuditDetailView,
  type AuditView,
  type ProgrammeView,
} from './views.js';

/** A programme version as a view, naming its author and approver. */
export async function programmeViewOf(
  db: Kysely<DB>,
  access: OrgAccess,
  r: ProgrammeRow,
  audits: AuditRow[],
): Promise<ProgrammeView> {
  const w = new NameWants().add('memberships', [r.author_member_id, r.approver_member_id]);
  return toProgrammeView(r, audits, access, namesWanted(await resolveNames(db, access, w), w));
}

/** What an audit refers to, for its names: its team and the members who reported, communicated, planned it. */
function auditWants(a: AuditRow, w = new NameWants()): NameWants {
  return w
    .add('catalog', decodeJson(a.scope))
    .add('memberships', [
      a.lead_auditor_member_id,
      ...decodeJson(a.auditor_member_ids),
      a.reported_by_member_id,
      a.communicated_by_member_id,
      a.author_member_id,
    ]);
}

/** Audits as views, with the names of what they refer to read at once for the page. */
export async function auditViews(
  db: Kysely<DB>,
  access: OrgAccess,
  rows: AuditRow[],
): Promise<AuditView[]> {
  const wants = new Map(rows.map((a) => [a.id, auditWants(a)]));
  const all = new NameWants();
  for (const w of wants.values()) for (const [source, set] of w.wanted) all.add(source, [...set]);
  const names = await resolveNames(db, access, all);
  return rows.map((a) => toAuditView(a, access, namesWanted(names, wants.get(a.id)!)));
}

/**
 * An audit with its checklist and findings; its names also name what they refer to: the
 * requirements, the evidence, the nonconformities and improvements raised, the members.
 */
export async function auditDetailViewOf(
  db: Kysely<DB>,
  access: OrgAccess,
  a: AuditRow,
  checklist: ChecklistRow[],
  findings: FindingRow[],
): Promise<AuditDetailView> {
  const w = auditWants(a);
  for (const c of checklist)
    w.add('catalog', c.requirement_id)
      .add('evidence', decodeJson(c.evidence_ids))
      .add('memberships', c.assessed_by_member_id);
  for (const f of findings)
    w.add('catalog', f.requirement_id)
      .add('evidence', decodeJson(f.evidence_ids))
      .add('nonconformities', f.nonconformity_id)
      .add('improvements', f.improvement_id)
      .add('memberships', f.author_member_id);
  const names = namesWanted(await resolveNames(db, access, w), w);
  return toAuditDetailView(a, checklist, findings, access, names);
}
