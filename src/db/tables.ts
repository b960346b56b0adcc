/**
 * The schema as it stands today: every table, its columns (type, nullability, whether the ledger
 * records it), its indexes and foreign keys. The Kysely `DB` type and the ledgered columns
 * (`LEDGERED`) are derived from it, and a test checks it against a database the migrations built
 * (on SQLite and PostgreSQL), so the three cannot drift apart.
 *
 * The migrations in ./migrations are the history that produced this schema and never change; to
 * change a table, add a migration and change its entry here (docs/ARCHITECTURE.md, "Adding a
 * column").
 *
 * Timestamps are ISO-8601 text and JSON values are text on both dialects, so a row reads back
 * identically from SQLite and PostgreSQL and its ledger state (which is hashed) does not depend
 * on the store.
 */
import type { Json } from './json.js';

export type SqlType = 'text' | 'integer';

/** A column of the registry; `T` is the type a row holds (with null when nullable). */
export class Column<T> {
  /** Type only: what a row of this column holds. */
  declare readonly __type: T;
  constructor(
    readonly sqlType: SqlType,
    readonly isNullable = false,
    readonly isLedgered = true,
    readonly isJson = false,
    /** `table.column` this column refers to (a foreign key). */
    readonly references: string | null = null,
    /**
     * The record table whose id this column holds, within the same organization: a foreign key
     * (org_id, column) → table (org_id, id), so a record can never point into another organization.
     */
    readonly inOrgOf: string | null = null,
  ) {}

  private with(changes: Partial<Column<T>>): Column<T> {
    const c = { ...this, ...changes };
    return new Column<T>(c.sqlType, c.isNullable, c.isLedgered, c.isJson, c.references, c.inOrgOf);
  }

  nullable(): Column<T | null> {
    return this.with({ isNullable: true }) as Column<T | null>;
  }

  /** Kept out of the ledger (secrets such as token hashes). */
  secret(): Column<T> {
    return this.with({ isLedgered: false });
  }

  refersTo(target: string): Column<T> {
    return this.with({ references: target });
  }

  inOrg(table: string): Column<T> {
    return this.with({ inOrgOf: table });
  }
}

export const text = () => new Column<string>('text');
export const integer = () => new Column<number>('integer');
/** JSON kept as text; read and written only through decodeJson / encodeJson (./json.ts). */
export const json = <T>() => new Column<Json<T>>('text', false, true, true);

type Columns = Record<string, Column<unknown>>;

export interface TableSpec<C extends Columns = Columns, L extends boolean = boolean> {
  columns: C;
  /** Whether every change of a row is an event in its organization's ledger. */
  ledgered: L;
  /** Secondary indexes, each as its columns; unique ones in `unique`. */
  indexes: readonly (readonly string[])[];
  unique: readonly (readonly string[])[];
}

const table = <C extends Columns, L extends boolean = false>(
  columns: C,
  opts: { ledgered?: L; indexes?: string[][]; unique?: string[][] } = {},
): TableSpec<C, L> => ({
  columns,
  ledgered: (opts.ledgered ?? false) as L,
  indexes: opts.indexes ?? [],
  unique: opts.unique ?? [],
});

/** Columns every organization record has. */
const RECORD_BASE = {
  id: text(),
  org_id: text().refersTo('orgs.id'),
  version: integer(),
  created_at: text(),
  updated_at: text(),
};

/**
 * An organization record: the common columns, then its own; ledgered; unique on (org_id, id) (what
 * the foreign keys of other records point at), indexed by (org_id, c) for each column c in
 * `indexed` (the parent ids its lists are filtered by), and unique on (org_id, …u) for each u in
 * `unique`.
 */
const record = <C extends Columns>(columns: C, indexed: string[], unique: string[][] = []) =>
  table(
    { ...RECORD_BASE, ...columns },
    {
      ledgered: true as const,
      indexes: indexed.map((c) => ['org_id', c]),
      unique: [['org_id', 'id'], ...unique.map((u) => ['org_id', ...u])],
    },
  );

/** One step of a likelihood or impact scale of the risk criteria. */
export interface StoredScaleStep {
  label: string;
  description: string;
}
/** A risk level of the risk criteria, lowest first. */
export interface StoredRiskLevel {
  key: string;
  label: string;
}
/** An exclusion from the AIMS scope, with its reason. */
export interface StoredExclusion {
  item: string;
  justification: string;
}
/** A reason for a proposed EU AI Act tier, and an obligation that follows from it. */
export interface StoredAiActReason {
  ref: string;
  text: string;
}
export interface StoredAiActObligation {
  ref: string;
  title: string;
  /** provider, deployer, importer, distributor or authorised_representative. */
  who: 'provider' | 'deployer' | 'importer' | 'distributor' | 'authorised_representative';
  note: string;
}

