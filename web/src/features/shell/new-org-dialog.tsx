// "New organization": a modal dialog; the user becomes the owner and the app switches to it.
import { useEffect, useRef } from 'react';
import { api } from '../../api';
import { Alert, TextField, textValue, useSubmission, type Submission } from '../../components/form';
import { navigate, orgHref } from '../../router';
import { useSession } from '../auth/session';

export const ORG_FIELDS = ['name', 'slug'] as const;

/** Creates an organization from the form's name and slug (blank: made from the name). */
export async function createOrgFrom(data: FormData) {
  const slug = textValue(data, 'slug');
  return api.createOrg({ name: textValue(data, 'name') ?? '', ...(slug ? { slug } : {}) });
}

/** The fields of a new organization, with the form's errors. */
export function OrgFields({ form }: { form: Submission }) {
  return (
    <>
      <Alert>{form.formError}</Alert>
      <TextField
        label="Organization name"
        name="name"
        required
        autoComplete="organization"
        error={form.fieldErrors.name}
      />
      <TextField
        label="Slug"
        name="slug"
        hint="Lower-case letters, digits and hyphens, used in links. Left empty, it is made from the name."
        error={form.fieldErrors.slug}
      />
    </>
  );
}

export function NewOrgDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { refresh } = useSession();
  const dialog = useRef<HTMLDialogElement>(null);
  const form = useSubmission(ORG_FIELDS, async (data, el) => {
    const org = await createOrgFrom(data);
    await refresh();
    el.reset();
    onClose();
    navigate(orgHref(org.slug));
  });
  const { clear } = form;

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      clear();
      d.showModal();
    } else if (!open && d.open) d.close();
  }, [open, clear]);

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="new-org-title" onClose={onClose}>
      <form ref={form.formRef} onSubmit={form.onSubmit} noValidate>
        <h2 id="new-org-title">New organization</h2>
        <p className="intro">You will be its owner. You can add members from its Settings page.</p>
        <OrgFields form={form} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={form.busy}>
            {form.busy ? 'Creating…' : 'Create organization'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
