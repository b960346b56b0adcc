// How nonconformities, corrective actions and improvements are put into words.
import { ACTION_STATUS, NC_SOURCE, NC_STATUS, SIMILAR_ANSWER } from '../../../../src/labels.js';
import type {
  ActionStatus,
  Decision,
  ImprovementStatus,
  NcStatus,
  SimilarAnswer,
  SourceType,
  StepKind,
} from './api';

type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export const STATUS_WORD: Record<NcStatus, string> = NC_STATUS;
export const STATUS_TONE: Record<NcStatus, Tone> = {
  open: 'danger',
  correction_done: 'warning',
  action_planned: 'warning',
  actions_done: 'info',
  effectiveness_verified: 'success',
  closed: 'neutral',
  reopened: 'danger',
};

export const SOURCE_WORD: Record<SourceType, string> = NC_SOURCE;

export const SEVERITY_WORD = { major: 'Major', minor: 'Minor' } as const;

export const ACTION_WORD: Record<ActionStatus, string> = ACTION_STATUS;
export const ACTION_TONE: Record<ActionStatus, Tone> = {
  planned: 'warning',
  in_progress: 'info',
  done: 'success',
  cancelled: 'neutral',
};

/** A step, as the start of a sentence naming who took it: "Correction recorded by …". */
export const STEP_WORD: Record<StepKind, string> = {
  raised: 'Raised',
  correction: 'Correction recorded',
  root_cause: 'Root cause recorded',
  similar: 'Similar nonconformities reviewed',
  verified: 'Corrective actions found effective',
  not_effective: 'Corrective actions found not effective',
  closed: 'Closed',
  reopened: 'Reopened',
};

export const SIMILAR_WORD: Record<SimilarAnswer, string> = SIMILAR_ANSWER;

export const FISHBONE_WORD: Record<string, string> = {
  people: 'People',
  process: 'Process',
  data: 'Data',
  model: 'Model',
  technology: 'Technology',
  environment: 'Environment',
  measurement: 'Measurement',
  suppliers: 'Suppliers',
};

export const DECISION_WORD: Record<Decision, string> = {
  pending: 'Waiting for a decision',
  adopted: 'Adopted',
  deferred: 'Deferred',
  rejected: 'Rejected',
};
export const DECISION_TONE: Record<Decision, Tone> = {
  pending: 'warning',
  adopted: 'success',
  deferred: 'neutral',
  rejected: 'danger',
};
export const IMPROVEMENT_WORD: Record<ImprovementStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  closed: 'Closed',
};
export const IMPROVEMENT_SOURCE_WORD: Record<string, string> = {
  suggestion: 'Suggestion',
  nonconformity: 'Nonconformity',
  audit_finding: 'Audit finding',
  incident: 'Incident',
  monitoring: 'Monitoring',
  concern: 'Concern',
  management_review: 'Management review',
};

/** A member by the name a view carries (`names` from the server), or who else it was. */
export const memberName = (names: Readonly<Record<string, string>>, id: string | null) =>
  id ? (names[id] ?? 'a former member') : 'the server operator';

/** Today's calendar date in UTC, the day the server compares due dates with. */
export const todayUtc = () => new Date().toISOString().slice(0, 10);
