// Converting an estimate: to a ticket (Approved only; one pending charge per line, the ticket names the estimate) or
// to a Draft invoice (linked by invoices.estimate_id; a serial-tracked line warns first). Either makes it Converted.
import { localDate } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import { iso, type WriteCtx } from './context.ts';
import { getEstimate, label, requireRow, type EstimateRow as Row } from './estimates.ts';
import { saveInvoice } from './invoices.ts';
import { addItemCharge, createTicket } from './ticketCore.ts';

/** Convert to invoice's warning (and the refusal without `confirmSerialized`), word for word. */
export const SERIALIZED_WARNING =
  'This estimate has serialized products. Convert it to a ticket first, so the serial can be linked to the ticket.';
async function markConverted(ctx: WriteCtx, row: Row): Promise<void> {
  const now = iso(ctx.now());
  await ctx.db
    .updateTable('estimates')
    .set({
      status: 'converted',
      decided_at: row.decided_at ?? now,
      updated_at: now,
      revision: Number(row.revision) + 1,
    })
    .where('id', '=', Number(row.id))
    .execute();
}

function refuseConverting(row: Row, to: 'a ticket' | 'an invoice'): void {
  if (row.status === 'converted')
    throw new AppError('conflict', `${row.number} was already converted.`, { status: row.status });
  if (row.status === 'declined')
    throw new AppError('conflict', `${row.number} was declined: it cannot be converted to ${to}.`, {
      status: row.status,
    });
}

/** Convert to ticket (an Approved estimate): a ticket linked to it, one pending line item per estimate line. */
export async function convertEstimateToTicket(
  ctx: WriteCtx,
  id: number,
): Promise<{ ticketId: number; number: string }> {
  const row = await requireRow(ctx, id);
  refuseConverting(row, 'a ticket');
  if (row.status !== 'approved')
    throw new AppError(
      'conflict',
      `${row.number} is ${label(row.status)}: approve it before converting it to a ticket.`,
      { status: row.status },
    );
  const estimate = await getEstimate(ctx, id);
  const ticket = await createTicket(ctx, {
    customerId: estimate.customerId,
    title: `${estimate.number}: ${estimate.lines[0]?.description ?? 'Estimate'}`.slice(0, 200),
    description: estimate.notes,
    estimateId: id,
    locationId: estimate.locationId,
  });
  for (const line of estimate.lines) {
    await addItemCharge(ctx, ticket.id, {
      productId: line.productId,
      description: line.description,
      qty: line.qty,
      unitPriceMinor: line.unitPriceMinor,
      taxable: line.taxable,
      taxRateId: line.taxRateId,
      estimateLineId: line.id,
    });
  }
  await markConverted(ctx, row);
  return { ticketId: ticket.id, number: ticket.number };
}

/**
 * Convert to invoice: a Draft invoice from the lines (no serials yet: they are captured on the invoice), linked to the
 * estimate. An estimate with a serialized product is refused with the warning unless the person confirmed it.
 */
export async function convertEstimateToInvoice(
  ctx: WriteCtx,
  id: number,
  confirmSerialized = false,
): Promise<{ invoiceId: number; number: string }> {
  const row = await requireRow(ctx, id);
  refuseConverting(row, 'an invoice');
  const estimate = await getEstimate(ctx, id);
  if (estimate.hasSerialized && !confirmSerialized)
    throw new AppError('conflict', SERIALIZED_WARNING, { serialized: true });
  const invoice = await saveInvoice(ctx, {
    draft: true,
    serialsLater: true,
    customerId: estimate.customerId,
    locationId: estimate.locationId,
    invoiceDate: localDate(ctx.now()),
    terms: '',
    notes: estimate.notes,
    lines: estimate.lines.map((l) => ({
      productId: l.productId,
      description: l.description,
      qty: l.qty,
      unitPriceMinor: l.unitPriceMinor,
      taxable: l.taxable,
      taxRateId: l.taxRateId,
      serialIds: [],
    })),
  });
  await ctx.db.updateTable('invoices').set({ estimate_id: id }).where('id', '=', invoice.id).execute();
  await markConverted(ctx, row);
  return { invoiceId: invoice.id, number: invoice.number };
}
