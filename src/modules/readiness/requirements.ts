import { REQUIREMENTS } from '../../catalog/index.js';
import type { Requirement } from './engine.js';

/** Every assessable requirement, grouped by top-level clause (4–10) or Annex A domain. */
export const ASSESSABLE: Requirement[] = REQUIREMENTS.map((r) => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  group: r.kind === 'control' ? r.domain! : r.id.split('.')[0]!,
}));
