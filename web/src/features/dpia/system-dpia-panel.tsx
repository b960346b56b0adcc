// The DPIAs of one AI system, on its page: whether one is required and where it stands.
import { can, type Membership } from '../../api';
import { Alert } from '../../components/form';
import { Section } from '../../components/page';
import { useData } from '../../lib/data';
import type { RecordData } from '../../lib/lookups';
import { Link, sectionHref } from '../../router';
import { dpiaApi } from './api';
import { DpiaTable } from './dpia-section';

export function SystemDpiaPanel({
  membership,
  system,
}: {
  membership: Membership;
  system: RecordData;
}) {
  const slug = membership.slug;
  const list = useData(`${slug}|dpia-of|${system.id}`, () =>
    dpiaApi.list(slug, { aiSystemId: system.id }, 20),
  );
  const items = list.data?.items ?? [];
  const name = String(system.name || 'this system');
  return (
    <Section
      id="dpia"
      title="Data protection (DPIA)"
      intro={
        <p>
          Whether this system's processing of personal data needs a data protection impact
          assessment, and the assessment. <span className="clause">GDPR Art. 35, 36</span>
        </p>
      }
    >
      <Alert>{list.error}</Alert>
      {list.data && items.length === 0 && (
        <p className="muted">{name} has not been screened yet.</p>
      )}
      {items.length > 0 && <DpiaTable slug={slug} items={items} label={`DPIAs of ${name}`} />}
      {can(membership, 'dpia.create') && (
        <p>
          <Link
            className="button"
            href={`${sectionHref(slug, 'dpia', 'new')}?aiSystemId=${encodeURIComponent(system.id)}`}
          >
            {items.length === 0 ? `Screen ${name} for a DPIA` : 'Start a new DPIA'}
          </Link>
        </p>
      )}
    </Section>
  );
}
