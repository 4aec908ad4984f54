// Make Invoice: a draft invoice for the ticket's customer from the chosen pending charges (all by default). Charged
// labour becomes a line of its labour product (hours × price), a line item a line with its units (reserved for the
// ticket), a deposit a negative line "Deposit on T-000001, DEP-000001". Each charge then names its invoice line, so
// it reads Invoiced until the draft is deleted or the invoice voided (ticketCore.ts derives it).
import { localDate } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import { formatMoney } from '../../core/money.ts';
import type { WriteCtx } from './context.ts';
import { saveInvoice, type SaveInvoiceLine } from './invoices.ts';
import { shopCurrency, shopLocale } from './settings.ts';
import { ticketCharges, touchTicket, type ChargeRow } from './ticketCore.ts';

export interface MakeTicketInvoiceInput {
  ticketId: number;
  /** The pending charges to bill; absent: all of them. */
  charges?: Array<{ source: ChargeRow['source']; id: number }>;
}

export async function makeTicketInvoice(
  ctx: WriteCtx,
  input: MakeTicketInvoiceInput,
): Promise<{ invoiceId: number; number: string }> {
  const ticket = await ctx.db.selectFrom('tickets').selectAll().where('id', '=', input.ticketId).executeTakeFirst();
  if (!ticket) throw new AppError('not_found', 'That ticket no longer exists.');
  const { pending } = await ticketCharges(ctx, input.ticketId);
  const key = (c: { source: string; id: number }) => `${c.source}:${c.id}`;
  const wanted = input.charges ? new Set(input.charges.map(key)) : undefined;
  const chosen = wanted ? pending.filter((c) => wanted.has(key(c))) : pending;
  if (wanted && chosen.length < wanted.size) {
    throw new AppError('conflict', `Some of the charges chosen are no longer pending on ${ticket.number}. Reopen it.`);
  }
  const billed = chosen.filter((c) => c.source !== 'deposit');
  if (billed.length === 0) {
    throw new AppError('invalid_input', `Nothing to invoice on ${ticket.number}: choose at least one pending charge.`);
  }

  const waiting = billed.find(waitsForUnits);
  if (waiting) {
    const product = await ctx.db
      .selectFrom('products')
      .select('sku')
      .where('id', '=', waiting.productId ?? 0)
      .executeTakeFirst();
    const name = product?.sku ?? waiting.description;
    const missing = waiting.unitsNeeded - waiting.serialIds.length;
    throw new AppError(
      'conflict',
      `${name} on ${ticket.number} waits for ${missing === 1 ? 'its serial' : `${missing} serials`}: ` +
        'receive it on its purchase order or reserve a unit in stock first, or leave it out of this invoice.',
      { chargeId: waiting.id },
    );
  }

  const deposits = chosen.filter((c) => c.source === 'deposit');
  const billedTotal = billed.reduce((sum, c) => sum + c.amountMinor + c.taxMinor, 0);
  const depositTotal = -deposits.reduce((sum, c) => sum + c.amountMinor, 0);
  if (depositTotal > billedTotal) {
    const money = { currency: await shopCurrency(ctx), locale: await shopLocale(ctx) };
    const m = (minor: number) => formatMoney(minor, money, { symbol: true });
    throw new AppError(
      'conflict',
      `The deposits (${m(depositTotal)}) are more than the charges chosen (${m(billedTotal)}). ` +
        'Choose more charges, leave the deposit out of this invoice, or refund part of it.',
    );
  }
  const depositNumbers = new Map(
    deposits.length === 0
      ? []
      : (
          await ctx.db
            .selectFrom('invoices')
            .select(['id', 'number'])
            .where(
              'id',
              'in',
              deposits.map((d) => d.depositInvoiceId ?? 0),
            )
            .execute()
        ).map((i) => [Number(i.id), i.number]),
  );

  // Labour and line items first, in the ticket's order; the deposits take them off at the end.
  const ordered = [...billed, ...deposits];
  const lines: SaveInvoiceLine[] = ordered.map((c) =>
    c.source === 'deposit'
      ? {
          productId: null,
          description: `Deposit on ${ticket.number}, ${depositNumbers.get(c.depositInvoiceId ?? 0) ?? ''}`,
          qty: 1000,
          unitPriceMinor: c.amountMinor,
          taxable: false,
          serialIds: [],
          depositChargeId: c.id,
        }
      : chargeLine(c, c.description),
  );
  const invoice = await saveInvoice(ctx, {
    draft: true,
    ticketId: input.ticketId,
    customerId: Number(ticket.customer_id),
    locationId: Number(ticket.location_id),
    invoiceDate: localDate(ctx.now()),
    notes: `${ticket.number}: ${ticket.title}`,
    lines,
  });
  // The saved lines come back in position order: line i is charge i.
  await linkCharges(
    ctx,
    ordered,
    invoice.lines.map((l) => l.id),
  );
  await touchTicket(ctx, input.ticketId);
  return { invoiceId: invoice.id, number: invoice.number };
}

/** A serialized line item still short of its units: it cannot be invoiced yet (Make Invoice, a recurring run). */
export const waitsForUnits = (c: ChargeRow): boolean => c.serialized && c.serialIds.length < c.unitsNeeded;

/** A labour entry or line item as an invoice line, under the description given. */
export const chargeLine = (c: ChargeRow, description: string): SaveInvoiceLine => ({
  productId: c.productId,
  description,
  qty: c.qty,
  unitPriceMinor: c.unitPriceMinor,
  taxable: c.taxable,
  ...(c.taxRateId !== null ? { taxRateId: c.taxRateId } : {}),
  serialIds: c.serialIds,
});

/**
 * Each charge names the invoice line that bills it (charge i, line i): from then on it reads Invoiced, until that
 * line is removed or its invoice deleted or voided (ticketCore.ts derives it).
 */
export async function linkCharges(
  ctx: WriteCtx,
  charges: ReadonlyArray<{ source: ChargeRow['source']; id: number }>,
  lineIds: readonly number[],
): Promise<void> {
  if (charges.length > lineIds.length) {
    throw new Error(`linkCharges: ${charges.length} charges for ${lineIds.length} invoice lines`);
  }
  for (const [i, c] of charges.entries()) {
    const table = c.source === 'labour' ? 'ticket_labour' : 'ticket_charges';
    await ctx.db.updateTable(table).set({ invoice_line_id: lineIds[i]! }).where('id', '=', c.id).execute();
  }
}
