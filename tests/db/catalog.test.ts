import { describe, expect, it } from 'vitest';
import type { ProductInput } from '../../db/services/catalog.ts';
import { listProducts, saveProduct } from '../../db/services/catalog.ts';
import { inWriteTransaction } from '../../db/services/context.ts';
import { saveInvoice, type SaveInvoiceInput } from '../../db/services/invoices.ts';
import { receiveGoods } from '../../db/services/receiving.ts';
import { freshDemoPerTest, refusedWithoutWrites, serviceCtx, type Backend, type DemoIds } from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

const tx = <T>(work: Parameters<typeof inWriteTransaction<T>>[1]) => inWriteTransaction(serviceCtx(b), work);
const cable = (): ProductInput => ({
  id: ids.cable,
  sku: 'USBC-2M',
  name: 'USB-C Cable 2m',
  barcode: null,
  priceMinor: 1_999,
  taxable: true,
  serialized: false,
  maintainStock: true,
});
const setProduct = (changes: Partial<ProductInput>) => tx((t) => saveProduct(t, { ...cable(), ...changes }));
const cableInvoice = (qty: number, id?: number): SaveInvoiceInput => ({
  ...(id ? { id } : {}),
  customerId: ids.acme,
  locationId: ids.main,
  invoiceDate: '2026-11-21',
  notes: '',
  lines: [
    { productId: ids.cable, description: 'USB-C Cable 2m', qty, unitPriceMinor: 1_999, taxable: true, serialIds: [] },
  ],
});
const sell = (input: SaveInvoiceInput) => tx((t) => saveInvoice(t, input));
const onHand = () =>
  b.one<{ on_hand: number }>(
    'SELECT on_hand FROM stock_levels WHERE product_id = ? AND location_id = ?',
    ids.cable,
    ids.main,
  ).on_hand;
const shownStock = async (productId: number) =>
  (await listProducts(serviceCtx(b), { query: '', limit: 100, offset: 0 })).rows.find((p) => p.id === productId)!.stock;

describe('Maintain stock turned off and on', () => {
  // The demo has 50 cables at Main Store. On-hand is what came in less what the invoices took.
  it('keeps on-hand right when an invoice is edited while it is off (7 where 5 was right)', async () => {
    const invoice = await sell(cableInvoice(3));
    expect(onHand()).toBe(47);
    await setProduct({ maintainStock: false });
    await sell(cableInvoice(5, invoice.id)); // the edit in between
    await setProduct({ maintainStock: true });
    expect(onHand()).toBe(45);
    await sell(cableInvoice(5, invoice.id)); // a later re-save changes nothing
    expect(onHand()).toBe(45);
  });

  it('counts what is sold while it is off, and what an edit then gives back', async () => {
    await setProduct({ maintainStock: false });
    const invoice = await sell(cableInvoice(2));
    await setProduct({ maintainStock: true });
    expect(onHand()).toBe(48);
    await sell(cableInvoice(1, invoice.id));
    expect(onHand()).toBe(49);
  });

  it('shows no on-hand for a product that keeps no stock (a service), though its sales are counted', async () => {
    await sell({
      ...cableInvoice(1),
      lines: [
        {
          productId: ids.support,
          description: 'On-site support',
          qty: 2,
          unitPriceMinor: 12_500,
          taxable: true,
          serialIds: [],
        },
      ],
    });
    expect(await shownStock(ids.support)).toEqual([]);
    await setProduct({ maintainStock: false });
    expect(await shownStock(ids.cable)).toEqual([]);
    await setProduct({ maintainStock: true });
    expect(await shownStock(ids.cable)).toEqual([expect.objectContaining({ locationName: 'Main Store', onHand: 50 })]);
  });
});

describe('switching a product to Serialized', () => {
  it('is refused while the product is on a saved invoice, naming it (its lines have no serials to re-save)', async () => {
    // Count the cables out first, so only the invoice stands in the way.
    const invoice = await sell(cableInvoice(50));
    expect(onHand()).toBe(0);
    const error = await refusedWithoutWrites(b, setProduct({ serialized: true }));
    expect(error.code).toBe('conflict');
    expect(error.details).toEqual({ field: 'serialized' });
    expect(error.message).toBe(
      `USB-C Cable 2m is on invoice ${invoice.number}, whose line has no serials, so it cannot become serial-tracked. Create a new serial-tracked product for these units instead.`,
    );
    await sell(cableInvoice(1, invoice.id)); // the saved invoice can still be re-saved
  });

  it('names how many invoices, and the first, when there are several', async () => {
    const first = await sell(cableInvoice(49));
    await sell(cableInvoice(1));
    const outcome = await b.api.saveProduct({ ...cable(), serialized: true });
    expect(outcome).toEqual({
      ok: false,
      error: {
        code: 'conflict',
        message: `USB-C Cable 2m is on 2 saved invoices (the first ${first.number}), whose lines have no serials, so it cannot become serial-tracked. Create a new serial-tracked product for these units instead.`,
        details: { field: 'serialized' },
      },
    });
  });

  it('is allowed for a product never sold and with no stock, which then receives units with serials', async () => {
    const dock = await tx((t) =>
      saveProduct(t, {
        sku: 'DOCK-1',
        name: 'USB-C Dock',
        priceMinor: 19_950,
        taxable: true,
        serialized: false,
        maintainStock: true,
      }),
    );
    const serialized = await tx((t) =>
      saveProduct(t, {
        id: dock.id,
        sku: 'DOCK-1',
        name: 'USB-C Dock',
        priceMinor: 19_950,
        taxable: true,
        serialized: true,
        maintainStock: true,
      }),
    );
    expect(serialized).toMatchObject({ serialized: true, maintainStock: true });
    await tx((t) =>
      receiveGoods(t, {
        locationId: ids.main,
        lines: [{ productId: dock.id, qty: 1, serials: [{ serial: 'DOCK-0001' }] }],
      }),
    );
  });
});
