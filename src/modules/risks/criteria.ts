import { z } from 'zod';
import type { Row } from '../../db/schema.js';
import { decodeJson, encodeJson } from '../../db/json.js';
import { can } from '../../kernel/authorize.js';
import type { OrgAccess } from '../../kernel/context.js';
import { AppError, type FieldError } from '../../kernel/errors.js';
import type { RecordValues } from '../../kernel/records.js';
import { namesSchema, pickNames } from '../../kernel/names.js';

/**
 * Risk criteria (6.1.1, 6.1.2): the likelihood and impact scales, the risk levels, the matrix that
 * gives each (likelihood, impact) cell a level, and the highest level accepted without sign-off.
 * Each change is a new version; assessments keep the version they were scored with.
 *
 * This file holds everything about the criteria that needs no database: the input, the defaults,
 * a stored version read back and written, the level of a score, and the views of the criteria
 * and of the heat map drawn on them.
 */
const scale = z
  .array(
    z.object({
      label: z.string().trim().min(1).max(60),
      description: z.string().max(1000).default(''),
    }),
  )
  .min(3, 'A scale has 3 to 7 levels.')
  .max(7, 'A scale has 3 to 7 levels.');
const levelKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,29}$/, 'Lower-case letters, digits and underscores.');

export const criteriaInput = z
  .object({
    likelihood: scale.describe('Likelihood levels, lowest first (1 = the first).'),
    impact: scale.describe('Impact levels, lowest first.'),
    levels: z
      .array(z.object({ key: levelKey, label: z.string().trim().min(1).max(60) }))
      .min(2)
      .max(7)
      .describe('Risk levels, lowest first, e.g. low, medium, high, critical.'),
    matrix: z
      .array(z.array(levelKey))
      .describe('matrix[l-1][i-1] is the level of likelihood l and impact i.'),
    acceptanceLevel: levelKey.describe(
      'The highest level that may be retained without an acceptance sign-off.',
    ),
    changeNote: z.string().max(2000).nullable().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const keys = new Set(c.levels.map((l) => l.key));
    if (keys.size !== c.levels.length)
      ctx.addIssue({ code: 'custom', path: ['levels'], message: 'Level keys must differ.' });
    if (!keys.has(c.acceptanceLevel))
      ctx.addIssue({
        code: 'custom',
        path: ['acceptanceLevel'],
        message: 'Not one of the levels.',
      });
    if (c.matrix.length !== c.likelihood.length)
      ctx.addIssue({
        code: 'custom',
        path: ['matrix'],
        message: `Needs ${c.likelihood.length} rows, one per likelihood level.`,
      });
    c.matrix.forEach((row, i) => {
      if (row.length !== c.impact.length)
        ctx.addIssue({
          code: 'custom',
          path: ['matrix', i],
          message: `Needs ${c.impact.length} cells, one per impact level.`,
        });
      row.forEach((cell, j) => {
        if (!keys.has(cell))
          ctx.addIssue({
            code: 'custom',
            path: ['matrix', i, j],
            message: 'Not one of the levels.',
          });
      });
    });
  });

export type CriteriaInput = z.infer<typeof criteriaInput>;

/** What an organization starts with: 5 × 5, four levels, medium accepted. */
export const DEFAULT_CRITERIA: CriteriaInput = {
  likelihood: [
    { label: 'Rare', description: 'Not expected in the life of the system.' },
    { label: 'Unlikely', description: 'Could happen, but not expected.' },
    { label: 'Possible', description: 'Might happen now and then.' },
    { label: 'Likely', description: 'Expected to happen at some point.' },
    { label: 'Almost certain', description: 'Expected to happen often.' },
  ],
  impact: [
    { label: 'Negligible', description: 'No noticeable harm.' },
    { label: 'Minor', description: 'Small, easily reversed harm.' },
    { label: 'Moderate', description: 'Harm that takes effort to reverse.' },
    { label: 'Major', description: 'Serious harm to people or the organization.' },
    { label: 'Severe', description: 'Irreversible or widespread harm.' },
  ],
  levels: [
    { key: 'low', label: 'Low' },
    { key: 'medium', label: 'Medium' },
    { key: 'high', label: 'High' },
    { key: 'critical', label: 'Critical' },
  ],
  matrix: [
    ['low', 'low', 'low', 'medium', 'medium'],
    ['low', 'low', 'medium', 'medium', 'high'],
    ['low', 'medium', 'medium', 'high', 'high'],
    ['medium', 'medium', 'high', 'high', 'critical'],
    ['medium', 'high', 'high', 'critical', 'critical'],
  ],
  acceptanceLevel: 'medium',
};

export interface Criteria extends CriteriaInput {
  id: string | null;
  number: number;
}

export type CriteriaRow = Row<'risk_criteria'>;
export const criteriaFromRow = (r: CriteriaRow): Criteria & { id: string } => ({
  id: r.id,
  number: Number(r.number),
  likelihood: decodeJson(r.likelihood_scale),
  impact: decodeJson(r.impact_scale),
  levels: decodeJson(r.levels),
  matrix: decodeJson(r.matrix),
  acceptanceLevel: r.acceptance_level,
  changeNote: r.change_note,
});

