import { z } from 'zod';
import type { Row } from '../../db/schema.js';
import { uuidSchema } from '../../kernel/ids.js';
import { namesSchema, type Names } from '../../kernel/names.js';

/** Where a concern stands; resolved and dismissed close it (with an outcome). */
export const CONCERN_STATES = [
  'received',
  'triage',
  'investigating',
  'resolved',
  'dismissed',
] as const;
export type ConcernStatus = (typeof CONCERN_STATES)[number];
export const CLOSED_STATES: readonly ConcernStatus[] = ['resolved', 'dismissed'];

export const concernId = uuidSchema;

const report = {
  summary: z
    .string()
    .trim()
    .min(1, 'Say what the concern is.')
    .max(300)
    .describe('One line: what is the concern?'),
  details: z
    .string()
    .max(20_000)
    .nullable()
    .optional()
    .describe('What happened, where, when; anything that helps.'),
};

/** A member's report (A.3.3). */
export const reportInput = z
  .object({
    ...report,
    aiSystemId: uuidSchema.nullable().optional().describe('The AI system concerned, if known.'),
    anonymous: z
      .boolean()
      .default(false)
      .describe('Keep the reporter unknown, also in the ledger.'),
  })
  .strict();

/** A report through the organization's public link, by anyone. */
export const publicReportInput = z
  .object({
    ...report,
    aiSystem: z
      .string()
      .trim()
      .max(300)
      .nullable()
      .optional()
      .describe('Which AI system or service, in your words.'),
    contact: z
      .string()
      .trim()
      .max(300)
      .nullable()
      .optional()
      .describe('How to reach you, if you want an answer. Leave empty to stay anonymous.'),
  })
  .strict();

export const triageFields = {
  status: z.enum(CONCERN_STATES).optional().describe('Where the concern stands.'),
  ownerMemberId: uuidSchema.nullable().optional().describe('Who handles it.'),
  aiSystemId: uuidSchema.nullable().optional().describe('The AI system concerned.'),
  outcome: z
    .string()
    .max(20_000)
    .nullable()
    .optional()
    .describe('What was found and done; needed to close.'),
};

export const concernView = z
  .object({
    id: z.string(),
    summary: z.string(),
    details: z.string().nullable(),
    aiSystemId: z.string().nullable(),
    channel: z.enum(['member', 'public']),
    anonymous: z.boolean(),
    reporterMemberId: z.string().nullable().describe('Null when the report is anonymous.'),
    reporterContact: z.string().nullable(),
    status: z.enum(CONCERN_STATES),
    ownerMemberId: z.string().nullable(),
    outcome: z.string().nullable(),
    closedAt: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    names: namesSchema,
  })
  .meta({ id: 'Concern' });

export type ConcernView = z.infer<typeof concernView>;
export type ConcernRow = Row<'concerns'>;

export const toConcernView = (r: ConcernRow, names: Names = {}): ConcernView => ({
  id: r.id,
  summary: r.summary,
  details: r.details,
  aiSystemId: r.ai_system_id,
  channel: r.channel as ConcernView['channel'],
  anonymous: r.anonymous === 1,
  reporterMemberId: r.reporter_member_id,
  reporterContact: r.reporter_contact,
  status: r.status as ConcernStatus,
  ownerMemberId: r.owner_member_id,
  outcome: r.outcome,
  closedAt: r.closed_at,
  version: r.version,
  createdAt: r.created_at,
  names,
});
