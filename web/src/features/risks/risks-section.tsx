// AI risks (6.1.2, 6.1.3, 8.2, 8.3): the register with its heat map and what falls due, each risk
// assessed on the organization's criteria (the level is computed by the server), treated through
// actions, and accepted by a manager other than its owner when above the acceptance level.
import { useState } from 'react';
import { can, type Membership } from '../../api';
import {
  Alert,
  CheckboxGroup,
  SelectField,
  TextAreaField,
  TextField,
  textValue,
  useSubmission,
} from '../../components/form';
import { ListToolbar } from '../../components/list-toolbar';
import { LoadMore } from '../../components/load-more';
import { Breadcrumbs, DateOnly, Loading, PageHeader, Section } from '../../components/page';
import { messageOf, useData } from '../../lib/data';
import { usePaged } from '../../lib/paged';
import { humanize } from '../../lib/format';
import { lookupApi, RecordPicker } from '../../components/record-picker';
import { Link, navigate, orgHref, sectionHref, setSearch, useSearch } from '../../router';
import { useSession } from '../auth/session';
import { STAGES } from '../ai-systems/api';
import { AttachEvidence } from '../evidence/attach-evidence';
import { dayFromNow } from '../evidence/api';
import {
  RISK_STATUSES,
  risksApi,
  useAnnexC,
  TREATMENT_STATUSES,
  TREATMENTS,
  type Criteria,
  type Risk,
  type RiskInput,
  type Treatment,
} from './api';
import { CriteriaPage } from './criteria-page';
import { RiskImportPage } from '../imports/pages';
import { useNameGuard } from '../imports/name-guard';
import { levelClass, RiskHeatmap } from './heatmap';
import { ScoredFieldset } from './computed-level';

export function RisksSection({ membership, parts }: { membership: Membership; parts: string[] }) {
  const [first] = parts;
  if (first === 'new') return <NewRiskPage membership={membership} />;
  if (first === 'criteria') return <CriteriaPage membership={membership} />;
  if (first === 'import') return <RiskImportPage membership={membership} />;
  if (first) return <RiskPage key={first} membership={membership} id={first} />;
  return <RiskList membership={membership} />;
}

/** A member a view names (`names` from the server), else a former or unreadable one. */
const memberOf = (names: Record<string, string>, id: string | null) =>
  id ? (names[id] ?? 'Former member') : '—';

export function LevelBadge({
  level,
  criteria,
}: {
  level: string | null;
  criteria: Criteria | null;
}) {
  if (!level) return <span className="muted">not assessed</span>;
  const label = criteria?.levels.find((l) => l.key === level)?.label ?? humanize(level);
  return (
    <span className={`level-badge ${levelClass(level, criteria?.levels ?? [])}`}>{label}</span>
  );
}

const RISK_SORTS = [
  { value: 'ref', label: 'Id' },
  { value: 'title', label: 'Title' },
  { value: 'status', label: 'Status' },
  { value: 'reviewDate', label: 'Review date' },
  { value: 'updatedAt', label: 'Last changed' },
];

const ACCEPTANCE_WORD: Record<Risk['acceptance']['state'], string> = {
  not_assessed: 'Residual risk not assessed',
  not_needed: 'Within the acceptance level',
  needed: 'Acceptance needed',
  valid: 'Accepted',
  expired: 'Acceptance lapsed',
};

