import { z } from 'zod';

/**
 * Schemas of the catalog data files. They check shape only; cross-references between entries
 * (a control's domain, a mapping's target) are checked in integrity.ts, where the whole set is known.
 */

export const FRAMEWORK_IDS = [
  'eu-ai-act',
  'nist-ai-rmf',
  'iso27001',
  'gdpr',
  'dora',
  'nis2',
  'soc2',
] as const;
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

export const SECTOR_IDS = [
  'healthcare',
  'finance',
  'manufacturing',
  'public_sector',
  'transport',
  'energy',
  'education',
  'employment',
] as const;
export type SectorId = (typeof SECTOR_IDS)[number];

export const RELATIONSHIPS = ['equivalent', 'subset', 'superset', 'intersects', 'related'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export const CONFIDENCE = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCE)[number];

export const ENTRY_KINDS = [
  'group',
  'article',
  'clause',
  'control',
  'function',
  'category',
  'subcategory',
  'criterion',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export interface DocumentedItem {
  /** `maintain`: a document kept current; `retain`: a record kept as evidence. */
  kind: 'maintain' | 'retain';
  item: string;
}

export interface ClauseNode {
  id: string;
  title: string;
  /** True for the leaves an organization is assessed against; false for headings. */
  assessable: boolean;
  summary: string;
  documentedInformation?: DocumentedItem[];
  children?: ClauseNode[];
}

/**
 * The schemas of the files, built when first asked for: the server bundle does not validate the
 * files at start (its build did, see load.ts), so it never builds them.
 */
function build() {
  const text = z.string().regex(/\S/, 'must not be blank');
  const version = z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a semantic version such as 1.0.0');
  const fileHeader = { id: text, version, provenance: text };

  const documentedItem = z.strictObject({ kind: z.enum(['maintain', 'retain']), item: text });

  const clauseNode: z.ZodType<ClauseNode> = z.lazy(() =>
    z.strictObject({
      id: z.string().regex(/^\d+(\.\d+)*$/, 'must be a clause number such as 6.1.2'),
      title: text,
      assessable: z.boolean(),
      summary: text,
      documentedInformation: z.array(documentedItem).optional(),
      children: z.array(clauseNode).min(1).optional(),
    }),
  );

  const annexAId = z
    .string()
    .regex(/^A\.\d+(\.\d+)*$/, 'must be an Annex A identifier such as A.6.2.4');

  const control = z.strictObject({
    id: annexAId,
    title: text,
    domain: annexAId,
    subgroup: annexAId.optional(),
    objective: annexAId,
    lifecycleStages: z.array(z.string()).min(1),
    /** Applies across the whole life cycle rather than at particular stages. */
    crossCutting: z.boolean(),
    guidance: z.strictObject({
      /** What to do, in aims' own words (1–3 sentences). */
      do: text.max(600),
      /** What an auditor expects to see (1–2 sentences). */
      evidence: text.max(400),
    }),
  });

  const iso42001File = z.strictObject({
    ...fileHeader,
    standard: text,
    clauses: z.array(clauseNode).min(1),
    annexA: z.strictObject({
      domains: z
        .array(
          z.strictObject({
            id: annexAId,
            title: text,
            objectives: z
              .array(z.strictObject({ id: annexAId, title: text, summary: text }))
              .min(1),
            subgroups: z
              .array(z.strictObject({ id: annexAId, title: text, objective: annexAId }))
              .optional(),
          }),
        )
        .min(1),
      controls: z.array(control).min(1),
    }),
    annexC: z.strictObject({
      objectives: z
        .array(
          z.strictObject({ id: z.string().regex(/^C\.2\.\d+$/), title: text, explanation: text }),
        )
        .min(1),
      riskSources: z
        .array(
          z.strictObject({
            id: z.string().regex(/^C\.3\.\d+$/),
            title: text,
            explanation: text,
            relatedObjectives: z.array(z.string()),
          }),
        )
        .min(1),
    }),
    lifecycle: z.strictObject({
      standard: text,
      provenance: text,
      stages: z
        .array(
          z.strictObject({
            id: z.string().regex(/^[a-z_]+$/),
            title: text,
            order: z.number().int().positive(),
            optional: z.boolean(),
            summary: text,
          }),
        )
        .min(1),
    }),
    sectors: z.strictObject({
      provenance: text,
      sectors: z.array(z.strictObject({ id: z.enum(SECTOR_IDS), title: text, note: text })).min(1),
    }),
  });

  const frameworkEntry = z.strictObject({
    ref: text,
    title: text,
    kind: z.enum(ENTRY_KINDS),
    /** The ref of the enclosing entry (a NIST category, an ISO 27001 theme), when it is listed. */
    parent: z.string().optional(),
    /** An own-words remark, e.g. on how far ISO/IEC 42001 covers this entry. */
    note: text.optional(),
  });

  const frameworkFile = z.strictObject({
    id: z.enum(FRAMEWORK_IDS),
    version,
    title: text,
    instrument: text,
    provenance: text,
    entries: z.array(frameworkEntry).min(1),
  });

  const mapping = z.strictObject({
    /** An ISO/IEC 42001 requirement id: a clause leaf (6.1.3) or an Annex A control (A.6.2.8). */
    from: text,
    framework: z.enum(FRAMEWORK_IDS),
    ref: text,
    /**
     * How the two relate and how sure that is: both given, or both left out when no source states
     * them (NIST's AI RMF crosswalk lists pairs only); aims does not invent a strength.
     */
    relationship: z.enum(RELATIONSHIPS).optional(),
    confidence: z.enum(CONFIDENCE).optional(),
    /** Source keys, each explained in the file's legend. */
    provenance: z.array(text).min(1),
  });

  const crosswalksFile = z.strictObject({
    ...fileHeader,
    legend: z.strictObject({
      relationship: z.record(z.enum(RELATIONSHIPS), text),
      confidence: z.record(z.enum(CONFIDENCE), text),
      provenance: z.record(z.string().regex(/^[a-z0-9-]+$/), text),
    }),
    mappings: z.array(mapping).min(1),
  });
  return { iso42001File, frameworkEntry, frameworkFile, mapping, crosswalksFile };
}

let built: ReturnType<typeof build> | undefined;
/** The zod schemas of iso42001.json, frameworks/<id>.json and crosswalks.json. */
export const fileSchemas = () => (built ??= build());
type Schemas = ReturnType<typeof build>;

export type Iso42001File = z.infer<Schemas['iso42001File']>;
export type Control = Iso42001File['annexA']['controls'][number];
export type Domain = Iso42001File['annexA']['domains'][number];
export type LifecycleStage = Iso42001File['lifecycle']['stages'][number];
export type Sector = Iso42001File['sectors']['sectors'][number];
export type AnnexCObjective = Iso42001File['annexC']['objectives'][number];
export type AnnexCRiskSource = Iso42001File['annexC']['riskSources'][number];

export type FrameworkEntry = z.infer<Schemas['frameworkEntry']>;
export type Framework = z.infer<Schemas['frameworkFile']>;
export type Mapping = z.infer<Schemas['mapping']>;
export type CrosswalksFile = z.infer<Schemas['crosswalksFile']>;

/** The relationships that, with a confidence below, let a met requirement count for the target. */
export const CREDITED_RELATIONSHIPS: readonly Relationship[] = ['equivalent', 'intersects'];
export const CREDITED_CONFIDENCE: readonly Confidence[] = ['high', 'medium'];

/**
 * Whether meeting the ISO/IEC 42001 requirement counts towards the target (credit), or the link
 * is only a pointer: related, subset or superset links, low confidence, or no stated strength.
 */
export const credits = (m: Pick<Mapping, 'relationship' | 'confidence'>): boolean =>
  m.relationship !== undefined &&
  m.confidence !== undefined &&
  CREDITED_RELATIONSHIPS.includes(m.relationship) &&
  CREDITED_CONFIDENCE.includes(m.confidence);
