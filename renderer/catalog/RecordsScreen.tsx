import { useState, type FormEvent } from 'react';
import { QueryError } from '../components/Filters.tsx';
import { LOCATION_KINDS, locationKindLabel, type LocationKind } from '../../core/enums.ts';
import type { Customer, Location, Vendor } from '../../core/model.ts';
import type { MethodName } from '../../core/methods.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import type { AppErrorValue } from '../../core/errors.ts';
import { DuplicateCustomerWarning, duplicateOf } from '../components/CustomerPicker.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { useNav } from '../stores/nav.ts';

// Customers, vendors and locations: a list and a form dialog to add or edit one. Products have
// their own screen (ProductsScreen) for prices, flags and stock.

type Kind = 'customers' | 'vendors' | 'locations';
type Rec = Customer | Vendor | Location;

interface FieldDef {
  key: string;
  label: string;
  type?: 'text' | 'email' | 'tel' | 'kind' | 'check';
}

const config: Record<
  Kind,
  { title: string; singular: string; list: MethodName; save: MethodName; fields: FieldDef[] }
> = {
  customers: {
    title: 'Customers',
    singular: 'customer',
    list: 'listCustomers',
    save: 'saveCustomer',
    fields: [
      { key: 'name', label: 'Name' },
      { key: 'email', label: 'Email', type: 'email' },
      { key: 'phone', label: 'Phone', type: 'tel' },
    ],
  },
  vendors: {
    title: 'Vendors',
    singular: 'vendor',
    list: 'listVendors',
    save: 'saveVendor',
    fields: [
      { key: 'name', label: 'Name' },
      { key: 'email', label: 'Email', type: 'email' },
      { key: 'phone', label: 'Phone', type: 'tel' },
    ],
  },
  locations: {
    title: 'Locations',
    singular: 'location',
    list: 'listLocations',
    save: 'saveLocation',
    fields: [
      { key: 'name', label: 'Name' },
      { key: 'kind', label: 'Kind', type: 'kind' },
      { key: 'isDefault', label: 'Default location for new invoices', type: 'check' },
    ],
  },
};

const blank = (kind: Kind): Record<string, string | boolean> =>
  kind === 'locations' ? { name: '', kind: 'store', isDefault: false } : { name: '', email: '', phone: '' };

export function RecordsScreen({ kind }: { kind: Kind }) {
  const c = config[kind];
  const list = useApiQuery(c.list as 'listVendors', {});
  const [editing, setEditing] = useState<Record<string, string | boolean> | null>(null);
  const rows = (list.data ?? []) as Rec[];
  const go = useNav((s) => s.go);

  return (
    <section className="records" aria-label={c.title}>
      <div className="screen-head">
        <h1>{c.title}</h1>
        <button type="button" onClick={() => setEditing(blank(kind))}>
          New {c.singular}
        </button>
      </div>
      <QueryError state={list} />
      <table className="list" aria-label={c.title}>
        <thead>
          <tr>
            {c.fields.map((f) => (
              <th key={f.key} scope="col">
                {f.label.replace(' for new invoices', '')}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.status === 'ok' && rows.length === 0 && (
            <tr>
              <td colSpan={c.fields.length + 1} className="empty">
                None yet.
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r.id}>
              {c.fields.map((f) => {
                const v = (r as unknown as Record<string, unknown>)[f.key];
                const shown =
                  f.type === 'kind'
                    ? locationKindLabel[v as LocationKind]
                    : typeof v === 'boolean'
                      ? v
                        ? 'Yes'
                        : ''
                      : String(v ?? '');
                if (kind === 'customers' && f.key === 'name')
                  return (
                    <td key={f.key}>
                      <button
                        type="button"
                        className="link"
                        aria-label={`Open ${shown}`}
                        onClick={() => go({ name: 'customer', id: r.id })}
                      >
                        {shown}
                      </button>
                    </td>
                  );
                return <td key={f.key}>{shown}</td>;
              })}
              <td>
                <button
                  type="button"
                  className="link"
                  aria-label={`Edit ${r.name}`}
                  onClick={() => setEditing({ ...(r as unknown as Record<string, string | boolean>) })}
                >
                  Edit
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && <RecordForm kind={kind} initial={editing} onDone={() => setEditing(null)} />}
    </section>
  );
}

function RecordForm({
  kind,
  initial,
  onDone,
}: {
  kind: Kind;
  initial: Record<string, string | boolean>;
  onDone: () => void;
}) {
  const c = config[kind];
  const api = useApi();
  const [values, setValues] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  /** A customer name another customer has: the warning offers that one, or saving a second one. */
  const [duplicate, setDuplicate] = useState<{ id: number; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const go = useNav((s) => s.go);
  const isNew = initial.id === undefined;

  async function save(allowDuplicateName: boolean) {
    setBusy(true);
    const input = Object.fromEntries(
      Object.entries(values).filter(([k]) => k === 'id' || c.fields.some((f) => f.key === k)),
    );
    const send = api[c.save] as (input: unknown) => Promise<{ ok: boolean; error?: AppErrorValue }>;
    const outcome = await send(allowDuplicateName ? { ...input, allowDuplicateName } : input);
    setBusy(false);
    const existing = outcome.error && duplicateOf(outcome.error);
    if (existing) return setDuplicate({ id: existing.id, message: outcome.error!.message });
    if (!outcome.ok) return setError(outcome.error?.message ?? 'Not saved.');
    onDone();
    return undefined;
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    void save(false);
  }
  const change = (patch: Record<string, string | boolean>) => {
    setValues({ ...values, ...patch });
    setDuplicate(null);
  };

  return (
    <Dialog title={isNew ? `New ${c.singular}` : `Edit ${c.singular}`} onClose={onDone}>
      <form onSubmit={submit} className="form">
        {c.fields.map((f) => {
          if (f.type === 'check') {
            return (
              <label key={f.key} className="check">
                <input
                  type="checkbox"
                  checked={Boolean(values[f.key])}
                  onChange={(e) => change({ [f.key]: e.target.checked })}
                />{' '}
                {f.label}
              </label>
            );
          }
          if (f.type === 'kind') {
            return (
              <label key={f.key} className="field">
                <span>{f.label}</span>
                <select value={String(values[f.key])} onChange={(e) => change({ [f.key]: e.target.value })}>
                  {LOCATION_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {locationKindLabel[k]}
                    </option>
                  ))}
                </select>
              </label>
            );
          }
          return (
            <label key={f.key} className="field">
              <span>{f.label}</span>
              <input
                type={f.type ?? 'text'}
                value={String(values[f.key] ?? '')}
                required={f.key === 'name'}
                {...(f.key === 'name' ? { 'data-autofocus': true } : {})}
                onChange={(e) => change({ [f.key]: e.target.value })}
              />
            </label>
          );
        })}
        {duplicate && (
          <DuplicateCustomerWarning
            message={duplicate.message}
            busy={busy}
            onUseExisting={() => {
              onDone();
              go({ name: 'customer', id: duplicate.id });
            }}
            onSaveAnyway={() => void save(true)}
          />
        )}
        {error && (
          <p role="alert" className="message error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onDone}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || duplicate !== null}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