function RiskList({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const search = useSearch();
  const params = new URLSearchParams(search);
  const list = usePaged(`${slug}|risks|${search}`, (cursor) =>
    risksApi.list(slug, {
      cursor,
      q: params.get('q'),
      sort: params.get('sort'),
      awaiting: params.get('awaiting'),
      status: params.get('status'),
      residualLevel: params.get('residualLevel'),
      aiSystemId: params.get('aiSystemId'),
      inherentCell: params.get('inherentCell'),
      residualCell: params.get('residualCell'),
      criteriaId: params.get('criteriaId'),
    }),
  );
  // Arrived from a heat-map cell: say which, with a way back to the whole register.
  const cell = params.get('residualCell') ?? params.get('inherentCell');
  const cellKind = params.get('residualCell') ? 'residual' : 'inherent';
  const criteria = useData(`${slug}|risk-criteria`, () => risksApi.criteria(slug));
  // Risks scored on earlier criteria show their levels in the words of that version.
  const versions = useData(`${slug}|risk-criteria-versions`, () => risksApi.criteriaVersions(slug));
  const scoredOn = (r: Risk) =>
    versions.data?.items.find((v) => v.id === r.criteriaId) ?? criteria.data;
  const earlier = (r: Risk) => {
    const v = scoredOn(r);
    return r.criteriaId && criteria.data?.id && v && r.criteriaId !== criteria.data.id ? (
      <span
        className="muted"
        title={`Scored on criteria version ${v.number}; version ${criteria.data.number} is in force. Re-assess to score it on the current criteria.`}
      >
        {' '}
        (criteria v{v.number})
      </span>
    ) : null;
  };
  const overview = useData(`${slug}|risk-overview`, () => risksApi.overview(slug));
  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    setSearch(next);
  };
  return (
    <>
      <PageHeader title="Risks" org={membership.name}>
        {can(membership, 'risks.create') && (
          <Link className="button primary" href={sectionHref(slug, 'risks', 'new')}>
            New risk
          </Link>
        )}
        <Link className="button" href={sectionHref(slug, 'risks', 'criteria')}>
          Risk criteria
        </Link>
        <a className="button small" href={risksApi.exportHref(slug, 'xlsx')} download>
          Export XLSX
        </a>
        <a className="button small" href={risksApi.exportHref(slug, 'pdf')} download>
          Export PDF
        </a>
        <a className="button small" href={risksApi.exportHref(slug, 'csv')} download>
          Export CSV
        </a>
        {can(membership, 'risks.import') && (
          <Link className="button small" href={sectionHref(slug, 'risks', 'import')}>
            Import from a file
          </Link>
        )}
      </PageHeader>
      <p className="intro">
        The AI risk register: each risk assessed before and after treatment on the
        organization&apos;s criteria, with its treatment and, above the acceptance level, a sign-off
        by someone other than its owner.{' '}
        <span className="clause">ISO/IEC 42001: 6.1.2, 6.1.3, 8.2, 8.3</span>
      </p>
      <div className="two-columns heat-and-attention">
        <RiskHeatmap slug={slug} refresh={0} />
        <section className="panel" aria-labelledby="overview-title">
          <h2 id="overview-title">Needs attention</h2>
          {!overview.data ? (
            <p className="muted">{overview.error ?? 'Loading…'}</p>
          ) : (
            <>
              <h3>Highest residual risks</h3>
              {overview.data.top.length === 0 ? (
                <p className="muted">No assessed risks yet.</p>
              ) : (
                <ol className="plain-list">
                  {overview.data.top.map((r) => (
                    <li key={r.id}>
                      <Link href={sectionHref(slug, 'risks', r.ref ?? r.id)}>{r.title}</Link>{' '}
                      <LevelBadge
                        level={r.residualLevel ?? r.inherentLevel}
                        criteria={criteria.data}
                      />
                    </li>
                  ))}
                </ol>
              )}
              <h3>Falling due</h3>
              {overview.data.reviewsDue.length +
                overview.data.acceptancesDue.length +
                overview.data.overdueTreatments.length +
                overview.data.reassessmentsDue.length ===
              0 ? (
                <p className="muted">Nothing is overdue.</p>
              ) : (
                <ul className="plain-list">
                  {overview.data.reviewsDue.map((r) => (
                    <li key={`r${r.id}`} className="warning-text">
                      Review due:{' '}
                      <Link href={sectionHref(slug, 'risks', r.ref ?? r.id)}>{r.title}</Link>
                    </li>
                  ))}
                  {overview.data.acceptancesDue.map((r) => (
                    <li key={`a${r.id}`} className="warning-text">
                      {ACCEPTANCE_WORD[r.acceptance.state]}:{' '}
                      <Link href={sectionHref(slug, 'risks', r.ref ?? r.id)}>{r.title}</Link>
                    </li>
                  ))}
                  {overview.data.overdueTreatments.map((t) => (
                    <li key={`t${t.id}`} className="warning-text">
                      Treatment overdue:{' '}
                      <Link href={sectionHref(slug, 'risks', t.riskId)}>{t.title}</Link>
                    </li>
                  ))}
                  {overview.data.reassessmentsDue.map((a) => (
                    <li key={`i${a.id}`} className="warning-text">
                      Impact re-assessment due:{' '}
                      <Link href={sectionHref(slug, 'impact', a.id)}>{a.title}</Link>
                      {overview.data!.names[a.aiSystemId]
                        ? ` (${overview.data!.names[a.aiSystemId]})`
                        : ''}
                      <span className="muted"> {a.dueReasons.join(' ')}</span>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </section>
      </div>
      <ListToolbar
        noun="risks"
        one="risk"
        searchLabel="Search title or id (R-0042)"
        count={list.items ? list.items.length : null}
        more={list.more}
        filters={[
          {
            name: 'awaiting',
            label: 'Acceptance',
            any: 'Anyone’s',
            options: [{ value: 'me', label: 'Awaiting my acceptance' }],
          },
          {
            name: 'status',
            label: 'Status',
            options: RISK_STATUSES.map((v) => ({ value: v, label: humanize(v) })),
          },
          {
            name: 'residualLevel',
            label: 'Residual level',
            options: (criteria.data?.levels ?? []).map((l) => ({ value: l.key, label: l.label })),
          },
        ]}
        sorts={RISK_SORTS}
      >
        <RecordPicker
          org={slug}
          type="ai_systems"
          label="AI system"
          name="risk-system"
          placeholder="Any; type to choose one"
          defaultValue={params.get('aiSystemId') ? [params.get('aiSystemId')!] : []}
          names={Object.fromEntries(list.names)}
          onChange={(ids) => setParam('aiSystemId', ids[0] ?? '')}
        />
      </ListToolbar>
      {cell && (
        <p className="alert alert-info" role="status">
          Showing the risks in the {cellKind} heat-map cell likelihood {cell.split('-')[0]} × impact{' '}
          {cell.split('-')[1]}.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              const next = new URLSearchParams(search);
              for (const k of ['inherentCell', 'residualCell', 'criteriaId']) next.delete(k);
              setSearch(next);
            }}
          >
            Show all cells
          </button>
        </p>
      )}
      {!list.items ? (
        <Loading
          what={list.error ? `The register could not be loaded: ${list.error}` : 'Loading…'}
        />
      ) : list.items.length === 0 ? (
        <p className="empty">No risks {search ? 'match' : 'recorded yet'}.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Risk</th>
                <th scope="col">Status</th>
                <th scope="col">Inherent</th>
                <th scope="col">Treatment</th>
                <th scope="col">Residual</th>
                <th scope="col">Acceptance</th>
                <th scope="col">Owner</th>
                <th scope="col">Review</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap">{r.ref ?? '—'}</td>
                  <th scope="row">
                    <Link href={sectionHref(slug, 'risks', r.ref ?? r.id)}>{r.title}</Link>
                  </th>
                  <td>{humanize(r.status)}</td>
                  <td>
                    <LevelBadge level={r.inherentLevel} criteria={scoredOn(r)} />
                    {r.inherentLevel && earlier(r)}
                  </td>
                  <td>{r.treatment ? humanize(r.treatment) : '—'}</td>
                  <td>
                    <LevelBadge level={r.residualLevel} criteria={scoredOn(r)} />
                    {r.residualLevel && earlier(r)}
                  </td>
                  <td>{ACCEPTANCE_WORD[r.acceptance.state]}</td>
                  <td>{memberOf(r.names, r.ownerMemberId)}</td>
                  <td className={r.reviewOverdue ? 'warning-text' : undefined}>
                    {r.reviewDate ? <DateOnly value={r.reviewDate} /> : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.items && list.items.length > 0 && <LoadMore list={list} one="risk" many="risks" />}
    </>
  );
}

const scaleOptions = (scale: { label: string }[] | undefined) => [
  { value: '', label: 'Not assessed' },
  ...(scale ?? []).map((s, i) => ({ value: String(i + 1), label: `${i + 1} · ${s.label}` })),
];
const num = (data: FormData, name: string) => {
  const v = textValue(data, name);
  return v === undefined ? null : Number(v);
};

const FIELDS = [
  'title',
  'description',
  'aiSystemIds',
  'lifecycleStage',
  'riskSources',
  'objectives',
  'ownerMemberId',
  'inherentLikelihood',
  'inherentImpact',
  'treatment',
  'controlIds',
  'residualLikelihood',
  'residualImpact',
  'reviewDate',
  'status',
] as const;

function RiskForm({
  slug,
  risk,
  submitLabel,
  onSaved,
}: {
  slug: string;
  risk: Risk | null;
  submitLabel: string;
  onSaved: (r: Risk) => void;
}) {
  const { session } = useSession();
  const criteria = useData(`${slug}|risk-criteria`, () => risksApi.criteria(slug));
  const annexC = useAnnexC();
  // A new risk is the caller's own until they choose another owner.
  const me = useData(risk ? null : `${slug}|me`, () =>
    lookupApi.search(slug, 'members', session.user.email, 5),
  ).data?.items.find((m) => m.detail === session.user.email);
  // "New risk for this system" arrives with the system chosen.
  const preset = new URLSearchParams(useSearch()).get('aiSystemId');
  const sub = useSubmission(FIELDS, async (data) => {
    const body: RiskInput = {
      title: textValue(data, 'title') ?? '',
      description: textValue(data, 'description') ?? null,
      aiSystemIds: data.getAll('aiSystemIds').map(String),
      lifecycleStage: textValue(data, 'lifecycleStage') ?? null,
      riskSources: data.getAll('riskSources').map(String),
      objectives: data.getAll('objectives').map(String),
      ownerMemberId: textValue(data, 'ownerMemberId') ?? null,
      inherentLikelihood: num(data, 'inherentLikelihood'),
      inherentImpact: num(data, 'inherentImpact'),
      treatment: textValue(data, 'treatment') ?? null,
      controlIds: data.getAll('controlIds').map(String),
      residualLikelihood: num(data, 'residualLikelihood'),
      residualImpact: num(data, 'residualImpact'),
      reviewDate: textValue(data, 'reviewDate') ?? null,
    };
    if (!risk && !(await guard.check(body.title ?? ''))) return;
    const saved = risk
      ? await risksApi.update(slug, risk, body)
      : await risksApi.create(slug, body);
    onSaved(saved);
  });
  const guard = useNameGuard({
    slug,
    kind: 'risks',
    what: 'risk',
    href: (id) => sectionHref(slug, 'risks', id),
    formRef: sub.formRef,
  });
  if (!criteria.data || (!risk && me === undefined && !criteria.error))
    return <Loading what={criteria.error ?? 'Loading the risk criteria…'} />;
  const c = criteria.data;
  return (
    <form
      ref={sub.formRef}
      onSubmit={sub.onSubmit}
      aria-label={risk ? 'Edit the risk' : 'New risk'}
      noValidate
      className="record-form"
    >
      <TextField
        label="Title"
        name="title"
        required
        defaultValue={risk?.title ?? ''}
        error={sub.fieldErrors.title}
      />
      <TextAreaField
        label="Description"
        name="description"
        rows={3}
        defaultValue={risk?.description ?? ''}
        error={sub.fieldErrors.description}
      />
      <RecordPicker
        org={slug}
        type="members"
        label="Owner"
        name="ownerMemberId"
        defaultValue={risk ? (risk.ownerMemberId ? [risk.ownerMemberId] : []) : me ? [me.id] : []}
        names={risk ? risk.names : me ? { [me.id]: me.name } : {}}
        hint="Nobody yet when left empty."
        error={sub.fieldErrors.ownerMemberId}
      />
      <RecordPicker
        org={slug}
        type="ai_systems"
        label="AI systems"
        name="aiSystemIds"
        multiple
        defaultValue={risk?.aiSystemIds ?? (preset ? [preset] : [])}
        names={risk?.names}
        hint="Type part of a system's name."
        error={sub.fieldErrors.aiSystemIds}
      />
      <SelectField
        label="Life cycle stage"
        name="lifecycleStage"
        optional
        defaultValue={risk?.lifecycleStage ?? ''}
        options={[
          { value: '', label: 'Any stage' },
          ...STAGES.map((s) => ({ value: s, label: humanize(s) })),
        ]}
        error={sub.fieldErrors.lifecycleStage}
      />
      <CheckboxGroup
        label="Risk sources (Annex C.3)"
        name="riskSources"
        options={Object.entries(annexC.riskSources).map(([value, l]) => ({
          value,
          label: `${value} ${l}`,
        }))}
        defaultValue={risk?.riskSources ?? []}
        error={sub.fieldErrors.riskSources}
      />
      <CheckboxGroup
        label="Objectives affected (Annex C.2)"
        name="objectives"
        options={Object.entries(annexC.objectives).map(([value, l]) => ({
          value,
          label: `${value} ${l}`,
        }))}
        defaultValue={risk?.objectives ?? []}
        error={sub.fieldErrors.objectives}
      />
      <ScoredFieldset
        legend="Before treatment"
        prefix="inherent"
        criteria={c}
        initial={[risk?.inherentLikelihood ?? null, risk?.inherentImpact ?? null]}
      >
        <div className="form-grid">
          <SelectField
            label="Inherent likelihood"
            name="inherentLikelihood"
            optional
            defaultValue={String(risk?.inherentLikelihood ?? '')}
            options={scaleOptions(c.likelihood)}
            error={sub.fieldErrors.inherentLikelihood}
          />
          <SelectField
            label="Inherent impact"
            name="inherentImpact"
            optional
            defaultValue={String(risk?.inherentImpact ?? '')}
            options={scaleOptions(c.impact)}
            error={sub.fieldErrors.inherentImpact}
          />
        </div>
      </ScoredFieldset>
      <SelectField
        label="Treatment"
        name="treatment"
        optional
        defaultValue={risk?.treatment ?? ''}
        options={[
          { value: '', label: 'Not decided' },
          ...TREATMENTS.map((t) => ({ value: t, label: humanize(t) })),
        ]}
        error={sub.fieldErrors.treatment}
      />
      <RecordPicker
        org={slug}
        type="controls"
        label="Controls that treat it (Annex A)"
        name="controlIds"
        multiple
        defaultValue={risk?.controlIds ?? []}
        names={risk?.names}
        error={sub.fieldErrors.controlIds}
      />
      <ScoredFieldset
        legend="After treatment"
        prefix="residual"
        criteria={c}
        initial={[risk?.residualLikelihood ?? null, risk?.residualImpact ?? null]}
      >
        <div className="form-grid">
          <SelectField
            label="Residual likelihood"
            name="residualLikelihood"
            optional
            defaultValue={String(risk?.residualLikelihood ?? '')}
            options={scaleOptions(c.likelihood)}
            error={sub.fieldErrors.residualLikelihood}
          />
          <SelectField
            label="Residual impact"
            name="residualImpact"
            optional
            defaultValue={String(risk?.residualImpact ?? '')}
            options={scaleOptions(c.impact)}
            error={sub.fieldErrors.residualImpact}
          />
        </div>
      </ScoredFieldset>
      <TextField
        label="Next review"
        name="reviewDate"
        type="date"
        defaultValue={risk?.reviewDate ?? ''}
        error={sub.fieldErrors.reviewDate}
      />
      <p className="hint">
        The levels follow from the scores and the criteria in force; aims works them out when the
        risk is saved.
      </p>
      <Alert>{sub.formError}</Alert>
      {guard.warning}
      <button type="submit" className="button primary" disabled={sub.busy}>
        {submitLabel}
      </button>
    </form>
  );
}

function NewRiskPage({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  return (
    <>
      <Breadcrumbs items={[{ href: orgHref(slug, 'risks'), label: 'Risks' }]} />
      <PageHeader title="New risk" org={membership.name} />
      <RiskForm
        slug={slug}
        risk={null}
        submitLabel="Record the risk"
        onSaved={(r) => navigate(sectionHref(slug, 'risks', r.id))}
      />
    </>
  );
}

function RiskPage({ membership, id }: { membership: Membership; id: string }) {
  const slug = membership.slug;
  const [refresh, setRefresh] = useState(0);
  const risk = useData(`${slug}|risk|${id}`, () => risksApi.get(slug, id), refresh);
  const criteria = useData(`${slug}|risk-criteria`, () => risksApi.criteria(slug));
  // A risk scored on earlier criteria is shown with the scales and levels it was scored on.
  const scoredOnId =
    risk.data?.criteriaId && criteria.data && risk.data.criteriaId !== criteria.data.id
      ? risk.data.criteriaId
      : null;
  const scoredOn = useData(scoredOnId ? `${slug}|risk-criteria|${scoredOnId}` : null, () =>
    risksApi.criteriaVersion(slug, scoredOnId!),
  );
  const annexC = useAnnexC();
  const [editing, setEditing] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const crumbs = <Breadcrumbs items={[{ href: orgHref(slug, 'risks'), label: 'Risks' }]} />;
  if (!risk.data) {
    return (
      <>
        {crumbs}
        {risk.status === 404 && <PageHeader title="Risk not found" org={membership.name} />}
        <Loading what={risk.error ? `The risk could not be loaded: ${risk.error}` : 'Loading…'} />
      </>
    );
  }
  const r = risk.data;
  const c = scoredOnId ? (scoredOn.data ?? null) : criteria.data;
  const scoreText = (l: number | null, i: number | null) =>
    l && i
      ? `likelihood ${l} (${c?.likelihood[l - 1]?.label ?? '?'}) × impact ${i} (${c?.impact[i - 1]?.label ?? '?'})`
      : 'not assessed';
  return (
    <>
      {crumbs}
      <PageHeader title={r.ref ? `${r.ref}: ${r.title}` : r.title} org={membership.name}>
        {r.abilities.edit && !editing && (
          <button type="button" className="button" onClick={() => setEditing(true)}>
            Edit or re-assess
          </button>
        )}
      </PageHeader>
      <Alert tone="success">{done}</Alert>
      {scoredOnId && scoredOn.data && criteria.data && (
        <p className="alert alert-info" role="note">
          Scored on criteria version {scoredOn.data.number}; version {criteria.data.number} is in
          force now. Its levels below are those of version {scoredOn.data.number} until the risk is
          re-assessed.
        </p>
      )}
      {editing ? (
        <Section id="edit" title="Edit or re-assess">
          <RiskForm
            slug={slug}
            risk={r}
            submitLabel="Save the risk"
            onSaved={(saved) => {
              risk.set(saved);
              setEditing(false);
              setDone('The risk is saved.');
            }}
          />
          <button type="button" className="button" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </Section>
      ) : (
        <dl className="policy-meta risk-summary" aria-label="Assessment">
          <dt>Status</dt>
          <dd>{humanize(r.status)}</dd>
          <dt>AI systems</dt>
          <dd className="inline-list">
            {r.aiSystemIds.length === 0
              ? 'none named'
              : r.aiSystemIds.map((sid, i) => (
                  <span key={sid}>
                    {i > 0 && ', '}
                    <Link href={sectionHref(slug, 'systems', sid)}>
                      {r.names[sid] ?? 'an AI system no longer registered'}
                    </Link>
                  </span>
                ))}
          </dd>
          <dt>Owner</dt>
          <dd>{memberOf(r.names, r.ownerMemberId)}</dd>
          <dt>Inherent level</dt>
          <dd>
            <LevelBadge level={r.inherentLevel} criteria={c} />{' '}
            <span className="muted">{scoreText(r.inherentLikelihood, r.inherentImpact)}</span>
          </dd>
          <dt>Treatment</dt>
          <dd>{r.treatment ? humanize(r.treatment) : 'not decided'}</dd>
          <dt>Residual level</dt>
          <dd>
            <LevelBadge level={r.residualLevel} criteria={c} />{' '}
            <span className="muted">{scoreText(r.residualLikelihood, r.residualImpact)}</span>
          </dd>
          <dt>Acceptance</dt>
          <dd>
            {ACCEPTANCE_WORD[r.acceptance.state]}
            {r.acceptance.state === 'valid' && r.acceptance.expiresOn && (
              <>
                {' '}
                by {memberOf(r.names, r.acceptance.acceptedByMemberId)} until{' '}
                <DateOnly value={r.acceptance.expiresOn} />
              </>
            )}
          </dd>
          <dt>Controls</dt>
          <dd className="inline-list">
            {r.controlIds.length === 0
              ? '—'
              : r.controlIds.map((cid, i) => (
                  <span key={cid}>
                    {i > 0 && ', '}
                    <Link href={sectionHref(slug, 'controls', cid)}>{cid}</Link>
                  </span>
                ))}
          </dd>
          <dt>Risk sources</dt>
          <dd>
            {r.riskSources.map((s) => `${s} ${annexC.riskSources[s] ?? ''}`).join('; ') || '—'}
          </dd>
          <dt>Objectives</dt>
          <dd>{r.objectives.map((s) => `${s} ${annexC.objectives[s] ?? ''}`).join('; ') || '—'}</dd>
          <dt>Next review</dt>
          <dd className={r.reviewOverdue ? 'warning-text' : undefined}>
            {r.reviewDate ? <DateOnly value={r.reviewDate} /> : '—'}
          </dd>
          {r.description && (
            <>
              <dt>Description</dt>
              <dd className="prewrap">{r.description}</dd>
            </>
          )}
        </dl>
      )}
      <Treatments membership={membership} risk={r} onChange={() => setRefresh((n) => n + 1)} />
      {r.abilities.accept ? (
        <AcceptanceForm
          slug={slug}
          risk={r}
          onAccepted={(saved) => {
            risk.set(saved);
            setDone('The residual risk is accepted.');
            setRefresh((n) => n + 1);
          }}
        />
      ) : (
        (r.acceptance.state === 'needed' || r.acceptance.state === 'expired') &&
        can(membership, 'risks.accept') && (
          <Section id="acceptance" title="Accept the residual risk">
            <p className="hint">
              A manager or owner other than the risk&apos;s owner signs off on the residual risk.
            </p>
          </Section>
        )
      )}
      <AttachEvidence membership={membership} targetType="risk" targetId={r.id} />
    </>
  );
}

function Treatments({
  membership,
  risk,
  onChange,
}: {
  membership: Membership;
  risk: Risk;
  onChange: () => void;
}) {
  const slug = membership.slug;
  const [refresh, setRefresh] = useState(0);
  const list = useData(
    `${slug}|treatments|${risk.id}`,
    () => risksApi.treatments(slug, risk.id),
    refresh,
  );
  const [error, setError] = useState<string | null>(null);
  const sub = useSubmission(['title', 'ownerMemberId', 'dueDate'], async (data, form) => {
    await risksApi.addTreatment(slug, risk.id, {
      title: textValue(data, 'title') ?? '',
      ownerMemberId: textValue(data, 'ownerMemberId') ?? null,
      dueDate: textValue(data, 'dueDate') ?? null,
    });
    form.reset();
    setRefresh((n) => n + 1);
    // The risk's status follows its actions.
    onChange();
  });
  const setStatus = async (t: Treatment, status: string) => {
    setError(null);
    try {
      await risksApi.updateTreatment(slug, t, { status });
      setRefresh((n) => n + 1);
      onChange();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <Section id="treatments" title="Treatment actions">
      {!list.data ? (
        <Loading what={list.error ?? 'Loading…'} />
      ) : list.data.items.length === 0 ? (
        <p>No actions yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Owner</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((t) => (
                <tr key={t.id}>
                  <th scope="row">{t.title}</th>
                  <td>{memberOf(t.names, t.ownerMemberId)}</td>
                  <td className={t.overdue ? 'warning-text' : undefined}>
                    {t.dueDate ? <DateOnly value={t.dueDate} /> : '—'}
                    {t.overdue && ' (overdue)'}
                  </td>
                  <td>
                    {risk.abilities.edit ? (
                      <select
                        aria-label={`Status of ${t.title}`}
                        value={t.status}
                        onChange={(e) => void setStatus(t, e.target.value)}
                      >
                        {TREATMENT_STATUSES.map((s) => (
                          <option key={s} value={s}>
                            {humanize(s)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      humanize(t.status)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Alert>{error}</Alert>
      {risk.abilities.edit && (
        <form
          ref={sub.formRef}
          onSubmit={sub.onSubmit}
          aria-label="Add a treatment action"
          noValidate
          className="inline-form"
        >
          <TextField label="Action" name="title" required error={sub.fieldErrors.title} />
          <RecordPicker
            org={slug}
            type="members"
            label="Owner"
            name="ownerMemberId"
            hint="Nobody yet when left empty."
            error={sub.fieldErrors.ownerMemberId}
          />
          <TextField label="Due" name="dueDate" type="date" error={sub.fieldErrors.dueDate} />
          <Alert>{sub.formError}</Alert>
          <button type="submit" className="button" disabled={sub.busy}>
            Add the action
          </button>
        </form>
      )}
    </Section>
  );
}

function AcceptanceForm({
  slug,
  risk,
  onAccepted,
}: {
  slug: string;
  risk: Risk;
  onAccepted: (r: Risk) => void;
}) {
  const sub = useSubmission(['justification', 'expiresOn'], async (data) => {
    const saved = await risksApi.accept(slug, risk, {
      justification: String(data.get('justification') ?? '').trim(),
      expiresOn: textValue(data, 'expiresOn') ?? '',
    });
    onAccepted(saved);
  });
  return (
    <Section
      id="acceptance"
      title="Accept the residual risk"
      intro="Above the acceptance level, a manager or owner other than the risk's owner signs off on the residual risk, for a limited time."
    >
      <form
        ref={sub.formRef}
        onSubmit={sub.onSubmit}
        aria-label="Accept the residual risk"
        noValidate
        className="record-form"
      >
        <TextAreaField
          label="Why it is acceptable"
          name="justification"
          required
          rows={3}
          error={sub.fieldErrors.justification}
        />
        <TextField
          label="Accepted until"
          name="expiresOn"
          type="date"
          required
          defaultValue={dayFromNow(365)}
          error={sub.fieldErrors.expiresOn}
        />
        <Alert>{sub.formError}</Alert>
        <button type="submit" className="button primary" disabled={sub.busy}>
          Accept the risk
        </button>
      </form>
    </Section>
  );
}
