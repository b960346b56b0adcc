import { z } from 'zod';
import { namesSchema } from '../../kernel/names.js';
import { CLOCK_KEYS, CLOCK_STATES, REGIMES, SERIOUS_CASES } from './clocks.js';
import { AUDIENCES, CHANNELS, ENTRY_KINDS, SEVERITIES, STATUSES } from './schemas.js';

/** What the API answers about incidents: the shapes of its views (builders in views.ts). */

export const clockView = z
  .object({
    key: z.enum(CLOCK_KEYS),
    regime: z.enum(REGIMES),
    title: z.string(),
    basis: z.string().describe('The legal basis and its time limit, in words.'),
    dueAt: z.string().nullable(),
    state: z.enum(CLOCK_STATES),
    remainingSeconds: z
      .number()
      .int()
      .nullable()
      .describe('Seconds until due (negative: overdue); null when met, late or waiting.'),
    fulfilledAt: z.string().nullable(),
    fulfilledBy: z.string().nullable().describe('The communication that fulfilled it.'),
    waitingFor: z
      .enum(CLOCK_KEYS)
      .nullable()
      .describe('For a waiting clock: the report that starts it.'),
  })
  .meta({ id: 'IncidentClock' });

const ability = (text: string) => z.boolean().describe(text);
export const incidentAbilities = z
  .object({
    edit: ability('Whether the caller may change it now (not once closed).'),
    setStatus: ability('Whether the caller may move it to another status now.'),
    classify: ability(
      'Whether the caller may decide whether it is serious (managers and owners; not once closed).',
    ),
    close: ability(
      'Whether the caller may close it now: resolved, with containment and root cause recorded and every clock fulfilled.',
    ),
    addEntry: ability('Whether the caller may add to its timeline.'),
    communicate: ability('Whether the caller may record a communication.'),
    report: ability(
      'Whether the caller may record a report that fulfils a clock (managers and owners).',
    ),
    linkRisk: ability('Whether the caller may link or unlink risks.'),
  })
  .describe('What the caller may do with it now, as the server decides (role and rules).');

export const incidentView = z
  .object({
    id: z.string(),
    ref: z
      .string()
      .nullable()
      .describe(
        'INC-0007: the readable identifier in the organization, given on creation and never reused; null only for a record made before identifiers existed, until the next of its kind is created.',
      ),
    title: z.string(),
    description: z.string().nullable(),
    source: z.string(),
    sourceRef: z.string().nullable(),
    occurredAt: z.string().nullable(),
    detectedAt: z.string(),
    severity: z.enum(SEVERITIES),
    harmTypes: z.array(z.string()),
    affectedCount: z.number().int().nullable(),
    affectedDescription: z.string().nullable(),
    systems: z.array(z.object({ aiSystemId: z.string(), aiModelId: z.string().nullable() })),
    status: z.enum(STATUSES),
    containment: z.string().nullable(),
    rootCause: z.string().nullable(),
    serious: z.boolean(),
    seriousCase: z.enum(SERIOUS_CASES).nullable(),
    seriousReason: z.string().nullable(),
    seriousDecidedByMemberId: z.string().nullable(),
    seriousDecidedAt: z.string().nullable(),
    seriousSince: z.string().nullable(),
    awareAt: z.string().nullable(),
    regimes: z
      .array(z.enum(REGIMES))
      .describe('The reporting regimes that applied when it was marked serious.'),
    clocks: z.array(clockView),
    riskIds: z.array(z.string()),
    nonconformityId: z.string().nullable(),
    reportedByMemberId: z.string().nullable(),
    closedAt: z.string().nullable(),
    closedByMemberId: z.string().nullable(),
    nextStatuses: z.array(z.enum(STATUSES)).describe('The statuses the caller may move it to now.'),
    closeBlockers: z
      .array(z.string())
      .describe('Why it cannot be closed yet, in words (empty when it can).'),
    abilities: incidentAbilities,
    names: namesSchema,
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Incident' });
export type IncidentView = z.infer<typeof incidentView>;

export const entryView = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    at: z.string(),
    kind: z.enum(ENTRY_KINDS),
    entry: z.string(),
    memberId: z.string().nullable(),
    createdAt: z.string(),
    names: namesSchema,
  })
  .meta({ id: 'IncidentTimelineEntry' });

export const communicationView = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    audience: z.enum(AUDIENCES),
    recipient: z.string(),
    sentAt: z.string(),
    channel: z.enum(CHANNELS),
    summary: z.string(),
    reference: z.string().nullable(),
    fulfils: z.enum(CLOCK_KEYS).nullable(),
    memberId: z.string().nullable(),
    createdAt: z.string(),
    names: namesSchema,
  })
  .meta({ id: 'IncidentCommunication' });

export const settingsView = z
  .object({
    nis2Applies: z.boolean(),
    doraApplies: z.boolean(),
    note: z.string().nullable(),
    version: z
      .number()
      .int()
      .describe('0 while nothing has been stated (NIS2 and DORA do not apply).'),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'IncidentSettings' });

export const openClockView = z
  .object({
    incidentId: z.string(),
    incidentTitle: z.string(),
    severity: z.enum(SEVERITIES),
    clock: clockView,
  })
  .meta({ id: 'OpenIncidentClock' });
