// "New organization": a modal dialog; the user becomes the owner and the app switches to it.
import { useEffect, useRef } from 'react';
import { api } from '../../api';
import { Alert, TextField, textValue, useSubmission } from '../../components/form';
import { navigate, orgHref } from '../../router';
import { useSession } from '../auth/session';

const FIELDS = ['name', 'slug'] as const;

export function NewOrgDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { refresh } = useSession();
  const dialog = useRef<HTMLDialogElement>(null);
  const form = useSubmission(FIELDS, async (data, el) => {
    const slug = textValue(data, 'slug');
    const org = await api.createOrg({
      name: textValue(data, 'name') ?? '',
      ...(slug ? { slug } : {}),
    });
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
