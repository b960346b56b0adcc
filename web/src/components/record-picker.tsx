// A searchable picker of records or members: an ARIA 1.2 combobox (a text box that controls a
// list box of matches) backed by the server's lookup, for one reference or several (chips that
// can be removed). It writes hidden inputs named `name`, one per chosen id, so forms read it with
// FormData as they read a select or a group of checkboxes.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { call, client, type Schema } from '../api';
import type { operations } from '../generated/openapi';

/** A kind the lookup knows: members, controls, requirements, or a record table (ai_systems…). */
export type LookupKind = NonNullable<operations['lookup.search']['parameters']['query']>['type'];
/**
 * What a picker is given: a kind the lookup knows, or the name of one a page holds as text (a
 * source type); the server refuses any other kind (400), which the picker shows.
 */
export type LookupType = LookupKind | (string & {});

export type LookupItem = Schema<'LookupItem'>;

export const lookupApi = {
  search: (org: string, type: LookupType, q: string, limit = 20) =>
    call(
      client.GET('/api/v1/orgs/{org}/lookup', {
        params: { path: { org }, query: { type: type as LookupKind, q, limit } },
      }),
    ),
};

const NONE: readonly string[] = [];
const NO_NAMES: Readonly<Record<string, string>> = {};

/** What a chosen id is called: its name from the server when known, else the id. */
const labelOf = (item: Pick<LookupItem, 'id' | 'name' | 'ref'>) =>
  item.ref ? `${item.ref} ${item.name}` : item.name;

