// The three lists of "Assessments due", each a register with the common toolbar: AI systems and
// their impact assessments (8.4), open risks and their assessments (8.2), assessed risks and their
// treatment (8.3). The server computes every state, filters, sorts and pages; without a sort,
// what is behind comes first. Owners and AI systems are named by the server beside their ids.
import { Badge, DateOnly } from '../../components/page';
import { RecordPicker } from '../../components/record-picker';
import { RecordList, useRecordPages } from '../../components/record-list';
import { Link, sectionHref } from '../../router';
import { operationsApi, type OperationState, type RiskOperation } from './api';

const STATE_WORD: Record<OperationState, string> = {
  done: 'Done',
  due: 'Due',
  overdue: 'Overdue',
  missing: 'Never done',
};
const STATE_TONE = {
  done: 'success',
  due: 'warning',
  overdue: 'danger',
  missing: 'danger',
} as const;
const PROGRESS_WORD: Record<RiskOperation['treatment']['progress'], string> = {
  not_chosen: 'No option chosen',
  planned: 'Chosen, not carried out',
  implemented: 'Carried out',
};

const STATE_FILTERS = [
  {
    name: 'status',
    label: 'State',
    options: (Object.keys(STATE_WORD) as OperationState[]).map((v) => ({
      value: v,
      label: STATE_WORD[v],
    })),
  },
  {
    name: 'owed',
    label: 'After a change',
    options: [
      { value: 'true', label: 'Owed after a change' },
      { value: 'false', label: 'Not owed' },
    ],
  },
];
const DATE_SORTS = [
  { value: 'status', label: 'State' },
  { value: 'lastAssessedOn', label: 'Last done' },
  { value: 'nextDueOn', label: 'Next due' },
];
const BEHIND_FIRST = 'What is behind first';

function State({ row }: { row: { status: OperationState; reassessmentOwed: boolean } }) {
  return (
    <>
      <Badge tone={STATE_TONE[row.status]}>{STATE_WORD[row.status]}</Badge>
      {row.reassessmentOwed && (
        <>
          {' '}
          <Badge tone="warning">Owed after a change</Badge>
        </>
      )}
    </>
  );
}

const Day = ({ value, none }: { value: string | null; none: string }) =>
  value ? <DateOnly value={value} /> : <>{none}</>;

const Reasons = ({ reasons }: { reasons: string[] }) =>
  reasons.length === 0 ? null : (
    <ul className="operation-reasons">
      {reasons.map((r) => (
        <li key={r}>{r}</li>
      ))}
    </ul>
  );

/** An owner by the name the server gave with the page. */
const ownerOf = (names: Map<string, string>, id: string | null) =>
  id ? (names.get(id) ?? 'a former member') : 'nobody';

