import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/dispatch.ts';
import { freshDemoPerTest, tableCounts, type Backend, type DemoIds } from '../support/backend.ts';

// Input the store cannot hold is refused through the contract with a message a person can act on
// (invalid_input), never an internal error or the store's raw CHECK text, and nothing is written.

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demoIds) => {
  b = backend;
  ids = demoIds;
});

const call = (method: string, input: unknown) => dispatch(b.ctx, method, JSON.parse(JSON.stringify(input)));

describe('totals beyond the safe range', () => {
  const hugeLine = (taxable: boolean) => ({
    productId: ids.support,
    description: 'On-site support (hour)',
    qty: 100_000_000, // 100,000 units (thousandths)
    unitPriceMinor: 10_000_000_000,
    taxable,
    serialIds: [],
  });
  const invoice = (lines: unknown[]) => ({
    customerId: ids.acme,
    locationId: ids.main,
    invoiceDate: '2026-11-21',
    lines,
  });

  it('a subtotal over the largest safe amount is invalid_input with a clear message; nothing is saved', async () => {
    const before = await tableCounts(b);
    const outcome = await call('saveInvoice', invoice(Array.from({ length: 10 }, () => hugeLine(false))));
    expect(outcome).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message: 'The subtotal is larger than this app can hold (at most 90,071,992,547,409.91); nothing was saved.',
        details: { field: 'subtotal' },
      },
    });
    expect(await tableCounts(b)).toEqual(before);
  });

  it('so is a total that only the tax pushes over it', async () => {
    const before = await tableCounts(b);
    const outcome = await call('saveInvoice', invoice(Array.from({ length: 9 }, () => hugeLine(true))));
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/^The total is larger than this app can hold/) },
    });
    expect(await tableCounts(b)).toEqual(before);
  });

  it('a purchase order whose total would pass it is refused the same way; nothing is saved', async () => {
    const before = await tableCounts(b);
    const line = { productId: ids.cable, qty: 100_000, unitCostMinor: 10_000_000_000 };
    const outcome = await call('savePurchaseOrder', {
      vendorId: ids.northwind,
      locationId: ids.main,
      lines: Array.from({ length: 20 }, () => line),
    });
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: expect.stringMatching(/^The order total is larger than this app can hold/),
      },
    });
    expect(await tableCounts(b)).toEqual(before);
  });

  it('the largest line the contract allows still saves, with exact totals', async () => {
    const outcome = await call('saveInvoice', invoice([hugeLine(false)]));
    expect(outcome).toMatchObject({
      ok: true,
      value: { subtotalMinor: 1_000_000_000_000_000, totalMinor: 1_000_000_000_000_000 },
    });
  });
});

describe('control characters in names and text', () => {
  const controls: Array<[string, string]> = [
    ['a NUL', 'Acme\u0000 Corp'],
    ['only a NUL', '\u0000'],
    ['an escape code', 'Acme \u001b[31mCorp'],
    ['a tab', 'Acme\tCorp'],
    ['a line break', 'Acme\nCorp'],
    ['DEL', 'Acme\u007fCorp'],
    ['a C1 control (NEL)', 'Acme\u0085Corp'],
  ];
  const saves: Array<[method: string, what: string, input: (name: string) => unknown]> = [
    [
      'saveProduct',
      'product name',
      (name) => ({ sku: 'NEW-1', name, priceMinor: 100, taxable: true, serialized: false, maintainStock: true }),
    ],
    ['saveCustomer', 'customer name', (name) => ({ name })],
    ['saveVendor', 'vendor name', (name) => ({ name })],
    ['saveLocation', 'location name', (name) => ({ name, kind: 'store' })],
  ];

  for (const [method, what, input] of saves) {
    it(`${method}: ${controls.map(([c]) => c).join(', ')} in the name get "Remove the control character from the ${what}."`, async () => {
      const before = await tableCounts(b);
      for (const [, name] of controls) {
        const outcome = await call(method, input(name));
        expect(outcome).toEqual({
          ok: false,
          error: {
            code: 'invalid_input',
            message: `Invalid input for ${method}: name: Remove the control character from the ${what}.`,
            details: { issues: [{ path: 'name', message: `Remove the control character from the ${what}.` }] },
          },
        });
      }
      expect(await tableCounts(b)).toEqual(before);
      // The same name without the control character saves.
      expect(await call(method, input('Acme Corp 2'))).toMatchObject({ ok: true });
    });
  }

  it('SKU, barcode, e-mail, phone and an invoice line description are one-line text too', async () => {
    const product = {
      sku: 'NEW-1',
      name: 'Thing',
      priceMinor: 100,
      taxable: true,
      serialized: false,
      maintainStock: true,
    };
    expect(await call('saveProduct', { ...product, sku: 'NEW\u00001' })).toMatchObject({
      error: { message: 'Invalid input for saveProduct: sku: Remove the control character from the SKU.' },
    });
    expect(await call('saveProduct', { ...product, barcode: '4006381333931\u0000' })).toMatchObject({
      error: { message: 'Invalid input for saveProduct: barcode: Remove the control character from the barcode.' },
    });
    expect(await call('saveCustomer', { name: 'Ada', email: 'ada@example.com\r\n' })).toMatchObject({
      error: {
        message: 'Invalid input for saveCustomer: email: Remove the control character from the e-mail address.',
      },
    });
    expect(await call('saveVendor', { name: 'Ada', phone: '555\u00070100' })).toMatchObject({
      error: { message: 'Invalid input for saveVendor: phone: Remove the control character from the phone number.' },
    });
    const line = {
      productId: ids.cable,
      description: 'USB-C\u0000 Cable',
      qty: 1000,
      unitPriceMinor: 1999,
      taxable: true,
      serialIds: [],
    };
    expect(
      await call('saveInvoice', {
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-11-21',
        lines: [line],
      }),
    ).toMatchObject({
      error: {
        code: 'invalid_input',
        message:
          'Invalid input for saveInvoice: lines.0.description: Remove the control character from the line description.',
      },
    });
  });

  it('notes keep their line breaks and tabs, but not a NUL', async () => {
    const line = {
      productId: ids.cable,
      description: 'USB-C Cable 2m',
      qty: 1000,
      unitPriceMinor: 1999,
      taxable: true,
      serialIds: [],
    };
    const invoice = { customerId: ids.acme, locationId: ids.main, invoiceDate: '2026-11-21', lines: [line] };
    expect(await call('saveInvoice', { ...invoice, notes: 'Deliver to:\r\n\tBack door' })).toMatchObject({
      ok: true,
      value: { notes: 'Deliver to:\r\n\tBack door' },
    });
    expect(await call('saveInvoice', { ...invoice, notes: 'Back\u0000door' })).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: 'Invalid input for saveInvoice: notes: Remove the control character from the notes.',
      },
    });
  });
});
