import type { Membership } from '../../api';
import { PageHeader } from '../../components/page';
import { Link, orgHref, SECTIONS, type SectionId } from '../../router';

const ABOUT: Partial<Record<SectionId, string>> = {
  risks: 'Risk criteria, the AI risk register and the treatment of each risk.',
  controls:
    'The Annex A controls and the Statement of Applicability: applicability, justification, status and owner.',
  evidence: 'Files, links and records that show controls and requirements at work.',
};

/** Where a module will plug in; until then it says what will be here. */
export function ComingPage({
  membership,
  section,
}: {
  membership: Membership;
  section: SectionId;
}) {
  const label = SECTIONS.find((s) => s.id === section)?.label ?? section;
  return (
    <>
      <PageHeader title={label} org={membership.name} />
      <div className="coming">
        <p className="coming-tag">Coming</p>
        <p>{ABOUT[section] ?? 'This section is not built yet.'}</p>
        <p className="muted">
          This part of aims is not built yet. Meanwhile, the inventory is under{' '}
          <Link href={orgHref(membership.slug, 'systems')}>AI systems</Link>, the other records
          under <Link href={orgHref(membership.slug, 'registers')}>Registers</Link>, and every
          recorded change is in the <Link href={orgHref(membership.slug, 'ledger')}>Ledger</Link>.
        </p>
      </div>
    </>
  );
}
