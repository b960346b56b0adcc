/**
 * The columns of the register tables (issue: the AIMS registers). Every register table also has
 * id, org_id, version, created_at and updated_at. Migration 0002 creates these tables from this
 * list as it stands; a later change to a table is a new migration, never an edit here alone.
 * `i` marks an integer column; every other column is text (JSON values as text).
 */
export const REGISTER_TABLES = {
  context_issues: [
    'title',
    'kind',
    'category',
    'description',
    'effect',
    'owner_member_id',
    'review_date',
  ],
  interested_parties: ['name', 'kind', 'needs', 'requirements', 'addressed_by', 'owner_member_id'],
  legal_requirements: [
    'title',
    'instrument',
    'jurisdiction',
    'obligations',
    'applicability',
    'justification',
    'ai_system_ids',
    'owner_member_id',
    'review_date',
  ],
  ai_systems: [
    'name',
    'purpose',
    'owner_member_id',
    'business_unit',
    'ai_roles',
    'intended_use',
    'foreseeable_misuse',
    'automation_level',
    'human_oversight',
    'affected_people',
    'deployment_context',
    'sector',
    'lifecycle_stage',
    'eu_ai_act_tier',
    'eu_ai_act_reason',
  ],
  ai_system_transitions: ['ai_system_id', 'from_stage', 'to_stage', 'reason', 'actor'],
  ai_models: [
    'ai_system_id',
    'name',
    'model_version',
    'source',
    'model_card_url',
    'release_date',
    'change_summary',
  ],
  datasets: [
    'ai_system_id',
    'name',
    'source',
    'acquisition',
    'provenance',
    'i:personal_data',
    'quality_checks',
    'preparation',
    'licence',
  ],
  ai_resources: ['ai_system_id', 'kind', 'name', 'description'],
  third_parties: [
    'name',
    'relation',
    'supplies',
    'ai_system_ids',
    'responsibilities',
    'assessed_on',
    'assessment_outcome',
  ],
  responsibilities: ['member_id', 'subject_type', 'subject_id', 'raci', 'note'],
  competences: ['aims_role', 'name', 'description'],
  training_records: [
    'member_id',
    'competence_id',
    'title',
    'completed_on',
    'expires_on',
    'evidence',
  ],
} as const;

export type RegisterTable = keyof typeof REGISTER_TABLES;

export const columnName = (c: string) => c.replace(/^i:/, '');

export const REGISTER_BASE_COLUMNS = [
  'id',
  'org_id',
  'version',
  'created_at',
  'updated_at',
] as const;

/** Indexes beyond (org_id, id): the foreign keys lists are filtered by. */
export const REGISTER_INDEXES: Partial<Record<RegisterTable, string[]>> = {
  ai_system_transitions: ['ai_system_id'],
  ai_models: ['ai_system_id'],
  datasets: ['ai_system_id'],
  ai_resources: ['ai_system_id'],
  responsibilities: ['subject_id'],
  training_records: ['member_id'],
};

/**
 * Tables of the workflow records (scope versions, policies, documents, concerns), created by
 * migration 0003 as they stand here; same conventions as REGISTER_TABLES.
 */
export const WORKFLOW_TABLES = {
  scope_versions: [
    'i:number',
    'status',
    'statement',
    'boundaries',
    'exclusions',
    'ai_roles',
    'author_member_id',
    'approver_member_id',
    'approved_at',
    'change_note',
  ],
  policies: [
    'title',
    'kind',
    'owner_member_id',
    'i:review_cycle_months',
    'next_review_date',
    'alignment',
    'related_policy_ids',
    'current_version_id',
  ],
  policy_versions: [
    'policy_id',
    'i:number',
    'status',
    'content',
    'change_note',
    'author_member_id',
    'approver_member_id',
    'submitted_at',
    'approved_at',
    'published_at',
    'retired_at',
  ],
  policy_acknowledgements: ['policy_version_id', 'policy_id', 'member_id', 'acknowledged_at'],
  documents: [
    'title',
    'kind',
    'owner_member_id',
    'classification',
    'i:retention_months',
    'source_register',
    'current_version_id',
  ],
  document_versions: [
    'document_id',
    'i:number',
    'status',
    'content',
    'content_type',
    'content_sha256',
    'change_note',
    'author_member_id',
    'approver_member_id',
    'approved_at',
  ],
  concerns: [
    'ai_system_id',
    'summary',
    'details',
    'channel',
    'i:anonymous',
    'reporter_member_id',
    'reporter_contact',
    'status',
    'owner_member_id',
    'outcome',
    'closed_at',
  ],
} as const;

export type WorkflowTable = keyof typeof WORKFLOW_TABLES;

export const WORKFLOW_INDEXES: Partial<Record<WorkflowTable, string[]>> = {
  policy_versions: ['policy_id'],
  policy_acknowledgements: ['policy_version_id'],
  document_versions: ['document_id'],
  concerns: ['status'],
};

