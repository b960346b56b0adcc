// One audit finding on its own page, at its readable id (/audits/findings/F-0003): its grade, the
// requirement, what it rests on, the audit it was found in, and the nonconformity or opportunity
// for improvement it led to.
import type { Membership } from '../../api';
import { Breadcrumbs, Loading, PageHeader, When } from '../../components/page';
import { useData } from '../../lib/data';
import { Link, orgHref, sectionHref } from '../../router';
import { auditApi, GRADE_WORD, STATUS_WORD, type Finding } from './api';

/** The address of a finding's page: by its readable id when it has one. */
export const findingHref = (slug: string, f: Pick<Finding, 'id' | 'ref'>) =>
  sectionHref(slug, 'audits', 'findings', f.ref ?? f.id);

export function FindingPage({ membership, id }: { membership: Membership; id: string }) {
  const slug = membership.slug;
  const got = useData(`${slug}|audit-finding|${id}`, () => auditApi.finding(slug, id));
  const f = got.data;
  const crumbs = (
    <Breadcrumbs
      items={[
        { href: orgHref(slug, 'audits'), label: 'Internal audit' },
        ...(f ? [{ href: sectionHref(slug, 'audits', f.audit.id), label: f.audit.title }] : []),
      ]}
    />
  );
  if (!f)
    return (
      <>
        {crumbs}
        {(got.status === 404 || got.status === 400) && (
          <PageHeader title="Audit finding not found" org={membership.name} />
        )}
        <Loading
          what={got.error ? `The audit finding could not be loaded: ${got.error}` : 'Loading…'}
        />
      </>
    );
  const name = (x: string) => f.names[x];
  return (
    <>
      {crumbs}
      <PageHeader title={f.ref ? `${f.ref} ${f.title}` : f.title} org={membership.name} />
      <dl className="fields" aria-label="About this finding">
        <div>
          <dt>Readable id</dt>
          <dd>{f.ref ?? <span className="muted">None yet</span>}</dd>
        </div>
        <div>
          <dt>Grade</dt>
          <dd>
            {GRADE_WORD[f.grade]} {f.number} of the audit
          </dd>
        </div>
        <div className="wide">
          <dt>Found in</dt>
          <dd>
            <Link href={sectionHref(slug, 'audits', f.audit.id)}>{f.audit.title}</Link> (
            {STATUS_WORD[f.audit.status].toLowerCase()})
          </dd>
        </div>
        <div className="wide">
          <dt>Requirement</dt>
          <dd>
            {f.requirementId} {name(f.requirementId) ?? ''}
          </dd>
        </div>
        {f.description && (
          <div className="wide">
            <dt>Description</dt>
            <dd className="prewrap">{f.description}</dd>
          </div>
        )}
        {f.records && (
          <div className="wide">
            <dt>Records it rests on</dt>
            <dd className="prewrap">{f.records}</dd>
          </div>
        )}
        {f.evidenceIds.length > 0 && (
          <div className="wide">
            <dt>Evidence</dt>
            <dd>
              <ul>
                {f.evidenceIds.map((e) => (
                  <li key={e}>
                    <Link href={sectionHref(slug, 'evidence', e)}>{name(e) ?? e}</Link>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        )}
        {f.nonconformityId && (
          <div className="wide">
            <dt>Nonconformity raised</dt>
            <dd>
              <Link href={sectionHref(slug, 'nonconformities', f.nonconformityId)}>
                {name(f.nonconformityId) ?? 'The nonconformity it raised'}
              </Link>
            </dd>
          </div>
        )}
        {f.improvementId && (
          <div className="wide">
            <dt>Opportunity for improvement</dt>
            <dd>
              <Link href={sectionHref(slug, 'improvements', f.improvementId)}>
                {name(f.improvementId) ?? 'The opportunity it logged'}
              </Link>
            </dd>
          </div>
        )}
        <div>
          <dt>Recorded</dt>
          <dd>
            <When at={f.createdAt} />
            {f.authorMemberId && ` by ${name(f.authorMemberId) ?? 'a former member'}`}
          </dd>
        </div>
      </dl>
    </>
  );
}
