// A receipt in a dialog, with Print receipt and Email receipt: a reprint from an invoice, or a return's refund receipt.
import { useRef, useState } from 'react';
import { useApiQuery } from '../api/ApiProvider.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { QueryError } from '../components/Filters.tsx';
import { ReceiptView } from './ReceiptView.tsx';
import { printReceipt } from './print.ts';
import { EmailReceiptForm } from '../email/EmailReceipt.tsx';

export type ReceiptOf = { invoiceId: number } | { creditNoteId: number };

export function ReceiptDialog({ of, onClose }: { of: ReceiptOf; onClose: () => void }) {
  const receipt = useApiQuery('saleReceipt', of);
  const slip = useRef<HTMLElement>(null);
  const [error, setError] = useState<string | null>(null);
  const title = 'creditNoteId' in of ? 'Refund receipt' : 'Receipt';

  async function print() {
    if (receipt.status !== 'ok') return;
    setError(null);
    const outcome = await printReceipt(slip.current, receipt.data.width);
    if (!outcome.ok) setError(outcome.message);
  }

  return (
    <Dialog title={receipt.status === 'ok' ? `${title} ${receipt.data.number}` : title} onClose={onClose}>
      <QueryError state={receipt} />
      {receipt.status === 'loading' && <p role="status">Loading the receipt…</p>}
      {receipt.status === 'ok' && (
        <div className="slip-scroll">
          <ReceiptView ref={slip} receipt={receipt.data} />
        </div>
      )}
      {error && (
        <p role="alert" className="message error">
          {error}
        </p>
      )}
      {receipt.status === 'ok' && <EmailReceiptForm of={of} />}
      <div className="slip-actions">
        <button type="button" data-autofocus disabled={receipt.status !== 'ok'} onClick={() => void print()}>
          Print receipt
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
