import fs from 'node:fs';

/** ISO/IEC 42001 Annex A and Annex C identifiers and titles, loaded once from versioned data. */
interface Annexes {
  id: string;
  version: string;
  standard: string;
  provenance: string;
  annexA: { domains: { id: string; title: string; objectives: { id: string; title: string }[]; controls: { id: string; title: string }[] }[] };
  annexC: { objectives: { id: string; title: string }[]; riskSources: { id: string; title: string }[] };
}

export const ANNEXES: Annexes = JSON.parse(fs.readFileSync(new URL('./iso42001-annexes.json', import.meta.url), 'utf8')) as Annexes;
export const ANNEX_A_CONTROL_IDS = ANNEXES.annexA.domains.flatMap((d) => d.controls.map((c) => c.id));
export const ANNEX_C_OBJECTIVE_IDS = ANNEXES.annexC.objectives.map((o) => o.id);
export const ANNEX_C_SOURCE_IDS = ANNEXES.annexC.riskSources.map((o) => o.id);
