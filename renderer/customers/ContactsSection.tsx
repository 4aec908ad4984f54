// The customer page's Contacts: the people at the customer with their custom fields (Settings → Contacts), one
// column per active field; Add contact, Edit and Delete. A recurring contact counter line counts these.
import { useState, type FormEvent } from 'react';
import type { ContactField, CustomerContact, CustomerRecords } from '../../core/model.ts';
import { useApi } from '../api/ApiProvider.tsx';
import { ConfirmDialog, Dialog } from '../components/Dialog.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';

/** A field's value as the table shows it: Yes / No for a yes / no field. */
export const shownValue = (field: ContactField, value: string | undefined) =>
  value === undefined ? '' : field.kind === 'yes_no' ? (value === 'yes' ? 'Yes' : 'No') : value;

export function ContactsSection({ records }: { records: CustomerRecords }) {
  const api = useApi();
  const [editing, setEditing] = useState<CustomerContact | 'new' | null>(null);
  const [deleting, setDeleting] = useState<CustomerContact | null>(null);
  const [message, setMessage] = useState<ScreenMessage>(null);
  const fields = records.fields.filter((f) => !f.archived);
  const valueOf = (c: CustomerContact, f: ContactField) => c.values.find((v) => v.fieldId === f.id)?.value;

  return (
    <section aria-labelledby="customer-contacts">
      <div className="screen-head">
        <h2 id="customer-contacts">Contacts</h2>
        <button type="button" onClick={() => setEditing('new')}>
          Add contact
        </button>
      </div>
      <table className="list" aria-label="Contacts">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Phone</th>
            {fields.map((f) => (
              <th key={f.id} scope="col">
                {f.name}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {records.contacts.length === 0 && (
            <tr>
              <td colSpan={4 + fields.length} className="empty">
                No contacts yet.
              </td>
            </tr>
          )}
          {records.contacts.map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td>
              <td>{c.email}</td>
              <td>{c.phone}</td>
              {fields.map((f) => (
                <td key={f.id}>{shownValue(f, valueOf(c, f))}</td>
              ))}
              <td>
                <button type="button" aria-label={`Edit ${c.name}`} onClick={() => setEditing(c)}>
                  Edit
                </button>
                <button type="button" aria-label={`Delete ${c.name}`} onClick={() => setDeleting(c)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Message message={message} />
      {editing && (
        <ContactDialog
          customerId={records.customerId}
          contact={editing === 'new' ? null : editing}
          fields={fields}
          onClose={() => setEditing(null)}
          onSaved={(name) => {
            setEditing(null);
            setMessage({ tone: 'ok', text: `Saved contact ${name}.` });
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirm="Delete contact"
          onClose={() => setDeleting(null)}
          onConfirm={() =>
            void api.deleteContact({ id: deleting.id }).then((r) => {
              setDeleting(null);
              setMessage(
                r.ok
                  ? { tone: 'ok', text: `Deleted contact ${deleting.name}.` }
                  : { tone: 'error', text: r.error.message },
              );
            })
          }
        >
          The contact and their custom fields are removed; recurring contact counters no longer count them.
        </ConfirmDialog>
      )}
    </section>
  );
}

function ContactDialog({
  customerId,
  contact,
  fields,
  onClose,
  onSaved,
}: {
  customerId: number;
  contact: CustomerContact | null;
  fields: ContactField[];
  onClose: () => void;
  onSaved: (name: string) => void;
}) {
  const api = useApi();
  const [name, setName] = useState(contact?.name ?? '');
  const [email, setEmail] = useState(contact?.email ?? '');
  const [phone, setPhone] = useState(contact?.phone ?? '');
  const [values, setValues] = useState<Record<number, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.id, contact?.values.find((v) => v.fieldId === f.id)?.value ?? ''])),
  );
  const [refused, setRefused] = useState<{ field: string | null; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const r = await api.saveContact({
      ...(contact ? { id: contact.id } : {}),
      customerId,
      name,
      email,
      phone,
      // Only the active fields the dialog shows: an archived field's value is kept as it is.
      values: fields.map((f) => ({ fieldId: f.id, value: values[f.id] ?? '' })),
    });
    setBusy(false);
    if (!r.ok) {
      const field = (r.error.details as { field?: unknown } | undefined)?.field;
      return setRefused({ field: typeof field === 'string' ? field : null, text: r.error.message });
    }
    onSaved(name.trim());
    return undefined;
  }
  const invalid = (field: string) => (refused?.field === field ? true : undefined);
  const describedBy = (field: string) => (refused?.field === field ? `contact-${field}-error` : undefined);
  const fieldError = (field: string) =>
    refused?.field === field && (
      <p id={`contact-${field}-error`} role="alert" className="message error">
        {refused.text}
      </p>
    );
  const text = (field: 'name' | 'email' | 'phone', label: string, value: string, set: (v: string) => void) => (
    <>
      <label className="field">
        <span>{label}</span>
        <input
          type={field === 'email' ? 'email' : field === 'phone' ? 'tel' : 'text'}
          value={value}
          onChange={(e) => {
            set(e.target.value);
            setRefused(null);
          }}
          aria-invalid={invalid(field)}
          aria-describedby={describedBy(field)}
          {...(field === 'name' ? { 'data-autofocus': true } : {})}
        />
      </label>
      {fieldError(field)}
    </>
  );

  return (
    <Dialog title={contact ? `Edit ${contact.name}` : 'Add contact'} onClose={onClose}>
      <form className="form" noValidate onSubmit={(e) => void submit(e)}>
        {text('name', 'Name', name, setName)}
        {text('email', 'Email', email, setEmail)}
        {text('phone', 'Phone', phone, setPhone)}
        {fields.map((f) => {
          const key = `field-${f.id}`;
          const set = (v: string) => {
            setValues({ ...values, [f.id]: v });
            setRefused(null);
          };
          return (
            <div key={f.id}>
              <label className="field">
                <span>{f.name}</span>
                {f.kind === 'yes_no' ? (
                  <select
                    value={values[f.id] ?? ''}
                    onChange={(e) => set(e.target.value)}
                    aria-invalid={invalid(key)}
                    aria-describedby={describedBy(key)}
                  >
                    <option value="">(not set)</option>
                    <option value="yes">Yes</option>
                    <option value="no">No</option>
                  </select>
                ) : (
                  <input
                    value={values[f.id] ?? ''}
                    onChange={(e) => set(e.target.value)}
                    aria-invalid={invalid(key)}
                    aria-describedby={describedBy(key)}
                  />
                )}
              </label>
              {fieldError(key)}
            </div>
          );
        })}
        {refused &&
          (refused.field === null ||
            !['name', 'email', 'phone'].concat(fields.map((f) => `field-${f.id}`)).includes(refused.field)) && (
            <p role="alert" className="message error">
              {refused.text}
            </p>
          )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Save contact
          </button>
        </div>
      </form>
    </Dialog>
  );
}
