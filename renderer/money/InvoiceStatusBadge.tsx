// An invoice's status as a badge (Draft, Sent, Viewed, Partial, Paid, Void), and a red Overdue badge beside it
// when a Sent, Viewed or Partial invoice is past its due date (Overdue is not a status).
import { invoiceStatusLabel } from '../../core/enums.ts';
import type { InvoiceStatus } from '../../core/model.ts';

export function InvoiceStatusBadge({ status, overdue }: { status: InvoiceStatus; overdue: boolean }) {
  return (
    <span className="invoice-badges">
      <span className={`badge invoice-status invoice-${status}`}>{invoiceStatusLabel[status]}</span>
      {overdue && <span className="badge invoice-overdue">Overdue</span>}
    </span>
  );
}
