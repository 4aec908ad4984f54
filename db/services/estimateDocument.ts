// An estimate as a printed document (print, PDF, e-mail): "Estimate EST-000001", its date and expiry, the customer,
// the lines and totals, laid out by the one print template like an invoice (db/services/documents.ts).
import { estimateStatusLabel } from '../../core/enums.ts';
import type { ReadCtx } from './context.ts';
import type { DocumentData, DocumentTotalRow } from './documents.ts';
import { getEstimate } from './estimates.ts';

type Head = Pick<DocumentData, 'shop' | 'money' | 'paperSize' | 'logoDataUrl'>;

export async function estimateDocument(ctx: ReadCtx, id: number, head: Head): Promise<DocumentData> {
  const estimate = await getEstimate(ctx, id);
  const customer = await ctx.db
    .selectFrom('customers')
    .select(['email', 'phone'])
    .where('id', '=', estimate.customerId)
    .executeTakeFirst();
  const totals: DocumentTotalRow[] = [{ label: 'Subtotal', minor: estimate.subtotalMinor }];
  for (const t of estimate.taxes) totals.push({ label: t.name, minor: t.taxMinor });
  if (estimate.taxes.length === 0) totals.push({ label: 'Tax', minor: estimate.taxMinor });
  totals.push({ label: 'Total', minor: estimate.totalMinor, strong: true });
  return {
    kind: 'estimate',
    title: 'Estimate',
    number: estimate.number,
    fileName: `${estimate.number}.pdf`,
    // Draft and Sent print as the customer sees them; the decisions are stamped.
    status: estimate.status === 'draft' || estimate.status === 'sent' ? '' : estimateStatusLabel[estimate.status],
    ...head,
    party: {
      label: 'Prepared for',
      name: estimate.customerName,
      lines: [customer?.email ?? '', customer?.phone ? `Phone ${customer.phone}` : ''].filter(Boolean),
    },
    facts: [
      { label: 'Estimate number', value: estimate.number },
      { label: 'Date', value: estimate.estimateDate, date: true },
      { label: 'Expiry date', value: estimate.expiryDate, date: true },
      { label: 'Terms', value: estimate.terms },
    ],
    lines: estimate.lines.map((l) => ({
      description: l.description || l.productName || '',
      sku: l.sku,
      qtyMilli: l.qty,
      unitPriceMinor: l.unitPriceMinor,
      discountMinor: 0,
      discountText: '',
      lineTotalMinor: l.lineTotalMinor,
      taxText: l.taxable ? l.taxRateName : '',
      serials: [],
    })),
    totals,
    payments: [],
    notes: estimate.notes,
    terms: estimate.terms,
    dueDate: '',
  };
}
