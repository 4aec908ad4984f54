// Email estimate: the dialog on an estimate's page. To (the customer's address when left empty) and a message; the
// estimate's PDF goes attached, and a Draft becomes Sent once the server takes it.
import { useState } from 'react';
import type { Estimate } from '../../core/model.ts';
import { useApi } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';

/** Email estimate: To (the customer's address when empty) and a message; the PDF goes attached. */
export function EstimateEmail(props: {
  estimate: Estimate;
  onDone: (text: string, ok: boolean) => void;
  onCancel: () => void;
}) {
  const api = useApi();
  const [to, setTo] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ScreenMessage>(null);
  async function send() {
    setBusy(true);
    const outcome = await api.emailEstimate({
      estimateId: props.estimate.id,
      ...(to.trim() ? { to: to.trim() } : {}),
      message: text,
    });
    setBusy(false);
    if (!outcome.ok) return setError({ tone: 'error', text: outcome.error.message });
    return props.onDone(outcome.value.message, outcome.value.sent);
  }
  return (
    <Dialog title={`Email ${props.estimate.number}`} onClose={props.onCancel}>
      <Message message={error} />
      <label>
        To
        <input value={to} placeholder="The customer’s address" onChange={(e) => setTo(e.target.value)} />
      </label>
      <label>
        Message
        <textarea value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <div className="dialog-actions">
        <button type="button" disabled={busy} onClick={() => void send()}>
          {busy ? 'Sending…' : 'Send'}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
