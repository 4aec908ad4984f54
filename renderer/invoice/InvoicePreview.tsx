// The Invoices page's preview: the selected invoice's lines with their serials, its payments and its balance, beside
// the list, without leaving it. A button opens it in the editor.
import { formatQtyMilli } from '../../core/money.ts';
import { useApiQuery } from '../api/ApiProvider.tsx';
import { QueryError } from '../components/Filters.tsx';
import { useMoney } from '../components/ShopFormat.tsx';
import { InvoiceStatusBadge } from '../money/InvoiceStatusBadge.tsx';
import { useNav } from '../stores/nav.ts';

export function InvoicePreview({ id, onClose }: { id: number; onClose: () => void }) {
  const money = useMoney();
  const go = useNav((s) => s.go);
  const query = useApiQuery('getInvoice', { id });
  const inv = query.data?.id === id ? query.data : undefined;

  return (
    <aside className="invoice-preview" aria-label={inv ? `Preview of ${inv.number}` : 'Invoice preview'}>
      <QueryError state={query} />
      {!inv && query.status !== 'error' && <p role="status">Loading the invoice…</p>}
      {inv && (
        <>
          <div className="title-row">
            <h2>{inv.number}</h2>
            <InvoiceStatusBadge status={inv.status} overdue={inv.overdue} />
          </div>
          <dl className="facts">
            <dt>Customer</dt>
            <dd>{inv.customerName}</dd>
            <dt>Date</dt>
            <dd>{inv.invoiceDate}</dd>
            <dt>Due date</dt>
            <dd>
              {inv.dueDate}
              {inv.terms ? ` (${inv.terms})` : ''}
            </dd>
          </dl>
          <table className="list preview-lines" aria-label={`Lines of ${inv.number}`}>
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col" className="num">
                  Qty
                </th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {inv.lines.map((l) => (
                <tr key={l.id}>
                  <td>
                    {l.description}
                    {l.serials.length > 0 && (
                      <ul className="preview-serials" aria-label={`Serials of ${l.description}`}>
                        {l.serials.map((s) => (
                          <li key={s.id} className="mono">
                            {s.serial}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="num">{formatQtyMilli(l.qty, money.format.locale)}</td>
                  <td className="num">{money.text(l.lineTotalMinor)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="totals" aria-label={`Totals of ${inv.number}`}>
            <tbody>
              <tr>
                <th scope="row">Total</th>
                <td className="num">{money.total(inv.totalMinor)}</td>
              </tr>
              <tr>
                <th scope="row">Paid</th>
                <td className="num">{money.total(inv.paidMinor)}</td>
              </tr>
              <tr className="balance">
                <th scope="row">Balance</th>
                <td className="num">{money.total(inv.balanceMinor)}</td>
              </tr>
            </tbody>
          </table>
          <h3>Payments</h3>
          {inv.payments.length === 0 ? (
            <p className="hint">No payments.</p>
          ) : (
            <ul className="preview-payments" aria-label={`Payments on ${inv.number}`}>
              {inv.payments.map((p) => (
                <li key={p.paymentId}>
                  {p.paidOn} · {p.number} · {p.methodName}
                  {p.reference ? ` (${p.reference})` : ''}: {money.total(p.amountMinor)}
                  {p.refundedMinor > 0 && `, refunded ${money.total(p.refundedMinor)}`}
                </li>
              ))}
            </ul>
          )}
          <div className="actions">
            <button type="button" className="primary" onClick={() => go({ name: 'invoice', invoiceId: inv.id })}>
              Open in editor
            </button>
            <button type="button" onClick={onClose}>
              Close preview
            </button>
          </div>
        </>
      )}
    </aside>
  );
}
