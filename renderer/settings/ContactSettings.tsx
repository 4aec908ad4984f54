// Settings → Contacts: the custom fields customers' contacts carry ("Remote access", yes / no), which a recurring
// contact counter line can count by. Add a field with its kind, rename it or change its kind, archive or restore it
// (an archived field is hidden from the contact dialog; contacts keep their values).
import { useState } from 'react';
import { CONTACT_FIELD_KINDS, contactFieldKindLabel, type ContactFieldKind } from '../../core/enums.ts';
import type { ContactField } from '../../core/model.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { QueryError } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';

export function ContactSection() {
  const api = useApi();
  const state = useApiQuery('listContactFields', {});
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ContactFieldKind>('yes_no');
  const [message, setMessage] = useState<ScreenMessage>(null);

  const save = async (
    input: { id?: number; name: string; kind: ContactFieldKind; archived?: boolean },
    done: string,
  ) => {
    const r = await api.saveContactField(input);
    setMessage(r.ok ? { tone: 'ok', text: done } : { tone: 'error', text: r.error.message });
    return r.ok;
  };
  const rename = (f: ContactField, to: string) =>
    to.trim() !== f.name &&
    void save({ id: f.id, name: to, kind: f.kind, archived: f.archived }, `Renamed ${f.name} to ${to.trim()}.`);
  const kindSelect = (value: ContactFieldKind, onChange: (k: ContactFieldKind) => void, label: string) => (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value as ContactFieldKind)}>
      {CONTACT_FIELD_KINDS.map((k) => (
        <option key={k} value={k}>
          {contactFieldKindLabel[k]}
        </option>
      ))}
    </select>
  );

  return (
    <section aria-labelledby="settings-contacts">
      <h2 id="settings-contacts">Contacts</h2>
      <p className="hint">
        Custom fields on customers&apos; contacts. A recurring contact counter can count only the contacts with a field
        set (Remote access: Yes).
      </p>
      <QueryError state={state} />
      {state.data && (
        <table className="list" aria-label="Contact fields">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Kind</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {state.data.length === 0 && (
              <tr>
                <td colSpan={3} className="empty">
                  No contact fields yet.
                </td>
              </tr>
            )}
            {state.data.map((f) => (
              <tr key={`${f.id}-${f.name}-${f.kind}`}>
                <td>
                  <input
                    aria-label={`Name of field ${f.name}`}
                    defaultValue={f.name}
                    onBlur={(e) => rename(f, e.target.value)}
                  />
                  {f.archived ? ' (archived)' : ''}
                </td>
                <td>
                  {kindSelect(
                    f.kind,
                    (k) =>
                      void save(
                        { id: f.id, name: f.name, kind: k, archived: f.archived },
                        `${f.name} is now ${contactFieldKindLabel[k]}.`,
                      ),
                    `Kind of field ${f.name}`,
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    onClick={() =>
                      void save(
                        { id: f.id, name: f.name, kind: f.kind, archived: !f.archived },
                        f.archived ? `Restored ${f.name}.` : `Archived ${f.name}.`,
                      )
                    }
                  >
                    {f.archived ? `Restore ${f.name}` : `Archive ${f.name}`}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="row">
        <label className="field">
          <span>New field</span>
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>New field kind</span>
          {kindSelect(kind, setKind, 'New field kind')}
        </label>
      </div>
      <button
        type="button"
        onClick={() =>
          void save({ name, kind }, `Added ${name.trim()} (${contactFieldKindLabel[kind]}).`).then((ok) => {
            if (ok) setName('');
          })
        }
      >
        Add field
      </button>
      <Message message={message} />
    </section>
  );
}
