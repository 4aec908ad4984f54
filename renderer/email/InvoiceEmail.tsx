// Email invoice on a saved invoice: a dialog with To (the customer's e-mail address), Cc, Subject and Message; Send
// says "Sent to …", or that the e-mail waits in the Outbox (the server could not be reached) and is retried. Below
// the invoice, its e-mail log: to whom, when and by whom; a queued one is marked "In the outbox".
import { useState, type FormEvent } from 'react';
import type { Invoice } from '../../core/model.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { useTimes } from '../components/ShopFormat.tsx';

/** The Email invoice button and its dialog. `onSent` gets the invoice as it is after (a Draft e-mailed is Sent). */
export function EmailInvoiceButton({
  invoice,
  disabled,
  onSent,
}: {
  invoice: Invoice;
  disabled?: boolean;
  onSent: (invoice: Invoice) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" disabled={disabled} onClick={() => setOpen(true)}>
        Email invoice
      </button>
      {open && <EmailInvoiceDialog invoice={invoice} onClose={() => setOpen(false)} onSent={onSent} />}
    </>
  );
}

function EmailInvoiceDialog({
  invoice,
  onClose,
  onSent,
}: {
  invoice: Invoice;
  onClose: () => void;
  onSent: (invoice: Invoice) => void;
}) {
  const api = useApi();
  const customer = useApiQuery('getCustomerAccount', { id: invoice.customerId });
  const app = useApiQuery('appInfo', {});
  const shopName = app.data?.shopName ?? '';
  const [to, setTo] = useState<string | null>(null);
  const [cc, setCc] = useState('');
  const [subject, setSubject] = useState<string | null>(null);
  const [body, setBody] = useState('');
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const shownTo = to ?? customer.data?.customer.email ?? '';
  const shownSubject = subject ?? `Invoice ${invoice.number} from ${shopName}`;

  async function send(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    const outcome = await api.emailInvoice({
      invoiceId: invoice.id,
      ...(shownTo.trim() ? { to: shownTo } : {}),
      cc,
      subject: shownSubject,
      message: body,
    });
    if (!outcome.ok) {
      setBusy(false);
      return setMessage({ tone: 'error', text: outcome.error.message });
    }
    const after = await api.getInvoice({ id: invoice.id });
    setBusy(false);
    if (after.ok) onSent(after.value);
    setDone(true);
    return setMessage({ tone: outcome.value.sent ? 'ok' : 'error', text: outcome.value.message });
  }

  return (
    <Dialog title="Email invoice" onClose={onClose}>
      <form className="form email-form" onSubmit={(e) => void send(e)}>
        <label className="field">
          <span>To</span>
          <input value={shownTo} data-autofocus onChange={(e) => setTo(e.target.value)} disabled={done} />
        </label>
        <label className="field">
          <span>Cc</span>
          <input value={cc} onChange={(e) => setCc(e.target.value)} disabled={done} />
        </label>
        <label className="field">
          <span>Subject</span>
          <input value={shownSubject} onChange={(e) => setSubject(e.target.value)} disabled={done} />
        </label>
        <label className="field">
          <span>Message</span>
          <textarea rows={5} value={body} onChange={(e) => setBody(e.target.value)} disabled={done} />
        </label>
        <p className="hint">The invoice is attached as {invoice.number}.pdf.</p>
        <Message message={message} />
        <div className="dialog-actions">
          {!done && (
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Sending…' : 'Send'}
            </button>
          )}
          <button type="button" onClick={onClose}>
            {done ? 'Close' : 'Cancel'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** The invoice's e-mails, newest first (nothing when none was sent). */
export function InvoiceEmailLog({ invoiceId }: { invoiceId: number }) {
  const emails = useApiQuery('listEmails', { invoiceId });
  const times = useTimes();
  if (!emails.data || emails.data.length === 0) return null;
  return (
    <section className="email-log" aria-label="E-mails">
      <h2>E-mails</h2>
      <ul>
        {emails.data.map((m) => (
          <li key={m.id}>
            {m.kind === 'receipt' ? 'Receipt' : 'Invoice'} to {m.to}
            {m.cc ? ` (cc ${m.cc})` : ''}
            {m.status === 'sent'
              ? `, sent ${times.dateTime(m.sentAt ?? m.createdAt)} by ${m.actor}`
              : `: In the outbox (queued ${times.dateTime(m.createdAt)} by ${m.actor}${m.lastError ? `; ${m.lastError}` : ''})`}
          </li>
        ))}
      </ul>
    </section>
  );
}
