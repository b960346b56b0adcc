import { z } from 'zod';
import { can } from '../../kernel/authorize.js';
import { ANNEXES } from '../../catalog/index.js';
import { decodeJson, type Json } from '../../db/json.js';
import type { Kysely } from 'kysely';
import type { DB, Row } from '../../db/schema.js';
import { NameWants, namesSchema, pickNames, resolveNames } from '../../kernel/names.js';
import type { OrgAccess } from '../../kernel/context.js';
import { uuidSchema } from '../../kernel/ids.js';
import { abilities, abilitiesSchema, defineWorkflow } from '../../kernel/workflow.js';

/**
 * The Statement of Applicability (6.1.3): every Annex A control and the organization's own
 * controls, each applicable or not with a justification either way, its implementation status,
 * owner, the risks it treats (from the risk register) and its evidence. A version freezes the
 * whole statement (with its SHA-256) for someone other than its author to approve; the approved
 * version before it is superseded. A version never changes: no edit action, no `edit` ability.
 */
export const SOA_WORKFLOW = defineWorkflow({
  what: 'Statement of Applicability version',
  editable: [],
  steps: { approve: { action: 'soa.approve', from: ['draft'], fourEyes: true } },
});

export const IMPLEMENTATION = [
  'not_started',
  'planned',
  'partial',
  'implemented',
  'not_applicable',
] as const;

/** The Annex A controls in catalog order, each with its domain. */
export const CONTROLS = ANNEXES.annexA.domains.flatMap((d) =>
  d.controls.map((c) => ({ ...c, domain: d.id, domainTitle: d.title })),
);
export const controlById = new Map(CONTROLS.map((c) => [c.id, c]));

export const controlId = z
  .string()
  .max(30)
  .describe('An Annex A control (A.6.2.4) or one of the organization’s own controls.');
export const customControlId = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9._-]{0,29}$/, 'Upper-case letters, digits, dots, hyphens.')
  .refine((s) => !/^A\.\d/.test(s), 'Annex A identifiers are reserved.');
export const soaVersionId = uuidSchema;

export const decideFields = {
  applicable: z.boolean().describe('Whether the control applies.'),
  justification: z
    .string()
    .trim()
    .min(1, 'Justify the decision: inclusion and exclusion both need a reason.')
    .max(20_000)
    .describe('Why it is included or excluded.'),
  implementationStatus: z
    .enum(IMPLEMENTATION)
    .optional()
    .describe('How far it is implemented (not_applicable when excluded).'),
  ownerMemberId: uuidSchema.nullable().optional(),
  notes: z.string().max(20_000).nullable().optional(),
};

export type SoaEntryRow = Row<'soa_entries'>;
export type SoaVersionRow = Row<'soa_versions'>;

export const soaEntryView = z.object({
  controlId: z.string(),
  title: z.string(),
  domain: z.string().nullable(),
  custom: z.boolean(),
  applicable: z.boolean().nullable().describe('Null until decided.'),
  justification: z.string().nullable(),
  implementationStatus: z.string().nullable(),
  ownerMemberId: z.string().nullable(),
  notes: z.string().nullable(),
  riskIds: z.array(z.string()).describe('Risks in the register that this control treats.'),
  evidence: z.object({ valid: z.number().int(), expired: z.number().int() }),
  version: z.number().int().describe('0 until the control is decided.'),
});
export type SoaEntryView = z.infer<typeof soaEntryView>;

/** A control of the statement as the API shows it to this caller: with what they may do with it. */
export const soaEntryCallerView = soaEntryView
  .extend({
    abilities: z
      .object({
        decide: z
          .boolean()
          .describe(
            'Whether the caller may decide the control now (applicable or not, status, owner).',
          ),
      })
      .describe('What the caller may do with the control now, as the server decides.'),
    domainTitle: z
      .string()
      .nullable()
      .describe('The title of the Annex A domain the control belongs to; null for an own control.'),
    names: namesSchema,
  })
  .meta({ id: 'SoaEntry' });

const domainTitles = new Map(ANNEXES.annexA.domains.map((d) => [d.id, d.title]));

/** A control of the statement with the caller's abilities on it, its domain's title and names. */
export const toSoaEntryCallerView = (
  e: SoaEntryView,
  access: OrgAccess,
  names: ReadonlyMap<string, string> = new Map(),
) => ({
  ...e,
  abilities: { decide: can(access, 'soa.update') },
  domainTitle: e.domain ? (domainTitles.get(e.domain) ?? null) : null,
  names: pickNames(names, e.ownerMemberId, e.riskIds),
});