/** A version of the criteria as stored: in force from now on. */
export const criteriaValues = (
  number: number,
  c: CriteriaInput,
  author: string | null,
  note: string | null,
): RecordValues<'risk_criteria'> => ({
  number,
  status: 'active',
  likelihood_scale: encodeJson(c.likelihood),
  impact_scale: encodeJson(c.impact),
  levels: encodeJson(c.levels),
  matrix: encodeJson(c.matrix),
  acceptance_level: c.acceptanceLevel,
  author_member_id: author,
  change_note: note,
});

/** The level of a cell; OUT_OF_SCALE (pointing at `${pointer}Likelihood` or `…Impact`) outside the scales. */
export function levelOf(c: Criteria, likelihood: number, impact: number, pointer: string): string {
  const errors: FieldError[] = [];
  if (likelihood < 1 || likelihood > c.likelihood.length)
    errors.push({
      pointer: `${pointer}Likelihood`,
      message: `Between 1 and ${c.likelihood.length}.`,
    });
  if (impact < 1 || impact > c.impact.length)
    errors.push({ pointer: `${pointer}Impact`, message: `Between 1 and ${c.impact.length}.` });
  if (errors.length)
    throw new AppError(
      'OUT_OF_SCALE',
      'The score is outside the scales of the risk criteria.',
      errors,
    );
  return c.matrix[likelihood - 1]![impact - 1]!;
}

export const levelRank = (c: Criteria, key: string | null) =>
  key ? c.levels.findIndex((l) => l.key === key) : -1;
export const aboveAcceptance = (c: Criteria, key: string | null) =>
  levelRank(c, key) > levelRank(c, c.acceptanceLevel);

/** What an organization's criteria are before it stores any: the defaults, as version 0. */
export const UNSTORED_CRITERIA: Criteria = { id: null, number: 0, ...DEFAULT_CRITERIA };

export const criteriaView = z
  .object({
    id: z.string().nullable().describe('Null until the organization stores its first criteria.'),
    number: z.number().int(),
    likelihood: z.array(z.object({ label: z.string(), description: z.string() })),
    impact: z.array(z.object({ label: z.string(), description: z.string() })),
    levels: z.array(z.object({ key: z.string(), label: z.string() })),
    matrix: z.array(z.array(z.string())),
    acceptanceLevel: z.string(),
    changeNote: z.string().nullable().optional(),
  })
  .meta({ id: 'RiskCriteria' });

/** The criteria in force as the API shows them to this caller, with what the caller may do. */
export const criteriaInForceView = criteriaView
  .extend({
    abilities: z
      .object({
        edit: z
          .boolean()
          .describe('Whether the caller may set new criteria now (a new version in force).'),
      })
      .describe('What the caller may do with the criteria now, as the server decides.'),
  })
  .meta({ id: 'RiskCriteriaInForce' });

/** Criteria with the caller's abilities on them. */
export const criteriaInForce = (c: Criteria, access: OrgAccess) => ({
  ...c,
  abilities: { edit: can(access, 'risk_criteria.update') },
});

export const criteriaVersionView = criteriaView
  .extend({
    id: z.string(),
    status: z
      .enum(['active', 'superseded'])
      .describe('Only one version is in force (active) at a time.'),
    authorMemberId: z
      .string()
      .nullable()
      .describe('Who put it in force; null for the defaults stored on first use.'),
    names: namesSchema,
    createdAt: z.string(),
  })
  .meta({ id: 'RiskCriteriaVersion' });

export const toCriteriaVersionView = (
  r: CriteriaRow,
  names: ReadonlyMap<string, string> = new Map(),
): z.infer<typeof criteriaVersionView> => ({
  ...criteriaFromRow(r),
  status: r.status as 'active' | 'superseded',
  authorMemberId: r.author_member_id,
  names: pickNames(names, r.author_member_id),
  createdAt: r.created_at,
});

export const heatmapView = z.object({
  kind: z.string(),
  criteria: criteriaView,
  cells: z
    .array(z.array(z.number().int()))
    .describe('cells[l-1][i-1]: risks with likelihood l and impact i.'),
  otherCriteria: z
    .number()
    .int()
    .describe('Risks last assessed on earlier criteria: re-assess them to place them here.'),
  unassessed: z.number().int(),
});

/**
 * The heat map on the criteria in force, from the counts per (likelihood, impact, criteria):
 * risks scored on other versions are counted apart, unscored ones too.
 */
export function toHeatmap(
  kind: string,
  c: Criteria,
  groups: {
    l: number | null;
    i: number | null;
    criteria_id: string;
    n: number | string | bigint;
  }[],
): z.infer<typeof heatmapView> {
  const cells = c.likelihood.map(() => c.impact.map(() => 0));
  let otherCriteria = 0;
  let unassessed = 0;
  for (const g of groups) {
    const n = Number(g.n);
    if (g.l === null || g.i === null) unassessed += n;
    else if (g.criteria_id !== c.id) otherCriteria += n;
    else if (cells[Number(g.l) - 1]?.[Number(g.i) - 1] !== undefined)
      cells[Number(g.l) - 1]![Number(g.i) - 1]! += n;
  }
  return { kind, criteria: c, cells, otherCriteria, unassessed };
}