/** A life cycle gate of the gate criteria: the stage it leads into and what it requires. */
export interface StoredGate {
  stage: string;
  criteria: StoredCriterion[];
}
/** One criterion of a gate: its check is validated by the gates module when read back. */
export interface StoredCriterion {
  id: string;
  title: string;
  control: string;
  why: string | null;
  check: { kind: string } & Record<string, unknown>;
}
/** How one criterion stood when a gate was checked or overridden. */
export interface StoredGateResult {
  id: string;
  title: string;
  met: boolean;
  reason: string;
}
/** Who attended a management review: a member, or someone named who is not one. */
export interface StoredAttendee {
  memberId: string | null;
  name: string | null;
  role: string | null;
}
/** A record an input of a management review rests on. */
export interface StoredInputItem {
  type: string;
  id: string;
  title: string;
  detail: string;
}
/** One input of a management review (9.3.2): its figures and the records they count. */
export interface StoredInputSection {
  key: string;
  clause: string;
  title: string;
  available: boolean;
  note: string | null;
  figures: { label: string; value: number }[];
  items: StoredInputItem[];
}
/** What a management review considered, as of a moment, looking back to `since`. */
export interface StoredReviewInputs {
  asOf: string;
  since: string | null;
  sections: StoredInputSection[];
}
/** The root cause of a nonconformity (10.2 b), by the method used to find it. */
export type StoredRootCause =
  | { method: 'five_whys'; whys: string[]; cause: string }
  | { method: 'fishbone'; categories: { category: string; causes: string[] }[]; cause: string }
  | { method: 'free_text'; cause: string };
/** Whether similar nonconformities exist or could occur (10.2 b 3), with where. */
export interface StoredSimilar {
  answer: 'none' | 'exist' | 'could_occur';
  nonconformityIds: string[];
  note: string | null;
}

/** A group or control of a framework imported as an OSCAL catalog. */
export interface StoredFrameworkEntry {
  ref: string;
  title: string;
  kind: 'group' | 'control';
  parent?: string;
  label?: string;
}

/** A crosswalk pair an organization states from an ISO/IEC 42001 requirement onto an imported control. */
export interface StoredCrosswalk {
  ref: string;
  requirement: string;
  relationship: 'equivalent' | 'subset' | 'superset' | 'intersects' | 'related';
  confidence: 'high' | 'medium' | 'low';
}

