import { sql } from 'kysely';
import { AppError } from '../../core/errors.ts';
import type { StockCountStatus } from '../../core/enums.ts';
import type { Page, StockCount, StockCountSummary } from '../../core/model.ts';
import { QTY_SCALE } from '../../core/money.ts';
import { requireLocation } from './catalog.ts';
import { iso, nextNumber, type ReadCtx, type WriteCtx } from './context.ts';
import { stockOnHand } from './stock.ts';
import { getStockCount, loadCountRow, toSummary, type CountRow } from './stockCountReview.ts';

// Stock counts (SC-000001): starting one snapshots what is expected at a location (per product, and the units In
// stock there); then anyone may scan into it, each scan its own row, and the rows add up. A unit counts once per
// count. Scanning lives in stockCountScan.ts, the review in stockCountReview.ts, posting in
// stockCountPost.ts; nothing here changes stock.

export async function listStockCounts(
  ctx: ReadCtx,
  filter: { status?: StockCountStatus | undefined; limit: number; offset: number },
): Promise<Page<StockCountSummary>> {
  const { db } = ctx;
  let query = db.selectFrom('stock_counts as c');
  if (filter.status) query = query.where('c.status', '=', filter.status);
  const total = await query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .innerJoin('locations as l', 'l.id', 'c.location_id')
    .leftJoin('adjustments as a', 'a.stock_count_id', 'c.id')
    .select((eb) => [
      'c.id',
      'c.number',
      'c.location_id',
      'l.name as location_name',
      'c.status',
      'c.all_products',
      'c.started_at',
      'c.started_by',
      'c.closed_at',
      'c.closed_by',
      'a.id as adjustment_id',
      'a.number as adjustment_number',
      eb
        .selectFrom('stock_count_scans as sc')
        .select((e) => e.fn.countAll<number | string>().as('n'))
        .whereRef('sc.stock_count_id', '=', 'c.id')
        .as('scans'),
    ])
    .orderBy('c.id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return { rows: rows.map(({ scans, ...r }) => toSummary(r, Number(scans ?? 0))), total: Number(total.n) };
}

/** Starts a count at a location: of every stock-keeping product there, or of the products given. */
export async function startStockCount(
  ctx: WriteCtx,
  input: { locationId: number; productIds?: number[] | undefined },
): Promise<StockCount> {
  const { db } = ctx;
  const location = await requireLocation(ctx, input.locationId);
  const open = await db
    .selectFrom('stock_counts')
    .select('number')
    .where('location_id', '=', location.id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (open)
    throw new AppError(
      'conflict',
      `${open.number} is already counting ${location.name}: scan into it, or post or cancel it first.`,
    );
  const chosen = [...new Set(input.productIds ?? [])];
  const all = chosen.length === 0;
  if (!all) {
    const found = await db
      .selectFrom('products')
      .select(['id', 'name', 'serialized', 'maintain_stock'])
      .where('id', 'in', chosen)
      .execute();
    const missingId = chosen.find((id) => !found.some((p) => p.id === id));
    if (missingId !== undefined) throw new AppError('not_found', `No product with id ${missingId}.`);
    const service = found.find((p) => p.serialized === 0 && p.maintain_stock === 0);
    if (service)
      throw new AppError('invalid_input', `${service.name} is a service and keeps no stock: it cannot be counted.`, {
        field: 'productIds',
      });
  }

  const at = iso(ctx.now());
  const number = await nextNumber(ctx, 'stock_count', 'SC-');
  // The ledger's high-water mark, read in the same transaction as the snapshot below: moves after it happened during
  // the count, and the review adds them to the snapshot (expected now).
  const mark = await db
    .selectFrom('stock_moves')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  const { id } = await db
    .insertInto('stock_counts')
    .values({
      number,
      location_id: location.id,
      status: 'open',
      all_products: all ? 1 : 0,
      ledger_mark: Number(mark?.id ?? 0),
      started_at: at,
      started_by: ctx.actor,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  // Expected per product: the products chosen (even at 0), or every stock-keeping product with stock here.
  const expected = all ? await stockedHere(ctx, location.id) : await stockOnHand(ctx, chosen, location.id);
  for (let i = 0; i < expected.length; i += 500)
    await db
      .insertInto('stock_count_products')
      .values(
        expected
          .slice(i, i + 500)
          .map((e) => ({ stock_count_id: id, product_id: e.productId, expected_qty: e.onHandMilli })),
      )
      .execute();
  // The units expected: those In stock here now (copied in one statement, however many).
  let units = db
    .selectFrom('serials')
    .select([sql<number>`${sql.lit(id)}`.as('stock_count_id'), 'id'])
    .where('location_id', '=', location.id)
    .where('status', '=', 'in_stock')
    .where('deleted_at', 'is', null);
  if (!all) units = units.where('product_id', 'in', chosen);
  await db.insertInto('stock_count_units').columns(['stock_count_id', 'serial_id']).expression(units).execute();
  return getStockCount(ctx, id);
}

/** Every stock-keeping product with stock at the location: levels of products without serials, units of the rest. */
async function stockedHere(ctx: ReadCtx, locationId: number) {
  const { db } = ctx;
  const levels = await db
    .selectFrom('stock_levels as sl')
    .innerJoin('products as p', 'p.id', 'sl.product_id')
    .select(['sl.product_id', 'sl.on_hand'])
    .where('sl.location_id', '=', locationId)
    .where('p.serialized', '=', 0)
    .where('p.maintain_stock', '=', 1)
    .where('sl.on_hand', '<>', 0)
    .execute();
  const units = await db
    .selectFrom('serials')
    .select((eb) => ['product_id', eb.fn.countAll<number | string>().as('n')])
    .where('location_id', '=', locationId)
    .where('status', '=', 'in_stock')
    .where('deleted_at', 'is', null)
    .groupBy('product_id')
    .execute();
  return [
    ...levels.map((l) => ({ productId: l.product_id, onHandMilli: l.on_hand })),
    ...units.map((u) => ({ productId: u.product_id, onHandMilli: Number(u.n) * QTY_SCALE })),
  ];
}

/** The count, refused unless it is open. */
export async function requireOpen(ctx: ReadCtx, countId: number): Promise<CountRow> {
  const row = await loadCountRow(ctx, countId);
  if (row.status !== 'open')
    throw new AppError(
      'conflict',
      `${row.number} is ${row.status === 'posted' ? 'posted' : 'cancelled'}: it takes no more scans.`,
    );
  return row;
}

/** Drops an open count: nothing is adjusted, its scans stay for the record. */
export async function cancelStockCount(ctx: WriteCtx, input: { id: number }): Promise<StockCount> {
  const row = await requireOpen(ctx, input.id);
  await ctx.db
    .updateTable('stock_counts')
    .set({ status: 'cancelled', closed_at: iso(ctx.now()), closed_by: ctx.actor })
    .where('id', '=', row.id)
    .execute();
  return getStockCount(ctx, row.id);
}
