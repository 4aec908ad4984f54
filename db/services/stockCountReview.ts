import { AppError } from '../../core/errors.ts';
import type {
  StockCount,
  StockCountMisplaced,
  StockCountProduct,
  StockCountScan,
  StockCountSummary,
  StockCountUnit,
} from '../../core/model.ts';
import { QTY_SCALE } from '../../core/money.ts';
import { serialKey } from '../../core/serial.ts';
import { chunks, type ReadCtx } from './context.ts';

// A stock count's review: what was expected when it started against what the scans found. The one reading of a count,
// used by the screen (getStockCount) and by posting (stockCountPost.ts), so what the review shows is exactly what
// posting adjusts.
//
// - Missing: units expected here (stock_count_units) that nobody scanned and that are still In stock here. A unit that
//   left by a document during the count (sold, transferred) is not missing: its document moved it.
// - In the wrong place: units scanned here that are In stock elsewhere (posting moves them here), written off as Lost
//   (posting finds them here), or in another status (sold, reserved, in transit…: listed, left to their documents).
// - Unknown serials: scans no unit had. One that a unit has by now (received from the review) counts as that unit.
// - Quantities: per product, expected now against the sum of the scans (corrections are negative scans). Expected now
//   is the snapshot plus what the ledger moved here after the count's mark (sales, transfers, issues, receipts during
//   the count), so posting counted − expected-now leaves on-hand at exactly what was counted.

/** How many scans a review lists (the latest first); the totals count them all. */
export const SCANS_SHOWN = 200;

/** The count's row and place, or not_found. */
export async function loadCountRow(ctx: ReadCtx, id: number) {
  const row = await ctx.db
    .selectFrom('stock_counts as c')
    .innerJoin('locations as l', 'l.id', 'c.location_id')
    .leftJoin('adjustments as a', 'a.stock_count_id', 'c.id')
    .select([
      'c.id',
      'c.number',
      'c.location_id',
      'l.name as location_name',
      'c.status',
      'c.all_products',
      'c.ledger_mark',
      'c.started_at',
      'c.started_by',
      'c.closed_at',
      'c.closed_by',
      'a.id as adjustment_id',
      'a.number as adjustment_number',
    ])
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `No stock count with id ${id}.`);
  return row;
}
export type CountRow = Awaited<ReturnType<typeof loadCountRow>>;

/**
 * What the ledger moved per product at the count's location since the count started (rows after its mark), of the
 * products given. A closed count stops at its closing, without its own adjustment, so it shows what posting saw.
 */
export async function movedSince(
  ctx: ReadCtx,
  row: Pick<CountRow, 'location_id' | 'ledger_mark' | 'closed_at' | 'adjustment_id'>,
  productIds: readonly number[],
): Promise<Map<number, number>> {
  const moved = new Map<number, number>();
  for (const part of chunks(productIds, 500)) {
    let query = ctx.db
      .selectFrom('stock_moves')
      .select((eb) => ['product_id', eb.fn.sum<number | string>('qty').as('qty')])
      .where('location_id', '=', row.location_id)
      .where('id', '>', row.ledger_mark)
      .where('product_id', 'in', part);
    if (row.closed_at !== null) query = query.where('at', '<=', row.closed_at);
    if (row.adjustment_id !== null) {
      const own = row.adjustment_id;
      query = query.where((eb) => eb.not(eb.and([eb('doc', '=', 'adjustment'), eb('doc_id', '=', own)])));
    }
    for (const r of await query.groupBy('product_id').execute()) moved.set(r.product_id, Number(r.qty ?? 0));
  }
  return moved;
}

export function toSummary(row: Omit<CountRow, 'ledger_mark'>, scanCount: number): StockCountSummary {
  return {
    id: row.id,
    number: row.number,
    locationId: row.location_id,
    locationName: row.location_name,
    status: row.status,
    allProducts: row.all_products === 1,
    startedAt: row.started_at,
    startedBy: row.started_by,
    closedAt: row.closed_at,
    closedBy: row.closed_by,
    adjustment:
      row.adjustment_id !== null && row.adjustment_number !== null
        ? { id: row.adjustment_id, number: row.adjustment_number }
        : null,
    scanCount,
  };
}

/** Every scan of a count with its product and unit, oldest first. */
async function scansOf(ctx: ReadCtx, countId: number) {
  return ctx.db
    .selectFrom('stock_count_scans as sc')
    .leftJoin('serials as s', 's.id', 'sc.serial_id')
    .leftJoin('products as p', 'p.id', 'sc.product_id')
    .select([
      'sc.id',
      'sc.code',
      'sc.product_id',
      'p.name as product_name',
      'sc.serial_id',
      's.serial',
      'sc.serial_text',
      'sc.qty',
      'sc.at',
      'sc.actor',
    ])
    .where('sc.stock_count_id', '=', countId)
    .orderBy('sc.id')
    .execute();
}
type ScanRow = Awaited<ReturnType<typeof scansOf>>[number];

