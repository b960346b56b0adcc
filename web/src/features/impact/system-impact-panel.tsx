// The impact assessments of one AI system, on its page: their status, who approved them, and
// whether the system has changed enough since to call for a new one.
import { can, type Membership } from '../../api';
import { Alert } from '../../components/form';
import { Section } from '../../components/page';
import { useData } from '../../lib/data';
import { type RecordData } from '../../lib/lookups';
import { Link, sectionHref } from '../../router';
import { impactApi } from './api';
import { AssessmentTable } from './status';
import './impact.css';

export function SystemImpactPanel({
  membership,
  system,
}: {
  membership: Membership;
  system: RecordData;
}) {
  const slug = membership.slug;
  // The stage and the model versions decide whether an assessment is due: a change of the
  // system is a change of the organization, which reads this again.
  const list = useData(`${slug}|impact-of|${system.id}`, () =>
    impactApi.list(slug, { aiSystemId: system.id }, 100),
  );
  const items = list.data?.items ?? [];
  const due = items.some((a) => a.reassessmentDue);
  const current = items.find((a) => a.status === 'approved');
  const draft = items.find((a) => a.status === 'draft');
  const name = String(system.name || 'this system');
  return (
    <Section
      id="impact"
      title="Impact assessments"
      intro={
        <p>
          Who this system could affect and how, assessed and approved before use and again when the
          system changes. <span className="clause">ISO/IEC 42001: 6.1.4, 8.4, A.5</span>
        </p>
      }
    >
      <Alert>{list.error}</Alert>
      {list.data && items.length === 0 && (
        <p className="warning-text">{name} has not been assessed yet.</p>
      )}
      {list.data && items.length > 0 && !current && !draft && (
        <p className="warning-text">No approved assessment is in force for {name}.</p>
      )}
      {list.data && items.length > 0 && !current && draft && (
        <p className="muted">The assessment in progress is not approved yet.</p>
      )}
      {items.length > 0 && (
        <AssessmentTable slug={slug} items={items} label={`Impact assessments of ${name}`} />
      )}
      {list.data?.nextCursor && (
        <p className="muted">
          Older assessments are listed under{' '}
          <Link href={`${sectionHref(slug, 'impact')}?aiSystemId=${encodeURIComponent(system.id)}`}>
            Impact assessments
          </Link>
          .
        </p>
      )}
      {can(membership, 'impact_assessments.create') && (
        <p>
          <Link
            className={due || items.length === 0 ? 'button primary' : 'button'}
            href={`${sectionHref(slug, 'impact', 'new')}?aiSystemId=${encodeURIComponent(system.id)}`}
          >
            {items.length === 0
              ? `Assess the impacts of ${name}`
              : 'Start a new assessment of this system'}
          </Link>
        </p>
      )}
    </Section>
  );
}
