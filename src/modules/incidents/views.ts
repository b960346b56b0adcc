import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { decodeJson } from '../../db/json.js';
import type { DB } from '../../db/schema.js';
import { can } from '../../kernel/authorize.js';
import type { OrgAccess } from '../../kernel/context.js';
import { NameWants, namesWanted, pickNames, resolveNames, type Names } from '../../kernel/names.js';
import { CLOCKS, computeClocks, isOpen, type Clock, type SeriousCase } from './clocks.js';
import { reportsOf, riskLinksOf, systemsOf } from './queries.js';
import {
  NEXT_STATUSES,
  type CommunicationRow,
  type EntryRow,
  type IncidentRow,
  type IncidentStatus,
  type SettingsRow,
} from './schemas.js';
import type { communicationView, entryView, IncidentView, settingsView } from './view-schemas.js';

/** The clocks of an incident at `now`, from its row and its reports. */
export function clocksOf(i: IncidentRow, reports: CommunicationRow[], now: string): Clock[] {
  return computeClocks(
    {
      serious: i.serious === 1,
      seriousCase: i.serious_case as SeriousCase | null,
      awareAt: i.aware_at,
      seriousSince: i.serious_since,
      regimes: decodeJson(i.regimes),
      reports: reports.map((r) => ({ id: r.id, fulfils: r.fulfils, sentAt: r.sent_at })),
    },
    now,
  );
}

/**
 * Why the incident cannot be closed now, in words (empty when it can, the caller's role aside):
 * it must be resolved, with its containment and root cause recorded, and no reporting clock may
 * still ask for a report.
 */
export function closeBlockers(i: IncidentRow, clocks: Clock[]): string[] {
  if (i.status === 'closed') return ['It is closed.'];
  const out: string[] = [];
  if (i.status !== 'resolved') out.push('It must be resolved first.');
  if (!i.containment?.trim()) out.push('Record the containment actions.');
  if (!i.root_cause?.trim()) out.push('Record the root cause.');
  for (const c of clocks.filter(isOpen))
    out.push(`The ${CLOCKS[c.key].title} is not yet recorded as sent.`);
  return out;
}

interface Related {
  systems: { aiSystemId: string; aiModelId: string | null }[];
  riskIds: string[];
  reports: CommunicationRow[];
}

/** An incident as the API shows it to this caller at `now`. */
export function toIncidentView(
  i: IncidentRow,
  rel: Related,
  access: OrgAccess,
  now: string,
  names: Names = {},
): IncidentView {
  const clocks = clocksOf(i, rel.reports, now);
  const blockers = closeBlockers(i, clocks);
  const closed = i.status === 'closed';
  // The AI systems the incident names: what a contributor's access may be limited to.
  const on = rel.systems.map((s) => s.aiSystemId);
  const setStatus = !closed && can(access, 'incidents.set_status', on);
  return {
    id: i.id,
    ref: i.ref,
    title: i.title,
    description: i.description,
    source: i.source,
    sourceRef: i.source_ref,
    occurredAt: i.occurred_at,
    detectedAt: i.detected_at,
    severity: i.severity as IncidentView['severity'],
    harmTypes: decodeJson(i.harm_types),
    affectedCount: i.affected_count === null ? null : Number(i.affected_count),
    affectedDescription: i.affected_description,
    systems: rel.systems,
    status: i.status as IncidentStatus,
    containment: i.containment,
    rootCause: i.root_cause,
    serious: i.serious === 1,
    seriousCase: i.serious_case as SeriousCase | null,
    seriousReason: i.serious_reason,
    seriousDecidedByMemberId: i.serious_decided_by_member_id,
    seriousDecidedAt: i.serious_decided_at,
    seriousSince: i.serious_since,
    awareAt: i.aware_at,
    regimes: decodeJson(i.regimes) as IncidentView['regimes'],
    clocks,
    riskIds: rel.riskIds,
    nonconformityId: i.nonconformity_id,
    reportedByMemberId: i.reported_by_member_id,
    closedAt: i.closed_at,
    closedByMemberId: i.closed_by_member_id,
    nextStatuses: setStatus ? [...NEXT_STATUSES[i.status as IncidentStatus]] : [],
    closeBlockers: blockers,
    abilities: {
      edit: !closed && can(access, 'incidents.update', on),
      setStatus,
      classify: !closed && can(access, 'incidents.classify'),
      close: blockers.length === 0 && can(access, 'incidents.close'),
      addEntry: can(access, 'incidents.add_entry', on),
      communicate: can(access, 'incidents.communicate', on),
      report: i.serious === 1 && can(access, 'incidents.report'),
      linkRisk: can(access, 'incidents.link_risk', on),
    },
    names,
    version: i.version,
    createdAt: i.created_at,
    updatedAt: i.updated_at,
  };
}

