// Service work: units for a ticket's serialized line items. Order for this ticket (a line on a Draft purchase order
// naming the ticket), receiving such a line (the units are Reserved for the ticket, not free stock, and the charge
// waiting for them gets them), reserving an In stock unit by picking it, and a manager releasing a reservation.
// A reserved unit left stock when it was reserved (a 'reserved' event with stock -1), so its invoice later sells it
// without another stock move (db/services/invoices.ts), and a release puts it back (+1): checkStock stays clean.
import { AppError } from '../../core/errors.ts';
import type { ChargeSerialInfo, TicketOrder, TicketRef } from '../../core/model.ts';
import { iso, nextNumber, type ReadCtx, type WriteCtx } from './context.ts';
import { requireManager } from './staff.ts';
import { recordSerialEvents } from './stock.ts';
import { ticketCharges, touchTicket, type ChargeRow } from './ticketCore.ts';

/** The refusal of a unit reserved for a ticket, wherever another sale or invoice tries to take it. */
export const reservedForTicket = (serial: string, ticket: { number: string; customerName: string }): string =>
  `${serial} is reserved for ${ticket.number} (${ticket.customerName})`;

interface TicketFacts extends TicketRef {
  customerId: number;
  locationId: number;
  locationName: string;
}

export async function requireTicket(ctx: ReadCtx, ticketId: number): Promise<TicketFacts> {
  const t = await ctx.db
    .selectFrom('tickets as t')
    .innerJoin('customers as c', 'c.id', 't.customer_id')
    .innerJoin('locations as l', 'l.id', 't.location_id')
    .select(['t.id', 't.number', 't.customer_id', 'c.name', 't.location_id', 'l.name as locationName'])
    .where('t.id', '=', ticketId)
    .executeTakeFirst();
  if (!t) throw new AppError('not_found', 'That ticket no longer exists.', { field: 'ticketId' });
  return {
    id: Number(t.id),
    number: t.number,
    customerName: t.name,
    customerId: Number(t.customer_id),
    locationId: Number(t.location_id),
    locationName: t.locationName,
  };
}

/** A product line item of the ticket (refused when it is not one). */
async function requireItemCharge(ctx: ReadCtx, ticket: TicketFacts, chargeId: number): Promise<ChargeRow> {
  const charge = (await ticketCharges(ctx, ticket.id)).charges.find((c) => c.source === 'item' && c.id === chargeId);
  if (!charge || charge.productId === null) {
    throw new AppError('not_found', `That line item is no longer on ${ticket.number}.`, { field: 'chargeId' });
  }
  return charge;
}

/** Open purchase order lines (not cancelled, not fully received) ordered for a charge. */
async function onOrderFor(ctx: ReadCtx, chargeId: number) {
  const rows = await ctx.db
    .selectFrom('purchase_order_lines as pl')
    .innerJoin('purchase_orders as po', 'po.id', 'pl.purchase_order_id')
    .select(['po.id', 'po.number', 'po.status', 'pl.qty_ordered', 'pl.qty_received'])
    .where('pl.ticket_charge_id', '=', chargeId)
    .where('po.status', 'not in', ['cancelled', 'received'])
    .orderBy('pl.id')
    .execute();
  return rows
    .map((r) => ({
      purchaseOrderId: Number(r.id),
      number: r.number,
      status: r.status,
      qtyOpen: Number(r.qty_ordered) - Number(r.qty_received),
    }))
    .filter((r) => r.qtyOpen > 0);
}

/** The vendor (and last cost) of the product's most recent purchase order line: products have no vendor column. */
async function lastOrderOf(ctx: ReadCtx, productId: number) {
  return ctx.db
    .selectFrom('purchase_order_lines as pl')
    .innerJoin('purchase_orders as po', 'po.id', 'pl.purchase_order_id')
    .innerJoin('vendors as v', 'v.id', 'po.vendor_id')
    .select(['v.id', 'v.name', 'pl.unit_cost_minor'])
    .where('pl.product_id', '=', productId)
    .orderBy('pl.id', 'desc')
    .executeTakeFirst();
}

