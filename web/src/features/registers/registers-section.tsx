// The Registers section: the list of registers, and each register's pages.
import { useEffect } from 'react';
import type { Membership } from '../../api';
import { Alert } from '../../components/form';
import { Loading, PageHeader } from '../../components/page';
import { useCatalog, type Catalog } from '../../lib/lookups';
import { Link, navigate, sectionHref } from '../../router';
import { CompetenceGaps } from './competence-gaps';
import { ImportPage } from './import-page';
import { registerHref } from './links';
import { EditRecordPage, NewRecordPage, RecordPage } from './record-page';
import { RegisterListPage } from './register-list-page';

/** What each register is for, in a sentence; the groups follow the standard's order. */
const GROUPS: { title: string; keys: { key: string; about: string }[] }[] = [
  {
    title: 'Context of the organization',
    keys: [
      {
        key: 'context_issues',
        about: 'Internal and external issues that shape what the AIMS must achieve.',
      },
      {
        key: 'interested_parties',
        about: 'Who has a stake in your AI, what they need, and which needs you commit to.',
      },
      { key: 'legal_requirements', about: 'Laws, regulations and contracts that apply, and why.' },
    ],
  },
  {
    title: 'AI systems and their parts',
    keys: [
      {
        key: 'ai_systems',
        about: 'The inventory of AI systems, with purpose, owner and life cycle stage.',
      },
      {
        key: 'ai_models',
        about: 'Each model version used by a system, where it came from and what changed.',
      },
      {
        key: 'datasets',
        about: 'Data used to build and run each system: source, provenance and quality.',
      },
      { key: 'ai_resources', about: 'Tooling, compute and people each system depends on.' },
      {
        key: 'third_parties',
        about: 'Suppliers and customers along the AI supply chain, and how they were assessed.',
      },
    ],
  },
  {
    title: 'People',
    keys: [
      {
        key: 'responsibilities',
        about: 'Who is responsible, accountable, consulted and informed, for what.',
      },
      { key: 'competences', about: 'Competences each role needs, and who is still missing one.' },
      {
        key: 'training_records',
        about: 'Training and qualifications that show people are competent.',
      },
    ],
  },
];

function RegistersIndex({ membership, catalog }: { membership: Membership; catalog: Catalog }) {
  const known = new Set(GROUPS.flatMap((g) => g.keys.map((k) => k.key)));
  const others = catalog.registers
    .filter((r) => !known.has(r.key))
    .map((r) => ({ key: r.key, about: '' }));
  const groups = others.length ? [...GROUPS, { title: 'Other registers', keys: others }] : GROUPS;
  return (
    <>
      <PageHeader title="Registers" org={membership.name} />
      <p className="intro">
        The records your AI management system keeps. Each one shows the clauses of ISO/IEC 42001 it
        answers.
      </p>
      {groups.map((g, i) => (
        <section key={g.title} className="panel" aria-labelledby={`register-group-${i}`}>
          <h2 id={`register-group-${i}`}>{g.title}</h2>
          <ul className="register-list">
            {g.keys.map(({ key, about }) => {
              const reg = catalog.byKey.get(key);
              if (!reg) return null;
              return (
                <li key={key}>
                  <Link href={registerHref(membership.slug, reg)} className="register-link">
                    {reg.title}
                  </Link>
                  <span className="clause">{reg.clauses}</span>
                  {about && <p className="muted">{about}</p>}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </>
  );
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

export function RegistersSection({
  membership,
  parts,
}: {
  membership: Membership;
  parts: string[];
}) {
  const { catalog, error } = useCatalog();
  if (error) return <Alert>{error}</Alert>;
  if (!catalog) return <Loading />;
  const [path, second, third] = parts;
  if (!path) return <RegistersIndex membership={membership} catalog={catalog} />;
  const reg = catalog.byPath.get(path);
  if (!reg) {
    return (
      <>
        <PageHeader title="Register not found" org={membership.name} />
        <p>
          There is no register “{path}”.{' '}
          <Link href={sectionHref(membership.slug, 'registers')}>See every register</Link>.
        </p>
      </>
    );
  }
  if (reg.key === 'ai_systems')
    return (
      <Redirect
        to={
          [registerHref(membership.slug, reg), ...parts.slice(1).map(encodeURIComponent)].join(
            '/',
          ) + window.location.search
        }
      />
    );
  const key = `${membership.orgId}:${reg.key}`;
  if (!second) {
    return (
      <RegisterListPage
        key={key}
        membership={membership}
        reg={reg}
        catalog={catalog}
        after={
          reg.key === 'competences' ? (
            <CompetenceGaps slug={membership.slug} catalog={catalog} />
          ) : null
        }
      />
    );
  }
  if (second === 'new')
    return <NewRecordPage key={key} membership={membership} reg={reg} catalog={catalog} />;
  if (second === 'import') return <ImportPage key={key} membership={membership} reg={reg} />;
  if (third === 'edit')
    return (
      <EditRecordPage
        key={`${key}:${second}`}
        membership={membership}
        reg={reg}
        catalog={catalog}
        id={second}
      />
    );
  return (
    <RecordPage
      key={`${key}:${second}`}
      membership={membership}
      reg={reg}
      catalog={catalog}
      id={second}
    />
  );
}