/** Risk tables (clause 6.1), created by migration 0004 as they stand here. */
export const RISK_TABLES = {
  risk_criteria: [
    'i:number',
    'status',
    'likelihood_scale',
    'impact_scale',
    'levels',
    'matrix',
    'acceptance_level',
    'author_member_id',
    'change_note',
  ],
  risks: [
    'title',
    'description',
    'ai_system_ids',
    'lifecycle_stage',
    'risk_sources',
    'objectives',
    'owner_member_id',
    'criteria_id',
    'i:inherent_likelihood',
    'i:inherent_impact',
    'inherent_level',
    'treatment',
    'control_ids',
    'i:residual_likelihood',
    'i:residual_impact',
    'residual_level',
    'review_date',
    'status',
  ],
  risk_treatments: ['risk_id', 'title', 'owner_member_id', 'due_date', 'status', 'completed_on'],
  risk_acceptances: [
    'risk_id',
    'accepted_by_member_id',
    'justification',
    'expires_on',
    'residual_level',
    'criteria_id',
  ],
} as const;

export const RISK_INDEXES: Partial<Record<keyof typeof RISK_TABLES, string[]>> = {
  risks: ['status'],
  risk_treatments: ['risk_id'],
  risk_acceptances: ['risk_id'],
};

/** Assessment and planning tables (6.1.4, 6.2, 6.3, EU AI Act), created by migration 0005. */
export const ASSESSMENT_TABLES = {
  ai_act_classifications: [
    'ai_system_id',
    'answers',
    'role',
    'proposed_tier',
    'reasons',
    'obligations',
    'status',
    'answered_by_member_id',
    'confirmed_by_member_id',
    'confirmed_at',
  ],
  impact_assessments: [
    'ai_system_id',
    'ai_model_id',
    'title',
    'status',
    'summary',
    'dpia_reference',
    'i:review_cycle_months',
    'author_member_id',
    'approver_member_id',
    'approved_at',
    'next_due_date',
  ],
  impact_items: [
    'assessment_id',
    'affected',
    'dimension',
    'description',
    'i:severity',
    'i:likelihood',
    'mitigation',
    'risk_ids',
    'control_ids',
  ],
  objectives: [
    'title',
    'description',
    'metric',
    'direction',
    'target',
    'unit',
    'frequency',
    'owner_member_id',
    'plan',
    'ai_system_ids',
  ],
  objective_measurements: ['objective_id', 'measured_on', 'value', 'note'],
  aims_changes: [
    'title',
    'purpose',
    'consequences',
    'resources',
    'responsibilities',
    'status',
    'requested_by_member_id',
    'approver_member_id',
    'approved_at',
    'planned_on',
  ],
} as const;

export const ASSESSMENT_INDEXES: Partial<Record<keyof typeof ASSESSMENT_TABLES, string[]>> = {
  ai_act_classifications: ['ai_system_id'],
  impact_assessments: ['ai_system_id'],
  impact_items: ['assessment_id'],
  objective_measurements: ['objective_id'],
};

/** Statement of Applicability and evidence tables (6.1.3, 7.5), created by migration 0006. */
export const SOA_TABLES = {
  soa_entries: [
    'control_id',
    'i:custom',
    'title',
    'i:applicable',
    'justification',
    'implementation_status',
    'owner_member_id',
    'notes',
  ],
  soa_versions: [
    'i:number',
    'status',
    'snapshot',
    'content_sha256',
    'change_note',
    'author_member_id',
    'approver_member_id',
    'approved_at',
  ],
  evidence: [
    'title',
    'kind',
    'description',
    'blob_sha256',
    'i:size',
    'media_type',
    'filename',
    'url',
    'record_type',
    'record_id',
    'valid_from',
    'valid_until',
    'owner_member_id',
  ],
  evidence_links: ['evidence_id', 'target_type', 'target_id'],
  custody_events: ['evidence_id', 'event', 'blob_sha256', 'actor'],
} as const;

export const SOA_INDEXES: Partial<Record<keyof typeof SOA_TABLES, string[]>> = {
  soa_entries: ['control_id'],
  evidence_links: ['evidence_id', 'target_id'],
  custody_events: ['evidence_id'],
};

/**
 * The steps of a planned change after its proposal (approved, rejected, implemented, withdrawn):
 * one row per step, with who took it, why (note) and when (created_at). Created by migration 0008
 * as it stands here.
 */
export const CHANGE_DECISION_TABLES = {
  aims_change_decisions: ['change_id', 'decision', 'member_id', 'note'],
} as const;

export const CHANGE_DECISION_INDEXES: Partial<
  Record<keyof typeof CHANGE_DECISION_TABLES, string[]>
> = {
  aims_change_decisions: ['change_id'],
};
