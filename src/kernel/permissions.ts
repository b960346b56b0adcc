import { REGISTER_TABLES } from '../db/tables.js';

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

/**
 * read: sees records; write: changes the organization's records; self: a member's own statement
 * (acknowledging a policy, reporting a concern), open to every role, viewers and auditors too,
 * because awareness and speaking up are everyone's (7.3, A.3.3). A self action changes no
 * record but the caller's own.
 */
type Rule = { kind: 'read' | 'write' | 'self'; roles: readonly Role[] };

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
} as const satisfies Record<string, Rule>;

/**
 * Each register (context issues, AI systems, datasets…) has the same four actions: everyone
 * reads; owners, managers and contributors create and update; owners and managers delete.
 */
const registerRules: Record<string, Rule> = {};
for (const key of REGISTER_TABLES) {
  if (key === 'ai_system_transitions') continue;
  registerRules[`${key}.read`] = { kind: 'read', roles: ALL };
  registerRules[`${key}.create`] = { kind: 'write', roles: WORK };
  registerRules[`${key}.update`] = { kind: 'write', roles: WORK };
  registerRules[`${key}.delete`] = { kind: 'write', roles: MANAGE };
  registerRules[`${key}.import`] = { kind: 'write', roles: WORK };
}

export const PERMISSIONS: Record<string, Rule> = {
  ...CORE,
  ...registerRules,
  /** Moving an AI system to another life cycle stage (every transition is recorded). */
  'ai_systems.transition': { kind: 'write', roles: WORK },
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
  'risks.create': { kind: 'write', roles: WORK },
  'risks.update': { kind: 'write', roles: WORK },
  'risks.delete': { kind: 'write', roles: MANAGE },
  'risks.treat': { kind: 'write', roles: WORK },
  /** Accepting a residual risk above the threshold (6.1.3): a manager or owner, never the risk's owner. */
  'risks.accept': { kind: 'write', roles: MANAGE },
  'risk_criteria.read': { kind: 'read', roles: ALL },
  'risk_criteria.update': { kind: 'write', roles: MANAGE },
  /** Answering the EU AI Act questionnaire proposes a tier; confirming it sets the system's tier. */
  'ai_systems.classify': { kind: 'write', roles: WORK },
  'ai_systems.confirm_tier': { kind: 'write', roles: MANAGE },
  'impact_assessments.read': { kind: 'read', roles: ALL },
  'impact_assessments.create': { kind: 'write', roles: WORK },
  'impact_assessments.update': { kind: 'write', roles: WORK },
  'impact_assessments.add_impact': { kind: 'write', roles: WORK },
  'impact_assessments.update_impact': { kind: 'write', roles: WORK },
  'impact_assessments.remove_impact': { kind: 'write', roles: WORK },
  'impact_assessments.approve': { kind: 'write', roles: MANAGE },
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
  'evidence.read': { kind: 'read', roles: ALL },
  'evidence.create': { kind: 'write', roles: WORK },
  'evidence.link': { kind: 'write', roles: WORK },
  'evidence.update': { kind: 'write', roles: WORK },
  /** A download is a read that leaves a custody record, so auditors may download too. */
  'evidence.download': { kind: 'read', roles: ALL },
  'readiness.read': { kind: 'read', roles: ALL },
  /** What waits for the caller, and their notifications: each member's own. */
  'inbox.read': { kind: 'read', roles: ALL },
  'notifications.read': { kind: 'read', roles: ALL },
  /** Marking one's own notifications read changes nothing but the caller's own. */
  'notifications.mark_read': { kind: 'self', roles: ALL },
};

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

export function abilities(role: Role, scopes?: readonly string[]): Action[] {
  return ACTIONS.filter((a) => roleAllows(role, a) && (!scopes || scopesAllow(scopes, a)));
}