const group = <R, K>(rows: R[], key: (r: R) => K) => {
  const m = new Map<K, R[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return m;
};

/** Incidents as views, with their systems, risks and reports read in one query each. */
export async function incidentViews(
  db: Kysely<DB>,
  access: OrgAccess,
  rows: IncidentRow[],
  now: string,
): Promise<IncidentView[]> {
  const ids = rows.map((r) => r.id);
  const systems = group(await systemsOf(db, access.orgId, ids), (s) => s.incident_id);
  const risks = group(await riskLinksOf(db, access.orgId, ids), (l) => l.incident_id);
  const serious = rows.filter((r) => r.serious === 1).map((r) => r.id);
  const reports = group(await reportsOf(db, access.orgId, serious), (c) => c.incident_id);
  const related = new Map(
    rows.map((i): [string, Related] => [
      i.id,
      {
        systems: (systems.get(i.id) ?? []).map((s) => ({
          aiSystemId: s.ai_system_id,
          aiModelId: s.ai_model_id,
        })),
        riskIds: (risks.get(i.id) ?? []).map((l) => l.risk_id),
        reports: reports.get(i.id) ?? [],
      },
    ]),
  );
  const wants = new Map(rows.map((i) => [i.id, refsOf(i, related.get(i.id)!)]));
  const all = new NameWants();
  for (const w of wants.values()) for (const [source, set] of w.wanted) all.add(source, [...set]);
  const names = await resolveNames(db, access, all);
  return rows.map((i) =>
    toIncidentView(i, related.get(i.id)!, access, now, namesWanted(names, wants.get(i.id)!)),
  );
}

/** What an incident refers to, for its names: its AI systems and models, risks, nonconformity, members. */
function refsOf(i: IncidentRow, rel: Related): NameWants {
  return new NameWants()
    .add(
      'ai_systems',
      rel.systems.map((s) => s.aiSystemId),
    )
    .add(
      'ai_models',
      rel.systems.map((s) => s.aiModelId),
    )
    .add('risks', rel.riskIds)
    .add('nonconformities', i.nonconformity_id)
    .add('memberships', [
      i.reported_by_member_id,
      i.serious_decided_by_member_id,
      i.closed_by_member_id,
    ]);
}

export const incidentViewOf = async (
  db: Kysely<DB>,
  access: OrgAccess,
  i: IncidentRow,
  now: string,
) => (await incidentViews(db, access, [i], now))[0]!;

export const toEntryView = (r: EntryRow, names: Names = {}): z.infer<typeof entryView> => ({
  id: r.id,
  incidentId: r.incident_id,
  at: r.at,
  kind: r.kind as z.infer<typeof entryView>['kind'],
  entry: r.entry,
  memberId: r.member_id,
  createdAt: r.created_at,
  names,
});

export const toCommunicationView = (
  r: CommunicationRow,
  names: Names = {},
): z.infer<typeof communicationView> => ({
  id: r.id,
  incidentId: r.incident_id,
  audience: r.audience as z.infer<typeof communicationView>['audience'],
  recipient: r.recipient,
  sentAt: r.sent_at,
  channel: r.channel as z.infer<typeof communicationView>['channel'],
  summary: r.summary,
  reference: r.reference,
  fulfils: r.fulfils as z.infer<typeof communicationView>['fulfils'],
  memberId: r.member_id,
  createdAt: r.created_at,
  names,
});

/**
 * Entries of an incident's timeline or communications with their names: the incident they
 * belong to and the member who recorded each (those the caller may read), read at once.
 */
export async function entryNames<R extends EntryRow | CommunicationRow>(
  db: Kysely<DB>,
  access: OrgAccess,
  rows: R[],
): Promise<(r: R) => Names> {
  const all = await resolveNames(
    db,
    access,
    new NameWants()
      .add(
        'incidents',
        rows.map((r) => r.incident_id),
      )
      .add(
        'memberships',
        rows.map((r) => r.member_id),
      ),
  );
  return (r) => pickNames(all, r.incident_id, r.member_id);
}

/** The settings as stated, or the defaults (neither NIS2 nor DORA applies) at version 0. */
export const toSettingsView = (r: SettingsRow | undefined): z.infer<typeof settingsView> =>
  r
    ? {
        nis2Applies: r.nis2_applies === 1,
        doraApplies: r.dora_applies === 1,
        note: r.note,
        version: r.version,
        updatedAt: r.updated_at,
      }
    : { nis2Applies: false, doraApplies: false, note: null, version: 0, updatedAt: null };
