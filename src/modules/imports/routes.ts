import { defineRoute, orgParam, type RouteSpec } from '../../api/route.js';
import type { DB } from '../../db/schema.js';
import { can } from '../../kernel/authorize.js';
import { AppError } from '../../kernel/errors.js';
import { REGISTERS } from '../registers/index.js';
import { nameKey } from './cells.js';
import { namedRecords } from './queries.js';
import { nameCheckQuery, nameCheckResult } from './schemas.js';

interface NamedKind {
  table: keyof DB;
  column: string;
  read: string;
}

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The kinds of record whose forms warn about a name in use, and the column that names them. */
const kinds = (): Map<string, NamedKind> =>
  new Map<string, NamedKind>([
    ['risks', { table: 'risks', column: 'title', read: 'risks.read' }],
    ['policies', { table: 'policies', column: 'title', read: 'policies.read' }],
    ...REGISTERS.filter(
      (r) => r.titleField !== 'subjectId' && r.key !== 'ai_system_transitions',
    ).map((r): [string, NamedKind] => [
      r.key,
      { table: r.key, column: snake(r.titleField), read: `${r.key}.read` },
    ]),
  ]);

export const nameRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/names/check',
    operationId: 'names.check',
    summary:
      'Whether a name is used already by a record of a kind (ignoring case): the warning a form gives before it creates',
    tag: 'imports',
    auth: 'org',
    action: 'names.check',
    params: orgParam,
    query: nameCheckQuery,
    example: { kind: 'risks', name: 'Biased outcomes' },
    response: { status: 200, schema: nameCheckResult, description: 'The records with that name.' },
    errors: [422],
    async handler({ services, access, query }) {
      const kind = kinds().get(query.kind);
      if (!kind)
        throw new AppError('VALIDATION_FAILED', `No names to check for "${query.kind}".`, [
          { pointer: '/query/kind', message: `Use one of ${[...kinds().keys()].join(', ')}.` },
        ]);
      const key = nameKey(query.name);
      const matches = can(access, kind.read)
        ? (await namedRecords(services.database.db, access.orgId, kind.table, kind.column))
            .filter((r) => r.id !== query.except && nameKey(r.name ?? '') === key)
            .map((r) => ({ id: r.id, name: r.name ?? '' }))
        : [];
      return { body: { kind: query.kind, name: query.name, matches } };
    },
  }),
];
