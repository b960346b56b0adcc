// What the policy routes (routes.ts, version-routes.ts) share: their base path, parameters and tag.
import type { Kysely } from 'kysely';
import { orgParam, uuid } from '../../api/route.js';
import type { DB } from '../../db/schema.js';
import { notFound } from '../../kernel/errors.js';
import { findPolicy } from './queries.js';

export const base = '/api/v1/orgs/:org/policies';
export const policyParams = orgParam.extend({ policyId: uuid });
export const versionParams = policyParams.extend({ versionId: uuid });
export const tag = 'policies';

export async function policyOf(db: Kysely<DB>, orgId: string, policyId: string) {
  const p = await findPolicy(db, orgId, policyId);
  if (!p) throw notFound('policy');
  return p;
}
