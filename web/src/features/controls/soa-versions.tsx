// The versions of the Statement of Applicability: a version freezes the whole statement once
// every control is decided; another manager approves it and it replaces the version in force.
import { useState } from 'react';
import { can, type Membership } from '../../api';
import { Alert } from '../../components/form';
import { DateOnly, Loading } from '../../components/page';
import { messageOf, useData } from '../../lib/data';
import { humanize } from '../../lib/format';
import { soaApi, type SoaVersion } from './api';

export function SoaVersions({ membership }: { membership: Membership }) {
  const slug = membership.slug;
  const [refresh, setRefresh] = useState(0);
  const versions = useData(`${slug}|soa-versions`, () => soaApi.versions(slug), refresh);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (what: () => Promise<SoaVersion>, message: (v: SoaVersion) => string) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const v = await what();
      setDone(message(v));
      setRefresh((n) => n + 1);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="soa-versions">
      <h2 id="soa-versions" tabIndex={-1}>
        Versions
      </h2>
      <p className="intro">
        A version freezes the whole statement once every control is decided; another manager
        approves it, and it replaces the version in force.
      </p>
      {can(membership, 'soa.update') && (
        <div className="inline-form">
          <div className="field">
            <label htmlFor="soa-note">
              What changed<span className="optional"> (optional)</span>
            </label>
            <input id="soa-note" value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() =>
              void run(
                () => soaApi.freeze(slug, note.trim() || null),
                (v) => `Version ${v.number} is frozen and waits for approval.`,
              )
            }
          >
            Freeze a version
          </button>
        </div>
      )}
      <Alert>{error}</Alert>
      <Alert tone="success">{done}</Alert>
      {!versions.data ? (
        <Loading what={versions.error ?? 'Loading…'} />
      ) : versions.data.items.length === 0 ? (
        <p className="muted">No version yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Author</th>
                <th scope="col">Approved</th>
                <th scope="col">Note</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.data.items.map((v) => (
                <tr key={v.id}>
                  <td>{v.number}</td>
                  <td>{humanize(v.status)}</td>
                  <td>{v.authorMemberId ? (v.names[v.authorMemberId] ?? 'Former member') : '—'}</td>
                  <td>{v.approvedAt ? <DateOnly value={v.approvedAt.slice(0, 10)} /> : '—'}</td>
                  <td>{v.changeNote ?? ''}</td>
                  <td>
                    {v.abilities.approve && (
                      <button
                        type="button"
                        className="button small"
                        disabled={busy}
                        onClick={() =>
                          void run(
                            () => soaApi.approve(slug, v),
                            (x) => `Version ${x.number} is approved.`,
                          )
                        }
                      >
                        Approve
                      </button>
                    )}
                    {v.status === 'draft' &&
                      !v.abilities.approve &&
                      can(membership, 'soa.approve') && (
                        <span className="muted">
                          {' '}
                          You froze this version; another manager approves it.
                        </span>
                      )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
