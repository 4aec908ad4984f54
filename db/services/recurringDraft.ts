// Make recurring: an invoice's lines as a new recurring template's values, NOT saved (the template page opens them
// for review, then Save makes R-000001). Lines that cannot recur are left out and named with the reason: a
// serial-tracked product (a recurring sale of a unit makes no sense), a ticket deposit taken off, a counted line.
import { AppError } from '../../core/errors.ts';
import type { RecurringDraft, RecurringLineValues } from '../../core/model.ts';
import { localDate } from '../../core/dates.ts';
import { addMonthsClamped } from '../../core/recurrence.ts';
import type { ReadCtx } from './context.ts';

export async function makeRecurring(ctx: ReadCtx, invoiceId: number): Promise<RecurringDraft> {
  const invoice = await ctx.db
    .selectFrom('invoices as i')
    .innerJoin('customers as c', 'c.id', 'i.customer_id')
    .select(['i.id', 'i.number', 'i.customer_id', 'c.name', 'c.is_default', 'i.invoice_date', 'i.terms', 'i.notes'])
    .where('i.id', '=', invoiceId)
    .executeTakeFirst();
  if (!invoice) throw new AppError('not_found', `No invoice with id ${invoiceId}.`);
  if (Number(invoice.is_default) === 1)
    throw new AppError(
      'invalid_input',
      `${invoice.number} is the walk-in customer's: choose the customer on it first, or start a new recurring ` +
        'invoice.',
    );
  const rows = await ctx.db
    .selectFrom('invoice_lines as l')
    .leftJoin('products as p', 'p.id', 'l.product_id')
    .select([
      'l.product_id',
      'l.description',
      'l.qty',
      'l.unit_price_minor',
      'l.taxable',
      'l.tax_rate_id',
      'l.counted',
      'p.serialized',
      'p.name as product_name',
    ])
    .where('l.invoice_id', '=', invoiceId)
    .orderBy('l.position')
    .execute();
  const lines: RecurringLineValues[] = [];
  const leftOut: RecurringDraft['leftOut'] = [];
  for (const l of rows) {
    const description = l.description || l.product_name || '';
    if (Number(l.serialized ?? 0) === 1)
      leftOut.push({
        description,
        reason: 'serial-tracked: a recurring sale of a unit makes no sense (count the devices with an asset counter)',
      });
    else if (Number(l.unit_price_minor) < 0)
      leftOut.push({ description, reason: 'a deposit taken off: it belongs to that ticket' });
    else if (Number(l.counted) === 1)
      leftOut.push({ description, reason: 'counted at a run: add a counter line for it' });
    else
      lines.push({
        kind: 'standard',
        productId: l.product_id === null ? null : Number(l.product_id),
        description: l.description,
        qty: Number(l.qty),
        unitPriceMinor: Number(l.unit_price_minor),
        taxable: Number(l.taxable) === 1,
        taxRateId: l.tax_rate_id === null ? null : Number(l.tax_rate_id),
        assetType: '',
        contactFieldId: null,
        contactFieldValue: '',
      });
  }
  // The invoice was the first period's: the template starts on its date and runs monthly from there, its next run the
  // first of those dates from today on (an invoice of last year does not catch up a year of drafts).
  const startDate = invoice.invoice_date;
  const today = localDate(ctx.now());
  let nextRunDate = addMonthsClamped(startDate, 1);
  for (let n = 2; nextRunDate < today; n++) nextRunDate = addMonthsClamped(startDate, n);
  return {
    values: {
      customerId: Number(invoice.customer_id),
      frequency: 'monthly',
      everyMonths: 1,
      startDate,
      nextRunDate,
      endDate: null,
      maxRuns: null,
      terms: invoice.terms,
      notes: invoice.notes,
      action: 'draft',
      addTicketCharges: false,
      ticketStatusIds: [],
      ticketChargeOrder: 'ticket',
      lines,
    },
    customerName: invoice.name,
    sourceInvoice: { id: Number(invoice.id), number: invoice.number },
    leftOut,
  };
}
