// On-hand per product and location, with what is on its way there and what is held there: the Products screen's
// figures. Read-only and dialect-free. Quantities in thousandths.
// - On hand: stock_levels for a product without serials; the units In stock there for a serialized one.
// - In transit: units In transit on transfers In transit to that location (a unit marked missing at receipt stays In
//   transit, so it still counts: it is still on its way, or lost on the way), plus what is left to receive of the
//   lines without serials on those transfers.
// - Reserved: units Reserved there (on a Draft invoice), plus the quantity of products without serials on Draft
//   invoices at that location (a draft takes no stock until it is finalised, so that stock is on hand and spoken for).
// Products that keep no stock (services) have no figures.
import type { ProductStockByLocation } from '../../core/model.ts';
import { QTY_SCALE } from '../../core/money.ts';
import { chunks, type ReadCtx } from './context.ts';

type Figure = 'onHand' | 'inTransit' | 'reserved';

/** The figures of each stock-keeping product asked (every one when no ids are given), at every location. */
export async function stockByLocation(
  ctx: ReadCtx,
  filter: { productIds?: readonly number[] } = {},
): Promise<ProductStockByLocation[]> {
  const { db } = ctx;
  const asked = filter.productIds ? [...new Set(filter.productIds)] : null;
  if (asked && asked.length === 0) return [];
  const products: Array<{ id: number; serialized: number }> = [];
  if (asked)
    for (const part of chunks(asked, 500))
      products.push(
        ...(await db
          .selectFrom('products')
          .select(['id', 'serialized'])
          .where('id', 'in', part)
          .where((eb) => eb.or([eb('serialized', '=', 1), eb('maintain_stock', '=', 1)]))
          .execute()),
      );
  else
    products.push(
      ...(await db
        .selectFrom('products')
        .select(['id', 'serialized'])
        .where((eb) => eb.or([eb('serialized', '=', 1), eb('maintain_stock', '=', 1)]))
        .orderBy('id')
        .execute()),
    );
  if (products.length === 0) return [];
  const serialized = new Set(products.filter((p) => p.serialized === 1).map((p) => p.id));
  const locations = await db.selectFrom('locations').select(['id', 'name', 'is_default']).execute();
  locations.sort((a, b) => b.is_default - a.is_default || a.name.localeCompare(b.name) || a.id - b.id);

  const figures = new Map<string, Record<Figure, number>>();
  const add = (productId: number, locationId: number, figure: Figure, milli: number) => {
    const k = `${productId}:${locationId}`;
    const f = figures.get(k) ?? { onHand: 0, inTransit: 0, reserved: 0 };
    f[figure] += milli;
    figures.set(k, f);
  };

  for (const part of chunks(
    products.map((p) => p.id),
    500,
  )) {
    const plain = part.filter((id) => !serialized.has(id));
    const units = part.filter((id) => serialized.has(id));
    if (plain.length > 0) {
      for (const r of await db
        .selectFrom('stock_levels')
        .select(['product_id', 'location_id', 'on_hand'])
        .where('product_id', 'in', plain)
        .execute())
        add(r.product_id, r.location_id, 'onHand', r.on_hand);
      // What is left to arrive on transfers still on their way.
      for (const r of await db
        .selectFrom('transfer_lines as tl')
        .innerJoin('transfers as t', 't.id', 'tl.transfer_id')
        .select((eb) => [
          'tl.product_id',
          't.to_location_id',
          eb.fn.sum<number | string>(eb('tl.qty', '-', eb.ref('tl.qty_received'))).as('qty'),
        ])
        .where('t.status', '=', 'in_transit')
        .where('tl.product_id', 'in', plain)
        .groupBy(['tl.product_id', 't.to_location_id'])
        .execute())
        add(r.product_id, r.to_location_id, 'inTransit', Number(r.qty));
      for (const r of await db
        .selectFrom('invoice_lines as il')
        .innerJoin('invoices as i', 'i.id', 'il.invoice_id')
        .select((eb) => ['il.product_id', 'i.location_id', eb.fn.sum<number | string>('il.qty').as('qty')])
        .where('i.status', '=', 'draft')
        .where('il.product_id', 'in', plain)
        .groupBy(['il.product_id', 'i.location_id'])
        .execute())
        add(r.product_id!, r.location_id, 'reserved', Number(r.qty));
    }
    if (units.length > 0) {
      for (const r of await db
        .selectFrom('serials')
        .select((eb) => ['product_id', 'location_id', 'status', eb.fn.countAll<number | string>().as('n')])
        .where('product_id', 'in', units)
        .where('status', 'in', ['in_stock', 'reserved'])
        .where('deleted_at', 'is', null)
        .groupBy(['product_id', 'location_id', 'status'])
        .execute())
        add(r.product_id, r.location_id, r.status === 'in_stock' ? 'onHand' : 'reserved', Number(r.n) * QTY_SCALE);
      // A unit In transit is counted at its transfer's destination (its own location is still the source); one marked
      // missing stays In transit after the rest was received.
      for (const r of await db
        .selectFrom('transfer_units as tu')
        .innerJoin('transfer_lines as tl', 'tl.id', 'tu.transfer_line_id')
        .innerJoin('transfers as t', 't.id', 'tl.transfer_id')
        .innerJoin('serials as s', 's.id', 'tu.serial_id')
        .select((eb) => ['s.product_id', 't.to_location_id', eb.fn.countAll<number | string>().as('n')])
        .where('t.status', 'in', ['in_transit', 'received'])
        .where('s.status', '=', 'in_transit')
        .where('tu.state', '<>', 'received')
        .where('s.product_id', 'in', units)
        .groupBy(['s.product_id', 't.to_location_id'])
        .execute())
        add(r.product_id, r.to_location_id, 'inTransit', Number(r.n) * QTY_SCALE);
    }
  }

  return products
    .sort((a, b) => (asked ? asked.indexOf(a.id) - asked.indexOf(b.id) : a.id - b.id))
    .map((p) => ({
      productId: p.id,
      locations: locations.map((l) => {
        const f = figures.get(`${p.id}:${l.id}`);
        return {
          locationId: l.id,
          locationName: l.name,
          onHand: f?.onHand ?? 0,
          inTransit: f?.inTransit ?? 0,
          reserved: f?.reserved ?? 0,
        };
      }),
    }));
}
