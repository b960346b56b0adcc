// Assessments and treatment as performed (8.2–8.4): per AI system its impact assessment, per
// open risk its assessment and treatment, each done, due, overdue or never done, and what a
// significant change (a stage transition, a new model version) owes. The server computes every
// state; the page counts them and shows one list at a time (each a register with the common
// toolbar), what is behind first, with links to the pages that act on them.
import type { Membership } from '../../api';
import { DateOnly, Loading, PageHeader, Section } from '../../components/page';
import { useData } from '../../lib/data';
import { plural } from '../../lib/format';
import { Link, sectionHref } from '../../router';
import { operationsApi, type Operations } from './api';
import { RisksList, SystemsList } from './operations-lists';
import './operations.css';

const VIEWS = [
  { part: '', id: 'impact-operations', title: 'Impact assessments (8.4)' },
  { part: 'risks', id: 'risk-operations', title: 'Risk assessments (8.2)' },
  { part: 'treatment', id: 'treatment-operations', title: 'Risk treatment (8.3)' },
] as const;

/** What the summary says of each list, over every record. */
function countsOf(o: Operations, part: (typeof VIEWS)[number]['part']) {
  const ia = o.summary.impactAssessments;
  const ra = o.summary.riskAssessments;
  const tr = o.summary.treatments;
  if (part === '')
    return `${plural(ia.overdue, 'system')} overdue, ${ia.missing} never assessed, ${ia.due} due, ${ia.done} done; ${ia.owed} owed after a change.`;
  if (part === 'risks')
    return `${plural(ra.overdue, 'risk')} overdue, ${ra.missing} never assessed, ${ra.due} due, ${ra.done} done; ${ra.owed} owed after a change.`;
  return `${tr.implemented} of ${plural(tr.chosen, 'chosen treatment')} carried out; ${tr.notChosen} assessed risk(s) without an option; ${plural(tr.overdueActions, 'action')} past due.`;
}

export function OperationsSection({
  membership,
  parts = [],
}: {
  membership: Membership;
  parts?: string[];
}) {
  const slug = membership.slug;
  const view = VIEWS.find((v) => v.part === (parts[0] ?? '')) ?? VIEWS[0];
  const ops = useData(`${slug}|operations`, () => operationsApi.get(slug));
  return (
    <>
      <PageHeader title="Assessments due" org={membership.name} />
      <p className="intro">
        Risk assessments and AI system impact assessments performed at their planned dates and after
        every significant change, and risk treatment carried out, not only chosen.{' '}
        <span className="clause">ISO/IEC 42001: 8.2, 8.3, 8.4</span>
      </p>
      {ops.data ? (
        <p>
          Due means on or before <DateOnly value={ops.data.horizon} />, or owed now after a change.
        </p>
      ) : (
        <Loading what={ops.error ? `The summary could not be loaded: ${ops.error}` : 'Loading…'} />
      )}
      <nav aria-label="Lists of assessments due" className="operation-views">
        <ul>
          {VIEWS.map((v) => (
            <li key={v.id}>
              <Link
                href={sectionHref(slug, 'operations', ...(v.part ? [v.part] : []))}
                aria-current={v.id === view.id ? 'page' : undefined}
              >
                {v.title}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Section id={view.id} title={view.title} intro={ops.data && countsOf(ops.data, view.part)}>
        {view.part === '' ? (
          <SystemsList slug={slug} />
        ) : (
          <RisksList key={view.part} slug={slug} treatment={view.part === 'treatment'} />
        )}
      </Section>
    </>
  );
}
