// Payments as rows (the Payments page and a customer's page): each with the invoices it applied to, its refunds
// and a Refund button that opens the refund dialog.
import { useState } from 'react';
import type { PaymentRow } from '../../core/model.ts';
import { useMoney } from '../components/ShopFormat.tsx';
import { useNav } from '../stores/nav.ts';
import { RefundDialog } from './RefundDialog.tsx';

/** What can still be refunded of a payment: its parts applied to invoices, less what was refunded of each. */
export const refundableOf = (p: PaymentRow): number =>
  p.invoices.reduce((sum, i) => sum + Math.max(0, i.amountMinor - i.refundedMinor), 0);

export function PaymentsTable({
  label,
  rows,
  empty,
  showCustomer = true,
  onRefunded,
}: {
  label: string;
  rows: readonly PaymentRow[];
  /** The row shown when there are none. */
  empty: string;
  showCustomer?: boolean;
  onRefunded?: (refund: PaymentRow, amountText: string) => void;
}) {
  const money = useMoney();
  const go = useNav((s) => s.go);
  const [refunding, setRefunding] = useState<PaymentRow | null>(null);
  const columns = showCustomer ? 9 : 8;

  return (
    <>
      <table className="list" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Number</th>
            {showCustomer && <th scope="col">Customer</th>}
            <th scope="col">Method</th>
            <th scope="col">Reference</th>
            <th scope="col">Invoices</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col" className="num">
              Refunds
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns} className="empty">
                {empty}
              </td>
            </tr>
          )}
          {rows.map((p) => {
            const refundable = refundableOf(p);
            return (
              <tr key={p.id}>
                <td>{p.paidOn}</td>
                <td>{p.number}</td>
                {showCustomer && (
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-label={`Open ${p.customerName}`}
                      onClick={() => go({ name: 'customer', id: p.customerId })}
                    >
                      {p.customerName}
                    </button>
                  </td>
                )}
                <td>{p.methodName}</td>
                <td>{p.reference}</td>
                <td>
                  {p.invoices.map((i, n) => (
                    <span key={i.id}>
                      {n > 0 && ', '}
                      <button type="button" className="link" onClick={() => go({ name: 'invoice', invoiceId: i.id })}>
                        {i.number}
                      </button>
                      {p.invoices.length > 1 && <span className="meta"> {money.text(i.amountMinor)}</span>}
                    </span>
                  ))}
                  {p.creditMinor > 0 && (
                    <span className="meta">
                      {p.invoices.length > 0 ? ', ' : ''}
                      {money.text(p.creditMinor)} to store credit
                    </span>
                  )}
                </td>
                <td className="num">{money.text(p.amountMinor)}</td>
                <td className="num" title={p.refunds.map((r) => `${r.refundedOn} ${r.invoiceNumber}`).join('\n')}>
                  {p.refundedMinor > 0 ? money.text(p.refundedMinor) : '—'}
                </td>
                <td>
                  <button
                    type="button"
                    aria-label={`Refund ${p.number}`}
                    disabled={refundable === 0}
                    title={
                      refundable > 0
                        ? undefined
                        : p.invoices.length === 0
                          ? 'Nothing of this payment was applied to an invoice.'
                          : 'Fully refunded.'
                    }
                    onClick={() => setRefunding(p)}
                  >
                    Refund
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {refunding && (
        <RefundDialog
          payment={refunding}
          onClose={() => setRefunding(null)}
          onDone={(row, amountText) => {
            setRefunding(null);
            onRefunded?.(row, amountText);
          }}
        />
      )}
    </>
  );
}
