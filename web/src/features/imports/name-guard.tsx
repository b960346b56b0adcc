// The warning a form gives before it creates a record whose name is taken already (any case):
// the server answers GET names/check; creating stays possible ("Create anyway"), so API clients
// that create directly are not affected.
import { useState, type RefObject } from 'react';
import { call, client, type Schema } from '../../api';
import { Link } from '../../router';

type NameCheck = Schema<'NameCheck'>;

const key = (s: string) => s.trim().toLowerCase();

export function useNameGuard(opts: {
  slug: string;
  /** risks, policies, or a register key such as ai_systems. */
  kind: string;
  /** How the warning names the kind: "risk", "AI system". */
  what: string;
  href: (id: string) => string;
  formRef: RefObject<HTMLFormElement | null>;
}) {
  const [taken, setTaken] = useState<NameCheck | null>(null);
  const [anyway, setAnyway] = useState<string | null>(null);

  /** Whether creating may go on: the name is free, or the user chose to create anyway. */
  const check = async (name: string) => {
    if (!name.trim() || (anyway !== null && key(anyway) === key(name))) return true;
    const r = await call(
      client.GET('/api/v1/orgs/{org}/names/check', {
        params: { path: { org: opts.slug }, query: { kind: opts.kind, name } },
      }),
    );
    setTaken(r.matches.length ? r : null);
    return r.matches.length === 0;
  };

  const warning = taken && (
    <div className="alert alert-info" role="alert">
      <p>
        A{/^[aeiou]/i.test(opts.what) ? 'n' : ''} {opts.what} named “{taken.matches[0]!.name}”
        already exists:{' '}
        {taken.matches.map((m, i) => (
          <span key={m.id}>
            {i > 0 && ', '}
            <Link href={opts.href(m.id)}>{m.name}</Link>
          </span>
        ))}
        .
      </p>
      <div className="actions">
        <button
          type="button"
          className="button"
          onClick={() => {
            setAnyway(taken.name);
            setTaken(null);
            // Submit again once the choice is in state.
            setTimeout(() => opts.formRef.current?.requestSubmit(), 0);
          }}
        >
          Create anyway
        </button>
      </div>
    </div>
  );
  return { check, warning };
}
