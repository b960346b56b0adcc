// Corrective actions (10.2 c): every action with its owner, due date, status and what was done,
// grouped by cycle; the form that plans one (once the root cause is known); and, on each action
// of the current cycle, the form that records progress, completion (what was done) or cancellation.
import type { Membership } from '../../api';
import { Alert, SelectField, TextAreaField, TextField, textValue } from '../../components/form';
import { Badge, DateOnly, Section } from '../../components/page';
import { RecordPicker } from '../../components/record-picker';
import { ACTION_STATES, ncApi, type ActionStatus, type CorrectiveAction } from './api';
import type { PanelProps } from './nonconformity-page';
import { useStep } from './status';
import { ACTION_TONE, ACTION_WORD, memberName } from './words';

type Props = PanelProps & { membership: Membership };

export function ActionsPanel(props: Props) {
  const { nc } = props;
  const byCycle = [...new Set(nc.actions.map((a) => a.cycle))].sort((a, b) => b - a);
  return (
    <Section
      id="actions"
      title="Corrective actions"
      intro="What is done against the root cause, so the nonconformity does not happen again."
    >
      {nc.actions.length === 0 && <p className="muted">No corrective action planned yet.</p>}
      {byCycle.map((cycle) => (
        <div key={cycle}>
          {byCycle.length > 1 && (
            <h3>{cycle === nc.cycle ? `This cycle (${cycle})` : `Cycle ${cycle}`}</h3>
          )}
          <ul className="nc-actions">
            {nc.actions
              .filter((a) => a.cycle === cycle)
              .map((a) => (
                <li key={a.id} className="nc-action">
                  <p>
                    <strong>{a.title}</strong>{' '}
                    <Badge tone={ACTION_TONE[a.status]}>{ACTION_WORD[a.status]}</Badge>
                    {a.overdue && <span className="warning-text"> Overdue</span>}
                  </p>
                  {a.description && <p className="prewrap">{a.description}</p>}
                  <p className="muted">
                    Owner {memberName(nc.names, a.ownerMemberId)}, due{' '}
                    <DateOnly value={a.dueDate} />; planned by{' '}
                    {memberName(nc.names, a.authorMemberId)}.
                  </p>
                  {a.outcome && (
                    <p className="prewrap nc-note">
                      {a.status === 'cancelled' ? 'Why cancelled' : 'What was done'}: {a.outcome}
                      {a.completedOn && (
                        <>
                          {' '}
                          (done on <DateOnly value={a.completedOn} /> as recorded by{' '}
                          {memberName(nc.names, a.completedByMemberId)})
                        </>
                      )}
                    </p>
                  )}
                  {a.abilities.update && <ActionForm {...props} action={a} />}
                </li>
              ))}
          </ul>
        </div>
      ))}
      {nc.abilities.addAction ? (
        <PlanForm {...props} />
      ) : (
        nc.rootCause === null &&
        nc.abilities.investigate && (
          <p className="hint">Record the root cause first: corrective actions address it.</p>
        )
      )}
    </Section>
  );
}

function PlanForm({ slug, nc, onDone, onStale }: Props) {
  const sub = useStep(
    ['title', 'description', 'ownerMemberId', 'dueDate'],
    onStale,
    async (data, form) => {
      await ncApi.addAction(slug, nc.id, {
        // Left out when empty, so the API names them as required.
        title: textValue(data, 'title') as string,
        description: textValue(data, 'description') ?? null,
        ownerMemberId: textValue(data, 'ownerMemberId') as string,
        dueDate: textValue(data, 'dueDate') as string,
      });
      form.reset();
      onDone(await ncApi.get(slug, nc.id), 'The corrective action is planned.');
    },
  );
  return (
    <form
      ref={sub.formRef}
      onSubmit={sub.onSubmit}
      noValidate
      aria-label="Plan a corrective action"
      className="record-form"
    >
      <h3>Plan a corrective action</h3>
      <TextField
        label="Action"
        name="title"
        required
        hint="What will be done, in one line."
        error={sub.fieldErrors.title}
        autoComplete="off"
      />
      <TextAreaField
        label="Details"
        name="description"
        rows={2}
        error={sub.fieldErrors.description}
      />
      <RecordPicker
        org={slug}
        type="members"
        label="Owner"
        name="ownerMemberId"
        required
        hint="Who does it. They may not check the effectiveness afterwards."
        error={sub.fieldErrors.ownerMemberId}
      />
      <TextField
        label="Due date"
        name="dueDate"
        type="date"
        required
        error={sub.fieldErrors.dueDate}
      />
      <Alert>{sub.formError}</Alert>
      <button type="submit" className="button primary" disabled={sub.busy}>
        {sub.busy ? 'Planning…' : 'Plan the action'}
      </button>
    </form>
  );
}

function ActionForm({ slug, nc, onDone, onStale, action }: Props & { action: CorrectiveAction }) {
  const sub = useStep(['status', 'outcome'], onStale, async (data) => {
    const status = (textValue(data, 'status') ?? action.status) as ActionStatus;
    await ncApi.updateAction(slug, action, {
      status,
      outcome: textValue(data, 'outcome') ?? null,
    });
    onDone(
      await ncApi.get(slug, nc.id),
      `“${action.title}” is ${ACTION_WORD[status].toLowerCase()}.`,
    );
  });
  return (
    <form
      ref={sub.formRef}
      onSubmit={sub.onSubmit}
      noValidate
      aria-label={`Update “${action.title}”`}
      className="record-form nc-action-form"
    >
      <SelectField
        label="Status"
        name="status"
        defaultValue={action.status}
        options={ACTION_STATES.map((s) => ({ value: s, label: ACTION_WORD[s] }))}
        error={sub.fieldErrors.status}
      />
      <TextAreaField
        label="What was done"
        name="outcome"
        rows={2}
        defaultValue={action.outcome ?? ''}
        hint="Needed when done; for a cancelled action, why."
        error={sub.fieldErrors.outcome}
      />
      <Alert>{sub.formError}</Alert>
      <button type="submit" className="button" disabled={sub.busy}>
        {sub.busy ? 'Saving…' : 'Save the action'}
      </button>
    </form>
  );
}
