// The AI objectives section (placeholder until built).
import type { Membership } from '../../api';
import { PageHeader } from '../../components/page';

export function ObjectivesSection({ membership }: { membership: Membership; parts: string[] }) {
  return <PageHeader title="Objectives" org={membership.name} />;
}
