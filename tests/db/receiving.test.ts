import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { createProduct } from '../../db/services/catalog.ts';
import { inWriteTransaction } from '../../db/services/context.ts';
import { receiveGoods, type ReceiveGoodsInput } from '../../db/services/receiving.ts';
import { freshDemoPerTest, serviceCtx, tableCounts, type Backend, type DemoIds } from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

const receive = (input: ReceiveGoodsInput) => inWriteTransaction(serviceCtx(b), (trx) => receiveGoods(trx, input));

async function refusal(input: ReceiveGoodsInput): Promise<AppError> {
  const before = await tableCounts(b);
  const error = await receive(input).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(await tableCounts(b)).toEqual(before); // nothing written, no receipt number used
  return error as AppError;
}

describe('receiveGoods', () => {
  it('puts each serial in stock at the location with its condition notes and a history event', async () => {
    const result = await receive({
      locationId: ids.warehouse,
      reference: 'Delivery 42',
      lines: [
        {
          productId: ids.laptop,
          qty: 2,
          unitCostMinor: 98_000,
          serials: [{ serial: '  DL5440-0200 ', conditionNotes: ' New ' }, { serial: 'DL5440-0201' }],
        },
      ],
    });
    expect(result.number).toBe('GR-000003'); // the demo shop used two
    const units = await b.all(
      `SELECT serial, status, location_id, condition_notes FROM serials WHERE serial LIKE 'DL5440-02%' ORDER BY serial`,
    );
    expect(units).toEqual([
      { serial: 'DL5440-0200', status: 'in_stock', location_id: ids.warehouse, condition_notes: 'New' },
      { serial: 'DL5440-0201', status: 'in_stock', location_id: ids.warehouse, condition_notes: '' },
    ]);
    const events = await b.all(
      `SELECT e.kind, e.receipt_id, e.location_id, e.note, e.actor FROM serial_events e JOIN serials s ON s.id = e.serial_id WHERE s.serial = 'DL5440-0200'`,
    );
    expect(events).toEqual([
      {
        kind: 'received',
        receipt_id: result.receiptId,
        location_id: ids.warehouse,
        note: 'received on Delivery 42 (GR-000003)',
        actor: 'test',
      },
    ]);
    expect(result.serialIds).toHaveLength(2);
  });

  it('adds non-serialized stock to the on-hand count', async () => {
    await receive({ locationId: ids.main, lines: [{ productId: ids.cable, qty: 10 }] });
    expect(
      await b.one('SELECT on_hand FROM stock_levels WHERE product_id = ? AND location_id = ?', ids.cable, ids.main),
    ).toEqual({ on_hand: 60_000 }); // thousandths
  });

  it('refuses a serial count that differs from the quantity', async () => {
    const error = await refusal({
      locationId: ids.main,
      lines: [{ productId: ids.laptop, qty: 3, serials: [{ serial: 'A1' }, { serial: 'A2' }] }],
    });
    expect(error.code).toBe('receipt_invalid');
    expect(error.message).toMatch(/Latitude 5440 Laptop needs exactly 3 serials, got 2/);
  });

  it('refuses empty, duplicate and existing serials together, listing every offender', async () => {
    const error = await refusal({
      locationId: ids.main,
      lines: [
        {
          productId: ids.laptop,
          qty: 5,
          serials: [
            { serial: 'NEW-1' },
            { serial: '   ' },
            { serial: 'NEW-2' },
            { serial: ' NEW-1' },
            { serial: 'DL5440-0002' },
          ],
        },
        { productId: ids.phone, qty: 1, serials: [{ serial: '356789012345671' }] },
      ],
    });
    const details = error.details as {
      problems: Array<{ serial: string; reason: string; line: number }>;
      offendingSerials: string[];
    };
    expect(details.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ serial: '   ', reason: 'empty', line: 1 }),
        expect.objectContaining({ serial: 'NEW-1', reason: 'duplicate_in_receipt', line: 1 }),
        expect.objectContaining({ serial: 'DL5440-0002', reason: 'already_exists', line: 1 }),
        expect.objectContaining({ serial: '356789012345671', reason: 'already_exists', line: 2 }),
      ]),
    );
    expect(details.problems).toHaveLength(4);
    expect(error.message).toMatch(/DL5440-0002 already exists for Latitude 5440 Laptop/);
    expect(error.message).toMatch(/NEW-1 is entered twice/);
    expect(await b.one(`SELECT count(*) AS n FROM serials WHERE serial LIKE 'NEW-%'`)).toEqual({ n: 0 });
  });

  it('accepts a serial another product already has (unique per product)', async () => {
    await receive({
      locationId: ids.main,
      lines: [{ productId: ids.phone, qty: 1, serials: [{ serial: 'DL5440-0001' }] }],
    });
    expect(await b.one(`SELECT count(*) AS n FROM serials WHERE serial = 'DL5440-0001'`)).toEqual({ n: 2 });
  });

  it('refuses serials on a non-serialized product and stock for a service', async () => {
    expect(
      (await refusal({ locationId: ids.main, lines: [{ productId: ids.cable, qty: 1, serials: [{ serial: 'C1' }] }] }))
        .message,
    ).toMatch(/not serial-tracked/);
    expect((await refusal({ locationId: ids.main, lines: [{ productId: ids.support, qty: 1 }] })).message).toMatch(
      /service and keeps no stock/,
    );
  });

  it('refuses an unknown location or product', async () => {
    expect((await refusal({ locationId: 999, lines: [{ productId: ids.cable, qty: 1 }] })).code).toBe('not_found');
    expect((await refusal({ locationId: ids.main, lines: [{ productId: 999, qty: 1 }] })).message).toMatch(
      /no product with id 999/,
    );
  });

  it('receives a large receipt in one go', async () => {
    const product = await inWriteTransaction(serviceCtx(b), (trx) =>
      createProduct(trx, {
        sku: 'BULK',
        name: 'Bulk item',
        priceMinor: 100,
        taxable: true,
        serialized: true,
        maintainStock: true,
      }),
    );
    const serials = Array.from({ length: 2_500 }, (_, i) => ({ serial: `BULK-${String(i).padStart(5, '0')}` }));
    const result = await receive({
      locationId: ids.main,
      lines: [{ productId: product.id, qty: serials.length, serials }],
    });
    expect(result.serialIds).toHaveLength(2_500);
    expect(await b.one('SELECT count(*) AS n FROM serial_events WHERE receipt_id = ?', result.receiptId)).toEqual({
      n: 2_500,
    });
  });
});

