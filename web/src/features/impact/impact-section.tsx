// The impact assessments section (placeholder until built).
import type { Membership } from '../../api';
import { PageHeader } from '../../components/page';

export function ImpactSection({ membership }: { membership: Membership; parts: string[] }) {
  return <PageHeader title="Impact assessments" org={membership.name} />;
}
