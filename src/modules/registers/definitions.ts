// The registers as data: one description per register, from which the schemas, routes, OpenAPI
// entries, exports, imports and web forms all come. Longer than 300 lines because it is the list
// itself (eleven registers, one field a few lines); splitting it would scatter one table.
import type { RegisterTable } from '../../db/tables.js';
import type { FieldSpec } from './fields.js';

/** ISO/IEC 22989 life cycle stages, in order. */
export const LIFECYCLE_STAGES = [
  'inception',
  'design_and_development',
  'verification_and_validation',
  'deployment',
  'operation_and_monitoring',
  'continuous_validation',
  're_evaluation',
  'retirement',
] as const;

/** The AI roles of ISO/IEC 42001 (via ISO/IEC 22989): an organization may hold several. */
export const AI_ROLES = [
  'provider',
  'producer',
  'customer',
  'partner',
  'subject',
  'relevant_authority',
] as const;
export const EU_AI_ACT_TIERS = [
  'unclassified',
  'out_of_scope',
  'prohibited',
  'high_risk',
  'limited_risk',
  'minimal_risk',
  'general_purpose',
] as const;
/** Sectors with guidance in Annex D, plus the usual others. */
export const SECTORS = [
  'healthcare',
  'finance',
  'manufacturing',
  'public_sector',
  'transport',
  'energy',
  'education',
  'employment',
  'retail',
  'telecom',
  'defence',
  'other',
] as const;

export interface RegisterSpec<T extends RegisterTable = RegisterTable> {
  /** Table name, ledger entity and permission prefix. */
  key: T;
  /** URL segment under /api/v1/orgs/{org}/. */
  path: string;
  /** Name of the record id in paths, e.g. aiSystemId. */
  idParam: string;
  title: string;
  singular: string;
  /** Where in ISO/IEC 42001 this register comes from. */
  clauses: string;
  titleField: string;
  fields: Record<string, FieldSpec>;
  /** Sort applied when the caller gives none. */
  defaultSort: string;
}

const owner: FieldSpec = { kind: 'member', label: 'Owner', filter: true, list: true };
const reviewDate: FieldSpec = { kind: 'date', label: 'Review date', filter: true, list: true };
const aiSystem: FieldSpec = {
  kind: 'ref',
  ref: 'ai_systems',
  label: 'AI system',
  required: true,
  filter: true,
  list: true,
};

