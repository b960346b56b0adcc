import { orgPath, request, seg, withQuery, type Page, type Schema } from '../../api';
import type { Check, CriteriaInput } from './gates-draft';

export type GateCriteria = Schema<'GateCriteria'>;

export interface CriterionResult {
  id: string;
  title: string;
  control: string;
  controlTitle: string | null;
  why: string | null;
  check: Check;
  met: boolean;
  reason: string;
  records: { type: string; id: string; label: string }[];
}

/** The gate into one stage for a system, as the server evaluated it. */
export interface GateEvaluation {
  aiSystemId: string;
  fromStage: string;
  toStage: string;
  toStageTitle: string;
  criteriaVersion: { id: string; number: number } | null;
  enforced: boolean;
  modelVersion: string | null;
  modelVersionSource: 'given' | 'latest_registered' | 'none';
  passed: boolean;
  criteria: CriterionResult[];
  abilities: { transition: boolean; override: boolean };
}

export type GateCheck = Schema<'GateCheck'>;

export type GateOverride = Schema<'GateOverride'>;

const system = (org: string, id: string) => `${orgPath(org)}/ai-systems/${seg(id)}`;

export const gatesApi = {
  criteria: (org: string) => request<GateCriteria>('GET', `${orgPath(org)}/gate-criteria`),
  versions: (org: string) =>
    request<Page<GateCriteria>>(
      'GET',
      withQuery(`${orgPath(org)}/gate-criteria/versions`, { limit: 100 }),
    ),
  adopt: (org: string, body: CriteriaInput) =>
    request<GateCriteria>('POST', `${orgPath(org)}/gate-criteria/versions`, { body }),
  /** Every gate of a system (each stage but its current one). */
  gates: (org: string, id: string) =>
    request<{ items: GateEvaluation[] }>('GET', `${system(org, id)}/gates`),
  checks: (org: string, id: string) =>
    request<Page<GateCheck>>('GET', withQuery(`${system(org, id)}/gate-checks`, { limit: 20 })),
  /** `form` carries aiSystem, kind, modelVersion, title and then the file, in that order. */
  push: (org: string, form: FormData) =>
    request<unknown>('POST', `${orgPath(org)}/gate-evidence`, { form }),
  overrides: (org: string, aiSystemId?: string) =>
    request<Page<GateOverride>>(
      'GET',
      withQuery(`${orgPath(org)}/gate-overrides`, { limit: 100, aiSystemId }),
    ),
};
