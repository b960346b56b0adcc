// One AI system: its details, its life cycle (stage, moves and their reasons), its components
// (model versions, datasets, resources), who is accountable for it, and its history.
import { useState } from 'react';
import { ability } from '../registers/abilities';
import { can, type Membership } from '../../api';
import { Alert } from '../../components/form';
import { Badge, Breadcrumbs, Loading, PageHeader, Section, When } from '../../components/page';
import { useData } from '../../lib/data';
import { actorName, humanize, inSentence, plural } from '../../lib/format';
import { type Catalog, type RecordData, type RegisterMeta } from '../../lib/lookups';
import { Link, sectionHref } from '../../router';
import { peopleApi } from '../registers/api';
import { FieldList, STAGE_TONE } from '../registers/field-value';
import { HistoryPanel } from '../registers/history';
import { recordHref, registerHref } from '../registers/links';
import { RecordForm } from '../registers/record-form';
import { NotFound, useRecord } from '../registers/record-page';
import { RecordTable, useRecords } from '../registers/record-table';
import { lifecycleApi, nextStages, STAGES, type Transition } from './api';
import { MoveForm } from './move-form';
import { GatePanel } from '../gates/gate-panel';
import { AiActPanel } from '../aiact/ai-act-panel';
import { SystemImpactPanel } from '../impact/system-impact-panel';
import { SystemRisksPanel } from '../risks/system-risks-panel';
import { SystemDpiaPanel } from '../dpia/system-dpia-panel';
import { AssignmentsPanel } from '../access/assignments-panel';

const COMPONENTS = ['ai_models', 'datasets', 'ai_resources'] as const;

function StageSteps({ current, visited }: { current: string; visited: Set<string> }) {
  return (
    <ol className="stages" aria-label="Life cycle stages">
      {STAGES.map((s, i) => {
        const state = s === current ? 'current' : visited.has(s) ? 'visited' : 'ahead';
        return (
          <li
            key={s}
            className={`stage stage-${state}`}
            aria-current={s === current ? 'step' : undefined}
          >
            <span className="stage-number" aria-hidden="true">
              {state === 'visited' ? '✓' : i + 1}
            </span>
            <span className="stage-name">{humanize(s)}</span>
            {state === 'visited' && <span className="visually-hidden"> (was in this stage)</span>}
          </li>
        );
      })}
    </ol>
  );
}

function Timeline({ items, emails }: { items: Transition[]; emails: Map<string, string> }) {
  return (
    <ol className="timeline" aria-label="Transitions">
      {[...items].reverse().map((t) => (
        <li key={t.id}>
          <p className="timeline-title">
            {t.fromStage ? (
              <>
                {humanize(t.fromStage)} <span aria-label="to">→</span>{' '}
                <strong>{humanize(t.toStage)}</strong>
              </>
            ) : (
              <>
                Registered in <strong>{humanize(t.toStage)}</strong>
              </>
            )}
          </p>
          {t.reason && !(t.fromStage === null && t.reason === 'Registered') && (
            <p className="timeline-reason">{t.reason}</p>
          )}
          <p className="timeline-meta">
            <When at={t.at} /> · {actorName(t.actor, emails)}
          </p>
        </li>
      ))}
    </ol>
  );
}

function ComponentList({
  membership,
  reg,
  catalog,
  system,
}: {
  membership: Membership;
  reg: RegisterMeta;
  catalog: Catalog;
  system: RecordData;
}) {
  const slug = membership.slug;
  const records = useRecords(slug, reg, { aiSystemId: system.id }, 100);
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const headingId = `component-${reg.key}`;
  return (
    <section className="component" aria-labelledby={headingId}>
      <div className="component-head">
        <h3 id={headingId}>{reg.title}</h3>
        {can(membership, `${reg.key}.create`) && !adding && (
          <button
            type="button"
            className="button small"
            onClick={() => {
              setMessage(null);
              setAdding(true);
            }}
          >
            Add {reg.singular}
          </button>
        )}
      </div>
      {message && <Alert tone="success">{message}</Alert>}
      {adding && (
        <div className="subform">
          <RecordForm
            slug={slug}
            reg={reg}
            catalog={catalog}
            fixed={{ aiSystemId: system.id }}
            label={`New ${reg.singular}`}
            submitLabel={`Add ${reg.singular}`}
            onSaved={(r) => {
              setAdding(false);
              setMessage(`Added ${String(r[reg.titleField] ?? reg.singular)}.`);
            }}
            onCancel={() => setAdding(false)}
          />
        </div>
      )}
      <Alert>{records.error}</Alert>
      {records.loaded && records.items.length === 0 && !adding && (
        <p className="muted">None recorded.</p>
      )}
      {records.items.length > 0 && (
        <RecordTable
          slug={slug}
          reg={reg}
          catalog={catalog}
          items={records.items}
          caption={`${reg.title} of ${String(system.name)}`}
          hide={['aiSystemId']}
        />
      )}
      {records.more && (
        <p className="muted">
          More are listed in{' '}
          <Link href={`${registerHref(slug, reg)}?aiSystemId=${encodeURIComponent(system.id)}`}>
            {inSentence(reg.title)}
          </Link>
          .
        </p>
      )}
    </section>
  );
}

const RACI = [
  ['accountable', 'Accountable'],
  ['responsible', 'Responsible'],
  ['consulted', 'Consulted'],
  ['informed', 'Informed'],
] as const;