/** The serial actions' view of one serialized line item. */
export async function chargeSerialInfo(ctx: ReadCtx, ticketId: number, chargeId: number): Promise<ChargeSerialInfo> {
  const ticket = await requireTicket(ctx, ticketId);
  const charge = await requireItemCharge(ctx, ticket, chargeId);
  const productId = charge.productId!;
  const units = charge.serialIds.length
    ? await ctx.db
        .selectFrom('serials as s')
        .leftJoin('invoice_line_serials as ils', 'ils.serial_id', 's.id')
        .leftJoin('invoice_lines as il', 'il.id', 'ils.invoice_line_id')
        .leftJoin('invoices as i', 'i.id', 'il.invoice_id')
        .select(['s.id', 's.serial', 's.status', 'i.number'])
        .where('s.id', 'in', charge.serialIds)
        .orderBy('s.serial')
        .execute()
    : [];
  const onOrder = await onOrderFor(ctx, chargeId);
  const inStock = await ctx.db
    .selectFrom('serials')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('product_id', '=', productId)
    .where('location_id', '=', ticket.locationId)
    .where('status', '=', 'in_stock')
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  const product = await ctx.db.selectFrom('products').select('name').where('id', '=', productId).executeTakeFirst();
  const last = await lastOrderOf(ctx, productId);
  const ordered = onOrder.reduce((sum, o) => sum + o.qtyOpen, 0);
  return {
    ticketId,
    chargeId,
    productId,
    productName: product?.name ?? charge.description,
    locationId: ticket.locationId,
    locationName: ticket.locationName,
    unitsNeeded: charge.unitsNeeded,
    units: units.map((u) => ({ id: Number(u.id), serial: u.serial, status: u.status, invoiceNumber: u.number })),
    stillNeeded: Math.max(0, charge.unitsNeeded - charge.serialIds.length - ordered),
    inStock: Number(inStock.n),
    onOrder,
    vendor: last ? { id: Number(last.id), name: last.name } : null,
  };
}

export interface OrderForTicketInput {
  ticketId: number;
  chargeId: number;
  /** Absent: the vendor of the product's most recent purchase order line (refused when it has none). */
  vendorId?: number;
}

/**
 * Order for this ticket: a line for the units the charge still waits for on the most recent Draft purchase order to
 * the vendor at the ticket's location, or on a new Draft. The line names the ticket and the charge.
 */
