// The DPIAs recorded beside an impact assessment, on its page, with a way to start one there.
import { can, type Membership } from '../../api';
import { useData } from '../../lib/data';
import { Link, sectionHref } from '../../router';
import { dpiaApi } from './api';
import { outcomeWord } from './dpia-page';

export function LinkedDpias({
  membership,
  assessment,
}: {
  membership: Membership;
  assessment: { id: string; aiSystemId: string };
}) {
  const slug = membership.slug;
  const list = useData(`${slug}|dpia-beside|${assessment.id}`, () =>
    dpiaApi.list(slug, { impactAssessmentId: assessment.id }, 10),
  );
  const items = list.data?.items ?? [];
  return (
    <>
      {items.map((d) => (
        <span key={d.id} className="block">
          <Link href={sectionHref(slug, 'dpia', d.id)}>{d.title}</Link> ({outcomeWord(d)},{' '}
          {d.status})
        </span>
      ))}
      {list.data && items.length === 0 && can(membership, 'dpia.create') && (
        <Link
          href={`${sectionHref(slug, 'dpia', 'new')}?aiSystemId=${encodeURIComponent(assessment.aiSystemId)}&impactAssessmentId=${encodeURIComponent(assessment.id)}`}
        >
          Screen for a DPIA beside this assessment
        </Link>
      )}
    </>
  );
}
