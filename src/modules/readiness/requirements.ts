import { CROSSWALKS, FRAMEWORKS, REQUIREMENTS } from '../../catalog/index.js';
import type { Requirement, RequirementResult } from './engine.js';

/** Every assessable requirement, grouped by top-level clause (4–10) or Annex A domain. */
export const ASSESSABLE: Requirement[] = REQUIREMENTS.map((r) => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  group: r.kind === 'control' ? r.domain! : r.id.split('.')[0]!,
}));

/** Each other framework's coverage: per entry, how many of the ISO 42001 requirements mapped to it are met. */
export function coverage(results: RequirementResult[]) {
  const status = new Map(results.map((r) => [r.id, r.status]));
  return FRAMEWORKS.map((f) => {
    const entries = f.entries
      .map((e) => {
        const linked = CROSSWALKS.filter((m) => m.framework === f.id && m.ref === e.ref);
        const ids = [...new Set(linked.map((m) => m.from))].filter(
          (id) => status.get(id) !== 'not_applicable',
        );
        const met = ids.filter((id) => status.get(id) === 'met').length;
        const partial = ids.filter((id) => status.get(id) === 'partial').length;
        return { ref: e.ref, title: e.title, linked: ids.length, met, partial, requirements: ids };
      })
      .filter((e) => e.linked > 0);
    const linked = entries.reduce((s, e) => s + e.linked, 0);
    const met = entries.reduce((s, e) => s + e.met, 0);
    return {
      id: f.id,
      title: f.title,
      entries,
      linked,
      met,
      coverage: linked ? Math.round((met / linked) * 1000) / 10 : 0,
    };
  });
}
