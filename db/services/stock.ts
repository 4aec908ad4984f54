import type { Insertable } from 'kysely';
import type { SerialEventKind, StockMoveDoc } from '../../core/enums.ts';
import type { StockOnHand } from '../../core/model.ts';
import { QTY_SCALE } from '../../core/money.ts';
import type { SerialEventsTable, StockMovesTable } from '../schema.ts';
import { chunks, iso, type ReadCtx, type WriteCtx } from './context.ts';

// The one place stock moves and serial history are written. Invoices, goods receipts (purchase
// orders and CSV imports go through receiveGoods), serial rename/delete, returns, transfers, goods
// issues and count adjustments all call these, so an event row is built in one place and every caller
// gets the same multi-row statements.
//
// Every change of on-hand also writes a row of the stock ledger (stock_moves) naming its document:
// adjustStock for products without serials, and recordSerialEvents for each event marked `stock`
// (the unit entered or left stock at its location). On-hand is then the sum of the ledger, which
// checkStock (db/services/stockCheck.ts, npm run check-stock) rebuilds and compares.

/** The document a stock change belongs to (every kind of stock_moves.doc but the migration's opening balance). */
export interface StockDoc {
  doc: Exclude<StockMoveDoc, 'opening'>;
  id: number;
}

/**
 * A change of on-hand of a non-serialized, stocked product at a location (serialized stock is counted from serials).
 */
export interface StockMove {
  productId: number;
  locationId: number;
  /** Positive adds stock, negative takes it. */
  delta: number;
}

/**
 * Applies stock moves. Moves of the same product and location are added up first, and a net zero
 * writes nothing, so an edit that leaves a line's quantity alone does not touch stock_levels.
 */
export async function adjustStock(ctx: WriteCtx, moves: readonly StockMove[], doc: StockDoc): Promise<void> {
  const net = new Map<string, StockMove>();
  for (const m of moves) {
    const key = `${m.productId}:${m.locationId}`;
    const sum = net.get(key);
    if (sum) sum.delta += m.delta;
    else net.set(key, { ...m });
  }
  const ledger: Array<Insertable<StockMovesTable>> = [];
  const at = iso(ctx.now());
  for (const { productId, locationId, delta } of net.values()) {
    if (delta === 0) continue;
    ledger.push({ at, actor: ctx.actor, product_id: productId, location_id: locationId, qty: delta, ...docOf(doc) });
    await ctx.db
      .insertInto('stock_levels')
      .values({ product_id: productId, location_id: locationId, on_hand: delta })
      .onConflict((oc) =>
        oc
          .columns(['product_id', 'location_id'])
          .doUpdateSet((eb) => ({ on_hand: eb('stock_levels.on_hand', '+', delta) })),
      )
      .execute();
  }
  await writeLedger(ctx, ledger);
}

const docOf = (doc: StockDoc) => ({ doc: doc.doc, doc_id: doc.id, serial_id: null });

async function writeLedger(ctx: WriteCtx, rows: ReadonlyArray<Insertable<StockMovesTable>>): Promise<void> {
  for (const part of chunks(rows, 500)) await ctx.db.insertInto('stock_moves').values(part).execute();
}

/** One entry of a unit's history. Only what applies is given; the rest is NULL. */
export interface SerialEventInput {
  serialId: number;
  kind: SerialEventKind;
  note: string;
  locationId?: number | null;
  receiptId?: number | null;
  invoiceId?: number | null;
  /** Must be a line that exists (serial_events.invoice_line_id references invoice_lines). */
  invoiceLineId?: number | null;
  customerId?: number | null;
  /** The credit note a return brought the unit back on. */
  creditNoteId?: number | null;
  transferId?: number | null;
  goodsIssueId?: number | null;
  adjustmentId?: number | null;
  /** The ticket the unit is received, reserved, released or sold for. */
  ticketId?: number | null;
  /**
   * The event put the unit into stock at `locationId` (1: received, released, returned to stock, found) or took it
   * out (-1: sold, reserved, sent, issued, lost, deleted). Written to the stock ledger, naming the event's document.
   */
  stock?: 1 | -1;
}

/** The document a unit's stock change belongs to: the most specific one its event names. */
function eventDoc(e: SerialEventInput): StockDoc {
  if (e.adjustmentId) return { doc: 'adjustment', id: e.adjustmentId };
  if (e.transferId) return { doc: 'transfer', id: e.transferId };
  if (e.creditNoteId) return { doc: 'credit_note', id: e.creditNoteId };
  if (e.receiptId) return { doc: 'receipt', id: e.receiptId };
  if (e.goodsIssueId) return { doc: 'goods_issue', id: e.goodsIssueId };
  if (e.invoiceId) return { doc: 'invoice', id: e.invoiceId };
  return { doc: 'serial', id: e.serialId };
}

