// Recurring invoices: a run's pending ticket charges. At each run of a template with "Add pending ticket charges",
// the customer's charges not yet invoiced (charged labour and ticket line items; never deposits) are added to the
// draft, optionally only from tickets with chosen statuses, by ticket or by date. They become Invoiced on that
// invoice exactly as Make Invoice does (each charge names its invoice line; db/services/ticketInvoice.ts), so a
// deleted draft returns them to pending.
// (Foundation stub: the pending ticket charges part fills it; the run engine calls these two functions.)
import type { TicketChargeOrder } from '../../core/enums.ts';
import type { ReadCtx, WriteCtx } from './context.ts';
import type { SaveInvoiceLine } from './invoices.ts';

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

/** The customer's pending ticket charges as invoice lines, in the order asked for. */
export async function pendingChargeLines(ctx: ReadCtx, query: PendingChargeQuery): Promise<PendingChargeLine[]> {
  void ctx;
  void query;
  return [];
}

/** After the invoice is saved: each charge names its line (line ids in the same order as the charges). */
export async function linkChargeLines(
  ctx: WriteCtx,
  charges: ReadonlyArray<PendingChargeLine['charge']>,
  lineIds: readonly number[],
): Promise<void> {
  void ctx;
  void charges;
  void lineIds;
}
