import { call, client, ifMatch, type Body, type SameValues, type Schema } from '../../api';
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

export type Stage = (typeof STAGES)[number];
export type Transition = Schema<'LifecycleTransition'>;

/**
 * The stages the server lets the caller move this system to now (none when it is retired or the
 * caller may not move systems): the web offers exactly these and decides nothing itself.
 */
export function nextStages(system: RecordData): Stage[] {
  const v = system.nextStages;
  return Array.isArray(v) ? STAGES.filter((s) => v.includes(s)) : [];
}

const sys = (org: string, aiSystemId: string) => ({ path: { org, aiSystemId } });

export const lifecycleApi = {
  transitions: (org: string, id: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/ai-systems/{aiSystemId}/transitions', {
        params: { ...sys(org, id), query: { limit: 200 } },
      }),
    ),
  move: (org: string, system: RecordData, body: Body<'ai_systems.transition'>) =>
    call(
      client.POST('/api/v1/orgs/{org}/ai-systems/{aiSystemId}/transitions', {
        params: sys(org, system.id),
        headers: ifMatch(system.version),
        body,
      }),
    ),
};
