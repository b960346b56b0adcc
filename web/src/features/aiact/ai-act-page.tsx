// The EU AI Act questionnaire of one AI system (placeholder until built).
import type { Membership } from '../../api';
import { PageHeader } from '../../components/page';

export function AiActPage({ membership }: { membership: Membership; aiSystemId: string }) {
  return <PageHeader title="EU AI Act classification" org={membership.name} />;
}
