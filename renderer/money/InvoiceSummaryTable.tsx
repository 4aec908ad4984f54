// A table of invoice summaries: number, date, due date, status (with Overdue), total and balance. The customer page
// lists their invoices with it, Receive Payment their open ones (no Total, plus an Apply part per invoice).
import type { ReactNode } from 'react';
import type { InvoiceSummary } from '../../core/model.ts';
import { useMoney } from '../components/ShopFormat.tsx';
import { InvoiceStatusBadge } from './InvoiceStatusBadge.tsx';

export function InvoiceSummaryTable({
  label,
  invoices,
  empty,
  numberHeading = 'Number',
  number = (inv) => inv.number,
  total = true,
  extra,
}: {
  label: string;
  invoices: readonly InvoiceSummary[];
  /** Said in the one row when there are no invoices. */
  empty: string;
  numberHeading?: string;
  /** The number cell's content: the number as text unless given (a link, for one). */
  number?: (inv: InvoiceSummary) => ReactNode;
  /** Whether the Total column shows; Balance always does. */
  total?: boolean;
  /** One more amount column after Balance. */
  extra?: { heading: string; cell: (inv: InvoiceSummary) => ReactNode };
}) {
  const money = useMoney();
  const columns = 5 + (total ? 1 : 0) + (extra ? 1 : 0);
  return (
    <table className="list" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{numberHeading}</th>
          <th scope="col">Date</th>
          <th scope="col">Due</th>
          <th scope="col">Status</th>
          {total && (
            <th scope="col" className="num">
              Total
            </th>
          )}
          <th scope="col" className="num">
            Balance
          </th>
          {extra && (
            <th scope="col" className="num">
              {extra.heading}
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {invoices.length === 0 && (
          <tr>
            <td colSpan={columns} className="empty">
              {empty}
            </td>
          </tr>
        )}
        {invoices.map((inv) => (
          <tr key={inv.id}>
            <td>{number(inv)}</td>
            <td>{inv.invoiceDate}</td>
            <td>{inv.dueDate}</td>
            <td>
              <InvoiceStatusBadge status={inv.status} overdue={inv.overdue} />
            </td>
            {total && <td className="num">{money.text(inv.totalMinor)}</td>}
            <td className="num">{money.text(inv.balanceMinor)}</td>
            {extra && <td className="num">{extra.cell(inv)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
