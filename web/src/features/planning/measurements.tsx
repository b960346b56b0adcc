// Recording an objective's measurements, and the table of every one recorded: the record the
// state and the chart rest on.
import { Alert, TextField, textValue, useSubmission } from '../../components/form';
import { DateOnly, Section } from '../../components/page';
import { plural } from '../../lib/format';
import { planningApi, type Measurement, type Objective } from './api';
import { numberOf } from './objective-form';
import { amount, todayUtc } from './words';

export function MeasurementForm({
  slug,
  objective,
  onRecorded,
}: {
  slug: string;
  objective: Objective;
  onRecorded: (m: Measurement) => Promise<void>;
}) {
  const sub = useSubmission(['value', 'measuredOn', 'note'], async (data, form) => {
    const m = await planningApi.measure(slug, objective.id, {
      value: numberOf(data, 'value'),
      measuredOn: textValue(data, 'measuredOn') ?? '',
      note: textValue(data, 'note') ?? null,
    });
    form.reset();
    await onRecorded(m);
  });
  return (
    <Section id="measure" title="Record a measurement">
      <form
        ref={sub.formRef}
        onSubmit={sub.onSubmit}
        aria-label="Record a measurement"
        noValidate
        className="record-form"
      >
        <div className="form-grid">
          <TextField
            label="Value"
            name="value"
            type="number"
            step="any"
            inputMode="decimal"
            required
            hint={objective.unit ? `In ${objective.unit}.` : undefined}
            error={sub.fieldErrors.value}
          />
          <TextField
            label="Measured on"
            name="measuredOn"
            type="date"
            required
            defaultValue={todayUtc()}
            max={todayUtc()}
            error={sub.fieldErrors.measuredOn}
          />
        </div>
        <TextField
          label="Note"
          name="note"
          hint="Where the value comes from: the run, the sample, the report."
          error={sub.fieldErrors.note}
          autoComplete="off"
        />
        <Alert>{sub.formError}</Alert>
        <button type="submit" className="button primary" disabled={sub.busy}>
          {sub.busy ? 'Recording…' : 'Record the measurement'}
        </button>
      </form>
    </Section>
  );
}

export function MeasurementTable({
  objective,
  measurements,
}: {
  objective: Objective;
  measurements: Measurement[];
}) {
  // Newest first; of two on the same day, the one recorded last comes first.
  const rows = measurements
    .map((m, i) => ({ m, i }))
    .sort((a, b) => b.m.measuredOn.localeCompare(a.m.measuredOn) || b.i - a.i);
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">
          {plural(measurements.length, 'measurement')} of {objective.metric}, newest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Measured on</th>
            <th scope="col">Value</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ m }) => (
            <tr key={m.id}>
              <th scope="row">
                <DateOnly value={m.measuredOn} />
              </th>
              <td className="num">{amount(m.value, objective.unit)}</td>
              <td className="prewrap">{m.note ?? <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
