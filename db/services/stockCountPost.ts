import { AppError } from '../../core/errors.ts';
import type { StockCountPosted } from '../../core/model.ts';
import { formatQtyMilli, QTY_SCALE } from '../../core/money.ts';
import type { AdjustmentLinesTable } from '../schema.ts';
import type { Insertable } from 'kysely';
import { chunks, iso, nextNumber, type WriteCtx } from './context.ts';
import { adjustStock, recordSerialEvents, type SerialEventInput } from './stock.ts';
import { requireManager } from './staff.ts';
import { loadCountRow, reviewCount } from './stockCountReview.ts';

// Posting a stock count: its review's differences become one adjustment document (ADJ-000001), in one transaction,
// with a serial event per unit naming it and every stock change through stock.ts (so the ledger stays whole):
// - a missing unit: status Lost (kept at its location), event 'lost', out of stock there;
// - a unit found here that was In stock elsewhere: moved here (event 'moved' out there, 'found' in here);
// - a unit found here that was written off as Lost: In stock here again (event 'found');
// - a product without serials: its stock changed by counted − expected now (the snapshot taken when the count
//   started plus what the ledger moved here since, so sales during the count are not counted twice and on-hand
//   becomes what was counted); refused while a product's counted total is below zero;
// - unknown serials and units in other statuses (sold, in transit…) are listed by the review, never adjusted.
// A count with no differences is closed as posted without an adjustment (no empty document is numbered).

/** The message of a count closed without an adjustment, naming what its review still lists and leaves as it is. */
function nothingToAdjust(number: string, unknown: number, otherStatuses: number): string {
  if (unknown === 0 && otherStatuses === 0) return `No differences: ${number} is closed without an adjustment.`;
  const parts = [
    unknown > 0 && `${unknown} unknown serial${unknown === 1 ? '' : 's'}`,
    otherStatuses > 0 && `${otherStatuses} unit${otherStatuses === 1 ? '' : 's'} in other statuses`,
  ].filter(Boolean);
  const one = unknown + otherStatuses === 1;
  return (
    `Nothing to adjust; ${parts.join(' and ')} ${one ? 'is' : 'are'} left as ${one ? 'it is' : 'they are'}. ` +
    `${number} is closed without an adjustment.`
  );
}

export async function postStockCount(
  ctx: WriteCtx,
  input: { id: number; approvalPin?: string | undefined },
): Promise<StockCountPosted> {
  const { db } = ctx;
  const row = await loadCountRow(ctx, input.id);
  if (row.status !== 'open')
    throw new AppError('conflict', `${row.number} is ${row.status === 'posted' ? 'already posted' : 'cancelled'}.`);
  const approver = await requireManager(ctx, input.approvalPin, `posting ${row.number}`);
  const review = await reviewCount(ctx, row);
  const here = row.location_id;
  const at = iso(ctx.now());
  const close = () =>
    db
      .updateTable('stock_counts')
      .set({ status: 'posted', closed_at: at, closed_by: ctx.actor })
      .where('id', '=', row.id)
      .execute();

  const below = review.products.find((p) => p.countedQty < 0);
  if (below)
    throw new AppError(
      'invalid_input',
      `${below.productName} is counted at ${formatQtyMilli(below.countedQty)}: corrections took away more than was ` +
        `scanned. Scan it again or remove a correction, then post.`,
      { field: 'scans' },
    );
  const moving = review.wrongPlace.filter((u) => u.action !== 'none');
  const quantities = review.products.filter((p) => !p.serialized && p.differenceQty !== 0);
  if (review.missing.length === 0 && moving.length === 0 && quantities.length === 0) {
    await close();
    const count = await reviewCount(ctx, await loadCountRow(ctx, row.id));
    return {
      count,
      adjustment: null,
      message: nothingToAdjust(row.number, review.unknown.length, review.wrongPlace.length),
    };
  }

  const number = await nextNumber(ctx, 'adjustment', 'ADJ-');
  const { id: adjustmentId } = await db
    .insertInto('adjustments')
    .values({
      number,
      location_id: here,
      stock_count_id: row.id,
      reason: `Stock count ${row.number}`,
      created_at: at,
      actor: ctx.actor,
      approved_by: approver,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const on = `count ${row.number} (${number})`;
  const lines: Array<Insertable<AdjustmentLinesTable>> = [];
  const events: SerialEventInput[] = [];
  const line = (productId: number, locationId: number, serialId: number | null, qty: number, note: string) =>
    lines.push({
      adjustment_id: adjustmentId,
      product_id: productId,
      location_id: locationId,
      serial_id: serialId,
      qty,
      note,
    });

  for (const u of review.missing) {
    line(u.productId, here, u.serialId, -QTY_SCALE, 'missing');
    events.push({
      serialId: u.serialId,
      kind: 'lost',
      locationId: here,
      adjustmentId,
      note: `missing at ${on}`,
      stock: -1,
    });
  }
  for (const u of moving) {
    if (u.action === 'move') {
      line(u.productId, u.locationId, u.serialId, -QTY_SCALE, `found at ${row.location_name}`);
      events.push({
        serialId: u.serialId,
        kind: 'moved',
        locationId: u.locationId,
        adjustmentId,
        note: `left ${u.locationName}: found at ${row.location_name} on ${on}`,
        stock: -1,
      });
    }
    line(u.productId, here, u.serialId, QTY_SCALE, u.action === 'move' ? `recorded at ${u.locationName}` : 'was lost');
    events.push({
      serialId: u.serialId,
      kind: 'found',
      locationId: here,
      adjustmentId,
      note:
        u.action === 'move'
          ? `found at ${row.location_name} on ${on}; it was recorded at ${u.locationName}`
          : `found at ${row.location_name} on ${on}; it was written off as lost`,
      stock: 1,
    });
  }
  for (const p of quantities) line(p.productId, here, null, p.differenceQty, 'counted − expected');

  const missingIds = review.missing.map((u) => u.serialId);
  for (const part of chunks(missingIds, 500))
    await db.updateTable('serials').set({ status: 'lost' }).where('id', 'in', part).execute();
  const foundIds = moving.map((u) => u.serialId);
  for (const part of chunks(foundIds, 500))
    await db
      .updateTable('serials')
      .set({ status: 'in_stock', location_id: here, customer_id: null })
      .where('id', 'in', part)
      .execute();
  for (const part of chunks(lines, 500)) await db.insertInto('adjustment_lines').values(part).execute();
  await recordSerialEvents(ctx, events, at);
  await adjustStock(
    ctx,
    quantities.map((p) => ({ productId: p.productId, locationId: here, delta: p.differenceQty })),
    { doc: 'adjustment', id: adjustmentId },
  );
  await close();

  const count = await reviewCount(ctx, await loadCountRow(ctx, row.id));
  const parts = [
    review.missing.length > 0 && `${review.missing.length} missing unit${review.missing.length === 1 ? '' : 's'} Lost`,
    moving.length > 0 && `${moving.length} unit${moving.length === 1 ? '' : 's'} found here`,
    quantities.length > 0 && `${quantities.length} quantit${quantities.length === 1 ? 'y' : 'ies'} corrected`,
  ].filter(Boolean);
  return {
    count,
    adjustment: { id: adjustmentId, number, lines: lines.length },
    message: `${row.number} posted as ${number}: ${parts.join(', ')}.`,
  };
}
