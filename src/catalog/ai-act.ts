import { z } from 'zod';
import { CATALOG_CHECKED, assertNoIssues, parseFile, readJson, type CatalogIssue } from './load.js';

/**
 * The EU AI Act questionnaire (eu-ai-act.json): every question's wording, grouped in parts, with
 * the article titles the obligations cite. The answers schema and the tier proposal are built from
 * it in the aiact module; the web app renders the same wording from the questionnaire endpoint.
 */

/** The answers of the questionnaire, in the order the parts list them. */
export const AI_ACT_FIELDS = [
  'union',
  'scope',
  'role',
  'outsideUnion',
  'deployerKind',
  'providerEvents',
  'prohibited',
  'rbi',
  'annexI',
  'annexISection',
  'annexIII',
  'annexIIIPoints',
  'exceptions',
  'profiling',
  'transparency',
  'generalPurposeModel',
  'systemicRisk',
  'openSourceModel',
] as const;
export type AiActField = (typeof AI_ACT_FIELDS)[number];

/** The organization's roles the tier proposal knows, in this order. */
export const AI_ACT_ROLES = [
  'provider',
  'deployer',
  'both',
  'importer',
  'distributor',
  'authorised_representative',
  'product_manufacturer',
] as const;
export type AiActRole = (typeof AI_ACT_ROLES)[number];
/** The kinds of deploying body that decide Art. 27 and the registration of use, in this order. */
export const DEPLOYER_KINDS = [
  'private',
  'public_service',
  'public_law',
  'public_authority',
] as const;
/** The sections of Annex I, in this order. */
export const ANNEX_I_SECTIONS = ['A', 'B'] as const;
/** The flag lists of the questionnaire (each a list of yes/no questions). */
export const AI_ACT_FLAG_LISTS = [
  'scope',
  'providerEvents',
  'prohibited',
  'rbi',
  'annexIIIPoints',
  'exceptions',
  'transparency',
] as const;

/** The schema of eu-ai-act.json, built only where the file is validated (CATALOG_CHECKED, load.ts). */
function build() {
  const text = z.string().regex(/\S/, 'must not be blank');
  const ref = z
    .string()
    .regex(
      /^(Art\. \d+(\(\d+\))*(\([a-z]\))?|Annex [IVX]+( point \d+(\([a-z]\))?)?|Chapter [IVX]+)(, (Art\. \d+(\(\d+\))*(\([a-z]\))?|Annex [IVX]+( point \d+(\([a-z]\))?)?|Chapter [IVX]+))*$/,
      'must cite articles, annexes or chapters such as "Art. 6(1), Annex I"',
    );

  const flag = z.strictObject({ id: z.string().regex(/^[a-z]+$/), ref, question: text });
  const flags = z.array(flag).min(1);
  const choice = <T extends readonly [string, ...string[]]>(ids: T) =>
    z.array(z.strictObject({ id: z.enum(ids), label: text, ref, note: text }));
  /** A question answered by one value (not a list of yes/no items). */
  const single = z.strictObject({ ref, question: text, note: text.optional() });

  const aiActFile = z.strictObject({
    id: text,
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a semantic version such as 1.0.0'),
    instrument: text,
    provenance: text,
    articles: z.record(z.string().regex(/^Art\. \d+$/), text),
    parts: z
      .array(
        z.strictObject({
          id: z.string().regex(/^[a-z_]+$/),
          title: text,
          ref,
          note: text.optional(),
          fields: z.array(z.enum(AI_ACT_FIELDS)).min(1),
        }),
      )
      .min(1),
    roles: choice(AI_ACT_ROLES),
    deployerKinds: choice(DEPLOYER_KINDS),
    annexISections: choice(ANNEX_I_SECTIONS),
    questions: z.strictObject({
      union: single,
      role: single,
      outsideUnion: single,
      deployerKind: single,
      annexI: single,
      annexISection: single,
      annexIII: single,
      profiling: single,
      generalPurposeModel: single,
      systemicRisk: single,
      openSourceModel: single,
    }),
    scope: flags,
    providerEvents: flags,
    prohibited: flags,
    rbi: flags,
    annexIII: z.array(z.strictObject({ n: z.number().int().min(1), title: text })).min(1),
    annexIIIPoints: flags,
    exceptions: flags,
    transparency: flags,
  });
  return aiActFile;
}
let aiActFile: ReturnType<typeof build> | undefined;

export type AiActCatalog = z.infer<ReturnType<typeof build>>;
export type AiActQuestion = AiActCatalog['prohibited'][number];

const same = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** What the shape cannot say: each answer in exactly one part, every choice once, ids unique, areas numbered 1…n. */
function checkAiAct(doc: AiActCatalog): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  const placed = doc.parts.flatMap((p) => p.fields);
  for (const f of AI_ACT_FIELDS) {
    const n = placed.filter((x) => x === f).length;
    if (n !== 1)
      issues.push({
        path: 'parts',
        message: `answer ${f} is in ${n} parts; it must be in exactly one`,
      });
  }
  const partIds = doc.parts.map((p) => p.id);
  partIds.forEach((id, i) => {
    if (partIds.indexOf(id) !== i)
      issues.push({ path: `parts[${i}].id`, message: `duplicate part ${id}` });
  });
  for (const [list, ids] of [
    ['roles', AI_ACT_ROLES],
    ['deployerKinds', DEPLOYER_KINDS],
    ['annexISections', ANNEX_I_SECTIONS],
  ] as const) {
    if (
      !same(
        doc[list].map((r) => r.id),
        ids,
      )
    )
      issues.push({ path: list, message: `must list ${ids.join(', ')}, in this order` });
  }
  for (const list of AI_ACT_FLAG_LISTS) {
    doc[list].forEach((q, i) => {
      if (doc[list].findIndex((x) => x.id === q.id) !== i)
        issues.push({ path: `${list}[${i}].id`, message: `duplicate question ${q.id}` });
    });
  }
  doc.annexIII.forEach((a, i) => {
    if (a.n !== i + 1) issues.push({ path: `annexIII[${i}].n`, message: `must be ${i + 1}` });
  });
  return issues;
}

/** Validates eu-ai-act.json content (shape, then the checks above). */
export function parseAiAct(raw: unknown, file = 'src/catalog/eu-ai-act.json'): AiActCatalog {
  const doc = parseFile(file, (aiActFile ??= build()), raw);
  assertNoIssues(file, checkAiAct(doc));
  return doc;
}

const source = readJson('eu-ai-act.json');
export const AI_ACT: AiActCatalog = CATALOG_CHECKED
  ? (source.raw as AiActCatalog)
  : parseAiAct(source.raw, source.file);