export function RecordPicker({
  org,
  type,
  label,
  name,
  multiple = false,
  defaultValue = NONE,
  names = NO_NAMES,
  required = false,
  hint,
  error,
  placeholder,
  onChange,
}: {
  org: string;
  type: LookupType;
  label: string;
  /** The form field the chosen ids are submitted as. */
  name: string;
  multiple?: boolean;
  /** The ids chosen at first. */
  defaultValue?: readonly string[];
  /** Names of the ids chosen at first (a view's `names`). */
  names?: Readonly<Record<string, string>>;
  required?: boolean;
  hint?: ReactNode;
  error?: string | undefined;
  placeholder?: string;
  onChange?: (ids: string[]) => void;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const [chosen, setChosen] = useState<LookupItem[]>(() =>
    defaultValue.map((v) => ({ id: v, type, name: names[v] ?? v })),
  );
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<LookupItem[]>([]);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const seq = useRef(0);

  // A first choice without a name (an id from the address) is named by the lookup, which
  // matches ids too; what the caller may not read stays an id.
  useEffect(() => {
    let live = true;
    for (const v of defaultValue)
      if (!names[v])
        void lookupApi.search(org, type, v, 1).then(
          ({ items: found }) => {
            const hit = found.find((i) => i.id === v);
            if (live && hit)
              setChosen((c) => c.map((i) => (i.id === v && i.name === v ? { ...i, ...hit } : i)));
          },
          () => undefined,
        );
    return () => {
      live = false;
    };
    // Only for what was chosen at first.
  }, [org, type]);

  // Names of the first choice that arrive after the first render (a view loaded later).
  useEffect(() => {
    setChosen((c) =>
      c.some((i) => i.name === i.id && names[i.id])
        ? c.map((i) => (i.name === i.id && names[i.id] ? { ...i, name: names[i.id]! } : i))
        : c,
    );
  }, [names]);

  // A form reset (after a submission) brings back the first choice, as it does for other fields.
  useEffect(() => {
    const form = inputRef.current?.form;
    if (!form) return;
    const onReset = () => {
      setChosen(defaultValue.map((v) => ({ id: v, type, name: names[v] ?? v })));
      setText('');
      setOpen(false);
      onChange?.([...defaultValue]);
    };
    form.addEventListener('reset', onReset);
    return () => form.removeEventListener('reset', onReset);
  }, [defaultValue, names, type, onChange]);

  useEffect(() => {
    if (!open) return;
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      lookupApi.search(org, type, text.trim()).then(
        ({ items: found }) => {
          if (mine !== seq.current) return;
          setItems(found);
          setActive(found.length ? 0 : -1);
          setStatus(
            found.length === 0
              ? 'No matches.'
              : `${found.length} match${found.length === 1 ? '' : 'es'}; up and down to choose, Enter to pick.`,
          );
        },
        (e: unknown) => {
          if (mine !== seq.current) return;
          setItems([]);
          setActive(-1);
          setStatus(e instanceof Error ? e.message : 'The search failed.');
        },
      );
    }, 150);
    return () => clearTimeout(timer);
  }, [open, text, org, type]);

  const commit = (next: LookupItem[]) => {
    setChosen(next);
    onChange?.(next.map((i) => i.id));
  };
  const pick = (item: LookupItem) => {
    if (multiple) {
      if (!chosen.some((c) => c.id === item.id)) commit([...chosen, item]);
      setText('');
    } else {
      commit([item]);
      setText('');
      setOpen(false);
    }
    setStatus(`${labelOf(item)} chosen.`);
    inputRef.current?.focus();
  };
  const remove = (item: LookupItem) => {
    commit(chosen.filter((c) => c.id !== item.id));
    setStatus(`${labelOf(item)} removed.`);
    inputRef.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) setOpen(true);
      else setActive((a) => (items.length ? (a + 1) % items.length : -1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) setOpen(true);
      else setActive((a) => (items.length ? (a <= 0 ? items.length - 1 : a - 1) : -1));
    } else if (e.key === 'Enter') {
      if (open && active >= 0 && items[active]) {
        e.preventDefault();
        pick(items[active]);
      } else if (open) e.preventDefault();
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        setOpen(false);
      } else if (text) {
        e.preventDefault();
        setText('');
      }
    } else if (e.key === 'Backspace' && !text && multiple && chosen.length) {
      remove(chosen[chosen.length - 1]!);
    }
  };

  const single = !multiple && chosen[0];
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field-invalid picker' : 'field picker'}>
      <label htmlFor={id}>
        {label}
        {!required && <span className="optional"> (optional)</span>}
      </label>
      {chosen.map((c) => (
        <input key={c.id} type="hidden" name={name} value={c.id} />
      ))}
      {chosen.length > 0 && (
        <ul className="picker-chips" aria-label={`Chosen: ${label}`}>
          {chosen.map((c) => (
            <li key={c.id} className="picker-chip">
              <span>{labelOf(c)}</span>
              <button
                type="button"
                className="picker-remove"
                aria-label={`Remove ${labelOf(c)}`}
                onClick={() => remove(c)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="picker-box">
        <input
          ref={inputRef}
          id={id}
          type="text"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && active >= 0 ? `${id}-opt-${active}` : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          autoComplete="off"
          placeholder={
            placeholder ?? (single ? 'Type to choose another' : 'Type a name or identifier')
          }
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={onKeyDown}
        />
        <ul
          id={listId}
          role="listbox"
          aria-label={label}
          aria-multiselectable={multiple || undefined}
          className="picker-list"
          hidden={!open || items.length === 0}
        >
          {items.map((item, i) => {
            const selected = chosen.some((c) => c.id === item.id);
            return (
              <li
                key={item.id}
                id={`${id}-opt-${i}`}
                role="option"
                aria-selected={selected}
                className={i === active ? 'picker-option active' : 'picker-option'}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(item)}
              >
                <span>{labelOf(item)}</span>
                {item.type === 'controls' || item.type === 'requirements' ? (
                  <span className="muted mono"> {item.id}</span>
                ) : (
                  item.detail && <span className="muted"> {item.detail}</span>
                )}
              </li>
            );
          })}
        </ul>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {open ? status : ''}
      </p>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
