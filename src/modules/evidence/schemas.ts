import { z } from 'zod';
import type { Row } from '../../db/schema.js';
import { visibleState } from '../../kernel/authorize.js';
import type { OrgAccess } from '../../kernel/context.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { uuidSchema } from '../../kernel/ids.js';
import {
  isNamedTable,
  NameWants,
  namesSchema,
  pickNames,
  resolveNames,
  type NameSource,
} from '../../kernel/names.js';

/**
 * Evidence: files (content-addressed), links and references to records, each valid for a period,
 * linked many-to-many to controls, requirements (of ISO/IEC 42001 or, as `framework_requirement`,
 * of another framework in the catalog), risks, AI systems and incidents. Every upload, link, unlink
 * and download leaves a custody record in the ledger.
 */
export const TARGETS = [
  'control',
  'requirement',
  'framework_requirement',
  'risk',
  'ai_system',
  'incident',
] as const;
export type TargetType = (typeof TARGETS)[number];
export const date = z.iso.date('Must be a date (YYYY-MM-DD).');

export const evidenceId = uuidSchema;
export const linkId = uuidSchema;

export const commonFields = {
  title: z.string().trim().min(1).max(300).describe('What this evidence shows.'),
  description: z.string().max(20_000).nullable().optional(),
  validFrom: date.nullable().optional().describe('First day it counts as evidence.'),
  validUntil: date.nullable().optional().describe('Last day it counts; after that it is expired.'),
  ownerMemberId: uuidSchema.nullable().optional(),
};

/** A file already in the blob store, as the upload route streamed it there. */
export const storedBlob = z.object({
  sha256: z.string(),
  size: z.number(),
  filename: z.string(),
  mediaType: z.string(),
});

/**
 * A link or a record reference. Which of url or recordType/recordId a kind needs is checked by
 * the command (a refined object could not be split into path and body).
 */
export const linkInput = z
  .object({
    ...commonFields,
    kind: z.enum(['link', 'record']).describe('A URL, or a reference to a record in aims.'),
    url: z.url().max(2000).optional().describe('For a link.'),
    recordType: z
      .string()
      .max(60)
      .optional()
      .describe('For a record: its type, e.g. impact_assessments.'),
    recordId: uuidSchema.optional().describe('For a record: its id.'),
  })
  .strict();

export const updateFields = {
  title: commonFields.title.optional(),
  description: commonFields.description,
  validFrom: commonFields.validFrom,
  validUntil: commonFields.validUntil,
  ownerMemberId: commonFields.ownerMemberId,
};

export const targetFields = {
  targetType: z.enum(TARGETS).describe('What the evidence supports.'),
  targetId: z
    .string()
    .min(1)
    .max(100)
    .describe(
      'A control id (A.6.2.4), clause id (6.1.2), a requirement of another framework as <framework>:<ref> (iso27001:A.5.24, soc2:CC6.1), or a risk, AI system or incident id.',
    ),
};

export const evidenceView = z
  .object({
    id: z.string(),
    title: z.string(),
    kind: z.enum(['file', 'link', 'record']),
    description: z.string().nullable(),
    sha256: z.string().nullable(),
    size: z.number().int().nullable(),
    mediaType: z.string().nullable(),
    filename: z.string().nullable(),
    url: z.string().nullable(),
    recordType: z.string().nullable(),
    recordId: z.string().nullable(),
    validFrom: z.string().nullable(),
    validUntil: z.string().nullable(),
    state: z.enum(['valid', 'expired', 'not_yet_valid']),
    ownerMemberId: z.string().nullable(),
    links: z.array(z.object({ id: z.string(), targetType: z.string(), targetId: z.string() })),
    names: namesSchema,
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'Evidence' });

export const custodyView = z.object({
  id: z.string(),
  event: z.string(),
  sha256: z.string().nullable(),
  actor: z.string(),
  at: z.string(),
});

export type EvidenceView = z.infer<typeof evidenceView>;
export type EvidenceRow = Row<'evidence'>;
export type EvidenceLinkRow = Row<'evidence_links'>;

/** Whether evidence counts on a day (YYYY-MM-DD): before, within or after its validity. */
export function validityOn(
  e: Pick<EvidenceRow, 'valid_from' | 'valid_until'>,
  day: string,
): EvidenceView['state'] {
  if (e.valid_until && e.valid_until < day) return 'expired';
  if (e.valid_from && e.valid_from > day) return 'not_yet_valid';
  return 'valid';
}

/**
 * Evidence as the API shows it to the caller on `day`, with its links (any order: those of `e`
 * are picked). A reference to a record the caller may not read keeps its type, not its id.
 */
export const toEvidenceView = (
  e: EvidenceRow,
  links: EvidenceLinkRow[],
  day: string,
  access: OrgAccess,
  names: ReadonlyMap<string, string> = new Map(),
): EvidenceView => ({
  id: e.id,
  title: e.title,
  kind: e.kind as EvidenceView['kind'],
  description: e.description,
  sha256: e.blob_sha256,
  size: e.size === null ? null : Number(e.size),
  mediaType: e.media_type,
  filename: e.filename,
  url: e.url,
  recordType: e.record_type,
  recordId: (visibleState(access, 'evidence', e)?.record_id as string | null | undefined) ?? null,
  validFrom: e.valid_from,
  validUntil: e.valid_until,
  state: validityOn(e, day),
  ownerMemberId: e.owner_member_id,
  links: links
    .filter((l) => l.evidence_id === e.id)
    .map((l) => ({ id: l.id, targetType: l.target_type, targetId: l.target_id })),
  names: pickNames(
    names,
    e.owner_member_id,
    e.record_id,
    links.filter((l) => l.evidence_id === e.id).map((l) => l.target_id),
  ),
  version: e.version,
  createdAt: e.created_at,
});

/** Where a link's target is named from, by its type. */
const TARGET_SOURCE: Record<TargetType, NameSource | null> = {
  control: 'catalog',
  requirement: 'catalog',
  framework_requirement: null,
  risk: 'risks',
  ai_system: 'ai_systems',
  incident: 'incidents',
};

/** The names the views of these pieces of evidence carry: one query per referenced table. */
export function evidenceNames(
  db: Kysely<DB>,
  access: OrgAccess,
  rows: EvidenceRow[],
  links: EvidenceLinkRow[],
): Promise<Map<string, string>> {
  const wants = new NameWants();
  for (const e of rows) {
    wants.add('memberships', e.owner_member_id);
    if (e.record_type && isNamedTable(e.record_type)) wants.add(e.record_type, e.record_id);
  }
  for (const l of links) {
    const source = TARGET_SOURCE[l.target_type as TargetType];
    if (source) wants.add(source, l.target_id);
  }
  return resolveNames(db, access, wants);
}

export const toCustodyView = (c: Row<'custody_events'>): z.infer<typeof custodyView> => ({
  id: c.id,
  event: c.event,
  sha256: c.blob_sha256,
  actor: c.actor,
  at: c.created_at,
});
