// The customer picker: a search box (combobox) over the shop's customers by part of a name, e-mail or phone, read
// from the store as the user types (searchCustomers, a page of matches: thousands of customers never load at once),
// with "New customer…" inline. Also the duplicate-name warning the Customers screen shares.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { createPortal } from 'react-dom';
import type { AppErrorValue } from '../../core/errors.ts';
import type { Customer } from '../../core/model.ts';
import { useApi } from '../api/ApiProvider.tsx';
import { Dialog } from './Dialog.tsx';

export interface CustomerPickerProps {
  /** The chosen customer (the walk-in customer on a new invoice), or none yet. */
  value: { id: number; name: string } | null;
  onChange: (customer: Customer) => void;
  /** The field's accessible name ("Customer"). */
  label: string;
  disabled?: boolean;
  /** The key that focuses the field (aria-keyshortcuts), as the counter's F4. */
  keyShortcuts?: string;
}

/** How many matches the list shows: enough to pick from; typing more narrows it. */
const PAGE = 20;
const NEW = 'new';

export function CustomerPicker({ value, onChange, label, disabled, keyShortcuts }: CustomerPickerProps) {
  const api = useApi();
  const id = useId();
  const listId = `${id}-list`;
  /** What is typed while searching; null: not searching, the field shows the chosen customer's name. */
  const [query, setQuery] = useState<string | null>(null);
  const [matches, setMatches] = useState<Customer[] | null>(null);
  const [active, setActive] = useState(-1);
  const [creating, setCreating] = useState<NewCustomerFields | null>(null);
  const latest = useRef<string | null>(null);
  const open = query !== null && matches !== null;

  useEffect(() => {
    latest.current = query;
    if (query === null) {
      setMatches(null);
      return undefined;
    }
    const timer = setTimeout(() => {
      void api.searchCustomers({ query: query.trim(), limit: PAGE }).then((outcome) => {
        if (latest.current === query) setMatches(outcome.ok ? outcome.value : []);
      });
    }, 120);
    return () => clearTimeout(timer);
  }, [api, query]);

  /** The options in order: the matches, then "New customer…". */
  const options: Array<Customer | typeof NEW> = [...(matches ?? []), NEW];

  function close() {
    setQuery(null);
    setActive(-1);
  }
  function choose(option: Customer | typeof NEW) {
    if (option === NEW) {
      setCreating(fieldsFromText(query ?? ''));
      close();
      return;
    }
    close();
    onChange(option);
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) {
        setQuery(query ?? '');
        return;
      }
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (i < 0 && step < 0 ? options.length - 1 : (i + step + options.length) % options.length));
    } else if (event.key === 'Enter' && open) {
      event.preventDefault();
      const chosen = options[active] ?? (matches?.length === 1 ? matches[0] : undefined);
      if (chosen) choose(chosen);
    } else if (event.key === 'Escape' && query !== null) {
      event.stopPropagation(); // closes the list, not the dialog the picker may be in
      close();
    }
  }

  const shown = query ?? value?.name ?? '';
  const optionId = (i: number) => `${id}-option-${i}`;
  return (
    <div className="field customer-picker">
      <label htmlFor={`${id}-input`}>{label}</label>
      <input
        id={`${id}-input`}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        value={shown}
        disabled={disabled}
        placeholder="Name, e-mail or phone"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
        aria-keyshortcuts={keyShortcuts}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(-1);
        }}
        // Typing replaces the chosen name (a search), on focus or on a click into the field.
        onFocus={(e) => e.target.select()}
        onClick={(e) => query === null && e.currentTarget.select()}
        onBlur={close}
        onKeyDown={onKeyDown}
      />
      {open && (
        <ul id={listId} role="listbox" aria-label={`${label} matches`} className="suggestions">
          {options.map((option, i) => (
            <li
              key={option === NEW ? NEW : option.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={option === NEW ? 'new-option' : undefined}
              onMouseDown={(e) => e.preventDefault()} // keeps the focus (a blur would close the list first)
              onClick={() => choose(option)}
            >
              {option === NEW ? (
                <span className="name">New customer…</span>
              ) : (
                <>
                  <span className="name">{option.name}</span>
                  <span className="meta">{[option.email, option.phone].filter(Boolean).join(' · ')}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {/* Only while searching: an empty status on every screen with a picker would stand beside the screen's own. */}
      {query !== null && (
        <p role="status" className="visually-hidden">
          {open && matches?.length === 0 && `No customer matches ${query.trim() || 'yet'}.`}
        </p>
      )}
      {creating &&
        // In a portal: the picker may sit inside another form (a form cannot hold a form).
        createPortal(
          <NewCustomerDialog
            initial={creating}
            onCancel={() => setCreating(null)}
            onSaved={(customer) => {
              setCreating(null);
              onChange(customer);
            }}
          />,
          document.body,
        )}
    </div>
  );
}

export interface NewCustomerFields {
  name: string;
  email: string;
  phone: string;
}

/** What was typed in the search goes to the field it looks like: an e-mail, a phone number, else the name. */
export function fieldsFromText(text: string): NewCustomerFields {
  const t = text.trim();
  if (/^\S+@\S+$/.test(t)) return { name: '', email: t, phone: '' };
  if (/^[+\d][\d\s\-().]{4,}$/.test(t)) return { name: '', email: '', phone: t };
  return { name: t, email: '', phone: '' };
}

/** The existing customer a refused save names when the name is taken (saveCustomer's duplicate warning), or null. */
export function duplicateOf(error: AppErrorValue): Customer | null {
  const details = error.details as { duplicate?: unknown; existing?: Customer } | undefined;
  return error.code === 'conflict' && details?.duplicate === true && details.existing ? details.existing : null;
}

/**
 * The warning for a name another customer has: it offers the existing customer, or saving a second one with the
 * same name. An alert, so it is read out when it shows.
 */
export function DuplicateCustomerWarning({
  message,
  onUseExisting,
  onSaveAnyway,
  busy,
}: {
  message: string;
  onUseExisting: () => void;
  onSaveAnyway: () => void;
  busy?: boolean;
}) {
  return (
    <div role="alert" className="message warn duplicate-warning">
      <p>{message}</p>
      <div className="dialog-actions">
        <button type="button" onClick={onUseExisting}>
          Use the existing customer
        </button>
        <button type="button" disabled={busy} onClick={onSaveAnyway}>
          Save a second one
        </button>
      </div>
    </div>
  );
}

/** A small dialog to add a customer from the picker: name, e-mail and phone. The saved customer is chosen. */
export function NewCustomerDialog({
  initial,
  onSaved,
  onCancel,
}: {
  initial: NewCustomerFields;
  onSaved: (customer: Customer) => void;
  onCancel: () => void;
}) {
  const api = useApi();
  const [fields, setFields] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [duplicate, setDuplicate] = useState<{ existing: Customer; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(allowDuplicateName: boolean) {
    setBusy(true);
    const outcome = await api.saveCustomer({ ...fields, allowDuplicateName });
    setBusy(false);
    if (outcome.ok) return onSaved(outcome.value);
    const existing = duplicateOf(outcome.error);
    if (existing) return setDuplicate({ existing, message: outcome.error.message });
    return setError(outcome.error.message);
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    event.stopPropagation(); // React events cross portals: the form the picker is in must not submit too
    void save(false);
  }
  const edit = (patch: Partial<NewCustomerFields>) => {
    setFields({ ...fields, ...patch });
    setError(null);
    setDuplicate(null);
  };

  return (
    <Dialog title="New customer" onClose={onCancel}>
      <form className="form" onSubmit={submit}>
        <label className="field">
          <span>Name</span>
          <input
            required
            data-autofocus
            value={fields.name}
            onChange={(e) => edit({ name: e.target.value })}
            aria-invalid={duplicate ? true : undefined}
          />
        </label>
        <label className="field">
          <span>Email</span>
          <input type="email" value={fields.email} onChange={(e) => edit({ email: e.target.value })} />
        </label>
        <label className="field">
          <span>Phone</span>
          <input type="tel" value={fields.phone} onChange={(e) => edit({ phone: e.target.value })} />
        </label>
        {duplicate && (
          <DuplicateCustomerWarning
            message={duplicate.message}
            busy={busy}
            onUseExisting={() => onSaved(duplicate.existing)}
            onSaveAnyway={() => void save(true)}
          />
        )}
        {error && (
          <p role="alert" className="message error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || duplicate !== null}>
            Save customer
          </button>
        </div>
      </form>
    </Dialog>
  );
}
