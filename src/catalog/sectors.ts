import { z } from 'zod';
import { ANNEX_A_CONTROL_IDS } from './index.js';
import { CATALOG_CHECKED, assertNoIssues, parseFile, readJson, type CatalogIssue } from './load.js';
import { SECTOR_IDS, type SectorId } from './schema.js';

/**
 * Sector profiles (sectors.json): for each sector of ISO/IEC 42001 Annex D's examples, the EU AI
 * Act Annex III points that are likely, legal instruments to consider for the legal register,
 * Annex A controls to consider, and hints for the EU AI Act questionnaire. Annex D names sectors
 * but defines no profiles: the contents are aims's own judgement (the file's provenance says so).
 */
function build() {
  const text = z.string().regex(/\S/, 'must not be blank');
  const profile = z.strictObject({
    id: z.enum(SECTOR_IDS),
    title: text,
    annexIII: z.array(
      z.strictObject({ point: z.string().regex(/^[1-8](\([a-d]\))?$/), hint: text }),
    ),
    productRegimes: text.nullable(),
    legal: z
      .array(
        z.strictObject({
          id: z.string().regex(/^[a-z0-9-]+$/),
          title: text,
          instrument: z.enum(['eu_ai_act', 'gdpr', 'dora', 'nis2', 'sector_law', 'national_law']),
          why: text,
        }),
      )
      .min(1),
    controls: z.array(z.strictObject({ id: text, why: text })).min(1),
  });
  const sectorsFile = z.strictObject({
    id: text,
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    provenance: text,
    profiles: z.array(profile).min(1),
  });
  return { profile, sectorsFile };
}
/** The schema, built only where the file is validated (see CATALOG_CHECKED in load.ts). */
let built: ReturnType<typeof build> | undefined;
type SectorsFile = z.infer<ReturnType<typeof build>['sectorsFile']>;
export type SectorProfile = z.infer<ReturnType<typeof build>['profile']>;
export type LegalSuggestion = SectorProfile['legal'][number] & { sector: SectorId };

/** Validates sectors.json content: its shape, its controls among `controlIds`, legal ids unique. */
export function parseSectors(
  raw: unknown,
  controlIds: readonly string[],
  file = 'src/catalog/sectors.json',
): SectorsFile {
  const doc = parseFile(file, (built ??= build()).sectorsFile, raw);
  const issues: CatalogIssue[] = [];
  const controls = new Set<string>(controlIds);
  const legalIds = new Set<string>();
  doc.profiles.forEach((p, i) => {
    p.controls.forEach((c, j) => {
      if (!controls.has(c.id))
        issues.push({ path: `profiles[${i}].controls[${j}].id`, message: 'no Annex A control' });
    });
    p.legal.forEach((l, j) => {
      if (legalIds.has(l.id))
        issues.push({ path: `profiles[${i}].legal[${j}].id`, message: 'used twice' });
      legalIds.add(l.id);
    });
  });
  assertNoIssues(file, issues);
  return doc;
}

function load(): SectorsFile {
  const src = readJson('sectors.json');
  return CATALOG_CHECKED
    ? (src.raw as SectorsFile)
    : parseSectors(src.raw, ANNEX_A_CONTROL_IDS, src.file);
}

export const SECTOR_PROFILES = load();

/** The legal suggestions of every profile by id. */
export const LEGAL_SUGGESTIONS: ReadonlyMap<string, LegalSuggestion> = new Map(
  SECTOR_PROFILES.profiles.flatMap((p) => p.legal.map((l) => [l.id, { ...l, sector: p.id }])),
);

const chosen = (sectors: readonly string[]) =>
  SECTOR_PROFILES.profiles.filter((p) => sectors.includes(p.id));

/**
 * Hints for the EU AI Act questionnaire from the organization's sectors, by Annex III point: the
 * points a system of these sectors is likely to meet, with why and which sectors suggest them.
 * Only hints: the classifier (src/catalog/ai-act.ts) does not read them yet.
 */
export function sectorDefaults(
  sectors: readonly string[],
): { point: string; hints: string[]; sectors: SectorId[] }[] {
  const byPoint = new Map<string, { point: string; hints: string[]; sectors: SectorId[] }>();
  for (const p of chosen(sectors))
    for (const a of p.annexIII) {
      const e = byPoint.get(a.point) ?? { point: a.point, hints: [], sectors: [] };
      e.hints.push(a.hint);
      e.sectors.push(p.id);
      byPoint.set(a.point, e);
    }
  return [...byPoint.values()].sort((a, b) => a.point.localeCompare(b.point));
}

/** The Annex A controls the sectors suggest considering, each with why and which sectors. */
export function controlsToConsider(
  sectors: readonly string[],
): { controlId: string; reasons: { sector: SectorId; why: string }[] }[] {
  const byControl = new Map<string, { sector: SectorId; why: string }[]>();
  for (const p of chosen(sectors))
    for (const c of p.controls)
      byControl.set(c.id, [...(byControl.get(c.id) ?? []), { sector: p.id, why: c.why }]);
  const order = new Map(ANNEX_A_CONTROL_IDS.map((id, i) => [id, i]));
  return [...byControl.entries()]
    .sort(([a], [b]) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
    .map(([controlId, reasons]) => ({ controlId, reasons }));
}
