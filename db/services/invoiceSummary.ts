import type { Selectable } from 'kysely';
import { OPEN_INVOICE_STATUSES, type InvoiceStatus } from '../../core/enums.ts';
import type { InvoiceSummary } from '../../core/model.ts';
import { invoiceTotals, type Discount, type Totals } from '../../core/money.ts';
import type { InvoiceLinesTable, InvoicesTable } from '../schema.ts';

/** Sent, Viewed or Partial with the due date before today. */
export const isOverdue = (status: InvoiceStatus, dueDate: string, today: string): boolean =>
  (OPEN_INVOICE_STATUSES as readonly InvoiceStatus[]).includes(status) && dueDate < today;

/** The columns a row of an invoice list reads, with its customer's name and its recurring template's number. */
export type InvoiceSummaryRow = Pick<
  Selectable<InvoicesTable>,
  'id' | 'number' | 'customer_id' | 'invoice_date' | 'due_date' | 'status' | 'total_minor' | 'balance_minor'
> & { customerName: string; recurringTemplateNumber: string | null };

/** One row of an invoice list (the Invoices page, a customer's page, Receive payment), as of `today`. */
export const toInvoiceSummary =
  (today: string) =>
  (r: InvoiceSummaryRow): InvoiceSummary => ({
    id: r.id,
    number: r.number,
    customerId: r.customer_id,
    customerName: r.customerName,
    invoiceDate: r.invoice_date,
    dueDate: r.due_date,
    status: r.status,
    overdue: isOverdue(r.status, r.due_date, today),
    totalMinor: r.total_minor,
    // A void invoice's balance is 0 in the store (migration 0005's generated column).
    balanceMinor: r.balance_minor,
    recurringTemplateNumber: r.recurringTemplateNumber ?? null,
  });

/** The discount columns of a saved invoice or line. */
type DiscountColumns = { discount_kind: Discount['kind'] | null; discount_value: number };
const savedDiscount = (row: DiscountColumns): Discount | null =>
  row.discount_kind ? { kind: row.discount_kind, value: row.discount_value } : null;

/** A saved invoice's totals worked out again from its stored lines and discounts (per line, and tax per rate). */
export function savedInvoiceTotals(
  lines: ReadonlyArray<
    Pick<Selectable<InvoiceLinesTable>, 'qty' | 'unit_price_minor' | 'taxable' | 'tax_rate_bp' | 'tax_rate_name'> &
      DiscountColumns
  >,
  invoice: DiscountColumns,
): Totals {
  return invoiceTotals(
    lines.map((l) => ({
      qty: l.qty,
      unitPriceMinor: l.unit_price_minor,
      taxable: l.taxable === 1,
      taxRateBp: l.tax_rate_bp,
      taxRateName: l.tax_rate_name,
      discount: savedDiscount(l),
    })),
    savedDiscount(invoice),
  );
}
