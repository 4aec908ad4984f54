// Recurring invoices: a run's pending ticket charges. At each run of a template with "Add pending ticket charges",
// the customer's charges not yet invoiced (charged labour and ticket line items; never deposits) are added to the
// draft, optionally only from tickets with chosen statuses, by ticket or by date. They become Invoiced on that
// invoice exactly as Make Invoice does (each charge names its invoice line; db/services/ticketInvoice.ts), so a
// deleted draft (or a line removed from it, or a void) returns them to pending.
import type { TicketChargeOrder } from '../../core/enums.ts';
import type { ReadCtx, WriteCtx } from './context.ts';
import type { SaveInvoiceLine } from './invoices.ts';
import { ticketCharges, touchTicket } from './ticketCore.ts';
import { chargeLine, linkCharges, waitsForUnits } from './ticketInvoice.ts';

export interface PendingChargeQuery {
  customerId: number;
  /** Ticket statuses to take charges from; empty: every status. */
  statusIds: number[];
  order: TicketChargeOrder;
}

/** A pending charge as an invoice line, and the charge it bills (to link once the invoice is saved). */
export interface PendingChargeLine {
  line: SaveInvoiceLine;
  charge: { source: 'labour' | 'item'; id: number; ticketId: number };
}

/**
 * The customer's pending ticket charges as invoice lines, in the order asked for: 'ticket', ticket by ticket (by
 * number) each in its own order (labour, then line items, as Make Invoice lists them); 'date', by when each charge
 * was made across tickets (labour: when it started; a line item: when it was added), ties by id. A serial-tracked
 * item still waiting for its units is left pending (Make Invoice refuses it too): the next run takes it once it has
 * them. Each description names its ticket: "T-000001: Screen replacement".
 */
export async function pendingChargeLines(ctx: ReadCtx, query: PendingChargeQuery): Promise<PendingChargeLine[]> {
  let tickets = ctx.db
    .selectFrom('tickets')
    .select(['id', 'number'])
    .where('customer_id', '=', query.customerId)
    .orderBy('number')
    .orderBy('id');
  if (query.statusIds.length > 0) tickets = tickets.where('status_id', 'in', query.statusIds);
  const found: Array<PendingChargeLine & { at: string }> = [];
  for (const ticket of await tickets.execute()) {
    const ticketId = Number(ticket.id);
    const { pending } = await ticketCharges(ctx, ticketId);
    const billed = pending.filter(
      (c): c is typeof c & { source: 'labour' | 'item' } =>
        (c.source === 'labour' || c.source === 'item') && !waitsForUnits(c),
    );
    for (const c of billed) {
      found.push({
        at: c.at,
        line: chargeLine(c, `${ticket.number}: ${c.description}`),
        charge: { source: c.source, id: c.id, ticketId },
      });
    }
  }
  if (query.order === 'date') {
    // A stable sort keeps ticket order among equal dates and ids.
    found.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.charge.id - b.charge.id));
  }
  return found.map(({ line, charge }) => ({ line, charge }));
}

/** After the invoice is saved: each charge names its line (line ids in the same order as the charges). */
export async function linkChargeLines(
  ctx: WriteCtx,
  charges: ReadonlyArray<PendingChargeLine['charge']>,
  lineIds: readonly number[],
): Promise<void> {
  if (charges.length !== lineIds.length) {
    throw new Error(`linkChargeLines: ${charges.length} charges for ${lineIds.length} invoice lines`);
  }
  await linkCharges(ctx, charges, lineIds);
  // Every ticket whose charges moved: an open ticket page sees it changed.
  for (const ticketId of new Set(charges.map((c) => c.ticketId))) await touchTicket(ctx, ticketId);
}
