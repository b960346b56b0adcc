// "Publish register": freezes the register's current content as an approved document version.
import { useState } from 'react';
import { Alert, TextField, textValue, useSubmission } from '../../components/form';
import { inSentence } from '../../lib/format';
import type { RegisterMeta } from '../../lib/lookups';
import { Link, sectionHref } from '../../router';
import { registersApi, type PublishedDocument } from './api';

export function PublishRegister({ slug, reg }: { slug: string; reg: RegisterMeta }) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<PublishedDocument | null>(null);
  const form = useSubmission(['changeNote'], async (data, el) => {
    const out = await registersApi.publish(slug, reg, textValue(data, 'changeNote'));
    el.reset();
    setDone(out);
    setOpen(false);
  });

  return (
    <div className="publish">
      {!open && (
        <button
          type="button"
          className="button small"
          aria-expanded={false}
          onClick={() => {
            setDone(null);
            setOpen(true);
          }}
        >
          Publish register
        </button>
      )}
      {open && (
        <form
          ref={form.formRef}
          onSubmit={form.onSubmit}
          noValidate
          className="subform publish-form"
          aria-label={`Publish ${inSentence(reg.title)}`}
        >
          <p>
            Publishing saves today’s content of this register as an approved version of its
            document, so you can show what it said on this date.
          </p>
          <Alert>{form.formError}</Alert>
          <TextField
            label="Note for this version"
            name="changeNote"
            error={form.fieldErrors.changeNote}
            hint="For example: quarterly review."
            autoComplete="off"
          />
          <div className="actions">
            <button type="submit" className="button primary small" disabled={form.busy}>
              {form.busy ? 'Publishing…' : 'Publish now'}
            </button>
            <button type="button" className="button small" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {done && (
        <Alert tone="success">
          Published as version {done.version.number} of{' '}
          <Link href={sectionHref(slug, 'documents', done.document.id)}>{done.document.title}</Link>
          .
        </Alert>
      )}
    </div>
  );
}
