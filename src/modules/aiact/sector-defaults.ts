import { z } from 'zod';
import { AI_ACT, DEPLOYER_KINDS } from '../../catalog/ai-act.js';
import { SECTOR_IDS, type SectorId } from '../../catalog/schema.js';
import { sectorDefaults, SECTOR_PROFILES } from '../../catalog/sectors.js';
import { answersSchema, DEFAULT_ANSWERS } from './classify.js';

/**
 * What the organization's sectors (ISO/IEC 42001 Annex D; the profiles are aims's own) suggest for
 * the EU AI Act questionnaire. Suggestions only: the defaults stay the generic ones (nothing
 * found), no Annex III area is ever ticked for the user, and saved answers are never touched. The
 * web highlights the suggested items; an answer exists only once a member saves it.
 */

type DeployerKind = (typeof DEPLOYER_KINDS)[number];

/** The kind of deploying body a sector suggests, and why (aims's own judgement). */
const DEPLOYER_SUGGESTIONS: Partial<Record<SectorId, { kind: DeployerKind; hint: string }>> = {
  public_sector: {
    kind: 'public_law',
    hint: 'Public-sector bodies that are not themselves public authorities (many public hospitals, universities, agencies) are bodies governed by public law; choose Public authority if the organization is one.',
  },
  healthcare: {
    kind: 'public_service',
    hint: 'Private healthcare providers usually provide public services: as deployers of a high-risk system they owe a fundamental rights impact assessment (Art. 27(1)).',
  },
  education: {
    kind: 'public_service',
    hint: 'Private schools and training providers usually provide public services: as deployers of a high-risk system they owe a fundamental rights impact assessment (Art. 27(1)).',
  },
};

const sectorId = z.enum(SECTOR_IDS);
export const sectorDefaultsView = z
  .object({
    sectors: z
      .array(z.object({ id: sectorId, title: z.string() }))
      .describe('The sectors the organization chose (Settings → Sectors); empty when none.'),
    defaults: answersSchema.describe(
      'The answers a system with no saved answers starts from: the generic defaults (nothing found). Sectors never change them; they only suggest.',
    ),
    suggestions: z
      .object({
        annexIII: z
          .array(
            z.object({
              point: z.string().describe('The Annex III point, e.g. 5(b).'),
              area: z.number().int().describe('The Annex III area (an annexIII answer).'),
              areaTitle: z.string(),
              question: z
                .string()
                .nullable()
                .describe(
                  'The annexIIIPoints question that asks for this point (e.g. credit for 5(b)); null when none does.',
                ),
              hints: z.array(z.string()),
              sectors: z.array(sectorId).describe('The sectors that suggest it.'),
            }),
          )
          .describe('Annex III points the sectors make likely: to consider, never ticked.'),
        deployerKind: z
          .array(
            z.object({
              kind: z.enum(DEPLOYER_KINDS),
              hints: z.array(z.string()),
              sectors: z.array(sectorId),
            }),
          )
          .describe('Kinds of deploying body the sectors suggest (the deployerKind answer).'),
      })
      .describe('What the sectors suggest; the user confirms by answering.'),
  })
  .meta({ id: 'AiActSectorDefaults' });
export type SectorDefaultsView = z.infer<typeof sectorDefaultsView>;

const areaOf = (point: string) => Number(/^\d+/.exec(point)![0]);
const questionOf = (point: string) =>
  AI_ACT.annexIIIPoints.find((q) => q.ref === `Annex III point ${point}`)?.id ?? null;

/** The questionnaire defaults and suggestions for an organization working in `sectors`. */
export function sectorSuggestions(sectors: readonly string[]): SectorDefaultsView {
  const chosen = SECTOR_PROFILES.profiles.filter((p) => sectors.includes(p.id));
  const kinds = new Map<DeployerKind, SectorDefaultsView['suggestions']['deployerKind'][number]>();
  for (const p of chosen) {
    const s = DEPLOYER_SUGGESTIONS[p.id];
    if (!s) continue;
    const e = kinds.get(s.kind) ?? { kind: s.kind, hints: [], sectors: [] };
    e.hints.push(s.hint);
    e.sectors.push(p.id);
    kinds.set(s.kind, e);
  }
  return {
    sectors: chosen.map((p) => ({ id: p.id, title: p.title })),
    defaults: DEFAULT_ANSWERS,
    suggestions: {
      annexIII: sectorDefaults(sectors).map((h) => ({
        point: h.point,
        area: areaOf(h.point),
        areaTitle: AI_ACT.annexIII.find((a) => a.n === areaOf(h.point))?.title ?? '',
        question: questionOf(h.point),
        hints: h.hints,
        sectors: h.sectors,
      })),
      deployerKind: DEPLOYER_KINDS.filter((k) => kinds.has(k)).map((k) => kinds.get(k)!),
    },
  };
}
