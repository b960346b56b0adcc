// The organization's setting "access matched to responsibilities", on the settings page.
import { useState } from 'react';
import { can, type Membership } from '../../api';
import { Alert, CheckboxField, useSubmission } from '../../components/form';
import { Section } from '../../components/page';
import { useData } from '../../lib/data';
import { accessApi } from './api';

export function AccessSettingSection({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const [gen, setGen] = useState(0);
  const settings = useData(`${slug}|access-settings`, () => accessApi.settings(slug), gen);
  const [saved, setSaved] = useState<string | null>(null);
  const submit = useSubmission(['scopedAccess'], async (data) => {
    const on = data.get('scopedAccess') === 'on';
    await accessApi.setScoped(slug, on, settings.data!.version);
    setSaved(on ? 'Contributors are now limited to their AI systems.' : 'Scoping is off.');
    setGen((g) => g + 1);
  });
  const editable = can(membership, 'orgs.configure_access');
  return (
    <Section
      id="access"
      title="Access matched to responsibilities"
      intro={
        <p>
          When on, a contributor changes only the records of the AI systems they are assigned to (on
          the system&rsquo;s page, or as Responsible or Accountable in the RACI register) and reads
          everything else. Owners and managers keep the whole organization.
        </p>
      }
    >
      <Alert>{settings.error}</Alert>
      {saved && <Alert tone="success">{saved}</Alert>}
      {settings.data &&
        (editable ? (
          <form ref={submit.formRef} onSubmit={submit.onSubmit} noValidate>
            <Alert>{submit.formError}</Alert>
            <CheckboxField
              key={`${settings.data.version}`}
              label="Limit contributors to the AI systems they are assigned to"
              name="scopedAccess"
              defaultChecked={settings.data.scopedAccess}
              error={submit.fieldErrors.scopedAccess}
            />
            <button type="submit" className="button" disabled={submit.busy}>
              Save
            </button>
          </form>
        ) : (
          <p>{settings.data.scopedAccess ? 'On.' : 'Off.'}</p>
        ))}
    </Section>
  );
}