export async function orderForTicket(ctx: WriteCtx, input: OrderForTicketInput): Promise<TicketOrder> {
  const { db } = ctx;
  const ticket = await requireTicket(ctx, input.ticketId);
  const info = await chargeSerialInfo(ctx, input.ticketId, input.chargeId);
  const charge = await requireItemCharge(ctx, ticket, input.chargeId);
  if (charge.invoiceLineId !== null) {
    throw new AppError('conflict', `${info.productName} on ${ticket.number} is already invoiced.`);
  }
  const qty = info.stillNeeded;
  if (qty <= 0) {
    const on = info.onOrder.map((o) => o.number).join(', ');
    throw new AppError(
      'conflict',
      on
        ? `${info.productName} for ${ticket.number} is already on order (${on}).`
        : `${info.productName} on ${ticket.number} has all its units.`,
    );
  }
  const product = await db
    .selectFrom('products')
    .select(['maintain_stock', 'serialized'])
    .where('id', '=', info.productId)
    .executeTakeFirstOrThrow();
  if (product.maintain_stock !== 1 && product.serialized !== 1) {
    throw new AppError(
      'invalid_input',
      `${info.productName} is a service and keeps no stock, so it cannot be ordered.`,
    );
  }
  const last = await lastOrderOf(ctx, info.productId);
  const vendorId = input.vendorId ?? (last ? Number(last.id) : undefined);
  if (vendorId === undefined) {
    throw new AppError('invalid_input', `${info.productName} has never been ordered: choose the vendor.`, {
      field: 'vendorId',
    });
  }
  const vendor = await db.selectFrom('vendors').select(['id', 'name']).where('id', '=', vendorId).executeTakeFirst();
  if (!vendor) throw new AppError('not_found', 'That vendor no longer exists.', { field: 'vendorId' });
  const at = iso(ctx.now());
  const draft = await db
    .selectFrom('purchase_orders')
    .select(['id', 'number'])
    .where('vendor_id', '=', vendorId)
    .where('location_id', '=', ticket.locationId)
    .where('status', '=', 'draft')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  let po: { id: number; number: string };
  if (draft) {
    po = { id: Number(draft.id), number: draft.number };
    await db.updateTable('purchase_orders').set({ updated_at: at }).where('id', '=', po.id).execute();
  } else {
    const number = await nextNumber(ctx, 'purchase_order', 'PO-');
    const row = await db
      .insertInto('purchase_orders')
      .values({
        number,
        vendor_id: vendorId,
        location_id: ticket.locationId,
        status: 'draft',
        notes: '',
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    po = { id: Number(row.id), number };
  }
  const lastPosition = await db
    .selectFrom('purchase_order_lines')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('purchase_order_id', '=', po.id)
    .executeTakeFirst();
  await db
    .insertInto('purchase_order_lines')
    .values({
      purchase_order_id: po.id,
      position: Number(lastPosition?.p ?? 0) + 1,
      product_id: info.productId,
      qty_ordered: qty,
      unit_cost_minor: last ? Number(last.unit_cost_minor) : 0,
      ticket_id: ticket.id,
      ticket_charge_id: input.chargeId,
    })
    .execute();
  await touchTicket(ctx, ticket.id);
  return { purchaseOrderId: po.id, number: po.number, created: !draft, qty, vendorName: vendor.name };
}

/**
 * Reserves units for a ticket: status Reserved, serials.ticket_id, the ticket's customer; a 'reserved' event taking
 * each out of stock. Each unit goes to the charge given (while it needs units), else to the first pending line item of
 * its product on the ticket still needing units; a unit no charge waits for stays reserved for the ticket.
 */
export async function reserveUnits(
  ctx: WriteCtx,
  ticket: TicketFacts,
  units: ReadonlyArray<{ id: number; productId: number; locationId: number }>,
  chargeId: number | null,
  at: string = iso(ctx.now()),
): Promise<void> {
  if (units.length === 0) return;
  const { charges } = await ticketCharges(ctx, ticket.id);
  const waiting = charges.filter(
    (c) => c.source === 'item' && c.invoiceLineId === null && c.serialIds.length < c.unitsNeeded,
  );
  const links: Array<{ ticket_charge_id: number; serial_id: number }> = [];
  for (const unit of units) {
    const charge =
      waiting.find((c) => c.id === chargeId && c.productId === unit.productId && c.serialIds.length < c.unitsNeeded) ??
      waiting.find((c) => c.productId === unit.productId && c.serialIds.length < c.unitsNeeded);
    if (!charge) continue;
    charge.serialIds.push(unit.id);
    links.push({ ticket_charge_id: charge.id, serial_id: unit.id });
  }
  await ctx.db
    .updateTable('serials')
    .set({ status: 'reserved', ticket_id: ticket.id, customer_id: ticket.customerId })
    .where(
      'id',
      'in',
      units.map((u) => u.id),
    )
    .execute();
  if (links.length > 0) await ctx.db.insertInto('ticket_charge_serials').values(links).execute();
  await recordSerialEvents(
    ctx,
    units.map((u) => ({
      serialId: u.id,
      kind: 'reserved' as const,
      locationId: u.locationId,
      customerId: ticket.customerId,
      ticketId: ticket.id,
      note: `reserved for ${ticket.number} (${ticket.customerName})`,
      stock: -1 as const,
    })),
    at,
  );
  await touchTicket(ctx, ticket.id);
}

/** Reserves one In stock unit for a ticket's line item, picked from the units at the ticket's location. */
export async function reserveUnitForTicket(
  ctx: WriteCtx,
  input: { ticketId: number; chargeId: number; serialId: number },
): Promise<ChargeSerialInfo> {
  const ticket = await requireTicket(ctx, input.ticketId);
  const charge = await requireItemCharge(ctx, ticket, input.chargeId);
  const unit = await ctx.db
    .selectFrom('serials as s')
    .innerJoin('locations as l', 'l.id', 's.location_id')
    .leftJoin('tickets as t', 't.id', 's.ticket_id')
    .select(['s.id', 's.serial', 's.product_id', 's.status', 's.location_id', 's.deleted_at', 'l.name', 't.number'])
    .where('s.id', '=', input.serialId)
    .executeTakeFirst();
  if (!unit || unit.deleted_at !== null) throw new AppError('not_found', 'That unit no longer exists.');
  if (charge.invoiceLineId !== null) {
    throw new AppError('conflict', `${charge.description} on ${ticket.number} is already invoiced.`);
  }
  if (Number(unit.product_id) !== charge.productId) {
    throw new AppError('invalid_input', `${unit.serial} is not a unit of ${charge.description}.`);
  }
  if (charge.serialIds.length >= charge.unitsNeeded) {
    throw new AppError('conflict', `${charge.description} on ${ticket.number} has all its units.`);
  }
  if (unit.status !== 'in_stock') {
    throw new AppError(
      'conflict',
      unit.number ? `${unit.serial} is already reserved for ${unit.number}.` : `${unit.serial} is not in stock.`,
    );
  }
  if (Number(unit.location_id) !== ticket.locationId) {
    throw new AppError('conflict', `${unit.serial} is at ${unit.name}, not ${ticket.locationName}.`);
  }
  await reserveUnits(
    ctx,
    ticket,
    [{ id: Number(unit.id), productId: Number(unit.product_id), locationId: Number(unit.location_id) }],
    charge.id,
  );
  return chargeSerialInfo(ctx, ticket.id, charge.id);
}

/**
 * A manager releases a unit reserved for a ticket: back In stock, no longer the ticket's (nor on its charge), with a
 * 'released' event naming the ticket and why. Refused while the unit is on an invoice (remove it there first).
 */
export async function releaseReservation(
  ctx: WriteCtx,
  input: { serialId: number; note: string; approvalPin?: string },
): Promise<{ serial: string; ticketNumber: string }> {
  const unit = await ctx.db
    .selectFrom('serials as s')
    .leftJoin('invoice_line_serials as ils', 'ils.serial_id', 's.id')
    .leftJoin('invoice_lines as il', 'il.id', 'ils.invoice_line_id')
    .leftJoin('invoices as i', 'i.id', 'il.invoice_id')
    .select(['s.id', 's.serial', 's.status', 's.ticket_id', 's.location_id', 'i.number'])
    .where('s.id', '=', input.serialId)
    .executeTakeFirst();
  if (!unit) throw new AppError('not_found', 'That unit no longer exists.');
  if (unit.status !== 'reserved' || unit.ticket_id === null) {
    throw new AppError('conflict', `${unit.serial} is not reserved for a ticket.`);
  }
  if (unit.number) throw new AppError('conflict', `${unit.serial} is on ${unit.number}: remove it from there first.`);
  const ticket = await requireTicket(ctx, Number(unit.ticket_id));
  const approver = await requireManager(ctx, input.approvalPin, `releasing ${unit.serial} from ${ticket.number}`);
  const by = approver && approver !== ctx.actor ? ` (approved by ${approver})` : '';
  const note = input.note.trim();
  await ctx.db
    .updateTable('serials')
    .set({ status: 'in_stock', ticket_id: null, customer_id: null })
    .where('id', '=', unit.id)
    .execute();
  await ctx.db.deleteFrom('ticket_charge_serials').where('serial_id', '=', unit.id).execute();
  await recordSerialEvents(ctx, [
    {
      serialId: Number(unit.id),
      kind: 'released',
      locationId: Number(unit.location_id),
      ticketId: ticket.id,
      note: `reservation for ${ticket.number} released${by}; back in stock${note ? `: ${note}` : ''}`,
      stock: 1,
    },
  ]);
  await touchTicket(ctx, ticket.id);
  return { serial: unit.serial, ticketNumber: ticket.number };
}
