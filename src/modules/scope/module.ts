import { z } from 'zod';
import { encodeJson } from '../../db/json.js';
import { checkVersion, defineCommand, execute } from '../../kernel/commands.js';
import { AppError, notFound } from '../../kernel/errors.js';
import {
  decodeCursor,
  defineRoute,
  orgParam,
  page,
  pageQuery,
  toPage,
  uuid,
  type RouteSpec,
} from '../../api/route.js';
import { AI_ROLES } from '../registers/definitions.js';
import {
  assertNotAuthor,
  insertRecord,
  loadRow,
  memberIdOf,
  updateRecord,
} from '../../kernel/records.js';

/**
 * The AIMS scope (4.3): each change is a version; a draft becomes the scope when someone other
 * than its author approves it, and the approved version before it is superseded.
 */
const exclusion = z.object({
  item: z.string().trim().min(1).max(500).describe('What is excluded.'),
  justification: z
    .string()
    .trim()
    .min(1, 'An exclusion needs a justification.')
    .max(5000)
    .describe('Why it is excluded.'),
});
const scopeFields = {
  statement: z
    .string()
    .trim()
    .min(1, 'State the scope.')
    .max(20_000)
    .describe('The scope statement.'),
  boundaries: z
    .string()
    .max(20_000)
    .nullable()
    .optional()
    .describe('Organizational, physical and technical boundaries.'),
  exclusions: z
    .array(exclusion)
    .max(200)
    .default([])
    .describe('What is left out, each with its justification.'),
  aiRoles: z
    .array(z.enum(AI_ROLES))
    .max(AI_ROLES.length)
    .default([])
    .describe('The AI roles the organization holds.'),
  changeNote: z.string().max(2000).nullable().optional().describe('What changes and why.'),
};

const view = z
  .object({
    id: z.string(),
    number: z.number().int(),
    status: z.enum(['draft', 'approved', 'superseded']),
    statement: z.string(),
    boundaries: z.string().nullable(),
    exclusions: z.array(z.object({ item: z.string(), justification: z.string() })),
    aiRoles: z.array(z.string()),
    authorMemberId: z.string().nullable(),
    approverMemberId: z.string().nullable(),
    approvedAt: z.string().nullable(),
    changeNote: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'ScopeVersion' });

type Row = Record<string, any>;
const out = (r: Row) => ({
  id: r.id,
  number: Number(r.number),
  status: r.status,
  statement: r.statement,
  boundaries: r.boundaries,
  exclusions: JSON.parse(r.exclusions ?? '[]'),
  aiRoles: JSON.parse(r.ai_roles ?? '[]'),
  authorMemberId: r.author_member_id,
  approverMemberId: r.approver_member_id,
  approvedAt: r.approved_at,
  changeNote: r.change_note,
  version: r.version,
  createdAt: r.created_at,
});

export const draftScope = defineCommand({
  action: 'scope.draft',
  input: z.object(scopeFields).strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const open = await (tx.db as any)
      .selectFrom('scope_versions')
      .select('number')
      .where('org_id', '=', orgId)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (open)
      throw new AppError(
        'INVALID_STATE',
        `Draft ${open.number} is open: edit or approve it first.`,
      );
    const last = await (tx.db as any)
      .selectFrom('scope_versions')
      .select((eb: any) => eb.fn.max('number').as('n'))
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    return insertRecord(tx, orgId, 'scope_versions', {
      number: Number(last?.n ?? 0) + 1,
      status: 'draft',
      statement: input.statement,
      boundaries: input.boundaries ?? null,
      exclusions: encodeJson(input.exclusions),
      ai_roles: encodeJson(input.aiRoles),
      author_member_id: await memberIdOf(tx, scope.access!),
      approver_member_id: null,
      approved_at: null,
      change_note: input.changeNote ?? null,
    });
  },
});

export const editScope = defineCommand({
  action: 'scope.draft',
  input: z
    .object({
      ...scopeFields,
      statement: scopeFields.statement.optional(),
      exclusions: scopeFields.exclusions.optional(),
      aiRoles: scopeFields.aiRoles.optional(),
    })
    .strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const v = await loadRow(
      tx,
      'scope_versions',
      orgId,
      scope.ids!.scopeVersionId!,
      'scope version',
    );
    checkVersion(v.version, scope.ifMatch);
    if (v.status !== 'draft')
      throw new AppError(
        'VERSION_LOCKED',
        `Scope version ${v.number} is ${v.status}: make a new draft.`,
      );
    const changes: Record<string, unknown> = {};
    if (input.statement !== undefined) changes.statement = input.statement;
    if (input.boundaries !== undefined) changes.boundaries = input.boundaries;
    if (input.exclusions !== undefined) changes.exclusions = encodeJson(input.exclusions);
    if (input.aiRoles !== undefined) changes.ai_roles = encodeJson(input.aiRoles);
    if (input.changeNote !== undefined) changes.change_note = input.changeNote;
    return updateRecord(tx, orgId, 'scope_versions', v, changes);
  },
});

