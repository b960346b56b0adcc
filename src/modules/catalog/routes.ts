import { z } from 'zod';
import {
  CATALOG,
  CATALOG_SOURCES,
  CONTROLS,
  LIFECYCLE,
  REQUIREMENTS,
  SECTORS,
} from '../../catalog/index.js';
import { AppError } from '../../kernel/errors.js';
import { defineRoute, page, pageQuery, toPage, type RouteSpec } from '../../api/route.js';

/** Pages a fixed list by the id after which to continue. */
function pageOf<T extends { id: string }>(
  list: readonly T[],
  query: { limit: number; cursor?: string | undefined },
) {
  let start = 0;
  if (query.cursor) {
    const after = Buffer.from(query.cursor, 'base64url').toString();
    start = list.findIndex((x) => x.id === after) + 1;
    if (start === 0)
      throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API gave out.', [
        { pointer: '/query/cursor', message: 'Unknown cursor.' },
      ]);
  }
  return toPage(list.slice(start, start + query.limit + 1), query.limit, (x) => x.id);
}

export const catalogRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/catalog',
    operationId: 'catalog.info',
    summary:
      'The standards catalog: versions and checksums of its data files, life cycle stages and sector notes',
    tag: 'catalog',
    auth: 'user',
    response: {
      status: 200,
      schema: z.object({
        id: z.string(),
        version: z.string(),
        standard: z.string(),
        provenance: z.string(),
        sources: z.array(
          z.object({ file: z.string(), id: z.string(), version: z.string(), sha256: z.string() }),
        ),
        lifecycle: z.array(
          z.object({
            id: z.string(),
            title: z.string(),
            order: z.number(),
            optional: z.boolean(),
            summary: z.string(),
          }),
        ),
        sectors: z.array(z.object({ id: z.string(), title: z.string(), note: z.string() })),
      }),
      description: 'The catalog.',
    },
    async handler() {
      return {
        body: {
          id: CATALOG.id,
          version: CATALOG.version,
          standard: CATALOG.standard,
          provenance: CATALOG.provenance,
          sources: [...CATALOG_SOURCES],
          lifecycle: [...LIFECYCLE],
          sectors: [...SECTORS],
        },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/catalog/requirements',
    operationId: 'catalog.requirements',
    summary: 'Every assessable ISO/IEC 42001 requirement: clause leaves, then the Annex A controls',
    tag: 'catalog',
    auth: 'user',
    query: pageQuery,
    response: {
      status: 200,
      schema: page(
        z.object({
          id: z.string(),
          kind: z.enum(['clause', 'control']),
          title: z.string(),
          parentId: z.string(),
          domain: z.string().optional(),
        }),
      ),
      description: 'A page of requirements.',
    },
    async handler({ query }) {
      return { body: pageOf(REQUIREMENTS, query) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/catalog/controls',
    operationId: 'catalog.controls',
    summary: 'The 38 Annex A controls with guidance: what to do and what an auditor expects to see',
    tag: 'catalog',
    auth: 'user',
    query: pageQuery,
    response: {
      status: 200,
      schema: page(
        z.object({
          id: z.string(),
          title: z.string(),
          domain: z.string(),
          objective: z.string(),
          lifecycleStages: z.array(z.string()),
          guidance: z.object({ do: z.string(), evidence: z.string() }),
        }),
      ),
      description: 'A page of controls.',
    },
    async handler({ query }) {
      return { body: pageOf(CONTROLS, query) };
    },
  }),
];
