// Beside a control's applicability decision: its objective and aims's guidance for it (what to do,
// what an auditor expects to see) from the catalog, and why the organization's sectors suggest considering it.
import { call, client } from '../../api';
import { Section } from '../../components/page';
import { useData } from '../../lib/data';
import { allPages } from '../../lib/pages';
import { Link, orgHref } from '../../router';

const controls = async () =>
  (
    await allPages((cursor) =>
      call(
        client.GET('/api/v1/catalog/controls', {
          params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    )
  ).items;

export function ControlGuidance({ slug, controlId }: { slug: string; controlId: string }) {
  const catalog = useData('catalog-controls', controls);
  const sectors = useData(`${slug}|sectors`, () =>
    call(client.GET('/api/v1/orgs/{org}/sectors', { params: { path: { org: slug } } })),
  );
  const control = catalog.data?.find((c) => c.id === controlId);
  const g = control?.guidance;
  const consider = sectors.data?.controlsToConsider.find((c) => c.controlId === controlId);
  const title = new Map(sectors.data?.profiles.map((p) => [p.id, p.title]));
  if (!g && !consider) return null;
  return (
    <Section
      id="guidance"
      title="Guidance"
      intro={<p className="muted">aims's own words, not the text of ISO/IEC 42001.</p>}
    >
      {g && control && (
        <dl className="record-fields">
          {control.objective && (
            <div className="wide">
              <dt>Objective</dt>
              <dd>
                {control.objective} {control.objectiveTitle}
                {control.objectiveSummary ? `: ${control.objectiveSummary}` : ''}
              </dd>
            </div>
          )}
          <div className="wide">
            <dt>What to do</dt>
            <dd>{g.do}</dd>
          </div>
          <div className="wide">
            <dt>What an auditor expects</dt>
            <dd>{g.evidence}</dd>
          </div>
        </dl>
      )}
      {consider && (
        <>
          <h3>Suggested by your sectors</h3>
          <ul>
            {consider.reasons.map((r) => (
              <li key={r.sector}>
                {title.get(r.sector) ?? r.sector}: {r.why}
              </li>
            ))}
          </ul>
          <p className="hint">
            From aims's sector profiles (ISO/IEC 42001 Annex D defines none).{' '}
            <Link href={`${orgHref(slug, 'settings')}#sectors`}>Change the sectors</Link>
          </p>
        </>
      )}
    </Section>
  );
}
