import { describe, expect, it } from 'vitest';
import type { ProductInput } from '../../db/services/catalog.ts';
import { listProducts, saveProduct, searchProducts } from '../../db/services/catalog.ts';
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
/** An invoice for `units` cables (invoice quantities and stock levels are thousandths). */
const cableInvoice = (units: number, id?: number): SaveInvoiceInput => ({
  ...(id ? { id } : {}),
  customerId: ids.acme,
  locationId: ids.main,
  invoiceDate: '2026-11-21',
  notes: '',
  lines: [
    {
      productId: ids.cable,
      description: 'USB-C Cable 2m',
      qty: units * 1_000,
      unitPriceMinor: 1_999,
      taxable: true,
      serialIds: [],
    },
  ],
});
const sell = (input: SaveInvoiceInput) => tx((t) => saveInvoice(t, input));
const onHand = async () =>
  (
    await b.one<{ on_hand: number }>(
      'SELECT on_hand FROM stock_levels WHERE product_id = ? AND location_id = ?',
      ids.cable,
      ids.main,
    )
  ).on_hand;
const shownStock = async (productId: number) =>
  (await listProducts(serviceCtx(b), { query: '', limit: 100, offset: 0 })).rows.find((p) => p.id === productId)!.stock;

describe('Maintain stock turned off and on', () => {
  // The demo has 50 cables at Main Store. On-hand is what came in less what the invoices took.
  it('keeps on-hand right when an invoice is edited while it is off (7 where 5 was right)', async () => {
    const invoice = await sell(cableInvoice(3));
    expect(await onHand()).toBe(47_000);
    await setProduct({ maintainStock: false });
    await sell(cableInvoice(5, invoice.id)); // the edit in between
    await setProduct({ maintainStock: true });
    expect(await onHand()).toBe(45_000);
    await sell(cableInvoice(5, invoice.id)); // a later re-save changes nothing
    expect(await onHand()).toBe(45_000);
  });

  it('counts what is sold while it is off, and what an edit then gives back', async () => {
    await setProduct({ maintainStock: false });
    const invoice = await sell(cableInvoice(2));
    await setProduct({ maintainStock: true });
    expect(await onHand()).toBe(48_000);
    await sell(cableInvoice(1, invoice.id));
    expect(await onHand()).toBe(49_000);
  });

  it('shows no on-hand for a product that keeps no stock (a service), though its sales are counted', async () => {
    await sell({
      ...cableInvoice(1),
      lines: [
        {
          productId: ids.support,
          description: 'On-site support',
          qty: 2_000,
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
    expect(await shownStock(ids.cable)).toEqual([
      expect.objectContaining({ locationName: 'Main Store', onHand: 50_000 }),
    ]);
  });
});

describe('switching a product to Serialized', () => {
  it('is refused while the product is on a saved invoice, naming it (its lines have no serials to re-save)', async () => {
    // Count the cables out first, so only the invoice stands in the way.
    const invoice = await sell(cableInvoice(50));
    expect(await onHand()).toBe(0);
    const error = await refusedWithoutWrites(b, () => setProduct({ serialized: true }));
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

describe("a product's tax rate", () => {
  const rateId = async (name: string) =>
    (await b.one<{ id: number }>('SELECT id FROM tax_rates WHERE name = ?', name)).id;

  it('is saved and read back; null is the shop default', async () => {
    const reduced = await rateId('Reduced 5%');
    expect(await setProduct({ taxRateId: reduced })).toMatchObject({ taxRateId: reduced });
    expect(await b.one('SELECT tax_rate_id FROM products WHERE id = ?', ids.cable)).toEqual({ tax_rate_id: reduced });
    const listed = await listProducts(serviceCtx(b), { query: 'USBC', limit: 10, offset: 0 });
    expect(listed.rows[0]).toMatchObject({ taxRateId: reduced });
    expect(await b.api.findProductByCode({ code: 'USBC-2M' })).toMatchObject({
      ok: true,
      value: { taxRateId: reduced },
    });
    expect(await setProduct({ taxRateId: null })).toMatchObject({ taxRateId: null });
  });

  it('refuses a rate that does not exist, and an archived rate chosen anew (one already set is kept)', async () => {
    const reduced = await rateId('Reduced 5%');
    await setProduct({ taxRateId: reduced });
    await b.all('UPDATE tax_rates SET archived = 1 WHERE id = ?', reduced);
    await setProduct({ name: 'USB-C Cable 2 m', taxRateId: reduced }); // kept
    const other = await tx((t) =>
      saveProduct(t, { sku: 'X-1', name: 'X', priceMinor: 1, taxable: true, serialized: false, maintainStock: false }),
    );
    const archived = await refusedWithoutWrites(b, () =>
      tx((t) =>
        saveProduct(t, {
          id: other.id,
          sku: 'X-1',
          name: 'X',
          priceMinor: 1,
          taxable: true,
          serialized: false,
          maintainStock: false,
          taxRateId: reduced,
        }),
      ),
    );
    expect(archived.message).toBe('The tax rate Reduced 5% is archived; choose another.');
    expect(archived.details).toEqual({ field: 'taxRateId' });
    const missing = await refusedWithoutWrites(b, () => setProduct({ taxRateId: 999 }));
    expect(missing.message).toBe('No tax rate with id 999.');
  });
});

describe('stock shown on the Products screen', () => {
  it('is in thousandths for serialized units too (one unit is 1000)', async () => {
    expect(await shownStock(ids.laptop)).toEqual([
      expect.objectContaining({ locationName: 'Main Store', onHand: 3_000 }),
      expect.objectContaining({ locationName: 'Warehouse', onHand: 1_000 }),
    ]);
  });
});

describe('a duplicate customer name', () => {
  const message = 'Acme Corp already exists. Use the existing customer, or save a second one with the same name.';

  it('is refused with a warning that offers the existing customer, in any letter case', async () => {
    const outcome = await b.api.saveCustomer({ name: '  acme corp ', email: 'new@acme.example' });
    expect(outcome).toEqual({
      ok: false,
      error: {
        code: 'conflict',
        message,
        details: {
          field: 'name',
          duplicate: true,
          existing: {
            id: ids.acme,
            name: 'Acme Corp',
            email: 'accounts@acme.example',
            phone: '555-0100',
            isDefault: false,
          },
        },
      },
    });
    expect(await b.one('SELECT count(*) AS n FROM customers')).toEqual({ n: 3 });
  });

  it('is saved as a second customer when asked, and editing that one does not ask again', async () => {
    const second = await b.api.saveCustomer({ name: 'Acme Corp', email: 'ap@acme.example', allowDuplicateName: true });
    if (!second.ok) throw new Error(second.error.message);
    expect(second.value).toMatchObject({ name: 'Acme Corp', email: 'ap@acme.example' });
    const edited = await b.api.saveCustomer({ id: second.value.id, name: 'Acme Corp', phone: '555-0101' });
    expect(edited).toMatchObject({ ok: true, value: { phone: '555-0101' } });
    const renamed = await b.api.saveCustomer({ id: ids.acme, name: 'Jordan LEE' }); // renaming onto another
    expect(renamed).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^Jordan Lee already exists\./) },
    });
  });
});

describe('product search', () => {
  it('ranks an exact SKU first in any letter case, then name prefixes, on both stores', async () => {
    const product = (sku: string, name: string) =>
      tx((t) => saveProduct(t, { ...cable(), id: undefined, sku, name, barcode: null }));
    await product('X-DOCK-1', 'Dock station');
    await product('DOCK', 'Zeta wall mount');
    await product('Y-2', 'Spare dock cable');
    const found = await searchProducts(serviceCtx(b), 'dock', 10);
    expect(found.map((p) => p.sku)).toEqual(['DOCK', 'X-DOCK-1', 'Y-2']);
  });
});
