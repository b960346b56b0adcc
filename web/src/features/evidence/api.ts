import {
  call,
  client,
  fileBody,
  orgPath,
  seg,
  type Answer,
  type Body,
  type SameValues,
  type Schema,
} from '../../api';
import type { operations } from '../../generated/openapi';

export const TARGET_TYPES = [
  'control',
  'requirement',
  'framework_requirement',
  'risk',
  'ai_system',
  'incident',
] as const;
export type TargetType = (typeof TARGET_TYPES)[number];
const _targets: SameValues<TargetType, Body<'evidence.link'>['targetType']> = true;

export type EvidenceLink = Evidence['links'][number];

export type Evidence = Schema<'Evidence'>;

export type CustodyEvent = Answer<'evidence.custody'>['items'][number];

export interface EvidenceFilter {
  targetType?: string | null;
  targetId?: string | null;
  expiringBefore?: string | null;
  /** Search in the title and the file name. */
  q?: string | null;
  /** A field to sort by, `-field` descending; newest first without it. */
  sort?: string | null;
  cursor?: string | null;
  limit?: number;
}

type EvidenceQuery = NonNullable<operations['evidence.list']['parameters']['query']>;
const at = (org: string) => ({ path: { org } });
const one = (org: string, evidenceId: string) => ({ path: { org, evidenceId } });

export const evidenceApi = {
  list: (org: string, { limit, ...f }: EvidenceFilter = {}) =>
    call(
      client.GET('/api/v1/orgs/{org}/evidence', {
        params: {
          ...at(org),
          query: {
            limit: limit ?? 100,
            // The page offers the kinds of target and the sorts the API knows; it refuses any
            // other (400).
            targetType: (f.targetType ?? undefined) as TargetType | undefined,
            targetId: f.targetId ?? undefined,
            expiringBefore: f.expiringBefore ?? undefined,
            q: f.q ?? undefined,
            sort: (f.sort ?? undefined) as EvidenceQuery['sort'],
            cursor: f.cursor ?? undefined,
          },
        },
      }),
    ),
  get: (org: string, id: string) =>
    call(client.GET('/api/v1/orgs/{org}/evidence/{evidenceId}', { params: one(org, id) })),
  /** `form` carries title, description, validFrom, validUntil and then the file, in that order. */
  upload: (org: string, form: FormData) =>
    call(client.POST('/api/v1/orgs/{org}/evidence/files', { params: at(org), ...fileBody(form) })),
  addLink: (org: string, body: Body<'evidence.create'>) =>
    call(client.POST('/api/v1/orgs/{org}/evidence', { params: at(org), body })),
  link: (org: string, id: string, body: Body<'evidence.link'>) =>
    call(
      client.POST('/api/v1/orgs/{org}/evidence/{evidenceId}/links', { params: one(org, id), body }),
    ),
  unlink: (org: string, id: string, linkId: string) =>
    call(
      client.DELETE('/api/v1/orgs/{org}/evidence/{evidenceId}/links/{linkId}', {
        params: { path: { org, evidenceId: id, linkId } },
      }),
    ),
  downloadHref: (org: string, id: string) => `${orgPath(org)}/evidence/${seg(id)}/download`,
  custody: (org: string, id: string) =>
    call(
      client.GET('/api/v1/orgs/{org}/evidence/{evidenceId}/custody', {
        params: { ...one(org, id), query: { limit: 200 } },
      }),
    ),
};

/** Today plus `days`, as YYYY-MM-DD in UTC. */
export const dayFromNow = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
