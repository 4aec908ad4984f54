// Email receipt: a receipt (a sale's or a refund's) to an address, with its PDF, through the shop's mail server. When
// the server cannot be reached it waits in the Outbox and is retried.
import { useId, useState, type FormEvent } from 'react';
import { useApi } from '../api/ApiProvider.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';

export type EmailReceiptOf = { invoiceId: number } | { creditNoteId: number };

export function EmailReceiptForm({ of, initialTo = '' }: { of: EmailReceiptOf; initialTo?: string }) {
  const api = useApi();
  const id = useId();
  const [to, setTo] = useState(initialTo);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<ScreenMessage>(null);

  async function send(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    const outcome = await api.emailReceipt({ ...of, to });
    setBusy(false);
    if (!outcome.ok) return setMessage({ tone: 'error', text: outcome.error.message });
    return setMessage({ tone: outcome.value.sent ? 'ok' : 'error', text: outcome.value.message });
  }

  return (
    <form className="email-receipt" aria-labelledby={`${id}-head`} onSubmit={(e) => void send(e)}>
      <h3 id={`${id}-head`}>Email receipt</h3>
      <label className="field">
        <span>To</span>
        <input type="email" value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Sending…' : 'Send'}
      </button>
      <Message message={message} />
    </form>
  );
}
