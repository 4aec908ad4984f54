// The invoice's totals as the lines stand (a tax row per rate), and for a saved invoice what was paid, what returns
// credited, the balance, the payments applied to it and its credit notes (each opens its refund receipt).
import { useState } from 'react';
import type { RefundTo } from '../../core/enums.ts';
import type { Invoice } from '../../core/model.ts';
import { formatRate, type Totals } from '../../core/money.ts';
import { useMoney, useTimes } from '../components/ShopFormat.tsx';
import { ReceiptDialog } from '../receipt/ReceiptDialog.tsx';
import { DocumentActions } from '../documents/DocumentActions.tsx';

const refundToLabel: Record<RefundTo, string> = {
  tenders: 'Original tenders',
  credit: 'Store credit',
  balance: 'Off the balance',
};

export function InvoiceTotals({ totals, saved, dirty }: { totals: Totals; saved: Invoice | null; dirty: boolean }) {
  const money = useMoney();
  const times = useTimes();
  const [receiptOf, setReceiptOf] = useState<number | null>(null);
  // The balance as the store keeps it; while there are unsaved changes, what it will be once they are saved.
  const balance =
    saved && saved.status !== 'void'
      ? dirty
        ? totals.totalMinor - saved.paidMinor - saved.creditedMinor
        : saved.balanceMinor
      : null;
  return (
    <div className="totals-box">
      <table className="totals" aria-label="Totals">
        <tbody>
          <tr>
            <th scope="row">Subtotal</th>
            <td>{money.text(totals.subtotalMinor)}</td>
          </tr>
          {totals.taxes.length === 0 && (
            <tr>
              <th scope="row">Tax</th>
              <td>{money.text(0)}</td>
            </tr>
          )}
          {totals.taxes.map((t) => (
            <tr key={`${t.rateBp}|${t.name}`}>
              <th scope="row">{t.name.includes('%') ? t.name : `${t.name} ${formatRate(t.rateBp)}`.trim()}</th>
              <td>{money.text(t.taxMinor)}</td>
            </tr>
          ))}
          <tr className="grand">
            <th scope="row">Total</th>
            <td>{money.total(totals.totalMinor)}</td>
          </tr>
          {saved && (
            <>
              <tr>
                <th scope="row">Paid</th>
                <td>{money.text(saved.paidMinor)}</td>
              </tr>
              {saved.creditedMinor > 0 && (
                <tr>
                  <th scope="row">Credited by returns</th>
                  <td>{money.text(saved.creditedMinor)}</td>
                </tr>
              )}
              {balance !== null && (
                <tr className="balance">
                  <th scope="row">Balance due</th>
                  <td>{money.total(balance)}</td>
                </tr>
              )}
            </>
          )}
        </tbody>
      </table>
      {saved && saved.payments.length > 0 && (
        <table className="list payments-on-invoice" aria-label="Payments on this invoice">
          <thead>
            <tr>
              <th scope="col">Payment</th>
              <th scope="col">Date</th>
              <th scope="col">Method</th>
              <th scope="col">Reference</th>
              <th scope="col">Taken by</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col" className="num">
                Refunded
              </th>
            </tr>
          </thead>
          <tbody>
            {saved.payments.map((p) => (
              <tr key={p.paymentId}>
                <td>{p.number}</td>
                <td>{p.paidOn}</td>
                <td>{p.methodName}</td>
                <td>{p.reference}</td>
                <td>{p.actor}</td>
                <td className="num">{money.text(p.amountMinor)}</td>
                <td className="num">{p.refundedMinor > 0 ? money.text(p.refundedMinor) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {saved && saved.creditNotes.length > 0 && (
        <table className="list credit-notes-on-invoice" aria-label="Returns on this invoice">
          <thead>
            <tr>
              <th scope="col">Credit note</th>
              <th scope="col">Date</th>
              <th scope="col">Refund to</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Document</th>
            </tr>
          </thead>
          <tbody>
            {saved.creditNotes.map((cn) => (
              <tr key={cn.id}>
                <td>
                  <button type="button" className="link" onClick={() => setReceiptOf(cn.id)}>
                    {cn.number}
                  </button>
                </td>
                <td>{times.dateTime(cn.createdAt)}</td>
                <td>{refundToLabel[cn.refundTo]}</td>
                <td className="num">{money.text(cn.totalMinor)}</td>
                <td>
                  <DocumentActions kind="credit_note" id={cn.id} of={cn.number} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {receiptOf !== null && <ReceiptDialog of={{ creditNoteId: receiptOf }} onClose={() => setReceiptOf(null)} />}
    </div>
  );
}
