import { z } from 'zod';
import type { Row } from '../../db/schema.js';
import { changesOf } from '../../kernel/changes.js';
import { uuidSchema } from '../../kernel/ids.js';
import { CLOCK_KEYS, SERIOUS_CASES } from './clocks.js';

/**
 * AI incidents (A.8.4): what happened, to whom, which AI systems and model versions were
 * involved, how it was contained and why it happened; its timeline; what was communicated to
 * interested parties and reported to authorities; and, once a manager or owner marks it serious,
 * the legal reporting clocks (clocks.ts).
 */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const HARM_TYPES = [
  'health_and_safety',
  'fundamental_rights',
  'property',
  'environment',
  'critical_infrastructure',
  'data_and_privacy',
  'financial',
  'other',
] as const;
export const SOURCES = [
  'internal',
  'monitoring',
  'concern',
  'customer',
  'supplier',
  'other',
] as const;
export const STATUSES = ['open', 'contained', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof STATUSES)[number];
export const AUDIENCES = ['interested_party', 'authority'] as const;
export const CHANNELS = [
  'email',
  'portal',
  'phone',
  'letter',
  'meeting',
  'website',
  'other',
] as const;
/** What a timeline entry records: people write observations and actions; the rest are written by the commands. */
export const ENTRY_KINDS = [
  'observation',
  'action',
  'opened',
  'status',
  'classification',
  'communication',
  'link',
] as const;
export const WRITTEN_KINDS = ['observation', 'action'] as const;

/** The statuses an incident may move to from each (closing is a step of its own). */
export const NEXT_STATUSES: Record<IncidentStatus, readonly IncidentStatus[]> = {
  open: ['contained', 'resolved'],
  contained: ['open', 'resolved'],
  resolved: ['open', 'contained'],
  closed: [],
};

export type IncidentRow = Row<'incidents'>;
export type SystemRow = Row<'incident_systems'>;
export type EntryRow = Row<'incident_timeline'>;
export type CommunicationRow = Row<'incident_communications'>;
export type SettingsRow = Row<'incident_settings'>;

export const incidentId = uuidSchema;
export const instant = z.iso.datetime({
  offset: true,
  message: 'Must be a date and time with a time zone (RFC 3339), e.g. 2026-03-02T09:00:00Z.',
});
const text = (max: number) => z.string().max(max).nullable().optional();

export const systemRef = z
  .object({
    aiSystemId: uuidSchema.describe('An AI system of the organization.'),
    aiModelId: uuidSchema
      .nullable()
      .optional()
      .describe('One of its model versions, when the incident involves a particular one.'),
  })
  .strict();
export type SystemRef = z.infer<typeof systemRef>;

export const incidentFields = {
  title: z
    .string()
    .trim()
    .min(1, 'Give the incident a title.')
    .max(300)
    .describe('What happened, in a line.'),
  description: text(20_000).describe('What happened, in detail.'),
  source: z
    .enum(SOURCES)
    .default('internal')
    .describe(
      'How it became known: internal, monitoring (a metric breach), concern, customer, supplier, other.',
    ),
  sourceRef: text(500).describe(
    'A reference in the source (a metric series, a concern id, a ticket).',
  ),
  occurredAt: instant.nullable().optional().describe('When it happened, if known (RFC 3339).'),
  detectedAt: instant.optional().describe('When it was detected (RFC 3339). Default: now.'),
  severity: z.enum(SEVERITIES).describe('low, medium, high or critical.'),
  harmTypes: z
    .array(z.enum(HARM_TYPES))
    .max(HARM_TYPES.length)
    .default([])
    .describe('The kinds of harm caused or risked.'),
  affectedCount: z
    .number()
    .int()
    .min(0)
    .max(1_000_000_000_000)
    .nullable()
    .optional()
    .describe('How many people were affected, as far as known.'),
  affectedDescription: text(5000).describe('Who was affected and how.'),
  systems: z
    .array(systemRef)
    .max(50)
    .default([])
    .describe('The AI systems (and model versions) involved.'),
  containment: text(20_000).describe('What was done to contain it.'),
  rootCause: text(20_000).describe('Why it happened, once known.'),
  nonconformityId: uuidSchema
    .nullable()
    .optional()
    .describe('The nonconformity (10.2) it led to: one of this organization.'),
};
export const incidentInput = z.object(incidentFields).strict();
export type IncidentInput = z.infer<typeof incidentInput>;
export const incidentChange = changesOf(incidentFields);

export const statusInput = z
  .object({
    status: z
      .enum(STATUSES)
      .exclude(['closed'])
      .describe('open, contained or resolved (closing is a step of its own).'),
    note: text(5000).describe('Why, for the timeline.'),
  })
  .strict();

export const classifyInput = z
  .object({
    serious: z.boolean().describe('Whether this is a serious incident (EU AI Act Art. 3(49)).'),
    seriousCase: z
      .enum(SERIOUS_CASES)
      .optional()
      .describe(
        'When serious: which case of Art. 73 applies (other: 15 days, death: 10, widespread infringement or critical infrastructure: 2).',
      ),
    reason: z
      .string()
      .trim()
      .min(1, 'Say why.')
      .max(5000)
      .describe('Why it is (or is not) serious.'),
    awareAt: instant
      .optional()
      .describe(
        'When serious: when the organization became aware of it (RFC 3339). Default: when it was detected.',
      ),
  })
  .strict();

export const entryInput = z
  .object({
    kind: z
      .enum(WRITTEN_KINDS)
      .default('observation')
      .describe('observation (what happened) or action (what was done).'),
    at: instant.optional().describe('When (RFC 3339). Default: now.'),
    entry: z
      .string()
      .trim()
      .min(1, 'Say what happened.')
      .max(5000)
      .describe('What happened or what was done, and by whom.'),
  })
  .strict();

const messageFields = {
  recipient: z.string().trim().min(1).max(300).describe('To whom (a party or an authority).'),
  sentAt: instant.describe('When it was sent (RFC 3339); not in the future.'),
  channel: z.enum(CHANNELS).describe('How it was sent.'),
  summary: z.string().trim().min(1).max(20_000).describe('What was communicated.'),
  reference: text(300).describe('A reference given by the recipient (a case number), if any.'),
};
export const communicationInput = z
  .object({
    audience: z.enum(AUDIENCES).describe('An interested party (A.8.3, A.8.5) or an authority.'),
    ...messageFields,
  })
  .strict();
export const reportInput = z
  .object({
    clock: z.enum(CLOCK_KEYS).describe('The reporting clock this report fulfils.'),
    ...messageFields,
  })
  .strict();

export const settingsInput = z
  .object({
    nis2Applies: z
      .boolean()
      .describe('Whether NIS2 incident reporting (Art. 23) applies to the organization.'),
    doraApplies: z
      .boolean()
      .describe('Whether DORA incident reporting (Art. 19) applies to the organization.'),
    note: text(2000).describe('Why, or on what basis (entity type, competent authority).'),
  })
  .strict();
