import { orgPath, request, withQuery } from '../../api';

/** Computed by the server: done, due (soon, or owed after a change), overdue, never done. */
export type OperationState = 'done' | 'due' | 'overdue' | 'missing';

interface Assessed {
  lastAssessedOn: string | null;
  nextDueOn: string | null;
  status: OperationState;
  reassessmentOwed: boolean;
  reasons: string[];
}

export interface SystemOperation extends Assessed {
  aiSystemId: string;
  name: string;
  lifecycleStage: string;
  ownerMemberId: string | null;
  assessmentId: string | null;
  draftAssessmentId: string | null;
}

export interface RiskOperation extends Assessed {
  riskId: string;
  title: string;
  riskStatus: string;
  ownerMemberId: string | null;
  aiSystemIds: string[];
  treatment: {
    option: string | null;
    progress: 'not_chosen' | 'planned' | 'implemented';
    open: number;
    done: number;
    overdue: number;
  };
}

interface Tally {
  done: number;
  due: number;
  overdue: number;
  missing: number;
  owed: number;
}

export interface Operations {
  today: string;
  horizon: string;
  summary: {
    impactAssessments: Tally;
    riskAssessments: Tally;
    treatments: { chosen: number; implemented: number; notChosen: number; overdueActions: number };
  };
  systems: SystemOperation[];
  risks: RiskOperation[];
}

export const operationsApi = {
  get: (org: string, query: { status?: OperationState; owed?: 'true' | 'false' } = {}) =>
    request<Operations>('GET', withQuery(`${orgPath(org)}/operations`, query)),
};
