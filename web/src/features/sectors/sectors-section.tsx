// The organization's sectors (ISO/IEC 42001 Annex D names sectors; the profiles are aims's own):
// choosing them, and each chosen profile's legal-register suggestions (added with one action),
// Annex A controls to consider and EU AI Act questionnaire hints.
import { useState } from 'react';
import { call, can, client, ifMatch, type Body, type Membership } from '../../api';
import { Alert, CheckboxGroup, useSubmission } from '../../components/form';
import { Loading, Section } from '../../components/page';
import { messageOf, useData } from '../../lib/data';
import { Link, sectionHref } from '../../router';

const path = (org: string) => ({ params: { path: { org } } });

export function SectorsSection({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  // Every change the API accepts refetches what is on screen (the query layer).
  const view = useData(`${slug}|sectors`, () =>
    call(client.GET('/api/v1/orgs/{org}/sectors', path(slug))),
  );
  const [error, setError] = useState<string | null>(null);
  const sub = useSubmission(['sectors'], async (data) => {
    await call(
      client.PUT('/api/v1/orgs/{org}/sectors', {
        ...path(slug),
        ...(view.data?.version ? { headers: ifMatch(view.data.version) } : {}),
        // The values are the options the page offers; the server checks them (422).
        body: { sectors: data.getAll('sectors').map(String) as Body<'sectors.update'>['sectors'] },
      }),
    );
  });
  const add = async (suggestionId: string) => {
    setError(null);
    try {
      await call(
        client.POST('/api/v1/orgs/{org}/sectors/legal-requirements', {
          ...path(slug),
          body: { suggestionId },
        }),
      );
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const v = view.data;
  const chosen = v?.profiles.filter((p) => p.chosen) ?? [];
  return (
    <Section
      id="sectors"
      title="Sectors"
      intro={<p>The sectors the organization works in, and what aims suggests for each.</p>}
    >
      {!v ? (
        <Loading what={view.error ?? 'Loading the sectors…'} />
      ) : (
        <>
          <p className="hint">{v.provenance}</p>
          {can(membership, 'sectors.update') ? (
            <form ref={sub.formRef} onSubmit={sub.onSubmit} aria-label="Sectors" noValidate>
              <CheckboxGroup
                label="Sectors"
                name="sectors"
                options={v.profiles.map((p) => ({ value: p.id, label: p.title }))}
                defaultValue={v.sectors}
                error={sub.fieldErrors.sectors}
              />
              <Alert>{sub.formError}</Alert>
              <button type="submit" className="button" disabled={sub.busy}>
                Save the sectors
              </button>
            </form>
          ) : (
            <p>{chosen.map((p) => p.title).join(', ') || 'No sector chosen.'}</p>
          )}
          <Alert>{error}</Alert>
          {chosen.map((p) => (
            <section key={p.id} aria-labelledby={`sector-${p.id}`}>
              <h3 id={`sector-${p.id}`}>{p.title}</h3>
              {p.productRegimes && <p>{p.productRegimes}</p>}
              <h4>Legal register suggestions</h4>
              <ul>
                {p.legal.map((l) => (
                  <li key={l.id}>
                    <strong>{l.title}</strong>: {l.why}{' '}
                    {l.added ? (
                      <span className="muted">(in the legal register)</span>
                    ) : (
                      can(membership, 'sectors.add_legal') && (
                        <button
                          type="button"
                          className="button small"
                          aria-label={`Add to the legal register: ${l.title}`}
                          onClick={() => void add(l.id)}
                        >
                          Add to the legal register
                        </button>
                      )
                    )}
                  </li>
                ))}
              </ul>
              <h4>Annex A controls to consider</h4>
              <ul>
                {p.controls.map((c) => (
                  <li key={c.id}>
                    <Link href={sectionHref(slug, 'controls', c.id)}>{c.id}</Link>: {c.why}
                  </li>
                ))}
              </ul>
              {p.annexIII.length > 0 && (
                <>
                  <h4>EU AI Act Annex III points to check</h4>
                  <ul>
                    {p.annexIII.map((a) => (
                      <li key={a.point}>
                        Point {a.point}: {a.hint}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </section>
          ))}
        </>
      )}
    </Section>
  );
}
