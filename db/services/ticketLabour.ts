// A ticket's labour log (start/stop a timer, or enter the minutes; Charge and uncharge) and its line items (add a
// product or a manual item, change quantity or price, remove) while they are pending. Anything on an invoice that is
// not Void stays as it is: remove it from that invoice, or void it, first.
import { AppError } from '../../core/errors.ts';
import type { Ticket } from '../../core/model.ts';
import { iso, type WriteCtx } from './context.ts';
import { addItemCharge, touchTicket } from './ticketCore.ts';
import { chargeBillableByDefault, getTicket } from './tickets.ts';

export interface LabourInput {
  ticketId: number;
  staffId: number;
  productId: number;
  note: string;
  billable: boolean;
}

async function checkLabour(ctx: WriteCtx, input: LabourInput): Promise<void> {
  const ticket = await ctx.db.selectFrom('tickets').select('id').where('id', '=', input.ticketId).executeTakeFirst();
  if (!ticket) throw new AppError('not_found', 'That ticket no longer exists.');
  const staff = await ctx.db
    .selectFrom('staff')
    .select(['id', 'active'])
    .where('id', '=', input.staffId)
    .executeTakeFirst();
  if (!staff || staff.active !== 1) {
    throw new AppError('invalid_input', 'Choose a technician from the list.', { field: 'staffId' });
  }
  const product = await ctx.db
    .selectFrom('products')
    .select(['id', 'name', 'serialized', 'maintain_stock'])
    .where('id', '=', input.productId)
    .executeTakeFirst();
  if (!product) throw new AppError('invalid_input', 'Choose a labour product.', { field: 'productId' });
  if (product.serialized === 1 || product.maintain_stock === 1) {
    throw new AppError('invalid_input', `${product.name} is stocked goods, not labour: choose a service.`, {
      field: 'productId',
    });
  }
}

/** Starts a timer: an entry with no stop and no minutes yet. */
export async function startLabourTimer(ctx: WriteCtx, input: LabourInput): Promise<Ticket> {
  await checkLabour(ctx, input);
  const now = iso(ctx.now());
  await ctx.db
    .insertInto('ticket_labour')
    .values({
      ticket_id: input.ticketId,
      staff_id: input.staffId,
      product_id: input.productId,
      note: input.note.trim(),
      billable: input.billable ? 1 : 0,
      charged: 0,
      started_at: now,
      created_at: now,
      actor: ctx.actor,
    })
    .execute();
  await touchTicket(ctx, input.ticketId);
  return getTicket(ctx, input.ticketId);
}

/** Stops a running timer: its minutes (rounded, at least 1); billable time is Charged if the setting says so. */
export async function stopLabourTimer(ctx: WriteCtx, labourId: number): Promise<Ticket> {
  const entry = await labourEntry(ctx, labourId);
  if (entry.stopped_at !== null) throw new AppError('conflict', 'That timer is already stopped.');
  const now = ctx.now();
  const minutes = Math.max(1, Math.round((now.getTime() - Date.parse(entry.started_at)) / 60_000));
  const charged = entry.billable === 1 && (await chargeBillableByDefault(ctx));
  await ctx.db
    .updateTable('ticket_labour')
    .set({ stopped_at: iso(now), minutes, charged: charged ? 1 : 0 })
    .where('id', '=', labourId)
    .execute();
  await touchTicket(ctx, Number(entry.ticket_id));
  return getTicket(ctx, Number(entry.ticket_id));
}

/** A finished entry with its minutes typed in. */
export async function addLabourEntry(ctx: WriteCtx, input: LabourInput & { minutes: number }): Promise<Ticket> {
  await checkLabour(ctx, input);
  if (!Number.isInteger(input.minutes) || input.minutes <= 0) {
    throw new AppError('invalid_input', 'Enter the minutes worked (above 0).', { field: 'minutes' });
  }
  const now = ctx.now();
  const charged = input.billable && (await chargeBillableByDefault(ctx));
  await ctx.db
    .insertInto('ticket_labour')
    .values({
      ticket_id: input.ticketId,
      staff_id: input.staffId,
      product_id: input.productId,
      note: input.note.trim(),
      billable: input.billable ? 1 : 0,
      charged: charged ? 1 : 0,
      started_at: iso(new Date(now.getTime() - input.minutes * 60_000)),
      stopped_at: iso(now),
      minutes: input.minutes,
      created_at: iso(now),
      actor: ctx.actor,
    })
    .execute();
  await touchTicket(ctx, input.ticketId);
  return getTicket(ctx, input.ticketId);
}

/** Charge (Not Charged → Charged) or uncharge a billable, finished entry that is not on an invoice. */
export async function setLabourCharged(ctx: WriteCtx, labourId: number, charged: boolean): Promise<Ticket> {
  const entry = await labourEntry(ctx, labourId);
  if (entry.minutes === null) throw new AppError('conflict', 'Stop the timer before charging its time.');
  if (entry.billable !== 1) throw new AppError('conflict', 'That entry is not billable: there is nothing to charge.');
  if (entry.invoiceNumber !== null && entry.invoiceStatus !== 'void') {
    throw new AppError(
      'conflict',
      `That time is on ${entry.invoiceNumber}: remove its line from the invoice, or void it, first.`,
    );
  }
  await ctx.db
    .updateTable('ticket_labour')
    .set({ charged: charged ? 1 : 0, invoice_line_id: null })
    .where('id', '=', labourId)
    .execute();
  await touchTicket(ctx, Number(entry.ticket_id));
  return getTicket(ctx, Number(entry.ticket_id));
}

