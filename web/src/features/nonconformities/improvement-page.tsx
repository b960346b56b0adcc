// One opportunity for improvement: where it came from, the decision on it (adopt, defer or
// reject, by a manager or owner) and, once adopted, the work on it.
import { useRef, useState } from 'react';
import type { Membership } from '../../api';
import { Alert, SelectField, TextAreaField, textValue } from '../../components/form';
import { Badge, Breadcrumbs, Loading, PageHeader, Section, When } from '../../components/page';
import { useData } from '../../lib/data';
import { Link, orgHref, sectionHref } from '../../router';
import { ncApi } from './api';
import { useStep } from './status';
import {
  DECISION_TONE,
  DECISION_WORD,
  memberName,
  IMPROVEMENT_SOURCE_WORD,
  IMPROVEMENT_WORD,
} from './words';

export function ImprovementPage({ membership, id }: { membership: Membership; id: string }) {
  const slug = membership.slug;
  const list = useData(`${slug}|improvement|${id}`, () => ncApi.improvement(slug, id));
  const [done, setDone] = useState<string | null>(null);
  const decision = useRef<'adopted' | 'deferred' | 'rejected'>('adopted');
  const i = list.data;
  const onStale = () => void list.reload();
  const decide = useStep(['note'], onStale, async (data) => {
    const next = await ncApi.decideImprovement(
      slug,
      i!,
      decision.current,
      textValue(data, 'note') ?? null,
    );
    list.set(next);
    setDone(`The opportunity is ${DECISION_WORD[next.decision].toLowerCase()}.`);
  });
  const work = useStep(['status'], onStale, async (data) => {
    const status = textValue(data, 'status') as 'open' | 'in_progress' | 'done';
    const next = await ncApi.updateImprovement(slug, i!, { status });
    list.set(next);
    setDone(`The opportunity is ${IMPROVEMENT_WORD[next.status].toLowerCase()}.`);
  });
  const crumbs = (
    <Breadcrumbs items={[{ href: orgHref(slug, 'improvements'), label: 'Improvements' }]} />
  );
  if (!i)
    return (
      <>
        {crumbs}
        {list.status === 404 && <PageHeader title="Opportunity not found" org={membership.name} />}
        <Loading
          what={list.error ? `The opportunity could not be loaded: ${list.error}` : 'Loading…'}
        />
      </>
    );
  return (
    <>
      {crumbs}
      <PageHeader title={i.title} org={membership.name} />
      <Alert tone="success">{done}</Alert>
      <dl className="fields" aria-label="About this opportunity">
        {i.description && (
          <div className="wide">
            <dt>Description</dt>
            <dd className="prewrap">{i.description}</dd>
          </div>
        )}
        <div>
          <dt>Source</dt>
          <dd>
            {IMPROVEMENT_SOURCE_WORD[i.sourceType]}
            {i.sourceType === 'nonconformity' && i.sourceId && (
              <>
                {' '}
                (
                <Link href={sectionHref(slug, 'nonconformities', i.sourceId)}>
                  {i.names[i.sourceId] ?? 'the nonconformity'}
                </Link>
                )
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>Decision</dt>
          <dd>
            <Badge tone={DECISION_TONE[i.decision]}>{DECISION_WORD[i.decision]}</Badge>
            {i.decidedAt && (
              <>
                {' '}
                by {memberName(i.names, i.decidedByMemberId)} on <When at={i.decidedAt} />
              </>
            )}
            {i.decisionNote && <span className="prewrap">: {i.decisionNote}</span>}
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{IMPROVEMENT_WORD[i.status]}</dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd>{i.ownerMemberId ? memberName(i.names, i.ownerMemberId) : 'Nobody yet'}</dd>
        </div>
      </dl>
      {i.abilities.decide && (
        <Section id="decide" title="Decide">
          <form
            ref={decide.formRef}
            onSubmit={decide.onSubmit}
            noValidate
            aria-label="Decide"
            className="record-form"
          >
            <TextAreaField
              label="Reasons"
              name="note"
              rows={2}
              hint="Needed to defer or reject."
              error={decide.fieldErrors.note}
            />
            <Alert>{decide.formError}</Alert>
            <div className="actions">
              {(['adopted', 'deferred', 'rejected'] as const).map((d) => (
                <button
                  key={d}
                  type="submit"
                  className={d === 'adopted' ? 'button primary' : 'button'}
                  disabled={decide.busy}
                  onClick={() => (decision.current = d)}
                >
                  {d === 'adopted' ? 'Adopt' : d === 'deferred' ? 'Defer' : 'Reject'}
                </button>
              ))}
            </div>
          </form>
        </Section>
      )}
      {i.abilities.edit && i.decision === 'adopted' && (
        <Section id="work" title="Work on it">
          <form
            ref={work.formRef}
            onSubmit={work.onSubmit}
            noValidate
            aria-label="Record progress"
            className="record-form"
          >
            <SelectField
              label="Status"
              name="status"
              defaultValue={i.status}
              options={(['open', 'in_progress', 'done'] as const).map((s) => ({
                value: s,
                label: IMPROVEMENT_WORD[s],
              }))}
              error={work.fieldErrors.status}
            />
            <Alert>{work.formError}</Alert>
            <button type="submit" className="button primary" disabled={work.busy}>
              Save
            </button>
          </form>
        </Section>
      )}
    </>
  );
}
