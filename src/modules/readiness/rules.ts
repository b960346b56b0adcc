import fs from 'node:fs';
import { z } from 'zod';
import { ANNEX_A_CONTROL_IDS, DOCUMENT_PURPOSE_KEYS } from '../../catalog/index.js';
import { TABLES, type TableName } from '../../db/tables.js';

/**
 * The readiness rules (rules.json) as data, validated when the module loads: every check names
 * a known kind, and every table and column it names exists in the schema (and belongs to an
 * organization), so a renamed column fails at start-up and in the tests, never in a query.
 */
const orgTables = (Object.keys(TABLES) as TableName[]).filter(
  (t) => 'org_id' in TABLES[t].columns && 'id' in TABLES[t].columns,
);
const label = z.string().min(1);
const table = z.enum(orgTables as [TableName, ...TableName[]]);
const purposes = z.array(z.enum(DOCUMENT_PURPOSE_KEYS)).min(1);
const where = z.record(z.string(), z.union([z.string(), z.number()]));

const check = z.discriminatedUnion('check', [
  z
    .object({
      check: z.literal('exists'),
      label,
      table,
      where: where.optional(),
      where_not_null: z.string().optional(),
      weight: z.literal('partial_only').optional(),
    })
    .strict(),
  z
    .object({
      check: z.literal('each_system'),
      label,
      table,
      column: z.string(),
      json: z.boolean().optional(),
      where: where.optional(),
      where_not_null: z.string().optional(),
    })
    .strict(),
  z.object({ check: z.literal('policy_published'), label, kind: z.string() }).strict(),
  z
    .object({
      check: z.literal('document_approved'),
      label,
      purpose: z.enum(DOCUMENT_PURPOSE_KEYS),
    })
    .strict(),
  z
    .object({
      check: z.literal('each_system_complete'),
      label,
      table,
      column: z.string(),
      where: where.optional(),
      fields: z.array(z.string()).min(1).optional(),
    })
    .strict(),
  z.object({ check: z.literal('policy_reviewed'), label, kind: z.string() }).strict(),
  z
    .object({
      check: z.literal('system_evidence'),
      label,
      kinds: z.array(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/)).min(1),
    })
    .strict(),
  z
    .object({
      check: z.literal('review_held'),
      label,
      months: z.number().int().min(1).max(36).optional(),
    })
    .strict(),
  z
    .object({ check: z.literal('acknowledged'), label, threshold: z.number().min(0).max(1) })
    .strict(),
  z
    .object({
      check: z.literal('top_management_approved'),
      label,
      subject: z.enum(['ai_policy', 'scope']),
    })
    .strict(),
  z
    .object({
      check: z.literal('communications_recorded'),
      label,
      months: z.number().int().min(1).max(36),
    })
    .strict(),
  z.object({ check: z.literal('documents_required'), label, purposes }).strict(),
  z.object({ check: z.literal('documents_reviewed'), label, purposes }).strict(),
  z.object({ check: z.literal('documents_controlled'), label, purposes }).strict(),
  ...(
    [
      'scope_approved',
      'soa_approved',
      'risks_treated',
      'acceptances_valid',
      'impact_current',
      'objectives',
      'changes_decided',
      'competence_gaps',
      'nonconformities_effective',
      'corrective_actions_on_time',
      'improvements_decided',
      'not_recorded',
      'control',
      'lifecycle_gates',
      'incident_reports',
      'risk_assessments_on_time',
      'treatments_implemented',
      'impact_assessments_on_time',
      'monitoring',
      'audit_programme',
      'audits_held',
      'audit_findings_followed_up',
      'review_inputs',
      'review_decisions',
      'ai_roles_determined',
      'context_reviewed',
      'parties_requirements',
      'residual_risks_accepted',
      'objectives_planned',
      'changes_planned',
      'gates_passed',
      'outsourced_controlled',
      'suppliers_assessed',
      'improvements_done',
    ] as const
  ).map((name) => z.object({ check: z.literal(name), label }).strict()),
]);

export type Check = z.infer<typeof check>;
/** The rule of one kind of check (the simple kinds share one shape). */
export type CheckOf<K extends Check['check']> = Check extends infer C
  ? C extends { check: infer D }
    ? K extends D
      ? C & { check: K }
      : never
    : never
  : never;

const rules = z
  .object({
    clauses: z.record(z.string(), z.array(check)),
    controls: z.array(check).min(1),
    /** Checks some controls add to their SoA decision and evidence, by control id. */
    control_checks: z.record(z.string(), z.array(check)).optional(),
  })
  .superRefine((r, ctx) => {
    for (const id of Object.keys(r.control_checks ?? {}))
      if (!ANNEX_A_CONTROL_IDS.includes(id))
        ctx.addIssue({ code: 'custom', message: `control_checks: ${id} is no Annex A control` });
    const all = [
      ...Object.values(r.clauses).flat(),
      ...r.controls,
      ...Object.values(r.control_checks ?? {}).flat(),
    ];
    for (const c of all) {
      if (c.check !== 'exists' && c.check !== 'each_system' && c.check !== 'each_system_complete')
        continue;
      const columns = TABLES[c.table].columns;
      const named = [
        ...Object.keys(c.where ?? {}),
        ...('where_not_null' in c && c.where_not_null ? [c.where_not_null] : []),
        ...(c.check === 'exists' ? [] : [c.column]),
        ...(c.check === 'each_system_complete' ? (c.fields ?? []) : []),
      ];
      for (const col of named)
        if (!(col in columns))
          ctx.addIssue({ code: 'custom', message: `${c.label}: ${c.table} has no column ${col}` });
    }
  });

export type Rules = z.infer<typeof rules>;

/** Parses rules from JSON text; throws naming every problem. */
export function parseRules(text: string): Rules {
  return rules.parse(JSON.parse(text));
}

export const RULES: Rules = parseRules(
  fs.readFileSync(new URL('./rules.json', import.meta.url), 'utf8'),
);
