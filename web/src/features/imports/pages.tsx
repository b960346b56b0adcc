// The import screens of the risk register and the Statement of Applicability.
import { orgPath, readHref, withQuery, type Membership } from '../../api';
import { orgHref, sectionHref } from '../../router';
import { FileImportPage } from './file-import-page';

export function RiskImportPage({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const url = `${orgPath(slug)}/risks/import`;
  const risks = sectionHref(slug, 'risks');
  return (
    <FileImportPage
      membership={membership}
      title="Import risks"
      what="risk register"
      path="/api/v1/orgs/{org}/risks/import"
      action="risks.import"
      crumbs={[
        { href: orgHref(slug), label: membership.name },
        { href: risks, label: 'Risks' },
      ]}
      back={{ href: risks, label: 'Back to the risk register' }}
      templateHref={(format) => readHref(withQuery(`${url}/template`, { format }))}
      recordHref={(id) => sectionHref(slug, 'risks', id)}
      help={
        <p>
          Columns: <strong>Risk</strong> (the title, needed), Description, AI systems (names,
          separated by semicolons), Life cycle stage, Annex C sources (C.3.4), Annex C objectives,
          Owner (e-mail or name), Inherent and Residual as likelihood × impact (3×4) or in columns
          of their own, Treatment, Controls (A.6.2.4), Status, Review (YYYY-MM-DD). Values may be
          written as in the app or as keys, in any case. A risk whose name exists is skipped unless
          you choose to update it.
        </p>
      }
    />
  );
}

export function SoaImportPage({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const url = `${orgPath(slug)}/soa/import`;
  const controls = sectionHref(slug, 'controls');
  return (
    <FileImportPage
      membership={membership}
      title="Import SoA decisions"
      what="Statement of Applicability"
      path="/api/v1/orgs/{org}/soa/import"
      action="soa.import"
      crumbs={[
        { href: orgHref(slug), label: membership.name },
        { href: controls, label: 'Controls (SoA)' },
      ]}
      back={{ href: controls, label: 'Back to the Statement of Applicability' }}
      templateHref={(format) => readHref(withQuery(`${url}/template`, { format }))}
      help={
        <p>
          Columns: <strong>Control</strong> (A.6.2.4, or your own identifier with a Title to add
          it), <strong>Applicable</strong> (yes or no; empty or undecided leaves the control as it
          is), <strong>Justification</strong> (needed either way), Implementation (not started,
          planned, partial, implemented), Owner (e-mail or name), Notes. A control decided already
          is skipped unless you choose to update it.
        </p>
      }
    />
  );
}