export function SystemsList({ slug }: { slug: string }) {
  const list = useRecordPages(`${slug}|operations-systems`, ['q', 'status', 'owed', 'sort'], (f) =>
    operationsApi.systems(slug, f),
  );
  return (
    <RecordList
      list={list}
      noun="AI systems"
      one="AI system"
      searchLabel="Search AI system"
      filters={STATE_FILTERS}
      sorts={[{ value: 'name', label: 'AI system' }, ...DATE_SORTS]}
      unsorted={BEHIND_FIRST}
      none="No AI system in use: none waits for an impact assessment."
      noMatch="No AI system matches these filters."
    >
      {(items) => (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">AI systems and their impact assessments</caption>
            <thead>
              <tr>
                <th scope="col">AI system</th>
                <th scope="col">State</th>
                <th scope="col">Last approved</th>
                <th scope="col">Next due</th>
                <th scope="col">Owner</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => {
                const assessment = s.draftAssessmentId ?? s.assessmentId;
                return (
                  <tr key={s.aiSystemId}>
                    <th scope="row">
                      <Link href={sectionHref(slug, 'systems', s.aiSystemId)}>{s.name}</Link>
                      {assessment && (
                        <>
                          {' · '}
                          <Link href={sectionHref(slug, 'impact', assessment)}>
                            {s.draftAssessmentId ? 'draft re-assessment' : 'assessment'}
                          </Link>
                        </>
                      )}
                      <Reasons reasons={s.reasons} />
                    </th>
                    <td>
                      <State row={s} />
                    </td>
                    <td>
                      <Day value={s.lastAssessedOn} none="Never" />
                    </td>
                    <td>
                      <Day value={s.nextDueOn} none="Not planned" />
                    </td>
                    <td>{ownerOf(list.names, s.ownerMemberId)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </RecordList>
  );
}

/** The open risks: their assessment (8.2), or, with `treatment`, assessed risks' treatment (8.3). */
export function RisksList({ slug, treatment = false }: { slug: string; treatment?: boolean }) {
  const list = useRecordPages(
    `${slug}|operations-risks|${treatment ? 'treatment' : 'assessment'}`,
    ['q', 'status', 'owed', 'aiSystemId', 'progress', 'sort'],
    (f) => operationsApi.risks(slug, treatment ? { ...f, assessed: 'true' } : f),
  );
  const system = list.filter.aiSystemId ?? '';
  const systemName = list.names.get(system);
  return (
    <RecordList
      list={list}
      noun="risks"
      one="risk"
      searchLabel="Search risk"
      filters={
        treatment
          ? [
              {
                name: 'progress',
                label: 'Treatment',
                options: (
                  Object.keys(PROGRESS_WORD) as RiskOperation['treatment']['progress'][]
                ).map((v) => ({ value: v, label: PROGRESS_WORD[v] })),
              },
            ]
          : STATE_FILTERS
      }
      tools={
        <RecordPicker
          // A new choice from the address (Clear, a link) starts the picker again.
          key={system}
          org={slug}
          type="ai_systems"
          label="AI system"
          name={treatment ? 'treatment-system' : 'risk-system'}
          placeholder="Any; type to choose one"
          defaultValue={system ? [system] : []}
          names={system && systemName ? { [system]: systemName } : {}}
          onChange={(ids) => list.setParam('aiSystemId', ids[0] ?? '')}
        />
      }
      sorts={[
        { value: 'title', label: 'Risk' },
        ...(treatment ? [{ value: 'progress', label: 'Treatment' }] : DATE_SORTS),
      ]}
      unsorted={BEHIND_FIRST}
      none={treatment ? 'No assessed open risk.' : 'No open risk.'}
      noMatch="No risk matches these filters."
    >
      {(items) => (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">
              {treatment ? 'Risk treatment' : 'Risk assessments'}
            </caption>
            <thead>
              {treatment ? (
                <tr>
                  <th scope="col">Risk</th>
                  <th scope="col">Option</th>
                  <th scope="col">Progress</th>
                  <th scope="col">Actions open</th>
                  <th scope="col">Actions past due</th>
                </tr>
              ) : (
                <tr>
                  <th scope="col">Risk</th>
                  <th scope="col">State</th>
                  <th scope="col">Last assessed</th>
                  <th scope="col">Next review</th>
                  <th scope="col">Owner</th>
                </tr>
              )}
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.riskId}>
                  <th scope="row">
                    <Link href={sectionHref(slug, 'risks', r.riskId)}>{r.title}</Link>
                    {!treatment && <Reasons reasons={r.reasons} />}
                  </th>
                  {treatment ? (
                    <>
                      <td>{r.treatment.option ?? 'None'}</td>
                      <td>
                        <Badge
                          tone={r.treatment.progress === 'implemented' ? 'success' : 'warning'}
                        >
                          {PROGRESS_WORD[r.treatment.progress]}
                        </Badge>
                      </td>
                      <td>{r.treatment.open}</td>
                      <td>{r.treatment.overdue}</td>
                    </>
                  ) : (
                    <>
                      <td>
                        <State row={r} />
                      </td>
                      <td>
                        <Day value={r.lastAssessedOn} none="Never" />
                      </td>
                      <td>
                        <Day value={r.nextDueOn} none="Not planned" />
                      </td>
                      <td>{ownerOf(list.names, r.ownerMemberId)}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </RecordList>
  );
}
