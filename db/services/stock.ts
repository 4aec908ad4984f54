import type { Insertable } from 'kysely';
import type { SerialEventKind } from '../../core/enums.ts';
import type { StockOnHand } from '../../core/model.ts';
import { QTY_SCALE } from '../../core/money.ts';
import type { SerialEventsTable } from '../schema.ts';
import { chunks, iso, type ReadCtx, type WriteCtx } from './context.ts';

// The one place stock moves and serial history are written. Invoices, goods receipts (purchase
// orders and CSV imports go through receiveGoods), serial rename/delete, and later returns and
// transfers all call these, so an event row is built in one place and every caller gets the same
// multi-row statements.

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
export async function adjustStock(ctx: WriteCtx, moves: readonly StockMove[]): Promise<void> {
  const net = new Map<string, StockMove>();
  for (const m of moves) {
    const key = `${m.productId}:${m.locationId}`;
    const sum = net.get(key);
    if (sum) sum.delta += m.delta;
    else net.set(key, { ...m });
  }
  for (const { productId, locationId, delta } of net.values()) {
    if (delta === 0) continue;
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
        })),
      )
      .execute();
  }
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
