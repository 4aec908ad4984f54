// On-hand per product and location, with what is on its way there and what is held there (the Products screen's
// figures), on both stores. The in-transit state is built as the transfer service leaves it, through the shared stock
// module (a transfer In transit from the Warehouse to Main Store with a laptop and 5 cables, 2 of them received), so
// this test does not lean on the transfer screens; a Draft invoice holds a laptop and cables at Main Store.
import { describe, expect, it } from 'vitest';
import type { ProductStockByLocation } from '../../core/model.ts';
import { inWriteTransaction, iso } from '../../db/services/context.ts';
import { checkStock } from '../../db/services/stockCheck.ts';
import { adjustStock, recordSerialEvents } from '../../db/services/stock.ts';
import { FROZEN_NOW, freshDemoPerTest, okValue, serviceCtx, type Backend, type DemoIds } from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

const at = (rows: ProductStockByLocation[], productId: number, locationId: number) =>
  rows.find((r) => r.productId === productId)?.locations.find((l) => l.locationId === locationId);
const differences = async () => (await checkStock(serviceCtx(b))).differences;

/** TR-900001 In transit, Warehouse → Main Store: laptop DL5440-0101 and 5 cables (2 already counted in). */
async function inTransit() {
  await inWriteTransaction(serviceCtx(b), async (ctx) => {
    const now = iso(FROZEN_NOW);
    const { id } = await ctx.db
      .insertInto('transfers')
      .values({
        number: 'TR-900001',
        from_location_id: ids.warehouse,
        to_location_id: ids.main,
        status: 'in_transit',
        created_at: now,
        created_by: 'test',
        sent_at: now,
        sent_by: 'test',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const line = await ctx.db
      .insertInto('transfer_lines')
      .values({ transfer_id: id, position: 1, product_id: ids.laptop, qty: 1000 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ctx.db
      .insertInto('transfer_lines')
      .values({ transfer_id: id, position: 2, product_id: ids.cable, qty: 5000, qty_received: 2000 })
      .execute();
    const unit = ids.serial('DL5440-0101');
    await ctx.db.insertInto('transfer_units').values({ transfer_line_id: line.id, serial_id: unit }).execute();
    await ctx.db.updateTable('serials').set({ status: 'in_transit' }).where('id', '=', unit).execute();
    await recordSerialEvents(ctx, [
      { serialId: unit, kind: 'sent', note: 'sent on TR-900001', locationId: ids.warehouse, transferId: id, stock: -1 },
    ]);
    // The cables left the Warehouse; 2 of 5 arrived at Main Store.
    await adjustStock(ctx, [{ productId: ids.cable, locationId: ids.warehouse, delta: -5000 }], {
      doc: 'transfer',
      id,
    });
    await adjustStock(ctx, [{ productId: ids.cable, locationId: ids.main, delta: 2000 }], { doc: 'transfer', id });
  });
}

describe('stock by location', () => {
  it('shows on hand per location for stock-keeping products, none for a service', async () => {
    const rows = await okValue(b.api.stockByLocation({}));
    expect(rows.map((r) => r.productId)).not.toContain(ids.support);
    expect(at(rows, ids.laptop, ids.main)).toMatchObject({ onHand: 3000, inTransit: 0, reserved: 0 });
    expect(at(rows, ids.laptop, ids.warehouse)).toMatchObject({ onHand: 1000, inTransit: 0, reserved: 0 });
    const cable = await b.one<{ on_hand: number }>(
      'SELECT on_hand FROM stock_levels WHERE product_id = ? AND location_id = ?',
      ids.cable,
      ids.main,
    );
    expect(at(rows, ids.cable, ids.main)).toMatchObject({ onHand: cable.on_hand, inTransit: 0, reserved: 0 });
    // Main Store (the default location) first, every location listed.
    expect(rows.find((r) => r.productId === ids.laptop)!.locations.map((l) => l.locationName)).toEqual([
      'Main Store',
      'Warehouse',
    ]);
    expect(await okValue(b.api.stockByLocation({ productIds: [ids.support] }))).toEqual([]);
  });

  it('counts what is on its way to a location, and what Draft invoices hold there', async () => {
    const before = await okValue(b.api.stockByLocation({ productIds: [ids.cable, ids.laptop] }));
    expect(before.map((r) => r.productId)).toEqual([ids.cable, ids.laptop]);
    const cableMain = at(before, ids.cable, ids.main)!.onHand;
    const cableWarehouse = at(before, ids.cable, ids.warehouse)!.onHand;

    await inTransit();
    expect(await differences()).toEqual([]);
    let rows = await okValue(b.api.stockByLocation({ productIds: [ids.laptop, ids.cable] }));
    expect(at(rows, ids.laptop, ids.warehouse)).toMatchObject({ onHand: 0, inTransit: 0 });
    expect(at(rows, ids.laptop, ids.main)).toMatchObject({ onHand: 3000, inTransit: 1000 });
    expect(at(rows, ids.cable, ids.warehouse)).toMatchObject({ onHand: cableWarehouse - 5000, inTransit: 0 });
    expect(at(rows, ids.cable, ids.main)).toMatchObject({ onHand: cableMain + 2000, inTransit: 3000 });

    // A Draft at Main Store: a laptop (Reserved) and 4 cables (still on hand, spoken for).
    await okValue(
      b.api.saveInvoice({
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-11-21',
        draft: true,
        lines: [
          {
            productId: ids.laptop,
            description: 'Latitude 5440 Laptop',
            qty: 1000,
            unitPriceMinor: 124_900,
            taxable: true,
            serialIds: [ids.serial('DL5440-0001')],
          },
          {
            productId: ids.cable,
            description: 'USB-C cable',
            qty: 4000,
            unitPriceMinor: 1_999,
            taxable: true,
            serialIds: [],
          },
        ],
      }),
    );
    expect(await differences()).toEqual([]);
    rows = await okValue(b.api.stockByLocation({ productIds: [ids.laptop, ids.cable] }));
    expect(at(rows, ids.laptop, ids.main)).toEqual({
      locationId: ids.main,
      locationName: 'Main Store',
      onHand: 2000,
      inTransit: 1000,
      reserved: 1000,
    });
    expect(at(rows, ids.cable, ids.main)).toMatchObject({ onHand: cableMain + 2000, inTransit: 3000, reserved: 4000 });
    expect(at(rows, ids.cable, ids.warehouse)).toMatchObject({ reserved: 0 });
  });

  it('refuses a malformed filter at the boundary', async () => {
    const outcome = await b.api.stockByLocation({ productIds: [0] });
    expect(outcome.ok).toBe(false);
  });
});
