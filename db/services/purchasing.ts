import type { Kysely } from 'kysely';
import { assertMinor, lineTotalMinor, unitsToMilli } from '../../core/money.ts';
import { AppError } from '../../core/errors.ts';
import { poStatusLabel, type PurchaseOrderAction } from '../../core/enums.ts';
import type {
  PurchaseOrder,
  PurchaseOrderReceipt,
  PurchaseOrderStatus,
  PurchaseOrderSummary,
  Page,
} from '../../core/model.ts';
import type { DB } from '../schema.ts';
import { productsById, requireLocation } from './catalog.ts';
import { iso, nextNumber, type ReadCtx, type WriteCtx } from './context.ts';
import { receiveGoods, type ReceiveSerial } from './receiving.ts';
import { requireManager } from './staff.ts';
import { requireTicket, reserveUnits } from './ticketReservations.ts';

export interface PurchaseOrderInput {
  id?: number;
  vendorId: number;
  locationId: number;
  notes: string;
  lines: Array<{
    productId: number;
    qty: number;
    unitCostMinor: number;
    /** The ticket the line is ordered for, and its line item waiting for the units (receiving reserves them). */
    ticketId?: number | null;
    ticketChargeId?: number | null;
  }>;
}

/** Creates a draft purchase order (PO-000001 …) or rewrites a draft. Only drafts can be edited. */
export async function savePurchaseOrder(ctx: WriteCtx, input: PurchaseOrderInput): Promise<PurchaseOrder> {
  const { db } = ctx;
  const vendor = await db.selectFrom('vendors').select('id').where('id', '=', input.vendorId).executeTakeFirst();
  if (!vendor) throw new AppError('not_found', `No vendor with id ${input.vendorId}.`);
  await requireLocation(ctx, input.locationId);
  if (input.lines.length === 0) throw new AppError('invalid_input', 'A purchase order needs at least one line.');
  const products = await productsById(ctx, input.lines);
  input.lines.forEach((line, i) => {
    const product = products.get(line.productId);
    if (!product) throw new AppError('not_found', `Line ${i + 1}: no product with id ${line.productId}.`);
    if (!product.maintain_stock)
      throw new AppError(
        'invalid_input',
        `Line ${i + 1}: ${product.name} is a service and keeps no stock, so it cannot be ordered.`,
      );
  });
  await checkTicketLines(ctx, input.lines);
  // The order total must stay an exact amount, as an invoice's does: refused here, never stored.
  input.lines.reduce(
    (sum, l, i) => assertMinor(sum + assertMinor(l.qty * l.unitCostMinor, `cost of line ${i + 1}`), 'order total'),
    0,
  );
  const at = iso(ctx.now());
  let id = input.id;
  if (id === undefined) {
    const number = await nextNumber(ctx, 'purchase_order', 'PO-');
    const row = await db
      .insertInto('purchase_orders')
      .values({
        number,
        vendor_id: input.vendorId,
        location_id: input.locationId,
        status: 'draft',
        notes: input.notes.trim(),
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = row.id;
  } else {
    const current = await requirePo(db, id);
    if (current.status !== 'draft') {
      throw new AppError(
        'conflict',
        `${current.number} is ${poStatusLabel[current.status].toLowerCase()}; only a draft purchase order can be changed.`,
      );
    }
    await db
      .updateTable('purchase_orders')
      .set({ vendor_id: input.vendorId, location_id: input.locationId, notes: input.notes.trim(), updated_at: at })
      .where('id', '=', id)
      .execute();
    await db.deleteFrom('purchase_order_lines').where('purchase_order_id', '=', id).execute();
  }
  const poId = id;
  await db
    .insertInto('purchase_order_lines')
    .values(
      input.lines.map((l, i) => ({
        purchase_order_id: poId,
        position: i + 1,
        product_id: l.productId,
        qty_ordered: l.qty,
        unit_cost_minor: l.unitCostMinor,
        ticket_id: l.ticketId ?? null,
        ticket_charge_id: l.ticketId ? (l.ticketChargeId ?? null) : null,
      })),
    )
    .execute();
  return getPurchaseOrder(ctx, poId);
}

/** A line for a ticket names a ticket that exists, and a line item of that ticket for the same product. */
async function checkTicketLines(ctx: ReadCtx, lines: PurchaseOrderInput['lines']): Promise<void> {
  for (const [i, line] of lines.entries()) {
    if (!line.ticketId) continue;
    const ticket = await ctx.db.selectFrom('tickets').select('id').where('id', '=', line.ticketId).executeTakeFirst();
    if (!ticket) throw new AppError('not_found', `Line ${i + 1}: that ticket no longer exists.`, { line: i + 1 });
    if (!line.ticketChargeId) continue;
    const charge = await ctx.db
      .selectFrom('ticket_charges')
      .select(['ticket_id', 'product_id'])
      .where('id', '=', line.ticketChargeId)
      .executeTakeFirst();
    if (!charge || Number(charge.ticket_id) !== line.ticketId || Number(charge.product_id) !== line.productId) {
      throw new AppError('invalid_input', `Line ${i + 1}: that line item is not on the ticket.`, { line: i + 1 });
    }
  }
}

const moves: Record<PurchaseOrderAction, { from: PurchaseOrderStatus[]; to: PurchaseOrderStatus }> = {
  submit: { from: ['draft'], to: 'submitted' },
  cancel: { from: ['draft', 'submitted', 'partially_received'], to: 'cancelled' },
};

/** Draft → Submitted, or any open order → Cancelled (what was received stays received). */
export async function setPurchaseOrderStatus(
  ctx: WriteCtx,
  id: number,
  action: 'submit' | 'cancel',
  approvalPin?: string,
): Promise<PurchaseOrder> {
  const current = await requirePo(ctx.db, id);
  const move = moves[action];
  if (!move.from.includes(current.status)) {
    throw new AppError(
      'conflict',
      `${current.number} is ${poStatusLabel[current.status].toLowerCase()}, so it cannot be ${action === 'submit' ? 'submitted' : 'cancelled'}.`,
    );
  }
  // Cancelling an order needs a Manager or Admin (a cashier's call carries one's PIN).
  if (action === 'cancel') await requireManager(ctx, approvalPin, `cancelling ${current.number}`);
  await ctx.db
    .updateTable('purchase_orders')
    .set({ status: move.to, updated_at: iso(ctx.now()) })
    .where('id', '=', id)
    .execute();
  return getPurchaseOrder(ctx, id);
}

export interface PoReceiveLine {
  lineId: number;
  qty: number;
  serials?: ReceiveSerial[];
}

/**
 * Checks in some or all of an order's lines as one goods receipt at the order's location. The
 * receipt rules apply unchanged (exact serial count, no duplicates, all or nothing); on top, no
 * line may receive more than it still has open. A draft is submitted by its first receipt.
 */
export async function receivePurchaseOrder(
  ctx: WriteCtx,
  id: number,
  lines: PoReceiveLine[],
): Promise<PurchaseOrderReceipt> {
  const { db } = ctx;
  const po = await requirePo(db, id);
  if (po.status === 'received' || po.status === 'cancelled') {
    throw new AppError(
      'conflict',
      `${po.number} is ${poStatusLabel[po.status].toLowerCase()}; nothing more can be received on it.`,
    );
  }
  const wanted = lines.filter((l) => l.qty > 0);
  if (wanted.length === 0) throw new AppError('invalid_input', 'Enter a quantity to receive on at least one line.');
  const poLines = await db
    .selectFrom('purchase_order_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .leftJoin('tickets as t', 't.id', 'l.ticket_id')
    .select(['l.id', 'l.position', 'l.product_id', 'l.qty_ordered', 'l.qty_received', 'l.unit_cost_minor', 'p.name'])
    .select(['l.ticket_id', 'l.ticket_charge_id', 't.number as ticketNumber', 'p.serialized'])
    .where('l.purchase_order_id', '=', id)
    .execute();
  const byId = new Map(poLines.map((l) => [l.id, l]));
  const seen = new Set<number>();
  const errors: string[] = [];
  for (const line of wanted) {
    const poLine = byId.get(line.lineId);
    if (!poLine) {
      errors.push(`${po.number} has no line with id ${line.lineId}.`);
      continue;
    }
    if (seen.has(line.lineId)) errors.push(`Line ${poLine.position} (${poLine.name}) is listed twice.`);
    seen.add(line.lineId);
    const open = poLine.qty_ordered - poLine.qty_received;
    if (line.qty > open)
      errors.push(`Line ${poLine.position} (${poLine.name}): ${line.qty} to receive but only ${open} still open.`);
  }
  if (errors.length > 0)
    throw new AppError('receipt_invalid', `Nothing was received. ${errors.join(' ')}`, {
      lineErrors: errors,
      problems: [],
    });

  const receipt = await receiveGoods(ctx, {
    locationId: po.location_id,
    source: 'purchase_order',
    reference: po.number,
    purchaseOrderId: po.id,
    lines: wanted.map((l) => {
      const poLine = byId.get(l.lineId)!;
      return {
        productId: poLine.product_id,
        qty: l.qty,
        unitCostMinor: poLine.unit_cost_minor,
        ...(l.serials ? { serials: l.serials } : {}),
        ...(poLine.ticket_id !== null && poLine.ticketNumber !== null
          ? { ticket: { id: Number(poLine.ticket_id), number: poLine.ticketNumber } }
          : {}),
      };
    }),
  });
  // Units of a line for a ticket are reserved for it (receiveGoods returns the units in the order of the lines).
  const units = await db
    .selectFrom('serials')
    .select(['id', 'product_id', 'location_id'])
    .where('id', 'in', receipt.serialIds.length ? receipt.serialIds : [0])
    .execute();
  const unitOf = new Map(units.map((u) => [Number(u.id), u]));
  let next = 0;
  for (const line of wanted) {
    const poLine = byId.get(line.lineId)!;
    if (poLine.serialized !== 1) continue;
    const ids = receipt.serialIds.slice(next, next + line.qty);
    next += line.qty;
    if (poLine.ticket_id === null) continue;
    const ticket = await requireTicket(ctx, Number(poLine.ticket_id));
    await reserveUnits(
      ctx,
      ticket,
      ids.map((sid) => {
        const u = unitOf.get(sid)!;
        return { id: sid, productId: Number(u.product_id), locationId: Number(u.location_id) };
      }),
      poLine.ticket_charge_id === null ? null : Number(poLine.ticket_charge_id),
    );
  }
  for (const line of wanted) {
    await db
      .updateTable('purchase_order_lines')
      .set((eb) => ({ qty_received: eb('qty_received', '+', line.qty) }))
      .where('id', '=', line.lineId)
      .execute();
  }
  const totals = await db
    .selectFrom('purchase_order_lines')
    .select((eb) => [eb.fn.sum<number>('qty_ordered').as('ordered'), eb.fn.sum<number>('qty_received').as('received')])
    .where('purchase_order_id', '=', id)
    .executeTakeFirstOrThrow();
  const status: PurchaseOrderStatus =
    Number(totals.received) >= Number(totals.ordered) ? 'received' : 'partially_received';
  await db
    .updateTable('purchase_orders')
    .set({ status, updated_at: iso(ctx.now()) })
    .where('id', '=', id)
    .execute();
  return { purchaseOrder: await getPurchaseOrder(ctx, id), receipt };
}

async function requirePo(db: Kysely<DB>, id: number) {
  const po = await db.selectFrom('purchase_orders').selectAll().where('id', '=', id).executeTakeFirst();
  if (!po) throw new AppError('not_found', `No purchase order with id ${id}.`);
  return po;
}

export async function getPurchaseOrder(ctx: ReadCtx, id: number): Promise<PurchaseOrder> {
  const { db } = ctx;
  const po = await db
    .selectFrom('purchase_orders as po')
    .innerJoin('vendors as v', 'v.id', 'po.vendor_id')
    .innerJoin('locations as l', 'l.id', 'po.location_id')
    .select([
      'po.id',
      'po.number',
      'po.vendor_id',
      'v.name as vendorName',
      'po.location_id',
      'l.name as locationName',
      'po.status',
      'po.notes',
      'po.created_at',
    ])
    .where('po.id', '=', id)
    .executeTakeFirst();
  if (!po) throw new AppError('not_found', `No purchase order with id ${id}.`);
  const lines = await db
    .selectFrom('purchase_order_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .leftJoin('tickets as t', 't.id', 'l.ticket_id')
    .leftJoin('customers as c', 'c.id', 't.customer_id')
    .select([
      'l.id',
      'l.product_id',
      'p.name',
      'p.sku',
      'p.barcode',
      'p.serialized',
      'l.qty_ordered',
      'l.qty_received',
      'l.unit_cost_minor',
      'l.ticket_id',
      'l.ticket_charge_id',
      't.number as ticketNumber',
      'c.name as ticketCustomer',
    ])
    .where('l.purchase_order_id', '=', id)
    .orderBy('l.position')
    .execute();
  const receipts = await db
    .selectFrom('goods_receipts')
    .select(['id', 'number', 'received_at'])
    .where('purchase_order_id', '=', id)
    .orderBy('id')
    .execute();
  return {
    id: po.id,
    number: po.number,
    vendorId: po.vendor_id,
    vendorName: po.vendorName,
    locationId: po.location_id,
    locationName: po.locationName,
    status: po.status,
    notes: po.notes,
    createdAt: po.created_at,
    totalCostMinor: lines.reduce((sum, l) => sum + lineTotalMinor(unitsToMilli(l.qty_ordered), l.unit_cost_minor), 0),
    lines: lines.map((l) => ({
      id: l.id,
      productId: l.product_id,
      productName: l.name,
      sku: l.sku,
      barcode: l.barcode,
      serialized: l.serialized === 1,
      qtyOrdered: l.qty_ordered,
      qtyReceived: l.qty_received,
      unitCostMinor: l.unit_cost_minor,
      ticket:
        l.ticket_id !== null && l.ticketNumber !== null
          ? { id: Number(l.ticket_id), number: l.ticketNumber, customerName: l.ticketCustomer ?? '' }
          : null,
      ticketChargeId: l.ticket_charge_id === null ? null : Number(l.ticket_charge_id),
    })),
    receipts: receipts.map((r) => ({ id: r.id, number: r.number, receivedAt: r.received_at })),
  };
}

export async function listPurchaseOrders(
  ctx: ReadCtx,
  filter: { status?: PurchaseOrderStatus; vendorId?: number; limit: number; offset: number },
): Promise<Page<PurchaseOrderSummary>> {
  const { db } = ctx;
  let q = db.selectFrom('purchase_orders as po');
  if (filter.status) q = q.where('po.status', '=', filter.status);
  if (filter.vendorId) q = q.where('po.vendor_id', '=', filter.vendorId);
  const [{ total }, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    q
      .innerJoin('vendors as v', 'v.id', 'po.vendor_id')
      .innerJoin('locations as l', 'l.id', 'po.location_id')
      .select((eb) => [
        'po.id',
        'po.number',
        'v.name as vendorName',
        'l.name as locationName',
        'po.status',
        'po.created_at as createdAt',
        eb
          .selectFrom('purchase_order_lines as pl')
          .whereRef('pl.purchase_order_id', '=', 'po.id')
          .select((e) => e.fn.sum<number>('pl.qty_ordered').as('q'))
          .as('qtyOrdered'),
        eb
          .selectFrom('purchase_order_lines as pl')
          .whereRef('pl.purchase_order_id', '=', 'po.id')
          .select((e) => e.fn.sum<number>('pl.qty_received').as('q'))
          .as('qtyReceived'),
        eb
          .selectFrom('purchase_order_lines as pl')
          .whereRef('pl.purchase_order_id', '=', 'po.id')
          .select((e) => e.fn.sum<number>(e('pl.qty_ordered', '*', e.ref('pl.unit_cost_minor'))).as('c'))
          .as('totalCostMinor'),
      ])
      .orderBy('po.id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
  ]);
  return {
    total,
    rows: rows.map((r) => ({
      ...r,
      qtyOrdered: Number(r.qtyOrdered ?? 0),
      qtyReceived: Number(r.qtyReceived ?? 0),
      totalCostMinor: Number(r.totalCostMinor ?? 0),
    })),
  };
}