describe('the demo store', () => {
  it('holds the demo shop, built through receipts', async () => {
    expect(await b.all(`SELECT name, is_default FROM locations ORDER BY id`)).toEqual([
      { name: 'Main Store', is_default: 1 },
      { name: 'Warehouse', is_default: 0 },
    ]);
    expect(await b.all(`SELECT name, rate_bp, is_default FROM tax_rates ORDER BY id`)).toEqual([
      { name: 'Sales tax 7.5%', rate_bp: 750, is_default: 1 },
      { name: 'Reduced 5%', rate_bp: 500, is_default: 0 },
      { name: 'Exempt 0%', rate_bp: 0, is_default: 0 },
    ]);
    expect(await b.one(`SELECT value FROM settings WHERE key = 'shop_name'`)).toEqual({
      value: 'Counter POS Demo Shop',
    });
    expect(
      await b.all(
        `SELECT s.serial, l.name AS location, s.condition_notes AS notes FROM serials s JOIN locations l ON l.id = s.location_id JOIN products p ON p.id = s.product_id WHERE p.sku = 'LAT-5440' ORDER BY s.serial`,
      ),
    ).toEqual([
      { serial: 'DL5440-0001', location: 'Main Store', notes: 'New' },
      { serial: 'DL5440-0002', location: 'Main Store', notes: 'New' },
      { serial: 'DL5440-0003', location: 'Main Store', notes: 'Open box - minor scuff' },
      { serial: 'DL5440-0101', location: 'Warehouse', notes: 'New' },
    ]);
    expect(
      await b.one(`SELECT name, barcode, price_minor, taxable, serialized FROM products WHERE sku = 'GAL-A55'`),
    ).toEqual({
      name: 'Galaxy A55 Phone',
      barcode: '4006381333931',
      price_minor: 44_900,
      taxable: 1,
      serialized: 1,
    });
    expect(await b.one(`SELECT on_hand FROM stock_levels WHERE product_id = ?`, ids.cable)).toEqual({
      on_hand: 50_000,
    });
    expect(
      await b.one(`SELECT maintain_stock, serialized, price_minor FROM products WHERE sku = 'LAB-ONSITE'`),
    ).toEqual({
      maintain_stock: 0,
      serialized: 0,
      price_minor: 12_500,
    });
    expect(await b.one(`SELECT name FROM customers WHERE is_default = 1`)).toEqual({ name: 'Walk-in Customer' });
    expect(await b.one(`SELECT count(*) AS n FROM serial_events WHERE kind = 'received'`)).toEqual({
      n: (await b.one<{ n: number }>('SELECT count(*) AS n FROM serials')).n,
    });
  });
});
