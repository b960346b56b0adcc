import type { Kysely } from 'kysely';
import { z } from 'zod';
import { SECTOR_IDS } from '../../catalog/schema.js';
import {
  controlsToConsider,
  sectorDefaults,
  SECTOR_PROFILES,
  type SectorProfile,
} from '../../catalog/sectors.js';
import { decodeJson } from '../../db/json.js';
import type { DB } from '../../db/schema.js';
import { legalTitlesIn, sectorSettingsRow } from './queries.js';

export const sectorsInput = z
  .object({
    sectors: z
      .array(z.enum(SECTOR_IDS))
      .max(SECTOR_IDS.length)
      .describe('The sectors the organization works in (ISO/IEC 42001 Annex D examples).'),
  })
  .strict();

export const addLegalInput = z
  .object({
    suggestionId: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .max(100)
      .describe('A legal suggestion of a sector profile (GET …/sectors).'),
  })
  .strict();

const sectorId = z.enum(SECTOR_IDS);
export const sectorsView = z
  .object({
    sectors: z.array(sectorId).describe('The sectors the organization chose.'),
    version: z.number().int().describe('The settings version (0 before the first choice).'),
    provenance: z.string().describe('What ISO/IEC 42001 Annex D says and what is aims’s own.'),
    profiles: z.array(
      z.object({
        id: sectorId,
        title: z.string(),
        chosen: z.boolean(),
        annexIII: z.array(z.object({ point: z.string(), hint: z.string() })),
        productRegimes: z.string().nullable(),
        legal: z.array(
          z.object({
            id: z.string(),
            title: z.string(),
            instrument: z.string(),
            why: z.string(),
            added: z.boolean().describe('Whether the legal register has it (same title).'),
          }),
        ),
        controls: z.array(z.object({ id: z.string(), why: z.string() })),
      }),
    ),
    controlsToConsider: z
      .array(
        z.object({
          controlId: z.string(),
          reasons: z.array(z.object({ sector: sectorId, why: z.string() })),
        }),
      )
      .describe('Annex A controls the chosen sectors suggest considering.'),
    questionnaireHints: z
      .array(
        z.object({ point: z.string(), hints: z.array(z.string()), sectors: z.array(sectorId) }),
      )
      .describe('EU AI Act Annex III points the chosen sectors make likely.'),
  })
  .meta({ id: 'SectorSettings' });
export type SectorsView = z.infer<typeof sectorsView>;

/** The organization's sectors with every profile, what is already in its legal register. */
export async function sectorsViewOf(db: Kysely<DB>, orgId: string): Promise<SectorsView> {
  const row = await sectorSettingsRow(db, orgId);
  const sectors = row ? (decodeJson(row.sectors) as SectorsView['sectors']) : [];
  const all: SectorProfile[] = SECTOR_PROFILES.profiles;
  const added = await legalTitlesIn(
    db,
    orgId,
    all.flatMap((p) => p.legal.map((l) => l.title)),
  );
  return {
    sectors,
    version: row?.version ?? 0,
    provenance: SECTOR_PROFILES.provenance,
    profiles: all.map((p) => ({
      ...p,
      chosen: sectors.includes(p.id),
      legal: p.legal.map((l) => ({ ...l, added: added.has(l.title) })),
    })),
    controlsToConsider: controlsToConsider(sectors),
    questionnaireHints: sectorDefaults(sectors),
  };
}
