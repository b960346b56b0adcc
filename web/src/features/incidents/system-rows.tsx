// The AI systems an incident involves, as edited in the incident form: one row per system, each
// with a picker for the system and a choice of its model version.
import { useState, type Dispatch, type SetStateAction } from 'react';
import { SelectField } from '../../components/form';
import { RecordPicker } from '../../components/record-picker';
import { useData } from '../../lib/data';
import { incidentsApi, type Incident } from './api';

/** One row of the form: a system and, optionally, one of its model versions. */
export interface Row {
  key: number;
  aiSystemId: string;
  aiModelId: string;
}

function SystemRow({
  slug,
  row,
  n,
  names,
  onChange,
  onRemove,
}: {
  slug: string;
  row: Row;
  n: number;
  /** Names of the systems first chosen (the incident's `names`). */
  names: Readonly<Record<string, string>>;
  onChange: (r: Row) => void;
  onRemove: () => void;
}) {
  const models = useData(row.aiSystemId ? `${slug}|ai-models|${row.aiSystemId}` : null, () =>
    incidentsApi.models(slug, row.aiSystemId),
  );
  // The system the row started with, for the picker's first choice (fixed for the row's life).
  const [first] = useState(() => (row.aiSystemId ? [row.aiSystemId] : []));
  return (
    <div className="system-row">
      <RecordPicker
        org={slug}
        type="ai_systems"
        label={`AI system ${n}`}
        name={`system-${n}`}
        required
        defaultValue={first}
        names={names}
        onChange={(ids) => onChange({ ...row, aiSystemId: ids[0] ?? '', aiModelId: '' })}
      />
      <SelectField
        label={`Model version of AI system ${n}`}
        name={`model-${n}`}
        optional
        value={row.aiModelId}
        disabled={!row.aiSystemId || !models.data}
        onChange={(e) => onChange({ ...row, aiModelId: e.target.value })}
        options={[
          { value: '', label: 'The system as a whole' },
          ...(models.data ?? []).map((m) => ({
            value: m.id,
            label: `${m.name} ${m.modelVersion}`,
          })),
        ]}
      />
      <button type="button" className="button small" onClick={onRemove}>
        Remove AI system {n}
      </button>
    </div>
  );
}

let rowKey = 0;
const NO_NAMES: Readonly<Record<string, string>> = {};

/** The rows for the systems an incident already names (none for a new incident). */
export const rowsOf = (incident: Incident | null): Row[] =>
  (incident?.systems ?? []).map((s) => ({
    key: ++rowKey,
    aiSystemId: s.aiSystemId,
    aiModelId: s.aiModelId ?? '',
  }));

/** The fieldset of system rows, with the button that adds one; `error` is the server's word on them. */
export function SystemsFieldset({
  slug,
  incident,
  rows,
  setRows,
  error,
}: {
  slug: string;
  incident: Incident | null;
  rows: Row[];
  setRows: Dispatch<SetStateAction<Row[]>>;
  error?: string;
}) {
  return (
    <fieldset className="field fieldset" aria-describedby="systems-hint">
      <legend>
        AI systems involved<span className="optional"> (optional)</span>
      </legend>
      {rows.map((r, n) => (
        <SystemRow
          key={r.key}
          slug={slug}
          row={r}
          n={n + 1}
          names={incident?.names ?? NO_NAMES}
          onChange={(next) => setRows((all) => all.map((x) => (x.key === r.key ? next : x)))}
          onRemove={() => setRows((all) => all.filter((x) => x.key !== r.key))}
        />
      ))}
      <p className="hint" id="systems-hint">
        Each AI system, and the model version when the incident concerns one.
      </p>
      {error && <p className="field-error">{error}</p>}
      <button
        type="button"
        className="button small"
        onClick={() => setRows([...rows, { key: ++rowKey, aiSystemId: '', aiModelId: '' }])}
      >
        Add an AI system
      </button>
    </fieldset>
  );
}
