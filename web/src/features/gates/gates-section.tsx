// Life cycle gates (8.1, A.6.2): what an AI system's records must show before it moves into each
// stage. The criteria are versioned; managers and owners adopt a new version, enforced (a failing
// gate refuses the move unless overridden with a justification) or advisory.
import { useState } from 'react';
import type { Membership } from '../../api';
import { Alert } from '../../components/form';
import { Badge, Loading, PageHeader, When } from '../../components/page';
import { useData } from '../../lib/data';
import { humanize } from '../../lib/format';
import { STAGES } from '../ai-systems/api';
import { gatesApi, type GateCriteria } from './api';
import { describeCheck } from './gates-draft';
import { GatesEditor } from './gates-editor';
import { CriteriaVersions, OverrideList } from './gates-history';
import './gates.css';

function StateLine({ c }: { c: GateCriteria }) {
  if (c.status === 'proposed')
    return (
      <p>
        <Badge tone="warning">proposed</Badge> The organization has not adopted gate criteria yet.
        These are the ones aims proposes: every AI system page shows its gates against them, but no
        move is refused until a version is adopted and enforced.
      </p>
    );
  return (
    <p>
      <Badge tone={c.enforced ? 'success' : 'info'}>{c.enforced ? 'enforced' : 'advisory'}</Badge>{' '}
      Version {c.number} is in force
      {c.createdAt && (
        <>
          {' '}
          since <When at={c.createdAt} />
        </>
      )}
      .{' '}
      {c.enforced
        ? 'A move into a stage whose gate fails is refused; a manager or owner may still make it with a written justification, which is kept.'
        : 'Gates are shown on each AI system page, but no move is refused.'}
    </p>
  );
}

function GateTables({ c }: { c: GateCriteria }) {
  const open = STAGES.filter((s) => !c.gates.some((g) => g.stage === s && g.criteria.length));
  return (
    <>
      {STAGES.map((stage) => {
        const gate = c.gates.find((g) => g.stage === stage);
        if (!gate || gate.criteria.length === 0) return null;
        return (
          <div key={stage} className="table-wrap">
            <table aria-label={`Gate into ${humanize(stage)}`}>
              <caption>Into {humanize(stage)}</caption>
              <thead>
                <tr>
                  <th scope="col">Criterion</th>
                  <th scope="col">Requirement</th>
                  <th scope="col">Met when</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {gate.criteria.map((x) => (
                  <tr key={x.id}>
                    <th scope="row">{x.title}</th>
                    <td>
                      <span className="clause">{x.control}</span>
                    </td>
                    <td>{describeCheck(x.check)}</td>
                    <td>{x.why ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
      {open.length > 0 && (
        <p className="muted">
          No criteria, so nothing is required, for a move into:{' '}
          {open.map((s) => humanize(s)).join(', ')}.
        </p>
      )}
    </>
  );
}

export function GatesSection({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const criteria = useData(`${slug}|gate-criteria`, () => gatesApi.criteria(slug));
  const [editing, setEditing] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const c = criteria.data;
  return (
    <>
      <PageHeader title="Life cycle gates" org={membership.name}>
        {c?.abilities.update && !editing && (
          <button
            type="button"
            className="button primary"
            onClick={() => {
              setDone(null);
              setEditing(true);
            }}
          >
            {c.status === 'proposed' ? 'Adopt gate criteria' : 'Change the criteria'}
          </button>
        )}
      </PageHeader>
      <p className="intro">
        What the records of an AI system must show before it moves into a stage of its life cycle.
        Each AI system page shows every criterion of its next gate as met or not, and why.{' '}
        <span className="clause">ISO/IEC 42001: 8.1, A.6.2</span>
      </p>
      {!c ? (
        <Loading what={criteria.error ?? 'Loading the gate criteria…'} />
      ) : (
        <>
          <Alert tone="success">{done}</Alert>
          <StateLine c={c} />
          {editing && c.abilities.update ? (
            <>
              <h2>{c.status === 'proposed' ? 'Adopt gate criteria' : 'Change the criteria'}</h2>
              <p className="hint">
                Start from the criteria shown, change what the organization needs, and save: they
                are put in force as a new version. Earlier versions stay readable below.
              </p>
              <GatesEditor
                key={`${c.id}:${c.number}`}
                slug={slug}
                criteria={c}
                onSaved={(saved) => {
                  criteria.set(saved);
                  setEditing(false);
                  setDone(
                    `Gate criteria version ${saved.number} is in force${saved.enforced ? ' and enforced' : ', advisory'}.`,
                  );
                }}
                onCancel={() => setEditing(false)}
              />
            </>
          ) : (
            <>
              <h2>{c.status === 'proposed' ? 'Proposed criteria' : 'Criteria in force'}</h2>
              <GateTables c={c} />
            </>
          )}
          <h2>Versions</h2>
          <CriteriaVersions slug={slug} refresh={c.number} />
          <h2>Moves made past a failed gate</h2>
          <OverrideList slug={slug} />
        </>
      )}
    </>
  );
}
