// One stock count (SC-…): while open, the scan console (CountScanConsole.tsx) and the review of the differences
// (CountReview.tsx), then Post adjustment (a cashier is asked for a manager's PIN) or Cancel count. A posted count
// shows its adjustment (ADJ-…) and what it changed.
import { useState } from 'react';
import { stockCountStatusLabel } from '../../core/enums.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { QueryError } from '../components/Filters.tsx';
import { useApproval } from '../components/ManagerApproval.tsx';
import { Message, type ScreenMessage } from '../components/Message.tsx';
import { useTimes } from '../components/ShopFormat.tsx';
import { useNav } from '../stores/nav.ts';
import { CountReview } from './CountReview.tsx';
import { CountScanConsole } from './CountScanConsole.tsx';

export function StockCountScreen({ id }: { id: number }) {
  const api = useApi();
  const approve = useApproval();
  const go = useNav((s) => s.go);
  const times = useTimes();
  const count = useApiQuery('getStockCount', { id });
  const [message, setMessage] = useState<ScreenMessage>(null);
  const [busy, setBusy] = useState(false);
  const [confirmCancel, setConfirmCancel] = useState(false);

  if (count.status !== 'ok')
    return (
      <section aria-label="Stock count">
        <h1>Stock count</h1>
        <QueryError state={count} />
      </section>
    );
  const c = count.data;
  const open = c.status === 'open';

  async function post() {
    setBusy(true);
    const outcome = await approve((approvalPin) =>
      api.postStockCount({ id, ...(approvalPin === undefined ? {} : { approvalPin }) }),
    );
    setBusy(false);
    if (!outcome.ok) {
      if (outcome.error.code !== 'cancelled') setMessage({ tone: 'error', text: outcome.error.message });
      return;
    }
    setMessage({ tone: 'ok', text: outcome.value.message });
  }

  async function cancel() {
    setBusy(true);
    const outcome = await api.cancelStockCount({ id });
    setBusy(false);
    setConfirmCancel(false);
    setMessage(
      outcome.ok
        ? { tone: 'ok', text: `${c.number} is cancelled: nothing was adjusted.` }
        : { tone: 'error', text: outcome.error.message },
    );
  }

  return (
    <section className="stock-count" aria-label={`Stock count ${c.number}`}>
      <div className="screen-head">
        <h1>
          {c.number} <span className="meta">{c.locationName}</span>
        </h1>
        <button type="button" className="link" onClick={() => go({ name: 'stockCounts' })}>
          All counts
        </button>
      </div>
      <p className="meta">
        {stockCountStatusLabel[c.status]} ·{' '}
        {c.allProducts ? 'every product' : `${c.products.length} product${c.products.length === 1 ? '' : 's'}`} ·
        started {times.dateTime(c.startedAt)} by {c.startedBy}
        {c.closedAt && ` · closed ${times.dateTime(c.closedAt)} by ${c.closedBy ?? ''}`}
        {c.adjustment && ` · adjustment ${c.adjustment.number}`}
      </p>
      <Message message={message} />
      {open && <CountScanConsole count={c} />}
      <CountReview count={c} />
      {open && (
        <div className="actions">
          <button type="button" className="primary" disabled={busy} onClick={() => void post()}>
            Post adjustment
          </button>
          {confirmCancel ? (
            <span role="group" aria-label="Confirm cancel">
              Cancel {c.number}? Its scans are kept, nothing is adjusted.{' '}
              <button type="button" disabled={busy} onClick={() => void cancel()}>
                Yes, cancel count
              </button>{' '}
              <button type="button" onClick={() => setConfirmCancel(false)}>
                Keep counting
              </button>
            </span>
          ) : (
            <button type="button" disabled={busy} onClick={() => setConfirmCancel(true)}>
              Cancel count
            </button>
          )}
        </div>
      )}
    </section>
  );
}
