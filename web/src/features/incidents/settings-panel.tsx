// Whether NIS2 and DORA incident reporting apply to the organization: a record of its own, which
// counts for incidents marked serious from then on.
import { useState } from 'react';
import { ApiError, can, type Membership } from '../../api';
import { Alert, CheckboxField, TextField, textValue, useSubmission } from '../../components/form';
import { Section, When } from '../../components/page';
import { useData } from '../../lib/data';
import { incidentsApi } from './api';

export function SettingsPanel({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const [refresh, setRefresh] = useState(0);
  const settings = useData(`${slug}|incident-settings`, () => incidentsApi.settings(slug), refresh);
  const [done, setDone] = useState<string | null>(null);
  const editable = can(membership, 'incidents.configure');
  const sub = useSubmission(['nis2Applies', 'doraApplies', 'note'], async (data) => {
    try {
      await incidentsApi.configure(slug, settings.data?.version ?? 0, {
        nis2Applies: data.get('nis2Applies') === 'on',
        doraApplies: data.get('doraApplies') === 'on',
        note: textValue(data, 'note') ?? null,
      });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_MISMATCH')
        throw new Error('Someone changed these settings meanwhile. Reload the page and try again.');
      throw e;
    }
    setDone(
      'The reporting settings are saved. They count for incidents marked serious from now on.',
    );
    setRefresh((n) => n + 1);
  });
  const s = settings.data;
  return (
    <Section
      id="incident-settings"
      title="Reporting regimes"
      intro={
        <p>
          The EU AI Act's serious incident report (Art. 73) always applies. Say whether NIS2 (Art.
          23) and DORA (Art. 19) incident reporting apply to the organization too.
        </p>
      }
    >
      {!s ? (
        <p className="muted">{settings.error ?? 'Loading…'}</p>
      ) : editable ? (
        <form
          key={s.version}
          ref={sub.formRef}
          onSubmit={sub.onSubmit}
          aria-label="Reporting regimes"
          noValidate
          className="record-form"
        >
          <CheckboxField label="NIS2 applies" name="nis2Applies" defaultChecked={s.nis2Applies} />
          <CheckboxField label="DORA applies" name="doraApplies" defaultChecked={s.doraApplies} />
          <TextField
            label="On what basis"
            name="note"
            defaultValue={s.note ?? ''}
            hint="The entity type or competent authority, for example."
            error={sub.fieldErrors.note}
          />
          <Alert>{sub.formError}</Alert>
          <Alert tone="success">{done}</Alert>
          <button type="submit" className="button" disabled={sub.busy}>
            Save the reporting regimes
          </button>
        </form>
      ) : (
        <p>
          NIS2 {s.nis2Applies ? 'applies' : 'does not apply'}; DORA{' '}
          {s.doraApplies ? 'applies' : 'does not apply'}.{s.note ? ` ${s.note}` : ''}
        </p>
      )}
      {s?.updatedAt && (
        <p className="hint">
          Last changed <When at={s.updatedAt} />.
        </p>
      )}
    </Section>
  );
}
