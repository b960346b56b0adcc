import { orgPath, request, seg, withQuery, type Body, type Page, type SameValues } from '../../api';
import type { RecordData } from '../../lib/lookups';

/** ISO/IEC 22989 life cycle stages, in order. */
export const STAGES = [
  'inception',
  'design_and_development',
  'verification_and_validation',
  'deployment',
  'operation_and_monitoring',
  'continuous_validation',
  're_evaluation',
  'retirement',
] as const;
// Exactly the API's stages (tsc fails when the server changes them).
const _stages: SameValues<
  (typeof STAGES)[number],
  NonNullable<Body<'risks.update'>['lifecycleStage']>
> = true;

export interface Transition {
  id: string;
  fromStage: string | null;
  toStage: string;
  reason: string | null;
  actor: string | null;
  at: string;
}

/**
 * The stages the server lets the caller move this system to now (none when it is retired or the
 * caller may not move systems): the web offers exactly these and decides nothing itself.
 */
export function nextStages(system: RecordData): string[] {
  const v = system.nextStages;
  return Array.isArray(v) ? v.map(String) : [];
}

const base = (org: string, id: string) => `${orgPath(org)}/ai-systems/${seg(id)}/transitions`;

export const lifecycleApi = {
  transitions: (org: string, id: string) =>
    request<Page<Transition>>('GET', withQuery(base(org, id), { limit: 200 })),
  move: (
    org: string,
    system: RecordData,
    body: { toStage: string; reason: string; gateOverride?: string },
  ) => request<RecordData>('POST', base(org, system.id), { body, ifMatch: system.version }),
};