export const REGISTERS: RegisterSpec[] = [
  {
    key: 'context_issues',
    idParam: 'contextIssueId',
    path: 'context-issues',
    title: 'Context issues',
    singular: 'context issue',
    clauses: '4.1',
    titleField: 'title',
    defaultSort: 'title',
    fields: {
      title: {
        kind: 'text',
        label: 'Issue',
        required: true,
        search: true,
        list: true,
        filter: true,
      },
      kind: {
        kind: 'enum',
        label: 'Internal or external',
        options: ['internal', 'external'],
        required: true,
        filter: true,
        list: true,
      },
      category: {
        kind: 'enum',
        label: 'Category',
        options: [
          'legal',
          'regulatory',
          'market',
          'social',
          'cultural',
          'technical',
          'organizational',
          'economic',
          'environmental',
          'climate',
          'ethical',
          'other',
        ],
        required: true,
        filter: true,
        list: true,
      },
      description: { kind: 'longtext', label: 'Description', search: true },
      effect: {
        kind: 'longtext',
        label: 'Effect on the AIMS',
        help: 'How this issue affects what the AIMS must achieve.',
      },
      ownerMemberId: owner,
      reviewDate,
    },
  },
  {
    key: 'interested_parties',
    idParam: 'interestedPartyId',
    path: 'interested-parties',
    title: 'Interested parties',
    singular: 'interested party',
    clauses: '4.2',
    titleField: 'name',
    defaultSort: 'name',
    fields: {
      name: {
        kind: 'text',
        label: 'Party',
        required: true,
        search: true,
        list: true,
        filter: true,
      },
      kind: {
        kind: 'enum',
        label: 'Kind',
        options: [
          'customer',
          'regulator',
          'employee',
          'affected_person',
          'supplier',
          'partner',
          'investor',
          'public',
          'other',
        ],
        required: true,
        filter: true,
        list: true,
      },
      needs: { kind: 'longtext', label: 'Needs and expectations', search: true },
      requirements: {
        kind: 'longtext',
        label: 'Which needs are requirements',
        help: 'The needs the organization has committed to meet.',
      },
      addressedBy: { kind: 'longtext', label: 'How they are addressed' },
      ownerMemberId: owner,
    },
  },
  {
    key: 'legal_requirements',
    idParam: 'legalRequirementId',
    path: 'legal-requirements',
    title: 'Legal and regulatory register',
    singular: 'legal requirement',
    clauses: '4.2, A.2.2',
    titleField: 'title',
    defaultSort: 'title',
    fields: {
      title: {
        kind: 'text',
        label: 'Requirement',
        required: true,
        search: true,
        list: true,
        filter: true,
      },
      instrument: {
        kind: 'enum',
        label: 'Instrument',
        options: [
          'eu_ai_act',
          'gdpr',
          'dora',
          'nis2',
          'sector_law',
          'national_law',
          'contract',
          'standard',
          'other',
        ],
        required: true,
        filter: true,
        list: true,
      },
      jurisdiction: { kind: 'text', label: 'Jurisdiction', filter: true, list: true },
      obligations: { kind: 'longtext', label: 'Obligations', search: true },
      applicability: {
        kind: 'enum',
        label: 'Applicability',
        options: ['applicable', 'partially_applicable', 'not_applicable', 'under_review'],
        required: true,
        filter: true,
        list: true,
      },
      justification: { kind: 'longtext', label: 'Why it applies or not' },
      aiSystemIds: { kind: 'refs', ref: 'ai_systems', label: 'AI systems concerned' },
      ownerMemberId: owner,
      reviewDate,
    },
  },
  {
    key: 'ai_systems',
    idParam: 'aiSystemId',
    path: 'ai-systems',
    title: 'AI systems',
    singular: 'AI system',
    clauses: '4.3, A.4, A.6, A.9.4',
    titleField: 'name',
    defaultSort: 'name',
    fields: {
      name: { kind: 'text', label: 'Name', required: true, search: true, list: true, filter: true },
      purpose: { kind: 'longtext', label: 'Purpose', required: true, search: true },
      ownerMemberId: owner,
      businessUnit: { kind: 'text', label: 'Business unit', filter: true, list: true },
      aiRoles: {
        kind: 'multi',
        label: "The organization's AI roles for this system",
        options: AI_ROLES,
      },
      intendedUse: { kind: 'longtext', label: 'Intended use' },
      foreseeableMisuse: { kind: 'longtext', label: 'Reasonably foreseeable misuse' },
      automationLevel: {
        kind: 'enum',
        label: 'Level of automation',
        options: ['decision_support', 'human_in_the_loop', 'human_on_the_loop', 'fully_automated'],
        filter: true,
      },
      humanOversight: { kind: 'longtext', label: 'Human oversight' },
      affectedPeople: { kind: 'longtext', label: 'Affected people' },
      deploymentContext: { kind: 'longtext', label: 'Deployment context' },
      sector: { kind: 'enum', label: 'Sector', options: SECTORS, filter: true, list: true },
      lifecycleStage: {
        kind: 'enum',
        label: 'Life cycle stage',
        options: LIFECYCLE_STAGES,
        readOnly: true,
        // Given once at registration (an existing system joins the inventory where it stands);
        // afterwards only a transition moves it.
        initial: true,
        default: 'inception',
        filter: true,
        list: true,
      },
      euAiActTier: {
        kind: 'enum',
        label: 'EU AI Act tier',
        help: 'Set when a manager or owner confirms the EU AI Act classification of the system.',
        options: EU_AI_ACT_TIERS,
        readOnly: true,
        default: 'unclassified',
        filter: true,
        list: true,
      },
      euAiActReason: {
        kind: 'longtext',
        label: 'Reason for the tier',
        help: 'The reasons of the confirmed EU AI Act classification.',
        readOnly: true,
      },
    },
  },
  {
    key: 'ai_models',
    idParam: 'aiModelId',
    path: 'ai-models',
    title: 'Model versions',
    singular: 'model version',
    clauses: 'A.4.3, A.6.2.2',
    titleField: 'name',
    defaultSort: 'name',
    fields: {
      aiSystemId: aiSystem,
      name: {
        kind: 'text',
        label: 'Model',
        required: true,
        search: true,
        list: true,
        filter: true,
      },
      modelVersion: { kind: 'text', label: 'Version', required: true, list: true, filter: true },
      source: {
        kind: 'enum',
        label: 'Source',
        options: ['built', 'fine_tuned', 'third_party'],
        required: true,
        filter: true,
        list: true,
      },
      modelCardUrl: { kind: 'url', label: 'Model card' },
      releaseDate: { kind: 'date', label: 'Release date', filter: true, list: true },
      changeSummary: { kind: 'longtext', label: 'What this version changed', search: true },
    },
  },
  {
    key: 'datasets',
    idParam: 'datasetId',
    path: 'datasets',
    title: 'Datasets',
    singular: 'dataset',
    clauses: 'A.4.3, A.7',
    titleField: 'name',
    defaultSort: 'name',
    fields: {
      aiSystemId: aiSystem,
      name: {
        kind: 'text',
        label: 'Dataset',
        required: true,
        search: true,
        list: true,
        filter: true,
      },
      source: { kind: 'text', label: 'Source', list: true },
      acquisition: { kind: 'longtext', label: 'How it was acquired' },
      provenance: { kind: 'longtext', label: 'Provenance' },
      personalData: { kind: 'bool', label: 'Contains personal data', filter: true, list: true },
      qualityChecks: { kind: 'longtext', label: 'Quality checks' },
      preparation: { kind: 'longtext', label: 'Preparation steps' },
      licence: { kind: 'text', label: 'Licence', filter: true },
    },
  },
  {
    key: 'ai_resources',
    idParam: 'aiResourceId',
    path: 'ai-resources',
    title: 'Tooling, compute and people',
    singular: 'resource',
    clauses: 'A.4',
    titleField: 'name',
    defaultSort: 'name',
    fields: {
      aiSystemId: aiSystem,
      kind: {
        kind: 'enum',
        label: 'Kind',
        options: ['tooling', 'compute', 'people', 'system', 'other'],
        required: true,
        filter: true,
        list: true,
      },
      name: { kind: 'text', label: 'Name', required: true, search: true, list: true, filter: true },
      description: { kind: 'longtext', label: 'Description' },
    },
  },
  {
    key: 'third_parties',
    idParam: 'thirdPartyId',
    path: 'third-parties',
    title: 'Suppliers and customers',
    singular: 'supplier or customer',
    clauses: 'A.10',
    titleField: 'name',
    defaultSort: 'name',
    fields: {
      name: {
        kind: 'text',
        label: 'Party',
        required: true,
        search: true,
        list: true,
        filter: true,
      },
      relation: {
        kind: 'enum',
        label: 'Relation',
        options: ['supplier', 'customer', 'partner'],
        required: true,
        filter: true,
        list: true,
      },
      supplies: { kind: 'longtext', label: 'What they supply or receive', search: true },
      aiSystemIds: { kind: 'refs', ref: 'ai_systems', label: 'AI systems concerned' },
      responsibilities: { kind: 'longtext', label: 'Allocated responsibilities' },
      assessedOn: { kind: 'date', label: 'Last assessed', filter: true, list: true },
      assessmentOutcome: {
        kind: 'enum',
        label: 'Assessment outcome',
        options: ['not_assessed', 'acceptable', 'acceptable_with_conditions', 'not_acceptable'],
        filter: true,
        list: true,
      },
    },
  },
  {
    key: 'responsibilities',
    idParam: 'responsibilityId',
    path: 'responsibilities',
    title: 'Roles and responsibilities',
    singular: 'responsibility',
    clauses: '5.3, A.3.2',
    titleField: 'subjectId',
    defaultSort: 'subjectId',
    fields: {
      memberId: { kind: 'member', label: 'Member', required: true, filter: true, list: true },
      subjectType: {
        kind: 'enum',
        label: 'For',
        options: ['ai_system', 'process', 'control', 'aims_conformity', 'aims_performance'],
        required: true,
        filter: true,
        list: true,
      },
      subjectId: {
        kind: 'text',
        label: 'Subject',
        required: true,
        help: 'An AI system id, a process name, or a control id such as A.6.2.4; for the AIMS roles of 5.3 (ensuring the AIMS conforms to ISO/IEC 42001, reporting its performance to top management), what the role covers, such as "the AIMS".',
        refWhen: { field: 'subjectType', equals: 'ai_system', ref: 'ai_systems' },
        filter: true,
        list: true,
      },
      raci: {
        kind: 'enum',
        label: 'RACI',
        options: ['responsible', 'accountable', 'consulted', 'informed'],
        required: true,
        filter: true,
        list: true,
      },
      note: { kind: 'longtext', label: 'Note' },
    },
  },
  {
    key: 'competences',
    idParam: 'competenceId',
    path: 'competences',
    title: 'Required competences',
    singular: 'competence',
    clauses: '7.2',
    titleField: 'name',
    defaultSort: 'name',
    fields: {
      aimsRole: {
        kind: 'enum',
        label: 'Required of role',
        options: ['owner', 'manager', 'contributor', 'auditor', 'viewer'],
        required: true,
        filter: true,
        list: true,
      },
      name: {
        kind: 'text',
        label: 'Competence',
        required: true,
        search: true,
        list: true,
        filter: true,
      },
      description: { kind: 'longtext', label: 'Description' },
    },
  },
  {
    key: 'training_records',
    idParam: 'trainingRecordId',
    path: 'training-records',
    title: 'Training and qualification records',
    singular: 'training record',
    clauses: '7.2',
    titleField: 'title',
    defaultSort: 'completedOn',
    fields: {
      memberId: { kind: 'member', label: 'Member', required: true, filter: true, list: true },
      competenceId: {
        kind: 'ref',
        ref: 'competences',
        label: 'Competence',
        required: true,
        filter: true,
        list: true,
      },
      title: {
        kind: 'text',
        label: 'Training or qualification',
        required: true,
        search: true,
        list: true,
      },
      completedOn: {
        kind: 'date',
        label: 'Completed on',
        required: true,
        filter: true,
        list: true,
      },
      expiresOn: { kind: 'date', label: 'Valid until', filter: true, list: true },
      evidence: {
        kind: 'text',
        label: 'Evidence',
        help: 'Certificate number, link or document reference.',
      },
    },
  },
];

export const registerByKey = new Map<string, RegisterSpec>(REGISTERS.map((r) => [r.key, r]));

/** The description of one register, typed by its table. */
export function registerOf<T extends RegisterTable>(key: T): RegisterSpec<T> {
  const spec = REGISTERS.find((r): r is RegisterSpec<T> => r.key === key);
  if (!spec) throw new Error(`No register ${key}`);
  return spec;
}
