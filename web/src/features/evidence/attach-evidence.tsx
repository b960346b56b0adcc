// Evidence for one control, requirement, risk or AI system: what is linked, and a way to attach
// more — upload a file, or pick evidence already recorded — linked in the same step.
import { useState } from 'react';
import { can, type Membership } from '../../api';
import { Alert, TextField, textValue, useSubmission } from '../../components/form';
import { RecordPicker } from '../../components/record-picker';
import { Badge, DateOnly, Section } from '../../components/page';
import { messageOf, useData } from '../../lib/data';
import { Link, sectionHref } from '../../router';
import { evidenceApi, type Evidence, type TargetType } from './api';

export const STATE_WORD: Record<Evidence['state'], string> = {
  valid: 'Valid',
  expired: 'Expired',
  not_yet_valid: 'Not yet valid',
};
export const STATE_TONE: Record<Evidence['state'], 'success' | 'danger' | 'warning'> = {
  valid: 'success',
  expired: 'danger',
  not_yet_valid: 'warning',
};

/** The form data for an upload, in the order the API reads it: the fields, then the file. */
export function uploadForm(data: FormData): FormData {
  const out = new FormData();
  for (const name of ['title', 'description', 'validFrom', 'validUntil']) {
    const v = textValue(data, name);
    if (v !== undefined) out.append(name, v);
  }
  const file = data.get('file');
  if (file instanceof File && file.size + file.name.length > 0) out.append('file', file, file.name);
  return out;
}

export function AttachEvidence({
  membership,
  targetType,
  targetId,
  onChange,
}: {
  membership: Membership;
  targetType: TargetType;
  targetId: string;
  onChange?: () => void;
}) {
  const slug = membership.slug;
  // A new picker after each change, so the next choice starts empty.
  const [picked, setPicked] = useState(0);
  const linked = useData(`${slug}|evidence|${targetType}|${targetId}`, () =>
    evidenceApi.list(slug, { targetType, targetId }),
  );
  const [mode, setMode] = useState<'upload' | 'pick'>('upload');
  const [done, setDone] = useState<string | null>(null);
  const changed = (message: string) => {
    setDone(message);
    setPicked((n) => n + 1);
    onChange?.();
  };
  const upload = useSubmission(['title', 'validFrom', 'validUntil', 'file'], async (data, form) => {
    setDone(null);
    const e = await evidenceApi.upload(slug, uploadForm(data));
    await evidenceApi.link(slug, e.id, { targetType, targetId });
    form.reset();
    changed(`“${e.title}” is uploaded and attached.`);
  });
  const pick = useSubmission(['evidenceId'], async (data) => {
    setDone(null);
    const id = textValue(data, 'evidenceId');
    if (!id) throw new Error('Pick the evidence to attach.');
    const e = await evidenceApi.link(slug, id, { targetType, targetId });
    changed(`“${e.title}” is attached.`);
  });
  const [unlinkError, setUnlinkError] = useState<string | null>(null);
  const unlink = async (e: Evidence) => {
    const l = e.links.find((x) => x.targetType === targetType && x.targetId === targetId);
    if (!l) return;
    setUnlinkError(null);
    try {
      await evidenceApi.unlink(slug, e.id, l.id);
      changed(`“${e.title}” is detached; the evidence itself stays.`);
    } catch (err) {
      setUnlinkError(messageOf(err));
    }
  };

  return (
    <Section id="evidence" title="Evidence">
      {!linked.data ? (
        <p className="muted">{linked.error ?? 'Loading…'}</p>
      ) : linked.data.items.length === 0 ? (
        <p>No evidence is attached yet.</p>
      ) : (
        <ul className="plain-list evidence-list" aria-label="Attached evidence">
          {linked.data.items.map((e) => (
            <li key={e.id}>
              <Link href={sectionHref(slug, 'evidence', e.id)}>{e.title}</Link>{' '}
              <Badge tone={STATE_TONE[e.state]}>{STATE_WORD[e.state]}</Badge>
              {e.validUntil && (
                <span className="muted">
                  {' '}
                  until <DateOnly value={e.validUntil} />
                </span>
              )}
              {can(membership, 'evidence.link') && (
                <button type="button" className="button small" onClick={() => void unlink(e)}>
                  Detach
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <Alert>{unlinkError}</Alert>
      <Alert tone="success">{done}</Alert>
      {can(membership, 'evidence.create') && can(membership, 'evidence.link') && (
        <div className="subform" role="region" aria-label="Attach evidence">
          <h3>Attach evidence</h3>
          <div className="toolbar" role="radiogroup" aria-label="How to attach">
            <label className="check">
              <input
                type="radio"
                name="attach-mode"
                checked={mode === 'upload'}
                onChange={() => setMode('upload')}
              />
              Upload a file
            </label>
            <label className="check">
              <input
                type="radio"
                name="attach-mode"
                checked={mode === 'pick'}
                onChange={() => setMode('pick')}
              />
              Pick recorded evidence
            </label>
          </div>
          {mode === 'upload' ? (
            <form
              ref={upload.formRef}
              onSubmit={upload.onSubmit}
              aria-label="Upload evidence"
              noValidate
              className="inline-form"
            >
              <TextField label="Title" name="title" required error={upload.fieldErrors.title} />
              <TextField
                label="Valid until"
                name="validUntil"
                type="date"
                error={upload.fieldErrors.validUntil}
              />
              <TextField
                label="File"
                name="file"
                type="file"
                required
                error={upload.fieldErrors.file}
              />
              <Alert>{upload.formError}</Alert>
              <button type="submit" className="button primary" disabled={upload.busy}>
                {upload.busy ? 'Uploading…' : 'Upload and attach'}
              </button>
            </form>
          ) : (
            <form
              ref={pick.formRef}
              onSubmit={pick.onSubmit}
              aria-label="Pick evidence"
              noValidate
              className="inline-form"
            >
              <RecordPicker
                key={picked}
                org={slug}
                type="evidence"
                label="Evidence"
                name="evidenceId"
                required
                hint="Type part of its title."
                error={pick.fieldErrors.evidenceId}
              />
              <Alert>{pick.formError}</Alert>
              <button type="submit" className="button primary" disabled={pick.busy}>
                Attach
              </button>
            </form>
          )}
        </div>
      )}
    </Section>
  );
}
