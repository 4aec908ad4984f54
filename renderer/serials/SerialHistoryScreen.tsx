import { useState, type FormEvent } from 'react';
import { serialEventLabel } from '../../core/enums.ts';
import type { SerialEvent } from '../../core/model.ts';
import { useApi, useApiQuery } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { useTimes } from '../components/ShopFormat.tsx';
import { ReceiptDialog } from '../receipt/ReceiptDialog.tsx';
import { useNav } from '../stores/nav.ts';
import { unitStatus } from './labels.ts';

/** One unit's life: every event in order, each linking to its document; rename and delete from here. */
export function SerialHistoryScreen({ id }: { id: number }) {
  const go = useNav((s) => s.go);
  const times = useTimes();
  const history = useApiQuery('serialHistory', { id });
  const [action, setAction] = useState<'rename' | 'delete' | null>(null);
  const [creditNoteId, setCreditNoteId] = useState<number | null>(null);

  if (history.status === 'loading') return <p role="status">Loading…</p>;
  if (history.status === 'error')
    return (
      <p role="alert" className="message error">
        {history.error.message}
      </p>
    );
  const { unit, aliases, events } = history.data;

  function Doc({ e }: { e: SerialEvent }) {
    // A return names its credit note (its refund receipt) and the sale it came back from.
    if (e.creditNote)
      return (
        <>
          <button type="button" className="link" onClick={() => setCreditNoteId(e.creditNote!.id)}>
            {e.creditNote.number}
          </button>
          {e.invoice && (
            <>
              {' from '}
              <button type="button" className="link" onClick={() => go({ name: 'invoice', invoiceId: e.invoice!.id })}>
                {e.invoice.number}
              </button>
            </>
          )}
        </>
      );
    if (e.transfer)
      return (
        <button type="button" className="link" onClick={() => go({ name: 'transfer', id: e.transfer!.id })}>
          {e.transfer.number}
        </button>
      );
    if (e.purchaseOrder)
      return (
        <button type="button" className="link" onClick={() => go({ name: 'purchaseOrder', id: e.purchaseOrder!.id })}>
          {e.purchaseOrder.number}
        </button>
      );
    if (e.invoice)
      return (
        <button type="button" className="link" onClick={() => go({ name: 'invoice', invoiceId: e.invoice!.id })}>
          {e.invoice.number}
        </button>
      );
    // A goods issue took the unit out; its reversal (a goods receipt) names the issue it undoes.
    if (e.goodsIssue) {
      const issue = (
        <button type="button" className="link" onClick={() => go({ name: 'goodsIssue', id: e.goodsIssue!.id })}>
          {e.goodsIssue.number}
        </button>
      );
      if (!e.receipt) return issue;
      return (
        <>
          <button type="button" className="link" onClick={() => go({ name: 'receipt', id: e.receipt!.id })}>
            {e.receipt.number}
          </button>
          {' reversing '}
          {issue}
        </>
      );
    }
    if (e.receipt)
      return (
        <button type="button" className="link" onClick={() => go({ name: 'receipt', id: e.receipt!.id })}>
          {e.receipt.number}
        </button>
      );
    return null;
  }

  return (
    <section className="serial-history" aria-label={`Serial ${unit.serial}`}>
      <button type="button" className="link" onClick={() => go({ name: 'serials' })}>
        ← Serial Numbers
      </button>
      <h1>Serial {unit.serial}</h1>
      <dl className="facts">
        <dt>Product</dt>
        <dd>
          {unit.productName} ({unit.sku})
        </dd>
        <dt>Status</dt>
        <dd>
          {unitStatus(unit)}
          {unit.invoice ? ` on ${unit.invoice.number}` : ''}
        </dd>
        <dt>Location</dt>
        <dd>{unit.locationName}</dd>
        {unit.customer && (
          <>
            <dt>Customer</dt>
            <dd>{unit.customer.name}</dd>
          </>
        )}
        {unit.ticket && (
          <>
            <dt>Ticket</dt>
            <dd>
              <button type="button" className="link" onClick={() => go({ name: 'ticket', id: unit.ticket!.id })}>
                {unit.ticket.number}
              </button>
            </dd>
          </>
        )}
        <dt>Condition notes</dt>
        <dd>{unit.conditionNotes || '—'}</dd>
        {aliases.length > 0 && (
          <>
            <dt>Earlier labels</dt>
            <dd>{aliases.join(', ')}</dd>
          </>
        )}
      </dl>
      {!unit.deleted && (
        <div className="actions">
          <button type="button" onClick={() => setAction('rename')}>
            Rename serial
          </button>
          <button type="button" className="danger" onClick={() => setAction('delete')}>
            Delete serial
          </button>
        </div>
      )}
      <h2>History</h2>
      <table className="list" aria-label="History">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Event</th>
            <th scope="col">Details</th>
            <th scope="col">Document</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{times.dateTime(e.at)}</td>
              <td>{serialEventLabel[e.kind]}</td>
              <td>
                {e.note}
                {e.customer && e.kind === 'sold' && !e.note.includes(e.customer.name) ? ` to ${e.customer.name}` : ''}
              </td>
              <td>
                <Doc e={e} />
                {e.ticket && (
                  <>
                    {e.purchaseOrder || e.invoice ? (e.kind === 'sold' ? ' from ' : ' for ') : ''}
                    <button type="button" className="link" onClick={() => go({ name: 'ticket', id: e.ticket!.id })}>
                      {e.ticket.number}
                    </button>
                  </>
                )}
              </td>
              <td>{e.actor}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {action && <SerialActionDialog id={id} serial={unit.serial} action={action} onDone={() => setAction(null)} />}
      {creditNoteId !== null && <ReceiptDialog of={{ creditNoteId }} onClose={() => setCreditNoteId(null)} />}
    </section>
  );
}

function SerialActionDialog({
  id,
  serial,
  action,
  onDone,
}: {
  id: number;
  serial: string;
  action: 'rename' | 'delete';
  onDone: () => void;
}) {
  const api = useApi();
  const [text, setText] = useState(serial);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const outcome =
      action === 'rename'
        ? await api.renameSerial({ id, serial: text, reason })
        : await api.deleteSerial({ id, reason });
    if (!outcome.ok) return setError(outcome.error.message);
    onDone();
    return undefined;
  }

  return (
    <Dialog title={action === 'rename' ? `Rename ${serial}` : `Delete ${serial}?`} onClose={onDone}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        {action === 'rename' ? (
          <>
            <p>The old text stays as an alias: a scan of the old label still finds this unit.</p>
            <label className="field">
              <span>New serial</span>
              <input data-autofocus value={text} onChange={(e) => setText(e.target.value)} />
            </label>
          </>
        ) : (
          <p>Only a unit in stock that was never on an invoice can be deleted. It leaves stock; its history stays.</p>
        )}
        <label className="field">
          <span>Reason</span>
          <input
            value={reason}
            {...(action === 'delete' ? { 'data-autofocus': true } : {})}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        {error && (
          <p role="alert" className="message error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onDone}>
            Cancel
          </button>
          <button type="submit" className={action === 'delete' ? 'danger' : 'primary'}>
            {action === 'rename' ? 'Rename' : 'Delete'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
