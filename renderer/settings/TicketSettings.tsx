// Settings → Tickets: the ticket status list (add, rename, move up or down, archive; the last active status stays)
// and "Charge billable time by default" (new billable labour starts Charged).
import { useState } from 'react';
import type { TicketStatusRow } from '../../core/model.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { QueryError } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';

export function TicketSection() {
  const api = useApi();
  const state = useApiQuery('getTicketSettings', {});
  const [name, setName] = useState('');
  const [message, setMessage] = useState<ScreenMessage>(null);
  const run = async (call: () => Promise<{ ok: true } | { ok: false; error: { message: string } }>) => {
    const r = await call();
    setMessage(r.ok ? { tone: 'ok', text: 'Saved.' } : { tone: 'error', text: r.error.message });
    return r.ok;
  };
  const rename = (s: TicketStatusRow, to: string) =>
    to.trim() !== s.name && void run(() => api.saveTicketStatus({ id: s.id, name: to, archived: s.archived }));
  const data = state.data;
  return (
    <section aria-labelledby="settings-tickets">
      <h2 id="settings-tickets">Tickets</h2>
      <QueryError state={state} />
      {data && (
        <>
          <label>
            <input
              type="checkbox"
              checked={data.chargeBillableByDefault}
              onChange={(e) => void run(() => api.saveTicketSettings({ chargeBillableByDefault: e.target.checked }))}
            />{' '}
            Charge billable time by default
          </label>
          <table className="list" aria-label="Ticket statuses">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.statuses.map((s) => (
                <tr key={`${s.id}-${s.name}`}>
                  <td>
                    <input
                      aria-label={`Name of status ${s.name}`}
                      defaultValue={s.name}
                      onBlur={(e) => rename(s, e.target.value)}
                    />
                    {s.archived ? ' (archived)' : ''}
                  </td>
                  <td>
                    <button
                      type="button"
                      aria-label={`Move ${s.name} up`}
                      onClick={() => void run(() => api.moveTicketStatus({ id: s.id, direction: 'up' }))}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      aria-label={`Move ${s.name} down`}
                      onClick={() => void run(() => api.moveTicketStatus({ id: s.id, direction: 'down' }))}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      onClick={() =>
                        void run(() => api.saveTicketStatus({ id: s.id, name: s.name, archived: !s.archived }))
                      }
                    >
                      {s.archived ? `Restore ${s.name}` : `Archive ${s.name}`}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <label className="field">
            <span>New status</span>
            <input value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <button
            type="button"
            onClick={() => void run(() => api.saveTicketStatus({ name })).then((ok) => ok && setName(''))}
          >
            Add status
          </button>
          <Message message={message} />
        </>
      )}
    </section>
  );
}