export function toScan(r: ScanRow): StockCountScan {
  return {
    id: r.id,
    code: r.code,
    kind: r.serial_id !== null ? 'unit' : r.serial_text !== null ? 'unknown' : 'quantity',
    productId: r.product_id,
    productName: r.product_name,
    serialId: r.serial_id,
    serial: r.serial ?? r.serial_text,
    qty: r.qty,
    at: r.at,
    actor: r.actor,
  };
}

/** Units with their product and place, by id. */
async function unitsById(ctx: ReadCtx, ids: readonly number[]) {
  if (ids.length === 0) return new Map<number, UnitRow>();
  const rows: UnitRow[] = [];
  for (let i = 0; i < ids.length; i += 500)
    rows.push(
      ...(await ctx.db
        .selectFrom('serials as s')
        .innerJoin('products as p', 'p.id', 's.product_id')
        .innerJoin('locations as l', 'l.id', 's.location_id')
        .select([
          's.id',
          's.serial',
          's.product_id',
          'p.name as product_name',
          'p.sku',
          's.location_id',
          'l.name as location_name',
          's.status',
          's.deleted_at',
        ])
        .where('s.id', 'in', ids.slice(i, i + 500))
        .execute()),
    );
  return new Map(rows.map((r) => [r.id, r]));
}
interface UnitRow {
  id: number;
  serial: string;
  product_id: number;
  product_name: string;
  sku: string;
  location_id: number;
  location_name: string;
  status: StockCountMisplaced['status'];
  deleted_at: string | null;
}

const unitOf = (u: UnitRow): StockCountUnit => ({
  serialId: u.id,
  serial: u.serial,
  productId: u.product_id,
  productName: u.product_name,
  sku: u.sku,
});

/**
 * Unknown serials that a unit has by now (received from the review, or created meanwhile), by scan id: the unit of
 * the count's products when several products have the serial, else the only one.
 */
async function resolveUnknown(
  ctx: ReadCtx,
  scans: readonly ScanRow[],
  products: ReadonlySet<number>,
  allProducts: boolean,
): Promise<Map<number, number>> {
  const unknown = scans.filter((s) => s.serial_text !== null);
  const resolved = new Map<number, number>();
  if (unknown.length === 0) return resolved;
  const keys = [...new Set(unknown.map((s) => serialKey(s.serial_text!)))];
  const byKey = new Map<string, Array<{ id: number; product_id: number }>>();
  for (let i = 0; i < keys.length; i += 500)
    for (const r of await ctx.db
      .selectFrom('serials')
      .select(['id', 'product_id', 'serial_key'])
      .where('serial_key', 'in', keys.slice(i, i + 500))
      .where('deleted_at', 'is', null)
      .execute())
      byKey.set(r.serial_key, [...(byKey.get(r.serial_key) ?? []), r]);
  for (const s of unknown) {
    const found = byKey.get(serialKey(s.serial_text!)) ?? [];
    const ours = allProducts ? found : found.filter((u) => products.has(u.product_id));
    if (ours.length === 1) resolved.set(s.id, ours[0]!.id);
  }
  return resolved;
}

