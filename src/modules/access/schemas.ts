import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { DB, Row } from '../../db/schema.js';
import type { OrgAccess } from '../../kernel/context.js';
import { NameWants, namesSchema, pickNames, resolveNames } from '../../kernel/names.js';
import { uuidSchema } from '../../kernel/ids.js';
import { pageQuery } from '../../kernel/paging.js';

export const assignmentId = uuidSchema;
export const memberId = uuidSchema;

export const assignInput = z
  .object({
    memberId: uuidSchema.describe('The member assigned (a membership id).'),
    aiSystemId: uuidSchema.describe('The AI system they become responsible for.'),
  })
  .strict();

export const assignmentsQuery = pageQuery.extend({
  memberId: uuidSchema.optional().describe("Only this member's assignments."),
  aiSystemId: uuidSchema.optional().describe('Only the assignments to this AI system.'),
});

export const assignmentView = z
  .object({
    id: z.string(),
    memberId: z.string(),
    aiSystemId: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    names: namesSchema,
  })
  .meta({ id: 'SystemAssignment' });

export const memberScopeView = z
  .object({
    memberId: z.string(),
    limited: z
      .boolean()
      .describe(
        'Whether the member changes only the records of the AI systems below (a contributor while access is matched to responsibilities).',
      ),
    aiSystemIds: z
      .array(z.string())
      .describe(
        'The AI systems the member is assigned to, explicitly or through the RACI register.',
      ),
    assignedAiSystemIds: z.array(z.string()).describe('Through an assignment record.'),
    responsibleAiSystemIds: z
      .array(z.string())
      .describe('Through the RACI register (Responsible or Accountable).'),
  })
  .meta({ id: 'MemberSystemScope' });

export type AssignmentRow = Row<'system_assignments'>;

export const toAssignmentView = (
  r: AssignmentRow,
  names: ReadonlyMap<string, string> = new Map(),
): z.infer<typeof assignmentView> => ({
  id: r.id,
  memberId: r.member_id,
  aiSystemId: r.ai_system_id,
  version: r.version,
  createdAt: r.created_at,
  names: pickNames(names, r.member_id, r.ai_system_id),
});

/** Assignments as the API shows them, with the names of their members and AI systems. */
export async function assignmentViews(db: Kysely<DB>, access: OrgAccess, rows: AssignmentRow[]) {
  const wants = new NameWants();
  for (const r of rows) wants.add('memberships', r.member_id).add('ai_systems', r.ai_system_id);
  const names = await resolveNames(db, access, wants);
  return rows.map((r) => toAssignmentView(r, names));
}
