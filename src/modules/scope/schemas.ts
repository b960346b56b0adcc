import { z } from 'zod';
import { decodeJson } from '../../db/json.js';
import type { Kysely } from 'kysely';
import type { DB, Row } from '../../db/schema.js';
import { NameWants, namesSchema, pickNames, resolveNames } from '../../kernel/names.js';
import type { OrgAccess } from '../../kernel/context.js';
import { uuidSchema } from '../../kernel/ids.js';
import { abilities, abilitiesSchema, defineWorkflow } from '../../kernel/workflow.js';
import { AI_ROLES } from '../registers/index.js';

/**
 * The AIMS scope (4.3): each change is a version; a draft becomes the scope when someone other
 * than its author approves it, and the approved version before it is superseded.
 */
export const SCOPE_WORKFLOW = defineWorkflow({
  what: 'scope version',
  editable: ['draft'],
  editAction: 'scope.draft',
  steps: { approve: { action: 'scope.approve', from: ['draft'], fourEyes: true } },
});

const exclusion = z.object({
  item: z.string().trim().min(1).max(500).describe('What is excluded.'),
  justification: z
    .string()
    .trim()
    .min(1, 'An exclusion needs a justification.')
    .max(5000)
    .describe('Why it is excluded.'),
});

export const scopeFields = {
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

export const scopeVersionId = uuidSchema;

export const scopeVersionView = z
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
    abilities: abilitiesSchema(SCOPE_WORKFLOW),
    version: z.number().int(),
    createdAt: z.string(),
    names: namesSchema,
  })
  .meta({ id: 'ScopeVersion' });

export type ScopeVersionView = z.infer<typeof scopeVersionView>;
export type ScopeVersionRow = Row<'scope_versions'>;

/** A stored version as the API shows it to this caller. */
export const toScopeVersionView = (
  r: ScopeVersionRow,
  access: OrgAccess,
  names: ReadonlyMap<string, string> = new Map(),
): ScopeVersionView => ({
  id: r.id,
  number: r.number,
  status: r.status as ScopeVersionView['status'],
  statement: r.statement,
  boundaries: r.boundaries,
  exclusions: decodeJson(r.exclusions),
  aiRoles: decodeJson(r.ai_roles),
  authorMemberId: r.author_member_id,
  approverMemberId: r.approver_member_id,
  approvedAt: r.approved_at,
  changeNote: r.change_note,
  abilities: abilities(SCOPE_WORKFLOW, r, access),
  version: r.version,
  createdAt: r.created_at,
  names: pickNames(names, r.author_member_id, r.approver_member_id),
});

/** Versions as the API shows them, with the names of their authors and approvers. */
export async function scopeVersionViews(
  db: Kysely<DB>,
  access: OrgAccess,
  rows: ScopeVersionRow[],
): Promise<ScopeVersionView[]> {
  const wants = new NameWants();
  for (const r of rows) wants.add('memberships', [r.author_member_id, r.approver_member_id]);
  const names = await resolveNames(db, access, wants);
  return rows.map((r) => toScopeVersionView(r, access, names));
}

export const scopeVersionViewOf = async (db: Kysely<DB>, access: OrgAccess, r: ScopeVersionRow) =>
  (await scopeVersionViews(db, access, [r]))[0]!;
