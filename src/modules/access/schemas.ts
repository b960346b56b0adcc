import { z } from 'zod';
import type { Row } from '../../db/schema.js';
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

export const toAssignmentView = (r: AssignmentRow): z.infer<typeof assignmentView> => ({
  id: r.id,
  memberId: r.member_id,
  aiSystemId: r.ai_system_id,
  version: r.version,
  createdAt: r.created_at,
});