export const TABLES = {
  // migration 0001
  orgs: table(
    {
      id: text(),
      slug: text(),
      name: text(),
      version: integer(),
      created_at: text(),
      updated_at: text(),
      // migration 0019: contributors limited to their AI systems (1 = on; NULL or 0 = off)
      scoped_access: integer().nullable(),
      // migration 0023: the roles whose members count as top management (5.1, 5.2)
      top_management_roles: json<string[]>().nullable(),
    },
    { ledgered: true, unique: [['slug']] },
  ),
  users: table(
    {
      id: text(),
      email: text(),
      name: text(),
      password_hash: text().nullable().secret(),
      created_at: text(),
      updated_at: text(),
      // migration 0011: the seal on password_hash (src/kernel/credentials.ts)
      password_mac: text().nullable().secret(),
      // migration 0030: the TOTP second factor, sealed like the password hash
      totp_secret: text().nullable().secret(),
      totp_mac: text().nullable().secret(),
      totp_enabled_at: text().nullable(),
      totp_last_step: integer().nullable(),
    },
    { unique: [['email']] },
  ),
  memberships: table(
    {
      id: text(),
      org_id: text().refersTo('orgs.id'),
      user_id: text().refersTo('users.id'),
      email: text(),
      role: text(),
      version: integer(),
      created_at: text(),
      updated_at: text(),
    },
    {
      ledgered: true,
      unique: [['org_id', 'user_id']],
      // (org_id, id): migration 0007
      indexes: [['user_id'], ['org_id', 'id']],
    },
  ),
  sessions: table(
    {
      id: text(),
      token_hash: text().secret(),
      user_id: text().refersTo('users.id'),
      csrf_token: text().secret(),
      created_at: text(),
      expires_at: text(),
      // migration 0011
      mac: text().nullable().secret(),
      // migration 0030
      last_seen_at: text().nullable(),
      user_agent: text().nullable(),
      ip: text().nullable(),
    },
    { unique: [['token_hash']], indexes: [['user_id']] },
  ),
  // migration 0030: one-time recovery codes of the TOTP second factor (SHA-256 only)
  recovery_codes: table(
    {
      id: text(),
      user_id: text().refersTo('users.id'),
      code_hash: text().secret(),
      created_at: text(),
      used_at: text().nullable(),
    },
    { indexes: [['user_id']] },
  ),
  // migration 0030: single-use, expiring password reset links (SHA-256 of the secret only)
  password_resets: table(
    {
      id: text(),
      user_id: text().refersTo('users.id'),
      token_hash: text().secret(),
      created_at: text(),
      expires_at: text(),
      used_at: text().nullable(),
    },
    { unique: [['token_hash']], indexes: [['user_id']] },
  ),
  api_tokens: table(
    {
      id: text(),
      org_id: text().refersTo('orgs.id'),
      user_id: text().refersTo('users.id'),
      name: text(),
      token_hash: text().secret(),
      prefix: text(),
      scopes: json<string[]>(),
      expires_at: text().nullable(),
      revoked_at: text().nullable(),
      version: integer(),
      created_at: text(),
      updated_at: text(),
      // migration 0011: the seal on token_hash, kept out of the ledger like the hash itself
      token_mac: text().nullable().secret(),
    },
    // migration 0028: (org_id, id) unique, the key a distribution by organization needs
    {
      ledgered: true,
      unique: [['token_hash'], ['org_id', 'id']],
      indexes: [],
    },
  ),
  ledger_events: table(
    {
      org_id: text().refersTo('orgs.id'),
      seq: integer(),
      entity: text(),
      entity_id: text(),
      body: text(),
      hash: text(),
    },
    { indexes: [['org_id', 'entity', 'entity_id', 'seq']] },
  ),
  ledger_heads: table({
    org_id: text().refersTo('orgs.id'),
    seq: integer(),
    hash: text(),
    // migration 0010: the signature made with the head in the appending transaction
    signed_at: text().nullable(),
    signature: text().nullable(),
  }),
  ledger_checkpoints: table({
    org_id: text().refersTo('orgs.id'),
    seq: integer(),
    hash: text(),
    signed_at: text(),
    signature: text(),
  }),
  // migration 0002
  context_issues: record(
    {
      title: text(),
      kind: text(),
      category: text(),
      description: text().nullable(),
      effect: text().nullable(),
      owner_member_id: text().nullable(),
      review_date: text().nullable(),
    },
    [],
  ),
  interested_parties: record(
    {
      name: text(),
      kind: text(),
      needs: text().nullable(),
      requirements: text().nullable(),
      addressed_by: text().nullable(),
      owner_member_id: text().nullable(),
    },
    [],
  ),
  legal_requirements: record(
    {
      title: text(),
      instrument: text(),
      jurisdiction: text().nullable(),
      obligations: text().nullable(),
      applicability: text(),
      justification: text().nullable(),
      ai_system_ids: json<string[]>().nullable(),
      owner_member_id: text().nullable(),
      review_date: text().nullable(),
    },
    [],
  ),
  ai_systems: record(
    {
      name: text(),
      purpose: text(),
      owner_member_id: text().nullable(),
      business_unit: text().nullable(),
      ai_roles: json<string[]>().nullable(),
      intended_use: text().nullable(),
      foreseeable_misuse: text().nullable(),
      automation_level: text().nullable(),
      human_oversight: text().nullable(),
      affected_people: text().nullable(),
      deployment_context: text().nullable(),
      sector: text().nullable(),
      lifecycle_stage: text(),
      eu_ai_act_tier: text(),
      eu_ai_act_reason: text().nullable(),
    },
    [],
  ),
  ai_system_transitions: record(
    {
      ai_system_id: text().inOrg('ai_systems'),
      from_stage: text().nullable(),
      to_stage: text(),
      reason: text(),
      actor: text().nullable(),
    },
    ['ai_system_id'],
  ),
  ai_models: record(
    {
      ai_system_id: text().inOrg('ai_systems'),
      name: text(),
      model_version: text(),
      source: text(),
      model_card_url: text().nullable(),
      release_date: text().nullable(),
      change_summary: text().nullable(),
    },
    ['ai_system_id'],
  ),
  datasets: record(
    {
      ai_system_id: text().inOrg('ai_systems'),
      name: text(),
      source: text().nullable(),
      acquisition: text().nullable(),
      provenance: text().nullable(),
      personal_data: integer().nullable(),
      quality_checks: text().nullable(),
      preparation: text().nullable(),
      licence: text().nullable(),
    },
    ['ai_system_id'],
  ),
  ai_resources: record(
    {
      ai_system_id: text().inOrg('ai_systems'),
      kind: text(),
      name: text(),
      description: text().nullable(),
    },
    ['ai_system_id'],
  ),
  third_parties: record(
    {
      name: text(),
      relation: text(),
      supplies: text().nullable(),
      ai_system_ids: json<string[]>().nullable(),
      responsibilities: text().nullable(),
      assessed_on: text().nullable(),
      assessment_outcome: text().nullable(),
    },
    [],
  ),
  responsibilities: record(
    {
      member_id: text(),
      subject_type: text(),
      subject_id: text(),
      raci: text(),
      note: text().nullable(),
    },
    ['subject_id'],
  ),
  competences: record(
    {
      aims_role: text(),
      name: text(),
      description: text().nullable(),
    },
    [],
  ),
  training_records: record(
    {
      member_id: text(),
      competence_id: text().inOrg('competences'),
      title: text(),
      completed_on: text(),
      expires_on: text().nullable(),
      evidence: text().nullable(),
    },
    ['member_id'],
  ),
  // migration 0003
  scope_versions: record(
    {
      number: integer(),
      status: text(),
      statement: text(),
      boundaries: text().nullable(),
      exclusions: json<StoredExclusion[]>(),
      ai_roles: json<string[]>(),
      author_member_id: text().nullable(),
      approver_member_id: text().nullable(),
      approved_at: text().nullable(),
      change_note: text().nullable(),
    },
    [],
    [['number']],
  ),
  policies: record(
    {
      title: text(),
      kind: text(),
      owner_member_id: text().nullable(),
      review_cycle_months: integer(),
      next_review_date: text().nullable(),
      alignment: text().nullable(),
      related_policy_ids: json<string[]>(),
      current_version_id: text().nullable(),
    },
    [],
  ),
  policy_versions: record(
    {
      policy_id: text().inOrg('policies'),
      number: integer(),
      status: text(),
      content: text(),
      change_note: text().nullable(),
      author_member_id: text().nullable(),
      approver_member_id: text().nullable(),
      submitted_at: text().nullable(),
      approved_at: text().nullable(),
      published_at: text().nullable(),
      retired_at: text().nullable(),
    },
    ['policy_id'],
    [['policy_id', 'number']],
  ),
  policy_acknowledgements: record(
    {
      policy_version_id: text().inOrg('policy_versions'),
      policy_id: text().inOrg('policies'),
      member_id: text(),
      acknowledged_at: text(),
    },
    ['policy_version_id'],
    [['policy_version_id', 'member_id']],
  ),
  documents: record(
    {
      title: text(),
      kind: text(),
      owner_member_id: text().nullable(),
      classification: text(),
      retention_months: integer(),
      source_register: text().nullable(),
      current_version_id: text().nullable(),
      purpose: text().nullable(),
    },
    ['purpose'],
  ),
  document_versions: record(
    {
      document_id: text().inOrg('documents'),
      number: integer(),
      status: text(),
      content: text(),
      content_type: text(),
      content_sha256: text(),
      change_note: text().nullable(),
      author_member_id: text().nullable(),
      approver_member_id: text().nullable(),
      approved_at: text().nullable(),
    },
    ['document_id'],
    [['document_id', 'number']],
  ),
  concerns: record(
    {
      ai_system_id: text().nullable().inOrg('ai_systems'),
      summary: text(),
      details: text().nullable(),
      channel: text(),
      anonymous: integer(),
      reporter_member_id: text().nullable(),
      reporter_contact: text().nullable(),
      status: text(),
      owner_member_id: text().nullable(),
      outcome: text().nullable(),
      closed_at: text().nullable(),
    },
    ['status'],
  ),
  // migration 0004
  risk_criteria: record(
    {
      number: integer(),
      status: text(),
      likelihood_scale: json<StoredScaleStep[]>(),
      impact_scale: json<StoredScaleStep[]>(),
      levels: json<StoredRiskLevel[]>(),
      matrix: json<string[][]>(),
      acceptance_level: text(),
      author_member_id: text().nullable(),
      change_note: text().nullable(),
    },
    [],
    [['number']],
  ),
  risks: record(
    {
      title: text(),
      description: text().nullable(),
      ai_system_ids: json<string[]>(),
      lifecycle_stage: text().nullable(),
      risk_sources: json<string[]>(),
      objectives: json<string[]>(),
      owner_member_id: text().nullable(),
      criteria_id: text().inOrg('risk_criteria'),
      inherent_likelihood: integer().nullable(),
      inherent_impact: integer().nullable(),
      inherent_level: text().nullable(),
      treatment: text().nullable(),
      control_ids: json<string[]>(),
      residual_likelihood: integer().nullable(),
      residual_impact: integer().nullable(),
      residual_level: text().nullable(),
      review_date: text().nullable(),
      status: text(),
      /** migration 0031: the readable identifier, R-0042 (src/kernel/refs.ts) */
      ref: text().nullable(),
    },
    ['status'],
    [['ref']],
  ),
  risk_treatments: record(
    {
      risk_id: text().inOrg('risks'),
      title: text(),
      owner_member_id: text().nullable(),
      due_date: text().nullable(),
      status: text(),
      completed_on: text().nullable(),
    },
    ['risk_id'],
  ),
  risk_acceptances: record(
    {
      risk_id: text().inOrg('risks'),
      accepted_by_member_id: text().nullable(),
      justification: text(),
      expires_on: text(),
      residual_level: text(),
      criteria_id: text().inOrg('risk_criteria'),
    },
    ['risk_id'],
  ),
  // migration 0005
  ai_act_classifications: record(
    {
      ai_system_id: text().inOrg('ai_systems'),
      answers: json<Record<string, unknown>>(),
      role: text(),
      proposed_tier: text(),
      reasons: json<StoredAiActReason[]>(),
      obligations: json<StoredAiActObligation[]>(),
      status: text(),
      answered_by_member_id: text().nullable(),
      confirmed_by_member_id: text().nullable(),
      confirmed_at: text().nullable(),
    },
    ['ai_system_id'],
    [['ai_system_id']],
  ),
  impact_assessments: record(
    {
      ai_system_id: text().inOrg('ai_systems'),
      ai_model_id: text().nullable().inOrg('ai_models'),
      title: text(),
      status: text(),
      summary: text().nullable(),
      dpia_reference: text().nullable(),
      review_cycle_months: integer(),
      author_member_id: text().nullable(),
      approver_member_id: text().nullable(),
      approved_at: text().nullable(),
      next_due_date: text().nullable(),
    },
    ['ai_system_id'],
  ),
  impact_items: record(
    {
      assessment_id: text().inOrg('impact_assessments'),
      affected: text(),
      dimension: text(),
      description: text().nullable(),
      severity: integer(),
      likelihood: integer(),
      mitigation: text().nullable(),
      risk_ids: json<string[]>(),
      control_ids: json<string[]>(),
    },
    ['assessment_id'],
  ),
  objectives: record(
    {
      title: text(),
      description: text().nullable(),
      metric: text(),
      direction: text(),
      target: text(),
      unit: text().nullable(),
      frequency: text(),
      owner_member_id: text().nullable(),
      plan: text().nullable(),
      ai_system_ids: json<string[]>(),
    },
    [],
  ),
  objective_measurements: record(
    {
      objective_id: text().inOrg('objectives'),
      measured_on: text(),
      value: text(),
      note: text().nullable(),
    },
    ['objective_id'],
  ),
  aims_changes: record(
    {
      title: text(),
      purpose: text(),
      consequences: text().nullable(),
      resources: text().nullable(),
      responsibilities: text().nullable(),
      status: text(),
      requested_by_member_id: text().nullable(),
      approver_member_id: text().nullable(),
      approved_at: text().nullable(),
      planned_on: text().nullable(),
    },
    [],
  ),
  // migration 0006
  soa_entries: record(
    {
      control_id: text(),
      custom: integer(),
      title: text(),
      applicable: integer(),
      justification: text(),
      implementation_status: text(),
      owner_member_id: text().nullable(),
      notes: text().nullable(),
    },
    ['control_id'],
    [['control_id']],
  ),
  soa_versions: record(
    {
      number: integer(),
      status: text(),
      snapshot: text(),
      content_sha256: text(),
      change_note: text().nullable(),
      author_member_id: text().nullable(),
      approver_member_id: text().nullable(),
      approved_at: text().nullable(),
    },
    [],
    [['number']],
  ),
  evidence: record(
    {
      title: text(),
      kind: text(),
      description: text().nullable(),
      blob_sha256: text().nullable(),
      size: integer().nullable(),
      media_type: text().nullable(),
      filename: text().nullable(),
      url: text().nullable(),
      record_type: text().nullable(),
      record_id: text().nullable(),
      valid_from: text().nullable(),
      valid_until: text().nullable(),
      owner_member_id: text().nullable(),
    },
    [],
  ),
  evidence_links: record(
    {
      evidence_id: text().inOrg('evidence'),
      target_type: text(),
      target_id: text(),
    },
    ['evidence_id', 'target_id'],
    [['evidence_id', 'target_type', 'target_id']],
  ),
  custody_events: record(
    {
      evidence_id: text().inOrg('evidence'),
      event: text(),
      blob_sha256: text().nullable(),
      actor: text(),
    },
    ['evidence_id'],
  ),
  // migration 0008
  aims_change_decisions: record(
    {
      change_id: text().inOrg('aims_changes'),
      decision: text(),
      member_id: text().nullable(),
      note: text().nullable(),
    },
    ['change_id'],
  ),
  // migration 0012
  gate_criteria: record(
    {
      number: integer(),
      status: text(),
      enforced: integer(),
      gates: json<StoredGate[]>(),
      author_member_id: text().nullable(),
      change_note: text().nullable(),
    },
    [],
    [['number']],
  ),
  gate_evidence: record(
    {
      ai_system_id: text().inOrg('ai_systems'),
      evidence_id: text().inOrg('evidence'),
      kind: text(),
      model_version: text().nullable(),
    },
    ['ai_system_id'],
  ),
  gate_checks: record(
    {
      ai_system_id: text().inOrg('ai_systems'),
      from_stage: text(),
      to_stage: text(),
      model_version: text().nullable(),
      criteria_id: text().nullable().inOrg('gate_criteria'),
      passed: integer(),
      results: json<StoredGateResult[]>(),
      reference: text().nullable(),
    },
    ['ai_system_id'],
  ),
  gate_overrides: record(
    {
      ai_system_id: text().inOrg('ai_systems'),
      transition_id: text().inOrg('ai_system_transitions'),
      from_stage: text(),
      to_stage: text(),
      criteria_id: text().inOrg('gate_criteria'),
      unmet: json<StoredGateResult[]>(),
      justification: text(),
      member_id: text().nullable(),
    },
    ['ai_system_id'],
  ),
  // migration 0013
  incidents: record(
    {
      title: text(),
      description: text().nullable(),
      source: text(),
      source_ref: text().nullable(),
      occurred_at: text().nullable(),
      detected_at: text(),
      severity: text(),
      harm_types: json<string[]>(),
      affected_count: integer().nullable(),
      affected_description: text().nullable(),
      status: text(),
      containment: text().nullable(),
      root_cause: text().nullable(),
      serious: integer(),
      serious_case: text().nullable(),
      serious_reason: text().nullable(),
      serious_decided_by_member_id: text().nullable(),
      serious_decided_at: text().nullable(),
      serious_since: text().nullable(),
      aware_at: text().nullable(),
      regimes: json<string[]>(),
      /** A nonconformity (10.2) by id; no foreign key until the nonconformity module exists. */
      nonconformity_id: text().nullable(),
      reported_by_member_id: text().nullable(),
      closed_at: text().nullable(),
      closed_by_member_id: text().nullable(),
      /** migration 0031: INC-0007 */
      ref: text().nullable(),
    },
    ['status', 'serious'],
    [['ref']],
  ),
  incident_systems: record(
    {
      incident_id: text().inOrg('incidents'),
      ai_system_id: text().inOrg('ai_systems'),
      ai_model_id: text().nullable().inOrg('ai_models'),
    },
    ['incident_id', 'ai_system_id'],
  ),
  incident_timeline: record(
    {
      incident_id: text().inOrg('incidents'),
      at: text(),
      kind: text(),
      entry: text(),
      member_id: text().nullable(),
    },
    ['incident_id'],
  ),
  incident_communications: record(
    {
      incident_id: text().inOrg('incidents'),
      audience: text(),
      recipient: text(),
      sent_at: text(),
      channel: text(),
      summary: text(),
      reference: text().nullable(),
      /** The reporting clock this report fulfils (a report to an authority), or null. */
      fulfils: text().nullable(),
      member_id: text().nullable(),
    },
    ['incident_id'],
  ),
  incident_risks: record(
    {
      incident_id: text().inOrg('incidents'),
      risk_id: text().inOrg('risks'),
    },
    ['incident_id', 'risk_id'],
    [['incident_id', 'risk_id']],
  ),
  incident_settings: record(
    {
      nis2_applies: integer(),
      dora_applies: integer(),
      note: text().nullable(),
    },
    [],
    [[]],
  ),
  // migration 0014
  nonconformities: record(
    {
      number: integer(),
      title: text(),
      description: text().nullable(),
      requirement_id: text(),
      source_type: text(),
      source_id: text().nullable(),
      severity: text(),
      status: text(),
      cycle: integer(),
      detected_on: text(),
      raised_by_member_id: text().nullable(),
      owner_member_id: text().nullable(),
      correction: text().nullable(),
      root_cause: json<StoredRootCause>().nullable(),
      similar: json<StoredSimilar>().nullable(),
      verified_by_member_id: text().nullable(),
      verified_at: text().nullable(),
      closed_at: text().nullable(),
      /** migration 0031: NC-0012, the number written out */
      ref: text().nullable(),
    },
    ['status', 'source_id'],
    [['number'], ['ref']],
  ),
  nonconformity_actions: record(
    {
      nonconformity_id: text().inOrg('nonconformities'),
      cycle: integer(),
      title: text(),
      description: text().nullable(),
      owner_member_id: text(),
      due_date: text(),
      status: text(),
      outcome: text().nullable(),
      completed_on: text().nullable(),
      completed_by_member_id: text().nullable(),
      author_member_id: text().nullable(),
    },
    ['nonconformity_id', 'status'],
  ),
  nonconformity_steps: record(
    {
      nonconformity_id: text().inOrg('nonconformities'),
      cycle: integer(),
      step: text(),
      member_id: text().nullable(),
      note: text().nullable(),
    },
    ['nonconformity_id'],
  ),
  improvements: record(
    {
      title: text(),
      description: text().nullable(),
      source_type: text(),
      source_id: text().nullable(),
      owner_member_id: text().nullable(),
      decision: text(),
      decision_note: text().nullable(),
      decided_by_member_id: text().nullable(),
      decided_at: text().nullable(),
      status: text(),
      due_date: text().nullable(),
      completed_on: text().nullable(),
    },
    ['status', 'source_id'],
  ),
  // migration 0017
  audit_programmes: record(
    {
      number: integer(),
      status: text(),
      period_start: text(),
      period_end: text(),
      frequency: text(),
      methods: text(),
      responsibilities: text(),
      importance: text(),
      previous_results: text(),
      change_note: text().nullable(),
      author_member_id: text().nullable(),
      approver_member_id: text().nullable(),
      approved_at: text().nullable(),
    },
    [],
    [['number']],
  ),
  audits: record(
    {
      number: integer(),
      programme_id: text().nullable().inOrg('audit_programmes'),
      title: text(),
      criteria: text(),
      scope: json<string[]>(),
      planned_start: text(),
      planned_end: text(),
      lead_auditor_member_id: text(),
      auditor_member_ids: json<string[]>(),
      status: text(),
      started_on: text().nullable(),
      conclusion: text().nullable(),
      reported_at: text().nullable(),
      reported_by_member_id: text().nullable(),
      communicated_to: text().nullable(),
      communicated_on: text().nullable(),
      communicated_by_member_id: text().nullable(),
      closed_at: text().nullable(),
      author_member_id: text().nullable(),
    },
    ['status', 'programme_id'],
    [['number']],
  ),
  audit_checklist_items: record(
    {
      audit_id: text().inOrg('audits'),
      position: integer(),
      requirement_id: text(),
      kind: text(),
      title: text(),
      conclusion: text(),
      evidence_ids: json<string[]>(),
      records_sampled: text().nullable(),
      notes: text().nullable(),
      assessed_by_member_id: text().nullable(),
      assessed_at: text().nullable(),
    },
    ['audit_id'],
    [['audit_id', 'requirement_id']],
  ),
  audit_findings: record(
    {
      audit_id: text().inOrg('audits'),
      number: integer(),
      grade: text(),
      requirement_id: text(),
      title: text(),
      description: text().nullable(),
      records: text().nullable(),
      evidence_ids: json<string[]>(),
      nonconformity_id: text().nullable().inOrg('nonconformities'),
      improvement_id: text().nullable().inOrg('improvements'),
      author_member_id: text().nullable(),
      /** migration 0031: F-0003, numbered across the organization's audits */
      ref: text().nullable(),
    },
    ['audit_id'],
    [['audit_id', 'number'], ['ref']],
  ),
  // migration 0019: a member assigned to an AI system (access matched to responsibilities)
  system_assignments: record(
    {
      member_id: text(),
      ai_system_id: text().inOrg('ai_systems'),
    },
    ['member_id', 'ai_system_id'],
    [['member_id', 'ai_system_id']],
  ),
  // migration 0018
  management_reviews: record(
    {
      title: text(),
      planned_on: text(),
      chair_member_id: text(),
      attendees: json<StoredAttendee[]>(),
      agenda: text().nullable(),
      status: text(),
      /** The review held before this one, whose time starts the period this one looks back on. */
      previous_review_id: text().nullable(),
      since: text().nullable(),
      held_on: text().nullable(),
      held_at: text().nullable(),
      held_by_member_id: text().nullable(),
      /** The inputs (9.3.2) as they stood when the review was held, and their SHA-256 hash. */
      inputs: json<StoredReviewInputs>().nullable(),
      inputs_hash: text().nullable(),
      summary: text().nullable(),
      issued_at: text().nullable(),
      issued_by_member_id: text().nullable(),
    },
    ['status'],
  ),
  management_review_decisions: record(
    {
      review_id: text().inOrg('management_reviews'),
      kind: text(),
      title: text(),
      description: text().nullable(),
      nonconformity_id: text().inOrg('nonconformities').nullable(),
      improvement_id: text().inOrg('improvements').nullable(),
      author_member_id: text().nullable(),
    },
    ['review_id'],
  ),
  management_review_actions: record(
    {
      review_id: text().inOrg('management_reviews'),
      decision_id: text().inOrg('management_review_decisions'),
      title: text(),
      owner_member_id: text(),
      due_date: text(),
      status: text(),
      completed_on: text().nullable(),
    },
    ['review_id', 'decision_id', 'status'],
  ),
  // migration 0015: messages about records and the e-mail to send, not records themselves, so
  // not in the ledger (docs/ARCHITECTURE.md, "My work: the inbox and notifications").
  notifications: table(
    {
      id: text(),
      org_id: text().refersTo('orgs.id'),
      member_id: text(),
      kind: text(),
      reason: text(),
      item_key: text(),
      dedupe_key: text().nullable(),
      title: text(),
      why: text(),
      due_date: text().nullable(),
      target_type: text(),
      target_id: text(),
      path: text(),
      created_at: text(),
      read_at: text().nullable(),
      resolved_at: text().nullable(),
    },
    {
      ledgered: false,
      indexes: [
        ['org_id', 'member_id', 'id'],
        ['org_id', 'item_key'],
      ],
      unique: [
        ['org_id', 'id'],
        ['org_id', 'member_id', 'dedupe_key'],
      ],
    },
  ),
  outbox: table(
    {
      id: text(),
      org_id: text().refersTo('orgs.id'),
      notification_id: text().inOrg('notifications'),
      to_email: text(),
      subject: text(),
      body_text: text(),
      message_id: text(),
      status: text(),
      attempts: integer(),
      next_attempt_at: text(),
      claimed_until: text().nullable(),
      sent_at: text().nullable(),
      last_error: text().nullable(),
      created_at: text(),
    },
    {
      ledgered: false,
      indexes: [['status', 'next_attempt_at']],
      // migration 0028: (org_id, id)
      unique: [['message_id'], ['org_id', 'id']],
    },
  ),
  // migration 0016: monitoring (9.1). The points are not ledgered one by one: each batch is an
  // event holding the SHA-256 of their canonical content (docs/ARCHITECTURE.md, "Monitoring").
  metric_definitions: record(
    {
      ai_system_id: text().inOrg('ai_systems'),
      ai_model_id: text().nullable().inOrg('ai_models'),
      name: text(),
      description: text().nullable(),
      unit: text().nullable(),
      direction: text(),
      warn_threshold: text().nullable(),
      breach_threshold: text(),
      objective_id: text().nullable().inOrg('objectives'),
      control_id: text().nullable(),
      accuracy: integer(),
      declared_level: text().nullable(),
      breach_action: text(),
    },
    ['ai_system_id'],
  ),
  metric_batches: record(
    {
      metric_id: text().inOrg('metric_definitions'),
      batch_key: text(),
      content_sha256: text(),
      point_count: integer(),
      ok_count: integer(),
      warn_count: integer(),
      breach_count: integer(),
      first_at: text(),
      last_at: text(),
      definition_version: integer(),
      member_id: text().nullable(),
    },
    ['metric_id'],
    [['batch_key']],
  ),
  metric_points: table(
    {
      id: text(),
      org_id: text().refersTo('orgs.id'),
      metric_id: text().inOrg('metric_definitions'),
      batch_id: text().inOrg('metric_batches'),
      sort_key: text(),
      at: text(),
      value: text(),
      ai_model_id: text().nullable().inOrg('ai_models'),
      note: text().nullable(),
      status: text(),
      created_at: text(),
    },
    {
      ledgered: false,
      indexes: [
        ['org_id', 'metric_id', 'sort_key'],
        ['org_id', 'batch_id'],
      ],
      unique: [['org_id', 'id']],
    },
  ),
  metric_breaches: record(
    {
      metric_id: text().inOrg('metric_definitions'),
      batch_id: text().inOrg('metric_batches'),
      started_at: text(),
      started_value: text(),
      ended_at: text().nullable(),
      action: text(),
      incident_id: text().nullable().inOrg('incidents'),
      nonconformity_id: text().nullable().inOrg('nonconformities'),
    },
    ['metric_id'],
  ),
  // migration 0021
  dpias: record(
    {
      ai_system_id: text().inOrg('ai_systems'),
      impact_assessment_id: text().nullable().inOrg('impact_assessments'),
      title: text(),
      status: text(),
      personal_data: integer(),
      screening: json<Record<string, boolean>>(),
      screening_outcome: text(),
      screening_reasons: json<string[]>(),
      screening_note: text().nullable(),
      processing: text().nullable(),
      purposes: text().nullable(),
      necessity: text().nullable(),
      risks: text().nullable(),
      measures: text().nullable(),
      dpo_name: text().nullable(),
      dpo_advice: text().nullable(),
      dpo_advised_on: text().nullable(),
      dpo_advice_followed: integer().nullable(),
      residual_high_risk: integer().nullable(),
      consultation_authority: text().nullable(),
      consultation_submitted_on: text().nullable(),
      consultation_outcome: text().nullable(),
      consultation_outcome_on: text().nullable(),
      consultation_note: text().nullable(),
      author_member_id: text().nullable(),
      approver_member_id: text().nullable(),
      approved_at: text().nullable(),
    },
    ['ai_system_id', 'impact_assessment_id'],
  ),
  sector_settings: record({ sectors: json<string[]>() }, [], [[]]),
  // migration 0026: frameworks imported as OSCAL catalogs
  oscal_frameworks: record(
    {
      source_uuid: text(),
      title: text(),
      framework_version: text(),
      oscal_version: text(),
      entries: json<StoredFrameworkEntry[]>(),
      key: text().nullable(),
      crosswalks: json<StoredCrosswalk[]>().nullable(),
    },
    [],
    [['source_uuid'], ['key']],
  ),
  // migration 0028: the durable job queue (src/kernel/jobs.ts); not ledgered
  jobs: table(
    {
      id: text(),
      org_id: text().refersTo('orgs.id'),
      kind: text(),
      input: json<unknown>(),
      status: text(),
      progress: json<unknown>().nullable(),
      result: json<unknown>().nullable(),
      error: text().nullable(),
      attempts: integer(),
      max_attempts: integer(),
      run_after: text(),
      locked_by: text().nullable(),
      locked_until: text().nullable(),
      created_at: text(),
      updated_at: text(),
      finished_at: text().nullable(),
    },
    { ledgered: false, indexes: [['status', 'run_after']], unique: [['org_id', 'id']] },
  ),
  // migration 0032: the import files an organization applied (src/modules/imports); not ledgered
  import_runs: table(
    {
      id: text(),
      org_id: text().refersTo('orgs.id'),
      target: text(),
      sha256: text(),
      file_name: text().nullable(),
      member_id: text().nullable(),
      request_id: text(),
      rows: integer(),
      created: integer(),
      updated: integer(),
      skipped: integer(),
      created_at: text(),
    },
    { ledgered: false, indexes: [['org_id', 'target', 'sha256']], unique: [['org_id', 'id']] },
  ),
  // migration 0031: the last readable number given per organization and kind (src/kernel/refs.ts);
  // not ledgered: the ledger keeps the ref each record was given
  ref_counters: table(
    { org_id: text().refersTo('orgs.id'), kind: text(), last: integer() },
    { ledgered: false },
  ),
  // migration 0030: an e-mail address invited with a role, by a single-use link
  invitations: table(
    {
      ...RECORD_BASE,
      email: text(),
      role: text(),
      token_hash: text().secret(),
      invited_by: text(),
      expires_at: text(),
      accepted_at: text().nullable(),
      accepted_by: text().nullable(),
      revoked_at: text().nullable(),
    },
    { ledgered: true, unique: [['org_id', 'id'], ['token_hash']] },
  ),
} as const;

