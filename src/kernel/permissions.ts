import { REGISTER_TABLES, type LedgeredTable } from '../db/tables.js';
import { SYSTEM_OF } from './system-scope.js';

/**
 * The permission matrix: every action, whether it reads or writes, and the roles that may perform
 * it. This file is the single source: routes declare an action, the command runner and the query
 * guard check it here, the API reports abilities from it, and one table-driven test covers it.
 * Auditors and viewers never hold a write action.
 */
export const ROLES = ['owner', 'manager', 'contributor', 'auditor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const ALL: readonly Role[] = ROLES;
const MANAGE: readonly Role[] = ['owner', 'manager'];
const WORK: readonly Role[] = ['owner', 'manager', 'contributor'];
const OVERSEE: readonly Role[] = ['owner', 'manager', 'auditor'];
/** A write of owners, managers and contributors, scoped to AI systems for contributors (Rule.scoped). */
const SCOPED_WORK = { kind: 'write', roles: WORK, scoped: true } as const;

/**
 * read: sees records; write: changes the organization's records; self: a member's own statement
 * (acknowledging a policy, reporting a concern), open to every role, viewers and auditors too,
 * because awareness and speaking up are everyone's (7.3, A.3.3). A self action changes no
 * record but the caller's own.
 */
type Rule = {
  kind: 'read' | 'write' | 'self';
  roles: readonly Role[];
  /**
   * Scoped to AI systems: when the organization matches access to responsibilities, a
   * contributor performs it only on records of the AI systems they are assigned to (and on
   * records of no system); every record the action writes is checked (src/kernel/system-scope.ts
   * says which systems a record belongs to).
   */
  scoped?: true;
};

const CORE = {
  'orgs.read': { kind: 'read', roles: ALL },
  'orgs.update': { kind: 'write', roles: MANAGE },
  'members.read': { kind: 'read', roles: ALL },
  'members.add': { kind: 'write', roles: MANAGE },
  'members.update': { kind: 'write', roles: MANAGE },
  'members.remove': { kind: 'write', roles: MANAGE },
  'tokens.read': { kind: 'read', roles: ALL },
  'tokens.create': { kind: 'write', roles: WORK },
  'tokens.revoke': { kind: 'write', roles: WORK },
  'ledger.read': { kind: 'read', roles: ALL },
  'ledger.verify': { kind: 'read', roles: OVERSEE },
  /**
   * The audit pack: making one starts a job in the background and changes no record (no ledger
   * event), so it is no write: auditors, who write nothing, may start one as owners and managers
   * may; who may make one may fetch it.
   */
  'pack.create': { kind: 'self', roles: OVERSEE },
  'pack.read': { kind: 'read', roles: OVERSEE },
} as const satisfies Record<string, Rule>;

/**
 * Each register (context issues, AI systems, datasets…) has the same four actions: everyone
 * reads; owners, managers and contributors create and update; owners and managers delete.
 */
const registerRules: Record<string, Rule> = {};
for (const key of REGISTER_TABLES) {
  if (key === 'ai_system_transitions') continue;
  // Registers whose records hang off an AI system (SYSTEM_OF) are scoped for contributors.
  const scoped = Object.hasOwn(SYSTEM_OF, key) ? ({ scoped: true } as const) : {};
  registerRules[`${key}.read`] = { kind: 'read', roles: ALL };
  registerRules[`${key}.create`] = { kind: 'write', roles: WORK, ...scoped };
  registerRules[`${key}.update`] = { kind: 'write', roles: WORK, ...scoped };
  registerRules[`${key}.delete`] = { kind: 'write', roles: MANAGE, ...scoped };
  registerRules[`${key}.import`] = { kind: 'write', roles: WORK, ...scoped };
}

export const PERMISSIONS: Record<string, Rule> = {
  ...CORE,
  ...registerRules,
  /** Moving an AI system to another life cycle stage (every transition is recorded). */
  'ai_systems.transition': SCOPED_WORK,
  'scope.read': { kind: 'read', roles: ALL },
  'scope.draft': { kind: 'write', roles: MANAGE },
  'scope.approve': { kind: 'write', roles: MANAGE },
  'policies.read': { kind: 'read', roles: ALL },
  'policies.create': { kind: 'write', roles: WORK },
  'policies.update': { kind: 'write', roles: WORK },
  'policies.submit': { kind: 'write', roles: WORK },
  'policies.approve': { kind: 'write', roles: MANAGE },
  'policies.publish': { kind: 'write', roles: MANAGE },
  'policies.retire': { kind: 'write', roles: MANAGE },
  'policies.acknowledge': { kind: 'self', roles: ALL },
  'documents.read': { kind: 'read', roles: ALL },
  'documents.create': { kind: 'write', roles: WORK },
  'documents.update': { kind: 'write', roles: WORK },
  'documents.approve': { kind: 'write', roles: MANAGE },
  'documents.publish_register': { kind: 'write', roles: MANAGE },
  'concerns.read': { kind: 'read', roles: OVERSEE },
  'concerns.report': { kind: 'self', roles: ALL },
  'concerns.triage': { kind: 'write', roles: MANAGE },
  'risks.read': { kind: 'read', roles: ALL },
  'risks.create': SCOPED_WORK,
  'risks.update': SCOPED_WORK,
  'risks.delete': { kind: 'write', roles: MANAGE },
  'risks.treat': SCOPED_WORK,
  /** Accepting a residual risk above the threshold (6.1.3): a manager or owner, never the risk's owner. */
  'risks.accept': { kind: 'write', roles: MANAGE },
  /** Risks from a CSV or XLSX file: each row is a risks.create (or risks.update) step. */
  'risks.import': SCOPED_WORK,
  'risk_criteria.read': { kind: 'read', roles: ALL },
  'risk_criteria.update': { kind: 'write', roles: MANAGE },
  /** Answering the EU AI Act questionnaire proposes a tier; confirming it sets the system's tier. */
  'ai_systems.classify': SCOPED_WORK,
  'ai_systems.confirm_tier': { kind: 'write', roles: MANAGE },
  'impact_assessments.read': { kind: 'read', roles: ALL },
  'impact_assessments.create': SCOPED_WORK,
  'impact_assessments.update': SCOPED_WORK,
  'impact_assessments.add_impact': SCOPED_WORK,
  'impact_assessments.update_impact': SCOPED_WORK,
  'impact_assessments.remove_impact': SCOPED_WORK,
  'impact_assessments.approve': { kind: 'write', roles: MANAGE },
  /**
   * Data protection impact assessments (GDPR Art. 35, 36): contributors screen and write them and
   * record the DPO's advice and the prior consultation; someone else, a manager or owner, approves.
   */
  'dpia.read': { kind: 'read', roles: ALL },
  'dpia.create': SCOPED_WORK,
  'dpia.update': SCOPED_WORK,
  'dpia.record_advice': SCOPED_WORK,
  'dpia.approve': { kind: 'write', roles: MANAGE },
  'dpia.consult': SCOPED_WORK,
  /** The organization's sectors (Annex D) and adding a sector profile's legal suggestion. */
  'sectors.read': { kind: 'read', roles: ALL },
  'sectors.update': { kind: 'write', roles: MANAGE },
  'sectors.add_legal': { kind: 'write', roles: WORK },
  'objectives.read': { kind: 'read', roles: ALL },
  'objectives.create': { kind: 'write', roles: WORK },
  'objectives.update': { kind: 'write', roles: WORK },
  'objectives.measure': { kind: 'write', roles: WORK },
  'changes.read': { kind: 'read', roles: ALL },
  'changes.propose': { kind: 'write', roles: WORK },
  /** Approving (never by the proposer), rejecting, or recording an approved change as implemented. */
  'changes.decide': { kind: 'write', roles: MANAGE },
  /** Withdrawing a proposal: only its proposer, a rule of the command. */
  'changes.withdraw': { kind: 'write', roles: WORK },
  'soa.read': { kind: 'read', roles: ALL },
  'soa.update': { kind: 'write', roles: MANAGE },
  'soa.approve': { kind: 'write', roles: MANAGE },
  /** Decisions of the statement from a CSV or XLSX file: each row is a soa.update step. */
  'soa.import': { kind: 'write', roles: MANAGE },
  /**
   * Whether a name is taken already (the warning of a form before it creates): everyone may ask;
   * the answer lists only records of a kind the caller may read.
   */
  'names.check': { kind: 'read', roles: ALL },
  'evidence.read': { kind: 'read', roles: ALL },
  'evidence.create': SCOPED_WORK,
  'evidence.link': SCOPED_WORK,
  'evidence.update': SCOPED_WORK,
  /** A download is a read that leaves a custody record, so auditors may download too. */
  'evidence.download': { kind: 'read', roles: ALL },
  'readiness.read': { kind: 'read', roles: ALL },
  'operations.read': { kind: 'read', roles: ALL },
  /** Life cycle gates (8.1): the criteria, their evaluation, and checks from a pipeline. */
  'gates.read': { kind: 'read', roles: ALL },
  'gates.update': { kind: 'write', roles: MANAGE },
  /** A recorded gate check, as a CI/CD pipeline makes one with a token scoped to it. */
  'gates.check': SCOPED_WORK,
  /** Evidence pushed for a gate: a file stored, linked to the AI system and given its kind. */
  'gates.push_evidence': SCOPED_WORK,
  /** Moving a system although its gate fails, with a written justification (no route of its own). */
  'gates.override': { kind: 'write', roles: MANAGE },
  /**
   * AI incidents (A.8.4): contributors record and update them, their timeline and what was
   * communicated; owners and managers decide whether one is serious (which starts the legal
   * reporting clocks), record the reports that fulfil those clocks, close incidents and say
   * whether NIS2 and DORA apply.
   */
  'incidents.read': { kind: 'read', roles: ALL },
  'incidents.create': SCOPED_WORK,
  'incidents.update': SCOPED_WORK,
  'incidents.set_status': SCOPED_WORK,
  'incidents.add_entry': SCOPED_WORK,
  'incidents.communicate': SCOPED_WORK,
  'incidents.link_risk': SCOPED_WORK,
  'incidents.classify': { kind: 'write', roles: MANAGE },
  'incidents.report': { kind: 'write', roles: MANAGE },
  'incidents.close': { kind: 'write', roles: MANAGE },
  'incidents.configure': { kind: 'write', roles: MANAGE },
  'nonconformities.read': { kind: 'read', roles: ALL },
  'nonconformities.raise': { kind: 'write', roles: WORK },
  'nonconformities.update': { kind: 'write', roles: WORK },
  /** Recording the correction (containment) of a nonconformity. */
  'nonconformities.correct': { kind: 'write', roles: WORK },
  /** Recording the root cause and whether similar nonconformities exist or could occur. */
  'nonconformities.investigate': { kind: 'write', roles: WORK },
  'nonconformities.add_action': { kind: 'write', roles: WORK },
  'nonconformities.update_action': { kind: 'write', roles: WORK },
  /** Checking that corrective actions worked: never by whoever owned, planned or did one of them. */
  'nonconformities.verify': { kind: 'write', roles: MANAGE },
  'nonconformities.close': { kind: 'write', roles: MANAGE },
  'nonconformities.reopen': { kind: 'write', roles: MANAGE },
  /**
   * Access matched to responsibilities: whether contributors are limited to the AI systems they
   * are assigned to, and the assignments (member ↔ AI system), made by managers and owners.
   */
  'access.read': { kind: 'read', roles: ALL },
  'orgs.configure_access': { kind: 'write', roles: MANAGE },
  'access.assign': { kind: 'write', roles: MANAGE },
  'access.unassign': { kind: 'write', roles: MANAGE },
  'improvements.read': { kind: 'read', roles: ALL },
  'improvements.create': { kind: 'write', roles: WORK },
  'improvements.update': { kind: 'write', roles: WORK },
  /** Deciding on an opportunity for improvement: adopt, defer or reject it. */
  'improvements.decide': { kind: 'write', roles: MANAGE },
  'monitoring.read': { kind: 'read', roles: ALL },
  /** Defining a metric, its thresholds and what a breach does. */
  'monitoring.define': { kind: 'write', roles: MANAGE },
  /** Pushing measurements (a pipeline's token usually holds this scope). */
  'monitoring.ingest': SCOPED_WORK,
  /**
   * Internal audit (9.2): managers and owners keep the audit programme (approved by another) and
   * plan audits; the audit's own team (its lead auditor and auditors, members who may work)
   * starts it, records the checklist and findings and issues the report (a rule of the command);
   * a manager or owner closes it once its report went to management. The auditor role stays
   * read-only: an internal auditor who records an audit here works as a contributor.
   */
  'audits.read': { kind: 'read', roles: ALL },
  'audits.draft_programme': { kind: 'write', roles: MANAGE },
  'audits.approve_programme': { kind: 'write', roles: MANAGE },
  'audits.plan': { kind: 'write', roles: MANAGE },
  'audits.start': { kind: 'write', roles: WORK },
  'audits.record': { kind: 'write', roles: WORK },
  'audits.report': { kind: 'write', roles: WORK },
  'audits.communicate': { kind: 'write', roles: WORK },
  'audits.close': { kind: 'write', roles: MANAGE },
  'reviews.read': { kind: 'read', roles: ALL },
  /** Planning, holding and issuing a management review, and its decisions: top management's. */
  'reviews.plan': { kind: 'write', roles: MANAGE },
  'reviews.update': { kind: 'write', roles: MANAGE },
  'reviews.hold': { kind: 'write', roles: MANAGE },
  'reviews.decide': { kind: 'write', roles: MANAGE },
  'reviews.issue': { kind: 'write', roles: MANAGE },
  /** Reporting progress on an action decided by a review. */
  'reviews.update_action': { kind: 'write', roles: WORK },
  /** What waits for the caller, and their notifications: each member's own. */
  'inbox.read': { kind: 'read', roles: ALL },
  'notifications.read': { kind: 'read', roles: ALL },
  /** Marking one's own notifications read changes nothing but the caller's own. */
  'notifications.mark_read': { kind: 'self', roles: ALL },
  /** Importing the models, datasets and suppliers of a CycloneDX ML-BOM into an AI system. */
  'cyclonedx.import': { kind: 'write', roles: MANAGE },
  /** Frameworks imported as OSCAL catalogs: everyone reads them; owners and managers import. */
  'frameworks.read': { kind: 'read', roles: ALL },
  /** Finding records and members by name (pickers); each kind still takes its own read action. */
  'lookup.read': { kind: 'read', roles: ALL },
  'frameworks.import': { kind: 'write', roles: MANAGE },
  /** Invitations by link: who may add members sees, makes and withdraws them. */
  'invitations.read': { kind: 'read', roles: MANAGE },
  'invitations.create': { kind: 'write', roles: MANAGE },
  'invitations.revoke': { kind: 'write', roles: MANAGE },
  /** Importing an OSCAL component definition: AI systems and Statement of Applicability decisions. */
  'components.import': { kind: 'write', roles: MANAGE },
  /** Stating the crosswalk from ISO/IEC 42001 onto an imported framework. */
  'frameworks.map': { kind: 'write', roles: MANAGE },
};

/**
 * What reading each ledger entity (a ledgered table) takes. Whatever shows a record's recorded
 * state or its id outside the record's own routes (the ledger list, a record's history, the
 * records a readiness reason names, an evidence record's reference) shows it only to a caller
 * who holds this action, by role and token scopes (`canReadEntity`). One entry per ledgered
 * table: the compiler checks the keys, test/permissions.test.ts that each is a read action.
 */
export const ENTITY_READ = {
  orgs: 'orgs.read',
  memberships: 'members.read',
  invitations: 'invitations.read',
  api_tokens: 'tokens.read',
  context_issues: 'context_issues.read',
  interested_parties: 'interested_parties.read',
  legal_requirements: 'legal_requirements.read',
  ai_systems: 'ai_systems.read',
  ai_system_transitions: 'ai_systems.read',
  ai_models: 'ai_models.read',
  datasets: 'datasets.read',
  ai_resources: 'ai_resources.read',
  third_parties: 'third_parties.read',
  responsibilities: 'responsibilities.read',
  competences: 'competences.read',
  training_records: 'training_records.read',
  scope_versions: 'scope.read',
  policies: 'policies.read',
  policy_versions: 'policies.read',
  policy_acknowledgements: 'policies.read',
  documents: 'documents.read',
  document_versions: 'documents.read',
  concerns: 'concerns.read',
  risk_criteria: 'risk_criteria.read',
  risks: 'risks.read',
  risk_treatments: 'risks.read',
  risk_acceptances: 'risks.read',
  ai_act_classifications: 'ai_systems.read',
  impact_assessments: 'impact_assessments.read',
  impact_items: 'impact_assessments.read',
  dpias: 'dpia.read',
  sector_settings: 'sectors.read',
  objectives: 'objectives.read',
  objective_measurements: 'objectives.read',
  aims_changes: 'changes.read',
  aims_change_decisions: 'changes.read',
  soa_entries: 'soa.read',
  soa_versions: 'soa.read',
  evidence: 'evidence.read',
  evidence_links: 'evidence.read',
  custody_events: 'evidence.read',
  gate_criteria: 'gates.read',
  gate_evidence: 'gates.read',
  gate_checks: 'gates.read',
  gate_overrides: 'gates.read',
  incidents: 'incidents.read',
  incident_systems: 'incidents.read',
  incident_timeline: 'incidents.read',
  incident_communications: 'incidents.read',
  incident_risks: 'incidents.read',
  incident_settings: 'incidents.read',
  nonconformities: 'nonconformities.read',
  nonconformity_actions: 'nonconformities.read',
  nonconformity_steps: 'nonconformities.read',
  improvements: 'improvements.read',
  metric_definitions: 'monitoring.read',
  metric_batches: 'monitoring.read',
  metric_breaches: 'monitoring.read',
  audit_programmes: 'audits.read',
  audits: 'audits.read',
  audit_checklist_items: 'audits.read',
  audit_findings: 'audits.read',
  system_assignments: 'access.read',
  oscal_frameworks: 'frameworks.read',
  management_reviews: 'reviews.read',
  management_review_decisions: 'reviews.read',
  management_review_actions: 'reviews.read',
} as const satisfies Record<LedgeredTable, string>;

/**
 * Columns of a ledgered table that hold the id of a record whose table another column of the row
 * names (evidence that is a reference to a record): such an id is shown only to a caller who may
 * read the table it names.
 */
export const TYPED_REFERENCES: {
  readonly [T in LedgeredTable]?: readonly { type: string; id: string }[];
} = { evidence: [{ type: 'record_type', id: 'record_id' }] };

/** The read action of a ledger entity, or undefined for a name that is no ledger entity. */
export const readActionOf = (entity: string): Action | undefined =>
  Object.hasOwn(ENTITY_READ, entity) ? ENTITY_READ[entity as LedgeredTable] : undefined;

/** An action name: `<module>.<verb>`, a key of PERMISSIONS. */
export type Action = string;
export const ACTIONS: Action[] = Object.keys(PERMISSIONS);

export const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

export function roleAllows(role: Role, action: Action): boolean {
  const rule = PERMISSIONS[action];
  if (!rule) throw new Error(`unknown action ${action}`);
  return rule.roles.includes(role);
}

/**
 * API token scopes: `read` (every read action), `write` (every action), or one action name.
 * A token can never do more than its user's role allows.
 */
export const SCOPE_WORDS = ['read', 'write'] as const;

/**
 * Action names that were split or renamed, with what they stand for now. API tokens are ledgered
 * records, so their scopes are never rewritten: a token scoped to a former name keeps exactly the
 * abilities that name gave. New tokens take only current names.
 */
export const FORMER_ACTIONS: Readonly<Record<string, readonly Action[]>> = {
  'impact_assessments.write': [
    'impact_assessments.create',
    'impact_assessments.update',
    'impact_assessments.add_impact',
    'impact_assessments.update_impact',
    'impact_assessments.remove_impact',
  ],
  'objectives.write': ['objectives.create', 'objectives.update'],
  'changes.write': ['changes.propose'],
  'changes.approve': ['changes.decide'],
};

export function isScope(s: string): boolean {
  return (SCOPE_WORDS as readonly string[]).includes(s) || Object.hasOwn(PERMISSIONS, s);
}

export function scopesAllow(scopes: readonly string[], action: Action): boolean {
  return scopes.some(
    (s) =>
      s === 'write' ||
      s === action ||
      (s === 'read' && PERMISSIONS[action]?.kind === 'read') ||
      (FORMER_ACTIONS[s]?.includes(action) ?? false),
  );
}

/** What `abilities` answered, by role and scopes: the matrix is fixed, so the answer is too. */
const abilitiesMemo = new Map<string, readonly Action[]>();
/** Scopes come from tokens and requests: the memo is emptied rather than let grow past this. */
const ABILITIES_MEMO_MAX = 2048;

export function abilities(role: Role, scopes?: readonly string[]): Action[] {
  const key = scopes ? `${role} ${JSON.stringify(scopes)}` : role;
  let found = abilitiesMemo.get(key);
  if (!found) {
    found = ACTIONS.filter((a) => roleAllows(role, a) && (!scopes || scopesAllow(scopes, a)));
    if (abilitiesMemo.size >= ABILITIES_MEMO_MAX) abilitiesMemo.clear();
    abilitiesMemo.set(key, found);
  }
  return found.slice();
}