/** Controls of the statement as this caller sees them, with the names of owners and risks. */
export async function soaEntryCallerViews(db: Kysely<DB>, access: OrgAccess, rows: SoaEntryView[]) {
  const wants = new NameWants();
  for (const e of rows) wants.add('memberships', e.ownerMemberId).add('risks', e.riskIds);
  const names = await resolveNames(db, access, wants);
  return rows.map((e) => toSoaEntryCallerView(e, access, names));
}

export const soaVersionView = z
  .object({
    id: z.string(),
    number: z.number().int(),
    status: z.string(),
    contentSha256: z.string(),
    changeNote: z.string().nullable(),
    authorMemberId: z.string().nullable(),
    approverMemberId: z.string().nullable(),
    approvedAt: z.string().nullable(),
    abilities: abilitiesSchema(SOA_WORKFLOW),
    version: z.number().int(),
    names: namesSchema,
  })
  .meta({ id: 'SoaVersion' });
export type SoaVersionView = z.infer<typeof soaVersionView>;

/** What the statement is made of: the decisions, the risks' controls and the control evidence. */
export interface SoaSources {
  entries: SoaEntryRow[];
  risks: { id: string; control_ids: Json<string[]> }[];
  evidence: { target_id: string; valid_until: string | null }[];
}

/**
 * The whole statement as it stands on `today` (YYYY-MM-DD): the Annex A controls in catalog
 * order, then the organization's own controls by identifier.
 */
export function toSoaEntries(s: SoaSources, today: string): SoaEntryView[] {
  const byControl = new Map(s.entries.map((e) => [e.control_id, e]));
  const riskIds = new Map<string, string[]>();
  for (const r of s.risks)
    for (const c of decodeJson(r.control_ids, []))
      riskIds.set(c, [...(riskIds.get(c) ?? []), r.id]);
  const evidence = new Map<string, { valid: number; expired: number }>();
  for (const l of s.evidence) {
    const counts = evidence.get(l.target_id) ?? { valid: 0, expired: 0 };
    if (l.valid_until && l.valid_until < today) counts.expired++;
    else counts.valid++;
    evidence.set(l.target_id, counts);
  }
  const entry = (cid: string, title: string, domain: string | null, custom: boolean) => {
    const e = byControl.get(cid);
    return {
      controlId: cid,
      title,
      domain,
      custom,
      applicable: e ? e.applicable === 1 : null,
      justification: e?.justification ?? null,
      implementationStatus: e?.implementation_status ?? null,
      ownerMemberId: e?.owner_member_id ?? null,
      notes: e?.notes ?? null,
      riskIds: riskIds.get(cid) ?? [],
      evidence: evidence.get(cid) ?? { valid: 0, expired: 0 },
      version: e?.version ?? 0,
    };
  };
  return [
    ...CONTROLS.map((c) => entry(c.id, c.title, c.domain, false)),
    ...s.entries
      .filter((e) => e.custom === 1)
      .sort((a, b) => (a.control_id < b.control_id ? -1 : 1))
      .map((e) => entry(e.control_id, e.title, null, true)),
  ];
}

/** A version as the API shows it to this caller. */
export const toSoaVersionView = (
  v: SoaVersionRow,
  access: OrgAccess,
  names: ReadonlyMap<string, string> = new Map(),
): SoaVersionView => ({
  id: v.id,
  number: Number(v.number),
  status: v.status,
  contentSha256: v.content_sha256,
  changeNote: v.change_note,
  authorMemberId: v.author_member_id,
  approverMemberId: v.approver_member_id,
  approvedAt: v.approved_at,
  abilities: abilities(SOA_WORKFLOW, v, access),
  version: v.version,
  names: pickNames(names, v.author_member_id, v.approver_member_id),
});

/** Versions as the API shows them, with the names of their authors and approvers. */
export async function soaVersionViews(db: Kysely<DB>, access: OrgAccess, rows: SoaVersionRow[]) {
  const wants = new NameWants();
  for (const v of rows) wants.add('memberships', [v.author_member_id, v.approver_member_id]);
  const names = await resolveNames(db, access, wants);
  return rows.map((v) => toSoaVersionView(v, access, names));
}

export const soaVersionViewOf = async (db: Kysely<DB>, access: OrgAccess, v: SoaVersionRow) =>
  (await soaVersionViews(db, access, [v]))[0]!;