async function labourEntry(ctx: WriteCtx, labourId: number) {
  const entry = await ctx.db
    .selectFrom('ticket_labour as t')
    .leftJoin('invoice_lines as l', 'l.id', 't.invoice_line_id')
    .leftJoin('invoices as i', 'i.id', 'l.invoice_id')
    .selectAll('t')
    .select(['i.number as invoiceNumber', 'i.status as invoiceStatus'])
    .where('t.id', '=', labourId)
    .executeTakeFirst();
  if (!entry) throw new AppError('not_found', 'That labour entry no longer exists.');
  return entry;
}

export interface TicketItemInput {
  ticketId: number;
  productId: number | null;
  description?: string;
  qty: number;
  unitPriceMinor?: number;
}

export async function addTicketItem(ctx: WriteCtx, input: TicketItemInput): Promise<Ticket> {
  const ticket = await ctx.db.selectFrom('tickets').select('id').where('id', '=', input.ticketId).executeTakeFirst();
  if (!ticket) throw new AppError('not_found', 'That ticket no longer exists.');
  await addItemCharge(ctx, input.ticketId, {
    productId: input.productId,
    qty: input.qty,
    ...(input.description !== undefined && input.description.trim() !== '' ? { description: input.description } : {}),
    ...(input.unitPriceMinor !== undefined ? { unitPriceMinor: input.unitPriceMinor } : {}),
  });
  return getTicket(ctx, input.ticketId);
}

/** A pending line item: not on an invoice that is not Void, and not a deposit. */
async function pendingItem(ctx: WriteCtx, chargeId: number) {
  const c = await ctx.db
    .selectFrom('ticket_charges as c')
    .leftJoin('invoice_lines as l', 'l.id', 'c.invoice_line_id')
    .leftJoin('invoices as i', 'i.id', 'l.invoice_id')
    .leftJoin('products as p', 'p.id', 'c.product_id')
    .select(['c.id', 'c.ticket_id', 'c.kind', 'c.description', 'c.qty', 'p.serialized'])
    .select(['i.number as invoiceNumber', 'i.status as invoiceStatus'])
    .where('c.id', '=', chargeId)
    .executeTakeFirst();
  if (!c) throw new AppError('not_found', 'That line item no longer exists.');
  if (c.kind !== 'item') throw new AppError('conflict', 'A deposit is changed by refunding it (Actions → Refund).');
  if (c.invoiceNumber !== null && c.invoiceStatus !== 'void') {
    throw new AppError(
      'conflict',
      `${c.description} is on ${c.invoiceNumber}: remove its line from the invoice, or void it, first.`,
    );
  }
  const units = await ctx.db
    .selectFrom('ticket_charge_serials as t')
    .innerJoin('serials as s', 's.id', 't.serial_id')
    .select('s.serial')
    .where('t.ticket_charge_id', '=', chargeId)
    .orderBy('s.serial')
    .execute();
  return { ...c, units: units.map((u) => u.serial) };
}

export async function editTicketItem(
  ctx: WriteCtx,
  input: { chargeId: number; qty: number; unitPriceMinor: number },
): Promise<Ticket> {
  const c = await pendingItem(ctx, input.chargeId);
  if (!Number.isInteger(input.qty) || input.qty <= 0) {
    throw new AppError('invalid_input', 'Enter a quantity above 0.', { field: 'qty' });
  }
  if (c.serialized === 1 && input.qty % 1000 !== 0) {
    throw new AppError('invalid_input', `${c.description} is serial-tracked: enter whole units.`, { field: 'qty' });
  }
  if (input.qty < c.units.length * 1000) {
    throw new AppError(
      'conflict',
      `${c.description} has ${c.units.length} units reserved (${c.units.join(', ')}): release one before lowering the quantity.`,
      { field: 'qty' },
    );
  }
  await ctx.db
    .updateTable('ticket_charges')
    .set({ qty: input.qty, unit_price_minor: input.unitPriceMinor, invoice_line_id: null })
    .where('id', '=', input.chargeId)
    .execute();
  await touchTicket(ctx, Number(c.ticket_id));
  return getTicket(ctx, Number(c.ticket_id));
}

export async function removeTicketItem(ctx: WriteCtx, chargeId: number): Promise<Ticket> {
  const c = await pendingItem(ctx, chargeId);
  if (c.units.length > 0) {
    throw new AppError(
      'conflict',
      `${c.description} has ${c.units.join(', ')} reserved for it: release the unit first, then remove the line.`,
    );
  }
  const ordered = await ctx.db
    .selectFrom('purchase_order_lines as l')
    .innerJoin('purchase_orders as o', 'o.id', 'l.purchase_order_id')
    .select('o.number')
    .where('l.ticket_charge_id', '=', chargeId)
    .executeTakeFirst();
  if (ordered) {
    throw new AppError('conflict', `${c.description} is ordered on ${ordered.number}: take it off that order first.`);
  }
  await ctx.db.deleteFrom('ticket_charges').where('id', '=', chargeId).execute();
  await touchTicket(ctx, Number(c.ticket_id));
  return getTicket(ctx, Number(c.ticket_id));
}