function AccountabilityPanel({
  membership,
  system,
}: {
  membership: Membership;
  system: RecordData;
}) {
  const slug = membership.slug;
  const who = useData(`${slug}|raci|${system.id}`, () =>
    peopleApi.accountability(slug, 'ai_system', system.id),
  );
  return (
    <Section
      id="accountability"
      title="Who is accountable"
      intro={<p>Responsibilities recorded for this system, by RACI role.</p>}
    >
      <Alert>{who.error}</Alert>
      {who.data && (
        <dl className="raci">
          {RACI.map(([k, label]) => (
            <div key={k}>
              <dt>{label}</dt>
              <dd>
                {who.data![k].length === 0 ? (
                  <span className="muted">Nobody yet</span>
                ) : (
                  <ul className="plain-list">
                    {who.data![k].map((p) => (
                      <li key={p.memberId}>
                        {p.email}
                        {p.note && <span className="muted"> — {p.note}</span>}
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {can(membership, 'responsibilities.create') && (
        <p>
          <Link
            href={`${sectionHref(slug, 'registers', 'responsibilities', 'new')}?subjectType=ai_system&subjectId=${encodeURIComponent(system.id)}`}
          >
            Assign a responsibility for this system
          </Link>
        </p>
      )}
    </Section>
  );
}

export function SystemPage({
  membership,
  reg,
  catalog,
  id,
}: {
  membership: Membership;
  reg: RegisterMeta;
  catalog: Catalog;
  id: string;
}) {
  const slug = membership.slug;
  const system = useRecord(slug, reg, id);
  const transitions = useData(`${slug}|transitions|${id}`, () =>
    lifecycleApi.transitions(slug, id),
  );
  const [moved, setMoved] = useState<string | null>(null);

  if (system.error && !system.data) {
    return system.status === 404 ? (
      <NotFound
        what="AI system"
        back={{ href: registerHref(slug, reg), label: 'Back to AI systems' }}
      />
    ) : (
      <Alert>{system.error}</Alert>
    );
  }
  if (!system.data) return <Loading />;
  const s = system.data;
  const stage = String(s.lifecycleStage);
  const items = transitions.data?.items ?? [];
  const visited = new Set(items.map((t) => t.toStage));
  const retired = stage === 'retirement';

  return (
    <>
      <Breadcrumbs items={[{ href: registerHref(slug, reg), label: 'AI systems' }]} />
      <PageHeader title={String(s.name || 'Unnamed AI system')} org={membership.name}>
        {ability(s, 'edit') && (
          <Link className="button" href={recordHref(slug, reg, s.id, 'edit')}>
            Edit
          </Link>
        )}
        <a
          className="button"
          href={`/api/v1/orgs/${encodeURIComponent(slug)}/ai-systems/${encodeURIComponent(s.id)}/cyclonedx`}
          download
        >
          Export as CycloneDX
        </a>
        <a
          className="button"
          href={`/api/v1/orgs/${encodeURIComponent(slug)}/oscal/component-definition/${encodeURIComponent(s.id)}`}
          download
        >
          Export as OSCAL
        </a>
      </PageHeader>
      <p className="intro system-summary">
        <span>
          Stage: <Badge tone={STAGE_TONE[stage] ?? 'neutral'}>{humanize(stage)}</Badge>
        </span>
        {s.euAiActTier ? <span>EU AI Act: {humanize(String(s.euAiActTier))}</span> : null}
        <span className="clause">ISO/IEC 42001: {reg.clauses}</span>
      </p>

      <Section id="lifecycle" title="Life cycle">
        <StageSteps current={stage} visited={visited} />
        {moved && <Alert tone="success">{moved}</Alert>}
        {retired && (
          <p className="muted">
            This system is retired. It stays in the inventory with its history; a retired system
            does not move again.
          </p>
        )}
        {nextStages(s).length > 0 && (
          <MoveForm
            key={s.version}
            membership={membership}
            system={s}
            onMoved={(next, message) => {
              system.set(next);
              setMoved(message);
              void transitions.reload();
            }}
          />
        )}
        <h3>Transitions</h3>
        <Alert>{transitions.error}</Alert>
        {transitions.data && items.length === 0 && (
          <p className="muted">No transitions recorded.</p>
        )}
        {items.length > 0 && (
          <Timeline items={items} emails={new Map(Object.entries(transitions.data?.names ?? {}))} />
        )}
        {transitions.data && (
          <p className="muted">{plural(items.length, 'recorded step')}, newest first.</p>
        )}
      </Section>

      <Section
        id="components"
        title="Components"
        intro={
          <p>The model versions, datasets and resources this system is built from and runs on.</p>
        }
      >
        {COMPONENTS.map((key) => {
          const r = catalog.byKey.get(key);
          return r ? (
            <ComponentList key={key} membership={membership} reg={r} catalog={catalog} system={s} />
          ) : null;
        })}
      </Section>

      <GatePanel membership={membership} system={s} />

      <AccountabilityPanel membership={membership} system={s} />
      <AssignmentsPanel membership={membership} systemId={s.id} />

      <AiActPanel membership={membership} system={s} />

      <SystemRisksPanel membership={membership} system={s} />
      <SystemImpactPanel membership={membership} system={s} />
      <SystemDpiaPanel membership={membership} system={s} />

      <Section id="details" title="Details">
        <FieldList
          slug={slug}
          reg={reg}
          record={s}
          catalog={catalog}
          skip={['name', 'lifecycleStage']}
        />
      </Section>

      <HistoryPanel slug={slug} entity={reg.key} id={s.id} fields={reg.fields} />
    </>
  );
}
