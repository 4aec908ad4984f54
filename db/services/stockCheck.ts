import type { StockDifference, StockCheckReport } from '../../core/model.ts';
import { QTY_SCALE } from '../../core/money.ts';
import type { ReadCtx } from './context.ts';

// On-hand rebuilt from the stock ledger (stock_moves) and compared with the stored figures: stock_levels for products
// without serials, the units In stock for serialized ones, and each unit's own rows. Read-only: it reports and never
// mends. Used by `npm run check-stock` and by the tests after every kind of movement.

const key = (productId: number, locationId: number) => `${productId}:${locationId}`;

/** Every difference between the ledger and the stored figures; none when the store is consistent. */
export async function checkStock(ctx: ReadCtx): Promise<StockCheckReport> {
  const { db } = ctx;
  const products = new Map(
    (
      await db
        .selectFrom('products')
        .select(['id', 'sku', 'name', 'serialized', 'maintain_stock'])
        .where((eb) => eb.or([eb('serialized', '=', 1), eb('maintain_stock', '=', 1)]))
        .execute()
    ).map((p) => [p.id, p]),
  );
  const locations = new Map(
    (await db.selectFrom('locations').select(['id', 'name']).execute()).map((l) => [l.id, l.name]),
  );

  const ledger = new Map<string, number>();
  for (const r of await db
    .selectFrom('stock_moves')
    .select((eb) => ['product_id', 'location_id', eb.fn.sum<number | string>('qty').as('qty')])
    .groupBy(['product_id', 'location_id'])
    .execute())
    ledger.set(key(r.product_id, r.location_id), Number(r.qty));

  const stored = new Map<string, number>();
  for (const r of await db.selectFrom('stock_levels').select(['product_id', 'location_id', 'on_hand']).execute())
    if (!products.get(r.product_id)?.serialized) stored.set(key(r.product_id, r.location_id), r.on_hand);
  for (const r of await db
    .selectFrom('serials')
    .select((eb) => ['product_id', 'location_id', eb.fn.countAll<number | string>().as('n')])
    .where('status', '=', 'in_stock')
    .where('deleted_at', 'is', null)
    .groupBy(['product_id', 'location_id'])
    .execute())
    stored.set(key(r.product_id, r.location_id), Number(r.n) * QTY_SCALE);

  const differences: StockDifference[] = [];
  const describe = (productId: number, locationId: number) => {
    const p = products.get(productId);
    return {
      productId,
      sku: p?.sku ?? `#${productId}`,
      productName: p?.name ?? `product ${productId}`,
      locationId,
      locationName: locations.get(locationId) ?? `location ${locationId}`,
    };
  };
  for (const k of new Set([...ledger.keys(), ...stored.keys()])) {
    const fromLedger = ledger.get(k) ?? 0;
    const fromStore = stored.get(k) ?? 0;
    if (fromLedger === fromStore) continue;
    const [productId, locationId] = k.split(':').map(Number) as [number, number];
    differences.push({ ...describe(productId, locationId), serial: null, ledgerQty: fromLedger, storedQty: fromStore });
  }

  // Each unit: the ledger puts it at most at one place, and exactly where it is In stock.
  const unitLedger = new Map<number, Map<number, number>>();
  for (const r of await db
    .selectFrom('stock_moves')
    .select((eb) => ['serial_id', 'location_id', eb.fn.sum<number | string>('qty').as('qty')])
    .where('serial_id', 'is not', null)
    .groupBy(['serial_id', 'location_id'])
    .execute()) {
    const qty = Number(r.qty);
    if (qty === 0) continue;
    const at = unitLedger.get(r.serial_id!) ?? new Map<number, number>();
    at.set(r.location_id, qty);
    unitLedger.set(r.serial_id!, at);
  }
  const inStock = new Map<number, { productId: number; locationId: number; serial: string }>();
  for (const u of await db
    .selectFrom('serials')
    .select(['id', 'product_id', 'location_id', 'serial'])
    .where('status', '=', 'in_stock')
    .where('deleted_at', 'is', null)
    .execute())
    inStock.set(u.id, { productId: u.product_id, locationId: u.location_id, serial: u.serial });
  const named = new Map<number, { product_id: number; serial: string }>();
  const strays = [...unitLedger.keys()].filter((id) => !inStock.has(id));
  for (let i = 0; i < strays.length; i += 500)
    for (const u of await db
      .selectFrom('serials')
      .select(['id', 'product_id', 'serial'])
      .where('id', 'in', strays.slice(i, i + 500))
      .execute())
      named.set(u.id, u);
  for (const id of new Set([...unitLedger.keys(), ...inStock.keys()])) {
    const here = inStock.get(id);
    const at = unitLedger.get(id) ?? new Map<number, number>();
    for (const locationId of new Set([...at.keys(), ...(here ? [here.locationId] : [])])) {
      const fromLedger = at.get(locationId) ?? 0;
      const fromStore = here?.locationId === locationId ? QTY_SCALE : 0;
      if (fromLedger === fromStore) continue;
      const productId = here?.productId ?? named.get(id)?.product_id ?? 0;
      differences.push({
        ...describe(productId, locationId),
        serial: here?.serial ?? named.get(id)?.serial ?? `#${id}`,
        ledgerQty: fromLedger,
        storedQty: fromStore,
      });
    }
  }
  differences.sort(
    (a, b) =>
      a.sku.localeCompare(b.sku) ||
      a.locationName.localeCompare(b.locationName) ||
      (a.serial ?? '').localeCompare(b.serial ?? ''),
  );
  const moves = await db
    .selectFrom('stock_moves')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return { moves: Number(moves.n), figures: new Set([...ledger.keys(), ...stored.keys()]).size, differences };
}
