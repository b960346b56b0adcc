import { defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import { CONTROLS, REQUIREMENTS } from '../../catalog/index.js';
import { canReadEntity } from '../../kernel/authorize.js';
import { AppError } from '../../kernel/errors.js';
import { lookupMembers, lookupRecords } from './queries.js';
import { lookupQuery, lookupView, type LookupItem, type LookupQuery } from './schemas.js';

/** Catalog entries whose id or title contains `q` (any case), in catalog order. */
function lookupCatalog(
  type: 'controls' | 'requirements',
  entries: readonly { id: string; title: string }[],
  q: string,
  limit: number,
): LookupItem[] {
  const needle = q.toLowerCase();
  return entries
    .filter((e) => !needle || `${e.id} ${e.title}`.toLowerCase().includes(needle))
    .slice(0, limit)
    .map((e) => ({ id: e.id, type, name: e.title }));
}

/** What a lookup of one kind finds; 403 when the caller may not read that kind. */
export async function lookup(
  db: Parameters<typeof lookupRecords>[0],
  access: Parameters<typeof canReadEntity>[0],
  { type, q, limit }: LookupQuery,
): Promise<LookupItem[]> {
  if (type === 'controls') return lookupCatalog(type, CONTROLS, q, limit);
  if (type === 'requirements')
    return lookupCatalog(
      type,
      REQUIREMENTS.filter((r) => r.kind === 'clause'),
      q,
      limit,
    );
  const entity = type === 'members' ? 'memberships' : type;
  if (!canReadEntity(access, entity))
    throw new AppError('FORBIDDEN', `This caller may not read ${type.replace(/_/g, ' ')}.`);
  return type === 'members'
    ? lookupMembers(db, access.orgId, q, limit)
    : lookupRecords(db, access.orgId, type, q, limit);
}

export const lookupRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/lookup',
    operationId: 'lookup.search',
    summary: 'Find records or members of one kind by name, id or readable identifier',
    tag: 'lookup',
    auth: 'org',
    action: 'lookup.read',
    params: orgParam,
    query: lookupQuery,
    response: {
      status: 200,
      schema: lookupView,
      description:
        'The matches the caller may read, by name (controls and clauses in catalog order).',
    },
    errors: [403],
    async handler({ services, access, query }) {
      return { body: { items: await lookup(services.database.db, access, query) } };
    },
  }),
];
