// The EU AI Act classification of one AI system, on its page (placeholder until built).
import type { Membership } from '../../api';
import type { RecordData } from '../../lib/lookups';

export function AiActPanel(_props: { membership: Membership; system: RecordData }) {
  return null;
}