/**
 * Appends events to serial history (serial_events is append-only), in multi-row statements. `at`
 * defaults to the context's clock; a command that stamps other rows passes its own, so they agree.
 */
export async function recordSerialEvents(
  ctx: WriteCtx,
  events: readonly SerialEventInput[],
  at: string = iso(ctx.now()),
): Promise<void> {
  for (const part of chunks(events, 500)) {
    await ctx.db
      .insertInto('serial_events')
      .values(
        part.map((e): Insertable<SerialEventsTable> => ({
          serial_id: e.serialId,
          at,
          actor: ctx.actor,
          kind: e.kind,
          location_id: e.locationId ?? null,
          receipt_id: e.receiptId ?? null,
          invoice_id: e.invoiceId ?? null,
          invoice_line_id: e.invoiceLineId ?? null,
          customer_id: e.customerId ?? null,
          note: e.note,
          credit_note_id: e.creditNoteId ?? null,
          transfer_id: e.transferId ?? null,
          goods_issue_id: e.goodsIssueId ?? null,
          adjustment_id: e.adjustmentId ?? null,
          ticket_id: e.ticketId ?? null,
        })),
      )
      .execute();
  }
  const moved = events.filter((e) => e.stock !== undefined);
  if (moved.length === 0) return;
  const productOf = new Map<number, number>();
  for (const part of chunks([...new Set(moved.map((e) => e.serialId))], 500))
    for (const r of await ctx.db.selectFrom('serials').select(['id', 'product_id']).where('id', 'in', part).execute())
      productOf.set(r.id, r.product_id);
  await writeLedger(
    ctx,
    moved.map((e) => {
      if (e.locationId == null) throw new Error(`A stock event of unit ${e.serialId} needs its location.`);
      const d = eventDoc(e);
      return {
        at,
        actor: ctx.actor,
        product_id: productOf.get(e.serialId)!,
        location_id: e.locationId,
        serial_id: e.serialId,
        qty: e.stock! * QTY_SCALE,
        doc: d.doc,
        doc_id: d.id,
      };
    }),
  );
}

export const recordSerialEvent = (ctx: WriteCtx, event: SerialEventInput, at?: string): Promise<void> =>
  recordSerialEvents(ctx, [event], at);

/**
 * Stock on hand of products at a location, in thousandths, one answer per product that exists (in the order asked):
 * a stock-keeping product without serials reads stock_levels; a serialized one counts its units In stock there; a
 * product that keeps no stock (a service) is not tracked and reads 0.
 */
export async function stockOnHand(
  ctx: ReadCtx,
  productIds: readonly number[],
  locationId: number,
): Promise<StockOnHand[]> {
  const ids = [...new Set(productIds)];
  if (ids.length === 0) return [];
  const products = new Map<number, { serialized: boolean; tracked: boolean }>();
  const levels = new Map<number, number>();
  const units = new Map<number, number>();
  for (const part of chunks(ids, 500)) {
    for (const p of await ctx.db
      .selectFrom('products')
      .select(['id', 'serialized', 'maintain_stock'])
      .where('id', 'in', part)
      .execute()) {
      products.set(p.id, { serialized: p.serialized === 1, tracked: p.serialized === 1 || p.maintain_stock === 1 });
    }
    for (const l of await ctx.db
      .selectFrom('stock_levels')
      .select(['product_id', 'on_hand'])
      .where('location_id', '=', locationId)
      .where('product_id', 'in', part)
      .execute()) {
      levels.set(l.product_id, l.on_hand);
    }
    for (const u of await ctx.db
      .selectFrom('serials')
      .select((eb) => ['product_id', eb.fn.countAll<number>().as('n')])
      .where('location_id', '=', locationId)
      .where('status', '=', 'in_stock')
      .where('deleted_at', 'is', null)
      .where('product_id', 'in', part)
      .groupBy('product_id')
      .execute()) {
      units.set(u.product_id, Number(u.n));
    }
  }
  return ids.flatMap((productId) => {
    const p = products.get(productId);
    if (!p) return [];
    const onHandMilli = !p.tracked
      ? 0
      : p.serialized
        ? (units.get(productId) ?? 0) * QTY_SCALE
        : (levels.get(productId) ?? 0);
    return [{ productId, locationId, onHandMilli, tracked: p.tracked }];
  });
}