/** The review of a count (see the top of this file). */
export async function reviewCount(ctx: ReadCtx, row: CountRow): Promise<StockCount> {
  const { db } = ctx;
  const here = row.location_id;
  const [expectedProducts, expectedUnits, scans] = await Promise.all([
    db
      .selectFrom('stock_count_products as cp')
      .innerJoin('products as p', 'p.id', 'cp.product_id')
      .select(['cp.product_id', 'cp.expected_qty', 'p.sku', 'p.name', 'p.serialized'])
      .where('cp.stock_count_id', '=', row.id)
      .execute(),
    db.selectFrom('stock_count_units').select('serial_id').where('stock_count_id', '=', row.id).execute(),
    scansOf(ctx, row.id),
  ]);
  const countProducts = new Set(expectedProducts.map((p) => p.product_id));
  const resolved = await resolveUnknown(ctx, scans, countProducts, row.all_products === 1);

  // Units counted: scanned as units, and unknown serials a unit has by now (each once).
  const counted = new Set<number>();
  for (const s of scans) if (s.serial_id !== null) counted.add(s.serial_id);
  for (const id of resolved.values()) counted.add(id);
  const units = await unitsById(ctx, [...new Set([...counted, ...expectedUnits.map((u) => u.serial_id)])]);

  // A closed count's units have been dealt with (posted, or the count dropped): its adjustment lines say what was done.
  const open = row.status === 'open';
  const missing: StockCountUnit[] = [];
  for (const { serial_id } of open ? expectedUnits : []) {
    const u = units.get(serial_id);
    if (!u || counted.has(serial_id)) continue;
    if (u.status === 'in_stock' && u.location_id === here && u.deleted_at === null) missing.push(unitOf(u));
  }
  const wrongPlace: StockCountMisplaced[] = [];
  for (const id of open ? counted : []) {
    const u = units.get(id);
    if (!u) continue;
    const inStockHere = u.status === 'in_stock' && u.location_id === here;
    if (inStockHere) continue;
    const action = u.status === 'in_stock' ? 'move' : u.status === 'lost' ? 'found' : 'none';
    wrongPlace.push({
      ...unitOf(u),
      locationId: u.location_id,
      locationName: u.location_name,
      status: u.status,
      action,
    });
  }
  const bySerial = (a: StockCountUnit, b: StockCountUnit) =>
    a.productName.localeCompare(b.productName) || a.serial.localeCompare(b.serial);
  missing.sort(bySerial);
  wrongPlace.sort(bySerial);

  // Per product: the snapshot, and every product scanned (a product found here that none was expected of).
  const products = new Map<number, StockCountProduct>();
  for (const p of expectedProducts)
    products.set(p.product_id, {
      productId: p.product_id,
      sku: p.sku,
      productName: p.name,
      serialized: p.serialized === 1,
      startQty: p.expected_qty,
      movedQty: 0,
      expectedQty: p.expected_qty,
      countedQty: 0,
      differenceQty: 0,
    });
  const countInto = async (productId: number, qty: number) => {
    let p = products.get(productId);
    if (!p) {
      const found = await db
        .selectFrom('products')
        .select(['sku', 'name', 'serialized'])
        .where('id', '=', productId)
        .executeTakeFirstOrThrow();
      p = {
        productId,
        sku: found.sku,
        productName: found.name,
        serialized: found.serialized === 1,
        startQty: 0,
        movedQty: 0,
        expectedQty: 0,
        countedQty: 0,
        differenceQty: 0,
      };
      products.set(productId, p);
    }
    p.countedQty += qty;
  };
  for (const s of scans) if (s.product_id !== null) await countInto(s.product_id, s.qty);
  for (const id of new Set(resolved.values())) {
    const u = units.get(id);
    if (u && !scans.some((s) => s.serial_id === id)) await countInto(u.product_id, QTY_SCALE);
  }
  const moved = await movedSince(ctx, row, [...products.keys()]);
  const productRows = [...products.values()]
    .map((p) => {
      const movedQty = moved.get(p.productId) ?? 0;
      const expectedQty = p.startQty + movedQty;
      return { ...p, movedQty, expectedQty, differenceQty: p.countedQty - expectedQty };
    })
    .sort((a, b) => a.productName.localeCompare(b.productName));

  const unknown = scans
    .filter((s) => s.serial_text !== null && !resolved.has(s.id))
    .map((s) => ({ scanId: s.id, serial: s.serial_text!, at: s.at, actor: s.actor }));
  const expectedCounted = expectedUnits.filter((u) => counted.has(u.serial_id)).length;
  return {
    ...toSummary(row, scans.length),
    products: productRows,
    missing,
    wrongPlace,
    unknown,
    scans: scans.slice(-SCANS_SHOWN).reverse().map(toScan),
    adjustmentLines: row.adjustment_id === null ? [] : await adjustmentLines(ctx, row.adjustment_id),
    totals: {
      expectedUnits: expectedUnits.length,
      countedUnits: expectedCounted,
      notExpected: counted.size - expectedCounted + unknown.length,
      missing: missing.length,
      wrongPlace: wrongPlace.length,
      unknown: unknown.length,
      quantityDifferences: productRows.filter((p) => !p.serialized && p.differenceQty !== 0).length,
    },
  };
}

export async function getStockCount(ctx: ReadCtx, id: number): Promise<StockCount> {
  return reviewCount(ctx, await loadCountRow(ctx, id));
}

/** The lines of a posted count's adjustment, in the order written. */
async function adjustmentLines(ctx: ReadCtx, adjustmentId: number): Promise<StockCount['adjustmentLines']> {
  const rows = await ctx.db
    .selectFrom('adjustment_lines as al')
    .innerJoin('products as p', 'p.id', 'al.product_id')
    .innerJoin('locations as l', 'l.id', 'al.location_id')
    .leftJoin('serials as s', 's.id', 'al.serial_id')
    .select(['p.name as productName', 'p.sku', 'l.name as locationName', 's.serial', 'al.qty', 'al.note'])
    .where('al.adjustment_id', '=', adjustmentId)
    .orderBy('al.id')
    .execute();
  return rows;
}