/** The primary key of each table (every other table's is `id`). */
export const PRIMARY_KEYS: Partial<Record<TableName, readonly string[]>> = {
  ledger_events: ['org_id', 'seq'],
  ledger_heads: ['org_id'],
  ledger_checkpoints: ['org_id', 'seq'],
  ref_counters: ['org_id', 'kind'],
};

export type TableName = keyof typeof TABLES;

type RowOf<C> = { [K in keyof C]: C[K] extends Column<infer T> ? T : never };

/** The Kysely database type: one row type per table, derived from the registry. */
export type DB = { [K in TableName]: RowOf<(typeof TABLES)[K]['columns']> };

/** The tables whose changes are ledger events; the table name is the ledger entity. */
export type LedgeredTable = {
  [K in TableName]: (typeof TABLES)[K]['ledgered'] extends true ? K : never;
}[TableName];

/** A row of a table. */
export type Row<T extends TableName> = DB[T];

/**
 * The registers of clauses 4, 5 and 7 and Annex A, each a table of its own (the generic register
 * engine in modules/registers serves them all).
 */
export const REGISTER_TABLES = [
  'context_issues',
  'interested_parties',
  'legal_requirements',
  'ai_systems',
  'ai_system_transitions',
  'ai_models',
  'datasets',
  'ai_resources',
  'third_parties',
  'responsibilities',
  'competences',
  'training_records',
] as const satisfies readonly TableName[];
export type RegisterTable = (typeof REGISTER_TABLES)[number];

/**
 * The organization records whose every change is in the ledger, and which of their columns the
 * ledger state holds. Secrets (token hashes) stay out of the ledger; `aims ledger verify` replays
 * the events and compares exactly these columns with the tables.
 */
export const LEDGERED = ledgeredColumns();

function ledgeredColumns() {
  const out: Partial<Record<LedgeredTable, { table: LedgeredTable; columns: readonly string[] }>> =
    {};
  for (const [name, spec] of Object.entries(TABLES) as [TableName, TableSpec][]) {
    if (!spec.ledgered) continue;
    const columns = Object.entries(spec.columns)
      .filter(([, c]) => c.isLedgered)
      .map(([c]) => c);
    // The filter above is the runtime form of LedgeredTable.
    const entity = name as LedgeredTable;
    out[entity] = { table: entity, columns };
  }
  return out as Record<LedgeredTable, { table: LedgeredTable; columns: readonly string[] }>;
}
