// Outbox: the e-mails the mail server has not taken yet (offline, or it refused them), oldest first, with why and
// when the next try is. Send now tries one at once; Delete drops it (the invoice is not changed). The host retries
// them by itself with a growing wait (1, 2, 4 … minutes, at most an hour).
import { useState } from 'react';
import type { EmailMessage } from '../../core/model.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { QueryError } from '../components/Filters.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { useTimes } from '../components/ShopFormat.tsx';

export function OutboxScreen() {
  const api = useApi();
  const outbox = useApiQuery('listOutbox', {});
  const times = useTimes();
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [busy, setBusy] = useState<number | null>(null);

  async function sendNow(m: EmailMessage) {
    setBusy(m.id);
    setMessage(null);
    const outcome = await api.retryEmail({ id: m.id });
    setBusy(null);
    if (!outcome.ok) return setMessage({ tone: 'error', text: outcome.error.message });
    return setMessage({ tone: outcome.value.sent ? 'ok' : 'error', text: outcome.value.message });
  }

  async function remove(m: EmailMessage) {
    setBusy(m.id);
    setMessage(null);
    const outcome = await api.deleteEmail({ id: m.id });
    setBusy(null);
    if (!outcome.ok) return setMessage({ tone: 'error', text: outcome.error.message });
    return setMessage({ tone: 'ok', text: `Deleted the e-mail to ${m.to} (${m.documentNumber}).` });
  }

  const rows = outbox.data ?? [];
  return (
    <section className="outbox" aria-label="Outbox">
      <div className="screen-head">
        <h1>Outbox</h1>
      </div>
      <p className="hint">
        E-mails wait here while the mail server cannot be reached; they are retried by themselves, more slowly each time
        (at most once an hour).
      </p>
      <Message message={message} />
      <QueryError state={outbox} />
      {outbox.data && rows.length === 0 && <p>The outbox is empty: every e-mail was sent.</p>}
      {rows.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">Document</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last error</th>
              <th scope="col">Next try</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m.id}>
                <td>{m.to}</td>
                <td>{m.subject}</td>
                <td>{m.documentNumber}</td>
                <td>{m.attempts}</td>
                <td>{m.lastError}</td>
                <td>{m.nextAttemptAt ? times.dateTime(m.nextAttemptAt) : 'Not retried'}</td>
                <td>
                  <button
                    type="button"
                    disabled={busy !== null}
                    aria-label={`Send now: ${m.subject} to ${m.to}`}
                    onClick={() => void sendNow(m)}
                  >
                    Send now
                  </button>
                  <button
                    type="button"
                    className="danger"
                    disabled={busy !== null}
                    aria-label={`Delete: ${m.subject} to ${m.to}`}
                    onClick={() => void remove(m)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