export const approveScope = defineCommand({
  action: 'scope.approve',
  input: z.object({}).strict().optional(),
  async run(tx, _input, scope) {
    const orgId = scope.access!.orgId;
    const v = await loadRow(
      tx,
      'scope_versions',
      orgId,
      scope.ids!.scopeVersionId!,
      'scope version',
    );
    checkVersion(v.version, scope.ifMatch);
    if (v.status !== 'draft')
      throw new AppError('INVALID_STATE', `Scope version ${v.number} is already ${v.status}.`);
    const me = await memberIdOf(tx, scope.access!);
    assertNotAuthor(v.author_member_id, me, 'scope version');
    const prev = await (tx.db as any)
      .selectFrom('scope_versions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('status', '=', 'approved')
      .execute();
    for (const p of prev)
      await updateRecord(tx, orgId, 'scope_versions', p, { status: 'superseded' });
    return updateRecord(tx, orgId, 'scope_versions', v, {
      status: 'approved',
      approver_member_id: me,
      approved_at: tx.now,
    });
  },
});

const itemParams = orgParam.extend({ scopeVersionId: uuid });

export const scopeRoutes: RouteSpec[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/scope',
    operationId: 'scope.get',
    summary: 'The approved AIMS scope and the open draft, if any',
    tag: 'scope',
    auth: 'org',
    action: 'scope.read',
    params: orgParam,
    response: {
      status: 200,
      schema: z.object({ current: view.nullable(), draft: view.nullable() }),
      description: 'The scope.',
    },
    async handler({ services, access }) {
      const db = services.database.db as any;
      const current = await db
        .selectFrom('scope_versions')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .where('status', '=', 'approved')
        .executeTakeFirst();
      const draft = await db
        .selectFrom('scope_versions')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .where('status', '=', 'draft')
        .executeTakeFirst();
      return { body: { current: current ? out(current) : null, draft: draft ? out(draft) : null } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/scope/versions',
    operationId: 'scope.versions',
    summary: 'Every version of the scope, newest first',
    tag: 'scope',
    auth: 'org',
    action: 'scope.read',
    params: orgParam,
    query: pageQuery,
    response: { status: 200, schema: page(view), description: 'A page of versions.' },
    async handler({ services, access, query }) {
      let q = (services.database.db as any)
        .selectFrom('scope_versions')
        .selectAll()
        .where('org_id', '=', access.orgId);
      const after = decodeCursor(query.cursor);
      if (after) q = q.where('number', '<', Number(after));
      const p = toPage(
        await q
          .orderBy('number', 'desc')
          .limit(query.limit + 1)
          .execute(),
        query.limit,
        (r: Row) => String(r.number),
      );
      return { body: { ...p, items: p.items.map(out) } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:org/scope/versions',
    operationId: 'scope.draft',
    summary: 'Start a new draft of the scope',
    tag: 'scope',
    auth: 'org',
    action: 'scope.draft',
    params: orgParam,
    body: draftScope.input,
    example: {
      statement: 'The AIMS covers the AI systems the clinical division develops and operates.',
      exclusions: [{ item: 'Research prototypes', justification: 'Never used on patients.' }],
      aiRoles: ['provider'],
    },
    response: { status: 201, schema: view, description: 'The draft.' },
    errors: [409],
    async handler({ ctx, access, rawBody }) {
      const r = await execute(ctx, draftScope, rawBody, { access });
      return { body: out(r), etag: r.version };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/orgs/:org/scope/versions/:scopeVersionId',
    operationId: 'scope.edit',
    summary: 'Edit the open draft of the scope',
    tag: 'scope',
    auth: 'org',
    action: 'scope.draft',
    params: itemParams,
    body: editScope.input,
    example: { boundaries: 'Clinical division, EU sites.' },
    ifMatch: true,
    response: { status: 200, schema: view, description: 'Updated.' },
    errors: [409],
    async handler({ ctx, access, params, rawBody, ifMatch }) {
      const r = await execute(ctx, editScope, rawBody, {
        access,
        ids: { scopeVersionId: params.scopeVersionId },
        ifMatch,
      });
      return { body: out(r), etag: r.version };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:org/scope/versions/:scopeVersionId/approve',
    operationId: 'scope.approve',
    summary: 'Approve a draft as the scope (not by its author)',
    tag: 'scope',
    auth: 'org',
    action: 'scope.approve',
    params: itemParams,
    ifMatch: true,
    response: { status: 200, schema: view, description: 'Approved.' },
    errors: [409, 422],
    async handler({ ctx, access, params, ifMatch }) {
      const r = await execute(ctx, approveScope, undefined, {
        access,
        ids: { scopeVersionId: params.scopeVersionId },
        ifMatch,
      });
      if (!r) throw notFound('scope version');
      return { body: out(r), etag: r.version };
    },
  }),
];
