// Settings → Staff (Admin only): who may sign in, with which role. A PIN is set here and never shown again: an edit
// keeps it unless a new one is typed. The store refuses a PIN another member uses and keeps one active Admin.
import { useState, type FormEvent } from 'react';
import { STAFF_ROLES, staffRoleLabel, type StaffRole } from '../../core/enums.ts';
import type { StaffMember } from '../../core/model.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { QueryError } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import '../staff/staff.css';

export function StaffSection() {
  const staff = useApiQuery('listStaff', {});
  const [editing, setEditing] = useState<StaffMember | 'new' | null>(null);
  const [message, setMessage] = useState<ScreenMessage>(null);

  return (
    <section aria-labelledby="settings-staff">
      <h2 id="settings-staff">Staff</h2>
      <p className="hint">
        Everyone signs in with their own PIN. A Cashier sells; a Manager also approves voids, big discounts, prices
        below cost, late returns, opening the drawer and cancelling orders; an Admin also changes Settings and staff.
      </p>
      <QueryError state={staff} />
      {staff.data && (
        <table className="list staff-table" aria-label="Staff">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Active</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {staff.data.map((m) => (
              <tr key={m.id} className={m.active ? undefined : 'inactive'}>
                <td>{m.name}</td>
                <td>{staffRoleLabel[m.role]}</td>
                <td>{m.active ? 'Yes' : 'No'}</td>
                <td>
                  <button type="button" className="link" aria-label={`Edit ${m.name}`} onClick={() => setEditing(m)}>
                    Edit
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Message message={message} />
      <div className="actions">
        <button
          type="button"
          onClick={() => {
            setMessage(null);
            setEditing('new');
          }}
        >
          Add staff member
        </button>
      </div>
      {editing && (
        <StaffDialog
          member={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(saved, added) => {
            setEditing(null);
            setMessage({
              tone: 'ok',
              text: `${added ? 'Added' : 'Saved'} ${saved.name} (${staffRoleLabel[saved.role]}).`,
            });
          }}
        />
      )}
    </section>
  );
}

function StaffDialog({
  member,
  onClose,
  onSaved,
}: {
  member: StaffMember | null;
  onClose: () => void;
  onSaved: (member: StaffMember, added: boolean) => void;
}) {
  const api = useApi();
  const [name, setName] = useState(member?.name ?? '');
  const [role, setRole] = useState<StaffRole>(member?.role ?? 'cashier');
  const [active, setActive] = useState(member?.active ?? true);
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setError('Enter the name.');
    if (member === null && pin === '') return setError('A new staff member needs a PIN of 4 to 8 digits.');
    if (pin !== '' && !/^\d{4,8}$/.test(pin)) return setError('A PIN is 4 to 8 digits.');
    if (pin !== again) return setError('The two PINs are not the same: enter the PIN again to confirm it.');
    setBusy(true);
    const outcome = await api.saveStaff({
      ...(member ? { id: member.id } : {}),
      name: name.trim(),
      role,
      active,
      ...(pin ? { pin } : {}),
    });
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error.message);
    return onSaved(outcome.value, member === null);
  }

  const digits = (set: (v: string) => void) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setError(null);
    set(e.target.value.replace(/\D/g, ''));
  };
  const pinInput = (label: string, value: string, set: (v: string) => void, hint?: string) => (
    <label className="field">
      <span>{label}</span>
      <input
        type="password"
        inputMode="numeric"
        autoComplete="new-password"
        maxLength={8}
        value={value}
        onChange={digits(set)}
        aria-describedby={hint}
      />
    </label>
  );

  return (
    <Dialog title={member ? `Edit ${member.name}` : 'Add staff member'} onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>Name</span>
          <input data-autofocus value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>Role</span>
          <select value={role} onChange={(e) => setRole(e.target.value as StaffRole)}>
            {STAFF_ROLES.map((r) => (
              <option key={r} value={r}>
                {staffRoleLabel[r]}
              </option>
            ))}
          </select>
        </label>
        {pinInput(member ? 'New PIN' : 'PIN', pin, setPin, 'staff-pin-hint')}
        <p id="staff-pin-hint" className="hint">
          {member ? '4 to 8 digits; leave empty to keep the current PIN.' : '4 to 8 digits, not used by anyone else.'}
        </p>
        {pinInput('Confirm PIN', again, setAgain)}
        <label className="check">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
          Active (may sign in)
        </label>
        {error && (
          <p role="alert" className="message error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {member ? 'Save' : 'Add staff member'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
