import { z } from 'zod';
import { checkVersion, defineCommand, execute } from '../../kernel/commands.js';
import { actorLabel } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
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
import { LIFECYCLE_STAGES, registerByKey } from './definitions.js';
import { loadRecord } from './commands.js';
import { toRecord } from './queries.js';
import { recordSchema } from './schemas.js';

const aiSystems = registerByKey.get('ai_systems')!;

/**
 * Moves an AI system to another ISO/IEC 22989 stage. Every move is a record of its own (who,
 * when, from, to, why) besides the system's new state; retirement is final, and a retired
 * system stays in the inventory.
 */
export const transitionAiSystem = defineCommand({
  action: 'ai_systems.transition',
  input: z
    .object({
      toStage: z.enum(LIFECYCLE_STAGES).describe('The stage to move to.'),
      reason: z
        .string()
        .trim()
        .min(1, 'Say why the system moves.')
        .max(5000)
        .describe('Why the system moves to this stage.'),
    })
    .strict(),
  async run(tx, input, scope) {
    const orgId = scope.access!.orgId;
    const system = await loadRecord(tx, aiSystems, orgId, scope.ids!.id!);
    checkVersion(system.version, scope.ifMatch);
    const from = system.lifecycle_stage as string;
    if (from === input.toStage) {
      throw new AppError('INVALID_TRANSITION', `The system is already in ${from}.`, [
        { pointer: '/body/toStage', message: 'Same as the current stage.' },
      ]);
    }
    if (from === 'retirement') {
      throw new AppError(
        'INVALID_TRANSITION',
        'A retired system stays retired; register a new one to bring it back.',
        [{ pointer: '/body/toStage', message: 'The system is retired.' }],
      );
    }
    const next = {
      ...system,
      lifecycle_stage: input.toStage,
      version: system.version + 1,
      updated_at: tx.now,
    };
    await (tx.db as any)
      .updateTable('ai_systems')
      .set({ lifecycle_stage: input.toStage, version: next.version, updated_at: tx.now })
      .where('id', '=', system.id)
      .execute();
    tx.record(orgId, 'ai_systems', system.id, next);
    const tr = {
      id: newId(),
      org_id: orgId,
      version: 1,
      created_at: tx.now,
      updated_at: tx.now,
      ai_system_id: system.id,
      from_stage: from,
      to_stage: input.toStage,
      reason: input.reason,
      actor: actorLabel(tx.ctx.actor),
    };
    await (tx.db as any).insertInto('ai_system_transitions').values(tr).execute();
    tx.record(orgId, 'ai_system_transitions', tr.id, tr);
    return next;
  },
});

const transitionView = z
  .object({
    id: z.string(),
    fromStage: z.string().nullable(),
    toStage: z.string(),
    reason: z.string().nullable(),
    actor: z.string().nullable(),
    at: z.string(),
  })
  .meta({ id: 'LifecycleTransition' });

const params = orgParam.extend({ aiSystemId: uuid });

export const lifecycleRoutes: RouteSpec[] = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:org/ai-systems/:aiSystemId/transitions',
    operationId: 'ai_systems.transition',
    summary: 'Move an AI system to another life cycle stage',
    tag: 'ai-systems',
    auth: 'org',
    action: 'ai_systems.transition',
    params,
    body: transitionAiSystem.input,
    example: { toStage: 'design_and_development', reason: 'Business case approved.' },
    ifMatch: true,
    response: {
      status: 200,
      schema: recordSchema(aiSystems),
      description: 'The system in its new stage.',
    },
    errors: [422],
    async handler({ ctx, access, params: p, rawBody, ifMatch }) {
      const row = await execute(ctx, transitionAiSystem, rawBody, {
        access,
        ids: { id: p.aiSystemId },
        ifMatch,
      });
      return { body: toRecord(aiSystems, row), etag: row.version };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:org/ai-systems/:aiSystemId/transitions',
    operationId: 'ai_systems.transitions',
    summary: 'Every life cycle transition of an AI system, oldest first',
    tag: 'ai-systems',
    auth: 'org',
    action: 'ai_systems.read',
    params,
    query: pageQuery,
    response: { status: 200, schema: page(transitionView), description: 'The transitions.' },
    async handler({ services, access, params: p, query }) {
      const db = services.database.db as any;
      const sys = await db
        .selectFrom('ai_systems')
        .select('id')
        .where('org_id', '=', access.orgId)
        .where('id', '=', p.aiSystemId)
        .executeTakeFirst();
      if (!sys) throw new AppError('NOT_FOUND', 'No such AI system.');
      const after = decodeCursor(query.cursor);
      let q = db
        .selectFrom('ai_system_transitions')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .where('ai_system_id', '=', p.aiSystemId);
      if (after) q = q.where('id', '>', after);
      const rows: Record<string, string>[] = await q
        .orderBy('id')
        .limit(query.limit + 1)
        .execute();
      const pg = toPage(rows, query.limit, (r) => r.id!);
      return {
        body: {
          ...pg,
          items: pg.items.map((r) => ({
            id: r.id,
            fromStage: r.from_stage,
            toStage: r.to_stage,
            reason: r.reason,
            actor: r.actor,
            at: r.created_at,
          })),
        },
      };
    },
  }),
];
