// The planned changes section (placeholder until built).
import type { Membership } from '../../api';
import { PageHeader } from '../../components/page';

export function ChangesSection({ membership }: { membership: Membership; parts: string[] }) {
  return <PageHeader title="Planned changes" org={membership.name} />;
}
