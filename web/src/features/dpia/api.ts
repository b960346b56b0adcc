import {
  call,
  client,
  ifMatch,
  type Answer,
  type Body,
  type SameValues,
  type Schema,
} from '../../api';
import type { operations } from '../../generated/openapi';
import { listQuery } from '../../lib/list-query';

export const CONSULTATION_OUTCOMES = [
  'pending',
  'no_advice',
  'written_advice',
  'prohibited',
] as const;
export const OUTCOME_LABEL: Record<string, string> = {
  pending: 'Pending',
  no_advice: 'No written advice within the period',
  written_advice: 'Written advice received (Art. 36(2))',
  prohibited: 'Processing limited or banned (Art. 58(2)(f))',
};

export type ScreeningQuestion = Answer<'dpia.questions'>['items'][number];

export type Dpia = Schema<'Dpia'>;

export type DpiaInput = Body<'dpia.update'>;

const path = (org: string) => ({ path: { org } });
const one = (org: string, dpiaId: string) => ({ path: { org, dpiaId } });
type Versioned = Pick<Dpia, 'id' | 'version'>;

type DpiaQuery = NonNullable<operations['dpia.list']['parameters']['query']>;

export const DPIA_STATES = ['draft', 'approved', 'superseded'] as const;
export const DPIA_STATE_WORD: Record<(typeof DPIA_STATES)[number], string> = {
  draft: 'Draft',
  approved: 'Approved',
  superseded: 'Superseded',
};
// The states above are the API's exactly (tsc fails when the server changes them).
const _states: SameValues<(typeof DPIA_STATES)[number], Dpia['status']> = true;

export const dpiaApi = {
  questions: (org: string) =>
    call(client.GET('/api/v1/orgs/{org}/dpias/questions', { params: path(org) })),
  list: (
    org: string,
    f: {
      q?: string;
      aiSystemId?: string;
      impactAssessmentId?: string;
      status?: string;
      awaiting?: string;
      sort?: string;
      cursor?: string | null;
    } = {},
    limit = 50,
  ) =>
    call(
      client.GET('/api/v1/orgs/{org}/dpias', {
        params: {
          ...path(org),
          query: {
            limit,
            ...(f.aiSystemId ? { aiSystemId: f.aiSystemId } : {}),
            ...(f.impactAssessmentId ? { impactAssessmentId: f.impactAssessmentId } : {}),
            ...listQuery<DpiaQuery>({
              q: f.q,
              status: f.status,
              awaiting: f.awaiting,
              sort: f.sort,
            }),
            ...(f.cursor ? { cursor: f.cursor } : {}),
          },
        },
      }),
    ),
  get: (org: string, id: string) =>
    call(client.GET('/api/v1/orgs/{org}/dpias/{dpiaId}', { params: one(org, id) })),
  create: (org: string, body: DpiaInput & { aiSystemId: string; title: string }) =>
    call(
      client.POST('/api/v1/orgs/{org}/dpias', {
        params: path(org),
        body: body as Body<'dpia.create'>,
      }),
    ),
  update: (org: string, d: Versioned, body: DpiaInput) =>
    call(
      client.PATCH('/api/v1/orgs/{org}/dpias/{dpiaId}', {
        params: one(org, d.id),
        headers: ifMatch(d.version),
        body,
      }),
    ),
  advice: (org: string, d: Versioned, body: Body<'dpia.record_advice'>) =>
    call(
      client.PUT('/api/v1/orgs/{org}/dpias/{dpiaId}/advice', {
        params: one(org, d.id),
        headers: ifMatch(d.version),
        body,
      }),
    ),
  approve: (org: string, d: Versioned) =>
    call(
      client.POST('/api/v1/orgs/{org}/dpias/{dpiaId}/approve', {
        params: one(org, d.id),
        headers: ifMatch(d.version),
      }),
    ),
  consult: (
    org: string,
    d: Versioned,
    body: Omit<Body<'dpia.consult'>, 'outcome'> & { outcome: string },
  ) =>
    call(
      client.PUT('/api/v1/orgs/{org}/dpias/{dpiaId}/consultation', {
        params: one(org, d.id),
        headers: ifMatch(d.version),
        body: body as Body<'dpia.consult'>,
      }),
    ),
};
